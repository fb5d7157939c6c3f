import Ajv2020 from "ajv/dist/2020";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { parseStackConfig } from "../stacks/config/load";
import { stackFileJsonSchema } from "../stacks/config/json-schema";
import { BAD_CONFIGS } from "./helpers/bad-configs";
import { REPO, validConfig } from "./helpers/project";

const file = path.join(REPO, "schema", "pulumi-stack.schema.json");
const committed = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
// strict: ajv refuses unknown keywords and loose types; `required` inside if/not names keys defined elsewhere.
const validate = new Ajv2020({ strict: true, strictRequired: false, allErrors: true }).compile(committed);

const stackFile = (stack: string) => parse(fs.readFileSync(path.join(REPO, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
const errors = () => (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

/** What the Pulumi CLI hands the program: strings, objects as JSON. */
function loaderAccepts(config: Record<string, unknown>): boolean {
  try {
    parseStackConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])), "dev");
    return true;
  } catch {
    return false;
  }
}

/** `change` applied to a valid config (undefined deletes a key), as a stack file. */
function withChange(change: Record<string, unknown>, base = validConfig()): { config: Record<string, unknown> } {
  const config = { ...base, ...change };
  for (const [k, v] of Object.entries(change)) if (v === undefined) delete config[k];
  return { config };
}

describe("the stack file JSON Schema", () => {
  test("is what the zod schema generates now (run `npm run schema` after changing the config)", () => {
    expect(committed).toEqual(stackFileJsonSchema());
  });

  test.each(["dev", "staging", "prod"])("accepts Pulumi.%s.yaml and is referenced from it", (stack) => {
    const text = fs.readFileSync(path.join(REPO, `Pulumi.${stack}.yaml`), "utf8");
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=./schema/pulumi-stack.schema.json");
    expect({ stack, valid: validate(parse(text)), errors: errors() }).toEqual({ stack, valid: true, errors: [] });
  });

  test("accepts Pulumi's own stack-file keys and secure: values, as `pulumi config set --secret [--path]` writes them", () => {
    const prod = stackFile("prod");
    const secret = { secure: "v1:Qmx1ZQ==:c2VjcmV0IGNpcGhlcnRleHQ=" };
    const withSecrets = {
      secretsprovider: "passphrase",
      encryptionsalt: "v1:Mi1XjRqEi0U=:v1:0tZ3FsS3iMdCUv+3:8mUH8B0JhGfGZnT2rDbVLLFo5QS7Fg==",
      encryptedkey: "AQICAHh...",
      environment: ["platform/prod"],
      config: {
        ...prod.config,
        "paved:costCenter": secret, // a whole key
        "paved:drRegion": secret,
        "aws:profile": secret,
        "paved:monitoring": { ...(prod.config["paved:monitoring"] as object), notify: { httpsEndpoints: [secret] } }, // one value inside an object
      },
    };
    expect({ valid: validate(withSecrets), errors: errors() }).toEqual({ valid: true, errors: [] });
    // ESC environments may supply the config: a file with only environment is a stack file too.
    expect(validate({ environment: ["platform/prod"] })).toBe(true);
    expect(validate({ environment: { imports: ["platform/prod"], values: { pulumiConfig: {} } } })).toBe(true);
  });

  test("rejects what is not a Pulumi stack file or not a secure value", () => {
    const prod = stackFile("prod");
    expect(validate({ ...prod, encryptionSalt: "x" })).toBe(false); // Pulumi's keys are lower-case
    expect(errors()).toContain(" must NOT have additional properties");
    expect(validate({ ...prod, config: { ...prod.config, "paved:owner": { secure: "x", plain: "y" } } })).toBe(false);
    expect(validate({ ...prod, config: { ...prod.config, "paved:owner": { secure: 1 } } })).toBe(false);
    expect(validate({ ...prod, environment: "platform/prod" })).toBe(false);
    expect(validate({ secretsprovider: "passphrase" })).toBe(false); // no config and no environment
  });

  test("rejects a bad stack file: an unknown namespace, a wrong type, an unknown nested key", () => {
    const bad = { config: { ...validConfig(), "pavd:vpc": {}, "paved:vpc": { azCount: "3", cidrBlok: "10.0.0.0/16" } } };
    expect(validate(bad)).toBe(false);
    expect(errors()).toEqual(expect.arrayContaining([
      "/config must NOT have additional properties",
      "/config/paved:vpc/azCount must be integer",
      "/config/paved:vpc must NOT have additional properties",
    ]));
  });

  // The loader's rules that JSON Schema cannot state: refinements in code (CIDR ranges, CloudWatch's
  // retention values, Fargate's CPU/memory pairs, non-root uids) and rules across fields.
  const LOADER_ONLY = new Set([
    "bad CIDR", "DR region equal to the stack's region", "cache nodes in prod-like stacks",
    "a service running as root", "an invalid Fargate CPU/memory pair", "min above max",
  ]);

  test.each(BAD_CONFIGS)("%s: the editor and the loader agree where JSON Schema can say it", (label, change) => {
    const bad = withChange(change);
    expect(loaderAccepts(bad.config)).toBe(false);
    expect({ label, editorAccepts: validate(bad) }).toEqual({ label, editorAccepts: LOADER_ONLY.has(label) });
  });

  test.each<[string, Record<string, unknown>, string]>([
    ["an azCount of 9", { "paved:vpc": { azCount: 9 } }, "/config/paved:vpc/azCount must be <= 6"],
    ["an unknown NAT mode", { "paved:vpc": { nat: "perRegion" } }, "/config/paved:vpc/nat must be equal to one of the allowed values"],
    ["an AZ name that is a region", { "paved:vpc": { availabilityZones: ["eu-west-1"] } }, '/config/paved:vpc/availabilityZones/0 must match pattern "^[a-z]{2}(-[a-z]+)*-[a-z]+-\\d[a-z]$"'],
    ["a NAT instance type that is not arm64", { "paved:vpc": { natInstanceType: "t3.nano" } }, "/config/paved:vpc/natInstanceType must match pattern"],
    ["a flow-log key that is not a KMS ARN", { "paved:vpc": { flowLogs: { kmsKeyArn: "alias/logs" } } }, "/config/paved:vpc/flowLogs/kmsKeyArn must match pattern"],
    ["a region typo", { "aws:region": "eu-wst-1" }, "/config/aws:region must be equal to one of the allowed values"],
    ["a DR region typo", { "paved:drRegion": "eu-centrl-1" }, "/config/paved:drRegion must be equal to one of the allowed values"],
    ["no region", { "aws:region": undefined }, "/config must have required property 'aws:region'"],
    ["no cluster section (deployRoleArn has no preset)", { "paved:kubernetes": undefined }, "/config must have required property 'paved:kubernetes'"],
    ["no services", { "paved:services": {} }, "/config/paved:services must NOT have fewer than 1 properties"],
    ["a service without a certificate or paved:dns", { "paved:services": { web: { image: { reference: "nginx:1.27" }, port: 8080 } } }, "/config/paved:services/web must have required property 'certificateArn'"],
  ])("%s is rejected by both, the schema naming the key", (_label, change, message) => {
    const bad = withChange(change);
    expect(loaderAccepts(bad.config)).toBe(false);
    expect(validate(bad)).toBe(false);
    expect(errors().some((e) => e.startsWith(message))).toBe(true);
  });

  test.each<[string, Record<string, unknown>]>([
    ["partition regions", { "aws:region": "cn-north-1", "paved:drRegion": "cn-northwest-1" }],
    ["a GovCloud region", { "aws:region": "us-gov-west-1" }],
    ["certificates from paved:dns", { "paved:dns": { zoneId: "Z123", domain: "example.com" }, "paved:services": { web: { image: { reference: "nginx:1.27" }, port: 8080 } } }],
    ["listed AZs and a Graviton NAT instance", { "paved:vpc": { availabilityZones: ["eu-west-1a", "eu-west-1b"], nat: "instance", natInstanceType: "t4g.small" } }],
  ])("%s: accepted by both", (_label, change) => {
    const good = withChange(change);
    expect(loaderAccepts(good.config)).toBe(true);
    expect({ valid: validate(good), errors: errors() }).toEqual({ valid: true, errors: [] });
  });
});
