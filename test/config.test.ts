import { parseStackConfig } from "../src/config/load";
import { closest, editDistance } from "../src/config/suggest";
import { ENVIRONMENTS } from "../src/environment";
import { ConfigError } from "../src/errors";
import { loadStackFile } from "../src/plan/project";
import { REPO, validConfig } from "./helpers/project";

/** What the Pulumi CLI hands the program: strings, objects as JSON. */
function flat(config: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}
function problems(config: Record<string, unknown>): string[] {
  try {
    parseStackConfig(flat(config));
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return [...(e as ConfigError).issues];
  }
  throw new Error("config was accepted");
}

describe("stack config", () => {
  test.each(["dev", "staging", "prod"])("Pulumi.%s.yaml is valid", (stack) => {
    const cfg = parseStackConfig(flat(loadStackFile(REPO, stack).config));
    expect(cfg.environment).toBe(stack);
    expect(cfg.region).toBe("eu-west-1");
  });

  test.each(ENVIRONMENTS)("a minimal %s config is valid: the presets fill the rest", (env) => {
    expect(parseStackConfig(flat(validConfig(env)))).toEqual({
      environment: env, owner: "platform-team", costCenter: "cc-1", region: "eu-west-1",
    });
  });

  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["wrong type", { "paved:vpc": { azCount: "three" } }, 'paved:vpc.azCount: found "three"; allowed a number'],
    ["unknown nested key", { "paved:vpc": { cidrBlok: "10.0.0.0/16" } }, 'paved:vpc.cidrBlok: unknown key (did you mean "cidrBlock"?); allowed keys: cidrBlock,'],
    ["unknown top-level key", { "paved:vcp": {} }, 'paved:vcp: unknown key (did you mean "vpc"?)'],
    ["unknown namespace", { "pavd:owner": "x" }, 'pavd:owner: unknown config namespace "pavd" (did you mean "paved:owner"?)'],
    ["out of range", { "paved:vpc": { azCount: 9 } }, "paved:vpc.azCount: found 9; allowed an integer 1–6"],
    ["bad enum", { "paved:environment": "production" }, 'paved:environment: found "production"; allowed "dev" | "staging" | "prod"'],
    ["missing required", { "paved:owner": undefined }, "paved:owner: found nothing (required); allowed a string"],
    ["bad CIDR", { "paved:vpc": { cidrBlock: "10.0.0.0/8" } }, 'paved:vpc.cidrBlock: found "10.0.0.0/8"; allowed a private IPv4 block /16–/23'],
    ["bad region", { "aws:region": "europe" }, 'aws:region: found "europe"; allowed an AWS region such as "eu-west-1"'],
    ["section of the wrong shape", { "paved:vpc": "big" }, 'paved:vpc: found "big"; allowed an object'],
    ["retention CloudWatch does not offer", { "paved:vpc": { flowLogs: { retentionDays: 13 } } }, "paved:vpc.flowLogs.retentionDays: found 13; allowed one of 1, 3, 5, 7, 14,"],
    ["empty string", { "paved:costCenter": "" }, 'paved:costCenter: found ""; allowed a non-empty string'],
    ["tag of the wrong type", { "paved:tags": { team: 1 } }, "paved:tags.team: found 1; allowed a string"],
  ];
  test.each(cases)("%s: names the key, what was found and what is allowed", (_label, change, message) => {
    const config = { ...validConfig(), ...change };
    for (const [k, v] of Object.entries(change)) if (v === undefined) delete config[k];
    const found = problems(config);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(message);
  });

  test("every problem is reported at once", () => {
    const found = problems({
      ...validConfig(), "paved:environment": "qa", "paved:extra": 1,
      "paved:vpc": { azCount: 0, nat: "lots", endpoints: { gateway: "yes" } },
    });
    expect(found.map((p) => p.split(":", 2).join(":").split(" ")[0])).toEqual(expect.arrayContaining([
      "paved:environment", "paved:extra", "paved:vpc.azCount", "paved:vpc.nat", "paved:vpc.endpoints.gateway",
    ]));
    expect(found).toHaveLength(5);
  });

  test("did-you-mean only suggests close words", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(closest("cidrblock", ["cidrBlock", "azCount"])).toBe("cidrBlock");
    expect(closest("zzzz", ["cidrBlock", "azCount"])).toBeUndefined();
  });
});
