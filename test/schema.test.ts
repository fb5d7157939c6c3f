import Ajv2020 from "ajv/dist/2020";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { stackFileJsonSchema } from "../stacks/config/json-schema";
import { REPO } from "./helpers/project";

const file = path.join(REPO, "schema", "pulumi-stack.schema.json");
const committed = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(committed);

describe("the stack file JSON Schema", () => {
  test("is what the zod schema generates now (run `npm run schema` after changing the config)", () => {
    expect(committed).toEqual(stackFileJsonSchema());
  });

  test.each(["dev", "staging", "prod"])("accepts Pulumi.%s.yaml and is referenced from it", (stack) => {
    const text = fs.readFileSync(path.join(REPO, `Pulumi.${stack}.yaml`), "utf8");
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=./schema/pulumi-stack.schema.json");
    expect(validate(parse(text))).toBe(true);
  });

  test("rejects a bad stack file: an unknown namespace, a wrong type, an unknown nested key", () => {
    const bad = { config: { "aws:region": "eu-west-1", "paved:environment": "prod", "paved:owner": "x", "paved:costCenter": "y", "pavd:vpc": {}, "paved:vpc": { azCount: "3", cidrBlok: "10.0.0.0/16" } } };
    expect(validate(bad)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    expect(paths).toEqual(expect.arrayContaining([
      "/config must NOT have additional properties",
      "/config/paved:vpc/azCount must be integer",
      "/config/paved:vpc must NOT have additional properties",
    ]));
  });
});
