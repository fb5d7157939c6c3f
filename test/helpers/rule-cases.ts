import { ALL_PACKS } from "../../policies/rules";
import type { ResourceRule } from "../../policies/model";
import { evaluate, res } from "./fixtures";

/** [rule, type, compliant inputs, violating inputs, expected message, inputs with the decisive value unknown] */
export type RuleCase = [string, string, Record<string, unknown>, Record<string, unknown>, string, Record<string, unknown>];

export function resourceRule(id: string): ResourceRule {
  const found = ALL_PACKS.flatMap((p) => p.rules).find((r) => r.id === id);
  if (!found || found.kind === "stack") throw new Error(`no resource rule ${id} in the packs`);
  return found;
}

/** The same three tests for every case: a pass, a violation naming the URN and what was found, and an unknown. */
export function describeRuleCases(cases: readonly RuleCase[]): void {
  describe.each(cases)("%s on %s", (id, type, ok, bad, message, unknown) => {
    test("passes a compliant resource", () => {
      expect(evaluate([resourceRule(id)], [res(type, "ok", ok)])).toEqual({ violations: [], unknowns: [] });
    });
    test("flags a violating one, naming the URN and what was found", () => {
      const { violations } = evaluate([resourceRule(id)], [res(type, "ok", ok), res(type, "bad", bad)]);
      expect(violations.length).toBeGreaterThan(0);
      expect(violations.map((v) => v.urn)).toEqual(violations.map(() => `urn:pulumi:prod::shop::${type}::bad`));
      expect(violations.map((v) => v.message).join("\n")).toContain(message);
      expect(violations[0]!.enforcementLevel).toBe(resourceRule(id).enforcement);
    });
    test("reports an unknown value as unknown: neither a pass nor a violation", () => {
      const result = evaluate([resourceRule(id)], [res(type, "later", unknown)]);
      expect(result.violations).toEqual([]);
      expect(result.unknowns).toHaveLength(1);
      expect(result.unknowns[0]!.urn).toBe(`urn:pulumi:prod::shop::${type}::later`);
    });
  });
}
