import { parseStackConfig } from "../stacks/config/load";
import { closest, editDistance } from "../src/suggest";
import { ENVIRONMENTS } from "../src/environment";
import { ConfigError } from "../src/errors";
import { loadStackFile } from "../src/plan/project";
import { BAD_CONFIGS } from "./helpers/bad-configs";
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
    expect(parseStackConfig(flat(validConfig(env)))).toMatchObject({
      environment: env, owner: "platform-team", costCenter: "cc-1", region: "eu-west-1", services: { web: { port: 8080 } },
    });
  });

  test.each(BAD_CONFIGS)("%s: names the key, what was found and what is allowed", (_label, change, message) => {
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
