import { checkPlan, CheckedPlan } from "../policies/report";
import {
  evaluatePacks, guardUnknowns, HiddenSecret, levelOf, redactSecrets, REDACTED, UNKNOWN_VALUE, UnknownValueError, undecidedOf, withUndecided,
  type PolicyResource, type Rule, type RulePack,
} from "../policies/model";
import { Plan } from "../src/plan/plan";
import type { RecordedResource } from "../src/plan/types";

/**
 * The evaluator every source shares (paved plan, paved check, the packs' own tests): how an
 * unknown read becomes "undecided", a crash a violation of the rule, a level the config's, and a
 * secret's plaintext "[secret]" in every message.
 */

const T = "aws:s3/bucket:Bucket";
const res = (name: string, props: Record<string, unknown>, over: Partial<PolicyResource> = {}): PolicyResource =>
  ({ type: T, name, urn: `urn:pulumi:dev::app::${T}::${name}`, props, ...over });
const pack = (...rules: Rule[]): RulePack => ({ name: "p", description: "", rules });
const saysAcl: Rule = { id: "acl", description: "", enforcement: "mandatory", types: [T], check: (r) => (r.props.acl === "public-read" ? [`acl is ${JSON.stringify(r.props.acl)}`] : []) };

describe("guardUnknowns", () => {
  test("reading an unknown value throws with the full path and the resource; a hidden secret with its reason", () => {
    const g = guardUnknowns({ a: { b: [{ c: UNKNOWN_VALUE }] }, s: new HiddenSecret("masked") }, "", "urn:x");
    const thrown = (read: () => unknown): UnknownValueError => {
      try {
        read();
      } catch (e) {
        return e as UnknownValueError;
      }
      throw new Error("no throw");
    };
    const e = thrown(() => g.a.b[0]!.c);
    expect([e.name, e.path, e.urn, e.reason, e.message]).toEqual(["UnknownValueError", "a.b.0.c", "urn:x", undefined, "value unknown during preview: a.b.0.c"]);
    const s = thrown(() => g.s);
    expect([s.path, s.reason, s.message]).toEqual(["s", "masked", "value unknown (masked): s"]);
    expect(thrown(() => guardUnknowns({ x: UNKNOWN_VALUE }, "props").x).path).toBe("props.x");
  });

  test("known values read as they are; a frozen object's own values are returned unwrapped (the Proxy invariant)", () => {
    const frozen = Object.freeze({ inner: Object.freeze({ v: 1 }) });
    const g = guardUnknowns({ n: null, k: "x", frozen });
    expect([g.n, g.k, g.frozen.inner.v]).toEqual([null, "x", 1]);
    expect(g.frozen.inner).toBe(frozen.inner);
    // Only a property that is both non-configurable and read-only must come back unwrapped; one that is either is guarded.
    for (const flags of [{ writable: false, configurable: true }, { writable: true, configurable: false }]) {
      const o = Object.defineProperty({}, "x", { value: { y: UNKNOWN_VALUE }, enumerable: true, ...flags }) as { x: { y: unknown } };
      expect(() => guardUnknowns(o).x.y).toThrow("value unknown during preview: x.y");
    }
    // A writable nested object is guarded in turn.
    expect(() => guardUnknowns({ o: { u: UNKNOWN_VALUE } }).o.u).toThrow("value unknown during preview: o.u");
  });
});

describe("redactSecrets", () => {
  test("a quoted secret of any length, and a bare one of 8 characters or more, become [secret]; the longest first", () => {
    expect(redactSecrets('user "root" and pass "abc"', ["abc"])).toBe(`user "root" and pass ${REDACTED}`);
    expect(redactSecrets("root can log in as root", ["root"])).toBe("root can log in as root");
    expect(redactSecrets("token 12345678 and 1234567", ["12345678", "1234567"])).toBe(`token ${REDACTED} and 1234567`);
    expect(redactSecrets("key abcdefgh-ijkl", ["abcdefgh", "abcdefgh-ijkl"])).toBe(`key ${REDACTED}`);
    expect(redactSecrets('empty "" stays', [""])).toBe('empty "" stays');
    expect(redactSecrets("nothing", [])).toBe("nothing");
  });
});

describe("evaluatePacks", () => {
  test("one violation per message per resource of the rule's types, at the configured level", () => {
    const rs = [res("a", { acl: "public-read" }), res("b", { acl: "private" }), { ...res("c", { acl: "public-read" }), type: "aws:s3/other:Other" }];
    expect(evaluatePacks(rs, [pack(saysAcl)])).toEqual({ violations: [
      { pack: "p", policy: "acl", enforcementLevel: "mandatory", urn: rs[0]!.urn, message: 'acl is "public-read"' },
    ], unknowns: [] });
    expect(evaluatePacks(rs, [pack(saysAcl)], { acl: "advisory" }).violations.map((v) => v.enforcementLevel)).toEqual(["advisory"]);
    expect(evaluatePacks(rs, [pack(saysAcl)], { all: "disabled" }).violations).toEqual([]);
  });

  test("an unknown read is undecided (with the reason of a hidden secret), a crash is a violation of the rule; the other resources are still checked", () => {
    const rs = [res("u", { acl: UNKNOWN_VALUE }), res("h", { acl: new HiddenSecret("encrypted") }), res("x", { acl: "public-read" })];
    const crash: Rule = { id: "crash", description: "", enforcement: "advisory", types: [T], check: () => { throw new Error("boom"); } };
    const { violations, unknowns } = evaluatePacks(rs, [pack(saysAcl, crash)]);
    expect(unknowns).toEqual([
      { pack: "p", policy: "acl", urn: rs[0]!.urn, path: "acl" },
      { pack: "p", policy: "acl", urn: rs[1]!.urn, path: "acl", reason: "encrypted" },
    ]);
    expect(violations.map((v) => [v.policy, v.urn, v.message])).toEqual([
      ["acl", rs[2]!.urn, 'acl is "public-read"'],
      ...rs.map((r) => ["crash", r.urn, "rule failed to evaluate: boom"]),
    ]);
  });

  test("an error named UnknownValueError (CrossGuard's own) is undecided too, its message as the path when it has none", () => {
    const foreign: Rule = { id: "f", description: "", enforcement: "mandatory", types: [T], check: () => { const e = new Error("x.y unknown"); e.name = "UnknownValueError"; throw e; } };
    const other: Rule = { id: "o", description: "", enforcement: "mandatory", types: [T], check: () => { const e = new Error("not unknown"); e.name = "TypeError"; throw e; } };
    const { violations, unknowns } = evaluatePacks([res("a", {})], [pack(foreign, other)]);
    expect(unknowns).toEqual([{ pack: "p", policy: "f", urn: res("a", {}).urn, path: "x.y unknown" }]);
    expect(violations.map((v) => v.message)).toEqual(["rule failed to evaluate: not unknown"]);
  });

  test("a stack rule's findings stand while each undecided read is reported on its resource", () => {
    const rs = [res("a", { peer: UNKNOWN_VALUE }), res("b", { peer: "x" })];
    const stack: Rule = {
      id: "s", description: "", enforcement: "mandatory", kind: "stack",
      checkStack: (all) => {
        const undecided: unknown[] = [];
        const findings = all.flatMap((r) => {
          try {
            return r.props.peer === "x" ? [{ urn: r.urn, message: "peer x" }] : [];
          } catch (e) {
            undecided.push(e);
            return [];
          }
        });
        return withUndecided(findings, undecided);
      },
    };
    expect(evaluatePacks(rs, [pack(stack)])).toEqual({
      violations: [{ pack: "p", policy: "s", enforcementLevel: "mandatory", urn: rs[1]!.urn, message: "peer x" }],
      unknowns: [{ pack: "p", policy: "s", urn: rs[0]!.urn, path: "peer" }],
    });
    const crash: Rule = { id: "sc", description: "", enforcement: "advisory", kind: "stack", checkStack: () => { throw new Error("bad"); } };
    expect(evaluatePacks(rs, [pack(crash)]).violations).toEqual([{ pack: "p", policy: "sc", enforcementLevel: "advisory", urn: "urn:pulumi:stack::p::sc", message: "rule failed to evaluate: bad" }]);
  });

  test("withUndecided adds nothing visible: the findings stay a plain list, with no undecided reads when there are none", () => {
    const f = withUndecided([{ urn: "u", message: "m" }], []);
    expect(undecidedOf(f)).toEqual([]);
    const g = withUndecided([], ["e"]);
    expect(undecidedOf(g)).toEqual(["e"]);
    expect([Object.keys(g), JSON.stringify(g)]).toEqual([[], "[]"]);
    // Hidden from every enumeration, symbols included: a spread or Object.assign copy carries none of it.
    expect(Object.getOwnPropertySymbols(g).map((k) => Object.getOwnPropertyDescriptor(g, k)!.enumerable)).toEqual([false]);
    expect(Object.getOwnPropertySymbols(f)).toEqual([]);
    expect(undecidedOf([])).toEqual([]);
  });

  test("secrets: a resource's own secrets are redacted from its messages, long ones from every message", () => {
    const leaky: Rule = { id: "l", description: "", enforcement: "mandatory", types: [T], check: (r) => [`found ${JSON.stringify(r.props.pw)} and ${String(r.props.other)}`] };
    const rs = [res("a", { pw: "abc", other: "long-secret-1" }, { secretValues: ["abc"] }), res("b", { pw: "abc", other: "x" }, { secretValues: ["long-secret-1"] }), res("c", { pw: "abc", other: "long-secret-1" })];
    expect(evaluatePacks(rs, [pack(leaky)]).violations.map((v) => v.message)).toEqual([
      `found ${REDACTED} and ${REDACTED}`, // its own short secret quoted, and b's long one bare
      'found "abc" and x', // "abc" is a's secret, not b's; short secrets are only redacted on their own resource
      `found "abc" and ${REDACTED}`,
    ]);
    // No secrets anywhere: messages as the rule wrote them.
    expect(evaluatePacks([res("d", { pw: "long-secret-1" })], [pack(leaky)]).violations[0]!.message).toBe('found "long-secret-1" and undefined');
  });

  test("a secret of exactly 8 characters is long: redacted bare from every message, as \"[secret]\"", () => {
    const says: Rule = { id: "s", description: "", enforcement: "mandatory", types: [T], check: (r) => [`${r.name} sees pass1234`] };
    const rs = [res("a", {}, { secretValues: ["pass1234"] }), res("b", {})];
    expect(evaluatePacks(rs, [pack(says)]).violations.map((v) => v.message)).toEqual(["a sees [secret]", "b sees [secret]"]);
    expect(redactSecrets('pw "x"', ["x"])).toBe("pw [secret]");
  });

  test("an undecided read is reported at its path from the resource's props, nothing before it", () => {
    const deep: Rule = { id: "d", description: "", enforcement: "mandatory", types: [T], check: (r) => [String((r.props.a as { b: unknown }).b)] };
    expect(evaluatePacks([res("u", { a: { b: UNKNOWN_VALUE } })], [pack(deep)]).unknowns.map((u) => u.path)).toEqual(["a.b"]);
  });

  test("a short secret (under 8 characters) is never redacted bare from other resources' messages", () => {
    const says: Rule = { id: "s", description: "", enforcement: "mandatory", types: [T], check: (r) => [`${r.name}: root user`] };
    const rs = [res("a", {}, { secretValues: ["root"] }), res("b", {})];
    expect(evaluatePacks(rs, [pack(says)]).violations.map((v) => v.message)).toEqual(["a: root user", "b: root user"]);
  });
});

describe("levelOf", () => {
  const rule = saysAcl;
  test("the rule's own entry, then \"all\", then its default; an object without a level keeps the default", () => {
    expect(levelOf(rule, undefined)).toBe("mandatory");
    expect(levelOf(rule, { all: "advisory" })).toBe("advisory");
    expect(levelOf(rule, { all: "advisory", acl: "disabled" })).toBe("disabled");
    expect(levelOf(rule, { acl: { enforcementLevel: "advisory" } })).toBe("advisory");
    expect(levelOf(rule, { acl: {} })).toBe("mandatory");
  });
});

describe("checkPlan and the plan JSON's summary", () => {
  const options = { protect: false, aliases: [], deleteBeforeReplace: false, retainOnDelete: false, ignoreChanges: [], replaceOnChanges: [], additionalSecretOutputs: [], read: false };
  const recorded = (name: string, inputs: Record<string, unknown>): RecordedResource => ({
    urn: `urn:pulumi:dev::app::${T}::${name}`, type: T, name, parent: undefined, custom: true, id: name, inputs, outputs: {}, dependencies: [], propertyDependencies: {}, provider: undefined, options,
  });
  const meta = { stack: "dev", project: "app", environment: "dev" };
  const advisoryAcl: Rule = { ...saysAcl, id: "acl-adv", enforcement: "advisory" };

  test("counts of each level and of undecided checks; no packs, no violations", () => {
    const plan = new Plan(meta, [recorded("a", { acl: "public-read" }), recorded("b", { acl: "[unknown]" })], {});
    const checked = checkPlan(plan, { packs: [pack(saysAcl, advisoryAcl)] });
    expect(checked).toBeInstanceOf(CheckedPlan);
    expect([checked.summary.mandatoryViolations, checked.summary.advisoryViolations, checked.summary.unknownChecks]).toEqual([1, 1, 2]);
    // Uneven counts, so that neither count can stand in for the other.
    const uneven = checkPlan(plan, { packs: [pack(saysAcl, advisoryAcl, { ...advisoryAcl, id: "acl-adv-2" })] });
    expect([uneven.summary.mandatoryViolations, uneven.summary.advisoryViolations]).toEqual([1, 2]);
    const none = checkPlan(plan);
    expect([none.violations, none.unknowns, none.summary.mandatoryViolations]).toEqual([[], [], 0]);
    const json = checked.toJSON();
    expect(Object.keys(json)).toEqual(["stack", "project", "environment", "mode", "resources", "violations", "summary", "outputs", "unknowns", "opaque", "lookups"]);
  });

  test("resources only a resolved run found inside applies are checked on that run, with a note; the rest of that run is not reported twice", () => {
    const preview = new Plan(meta, [recorded("a", { acl: "public-read" })], {});
    const resolved = new Plan({ ...meta, mode: "resolve" }, [recorded("a", { acl: "public-read" }), recorded("late", { acl: "public-read" })], {});
    const late = `urn:pulumi:dev::app::${T}::late`;
    const withDeferred = preview.withDeferred({ ran: true, resources: [{ urn: late, type: T }] }, resolved);
    const checked = checkPlan(withDeferred, { packs: [pack(saysAcl)] });
    expect(checked.violations.map((v) => [v.urn.split("::").pop(), v.message])).toEqual([
      ["a", 'acl is "public-read"'],
      ["late", 'acl is "public-read" (created inside an apply at deploy time: a preview does not show it; checked on the resolved run)'],
    ]);
    expect(Object.keys(checked.toJSON())).toContain("deferred");
    // Without the resolved run there is nothing to check them on.
    expect(checkPlan(preview.withDeferred({ ran: true, resources: [{ urn: late, type: T }] }), { packs: [pack(saysAcl)] }).violations).toHaveLength(1);
    expect(checkPlan(preview.withDeferred({ ran: true, resources: [] }, resolved), { packs: [pack(saysAcl)] }).violations).toHaveLength(1);
  });
});

describe("the unknown-value marker", () => {
  test("is one value across copies of the module (a program and a pack that each load paved), so a copy's guard still refuses to read it", () => {
    let copy: typeof import("../policies/model") | undefined;
    jest.isolateModules(() => { copy = jest.requireActual<typeof import("../policies/model")>("../policies/model"); });
    expect(copy!.UNKNOWN_VALUE).toBe(UNKNOWN_VALUE);
    expect(() => copy!.guardUnknowns({ x: UNKNOWN_VALUE }).x).toThrow("value unknown during preview: x");
  });
});
