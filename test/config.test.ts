import { program } from "../stacks/program";
import { record } from "../src/testing";
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

describe("every section's errors at once, before anything is registered", () => {
  test("paved:vpc, paved:services.<name> and paved:monitoring (shape and unknown alarm ids) are reported together; no resource registers", async () => {
    const config = {
      ...validConfig("staging"),
      "paved:vpc": { azCount: 9 },
      "paved:services": { web: { image: { reference: "nginx:latest" }, port: 8080, scaling: { min: 5, max: 2 }, certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/web" } },
      "paved:monitoring": { notify: { emails: ["not-an-email"] }, overrides: { "web/latency-p59": { threshold: 2 }, "databse/cpu-high": { disabled: true } } },
    };
    const registered: number[] = [];
    const failure = await record(program, { stack: "staging", config, onRegister: (n) => registered.push(n) }).then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(ConfigError);
    const issues = (failure as ConfigError).issues;
    expect(issues).toEqual(expect.arrayContaining([
      "paved:vpc.azCount: found 9; allowed an integer 1–6",
      expect.stringMatching(/^paved:services\.web\.image\.reference: found "nginx:latest"; allowed/),
      expect.stringMatching(/^paved:services\.web\.scaling\.min: found 5; allowed at most scaling\.max \(2\)/),
      'paved:monitoring.notify.emails[0]: found "not-an-email"; allowed an email address',
      expect.stringMatching(/^paved:monitoring\.overrides\.web\/latency-p59: .*(did you mean "web\/latency-p95"\?)/),
      expect.stringMatching(/^paved:monitoring\.overrides\.databse\/cpu-high: .*(did you mean "database\/cpu-high"\?)/),
    ]));
    // No message carries an empty list or zod's own words.
    for (const i of issues) expect(i).not.toMatch(/allowed keys: ?$|allowed keys: ;|Invalid input|Too (big|small)|expected .* to be/);
    expect(registered.filter((n) => n > 1)).toEqual([]);
  });
});
