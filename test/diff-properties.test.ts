import fc from "fast-check";
import { isDeepStrictEqual } from "node:util";
import { diffPlans, diffPreview, type Change, type DiffResource, type DiffResult, type PreviewStep } from "../src/diff/diff";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/*
 * Types the generator uses, with what the gate must know of them, written down here rather than read from
 * src/diff: whether losing one loses data or identity, and one input that AWS replaces the resource for (ForceNew).
 */
const TYPES: ReadonlyArray<{ type: string; stateful: boolean; forceNew: string }> = [
  { type: "aws:rds/instance:Instance", stateful: true, forceNew: "engine" },
  { type: "aws:s3/bucketV2:BucketV2", stateful: true, forceNew: "bucket" },
  { type: "aws:kms/key:Key", stateful: true, forceNew: "keySpec" },
  { type: "aws:cloudwatch/logGroup:LogGroup", stateful: true, forceNew: "name" },
  { type: "aws:sns/topic:Topic", stateful: false, forceNew: "name" },
  { type: "aws:ec2/subnet:Subnet", stateful: false, forceNew: "cidrBlock" },
  { type: "aws:iam/role:Role", stateful: false, forceNew: "name" },
];
const STATEFUL = new Set(TYPES.filter((t) => t.stateful).map((t) => t.type));
const FORCE_NEW = new Map(TYPES.map((t) => [t.type, t.forceNew]));
const DESTRUCTIVE = new Set(["replace", "delete", "delete-create"]);
const urnOf = (type: string, name: string, parent = ""): string => `urn:pulumi:prod::paved::${parent}${type}::${name}`;

// ---- generators ----
const KEYS = ["engine", "bucket", "keySpec", "name", "cidrBlock", "tags", "Name", "owner", "port", "policy", "rules"] as const;
const json: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof({ depthSize: "small", withCrossShrink: true },
    fc.constantFrom<Json>(null, true, false, 0, 1, 5432, "a", "b", "postgres", "mysql", ""),
    fc.array(tie("v"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie("v"), { maxKeys: 3, noNullPrototype: true })),
})).v;
const inputs = fc.dictionary(fc.constantFrom(...KEYS), json, { maxKeys: 5, noNullPrototype: true });

/** What happens to one resource of the old plan in the new one. */
type Fate = "same" | "inputs" | "forceNew" | "drop" | "rename" | "renameWithoutAlias" | "copy";
interface Seed { type: string; name: string; inputs: Record<string, Json>; fate: Fate; newInputs: Record<string, Json>; forceValue: Json }
const seed: fc.Arbitrary<Seed> = fc.record({
  type: fc.constantFrom(...TYPES.map((t) => t.type)),
  name: fc.constantFrom("main", "orders", "web", "logs", "data", "audit"),
  inputs,
  fate: fc.constantFrom<Fate>("same", "same", "inputs", "forceNew", "drop", "rename", "renameWithoutAlias", "copy"),
  newInputs: inputs,
  forceValue: json,
});
const extra = fc.record({ type: fc.constantFrom(...TYPES.map((t) => t.type)), name: fc.constantFrom("new", "extra", "main2"), inputs });

interface Pair { a: DiffResource[]; b: DiffResource[] }
/**
 * Two plans: `a` and what became of each of its resources in `b`, plus resources only `b` has. `mirror` also gives
 * each renamed resource in `a` an alias of its new URN, so that the reverse diff sees the same rename.
 */
function plans(mirror: boolean): fc.Arbitrary<Pair> {
  return fc.tuple(fc.uniqueArray(seed, { selector: (s) => `${s.type}::${s.name}`, maxLength: 8 }), fc.uniqueArray(extra, { selector: (s) => `${s.type}::${s.name}`, maxLength: 3 }))
    .map(([seeds, extras]) => {
      const a: DiffResource[] = [];
      const b: DiffResource[] = [];
      for (const s of seeds) {
        const oldUrn = urnOf(s.type, s.name);
        const renamed = urnOf(s.type, `${s.name}-renamed`);
        a.push({ urn: oldUrn, type: s.type, name: s.name, inputs: s.inputs, aliases: mirror && s.fate === "rename" ? [renamed] : [] });
        const keep = (urn: string, inputsAfter: Record<string, Json>, aliases: string[]) =>
          b.push({ urn, type: s.type, name: urn.split("::").pop()!, inputs: inputsAfter, aliases });
        switch (s.fate) {
          case "same": keep(oldUrn, s.inputs, []); break;
          case "inputs": keep(oldUrn, s.newInputs, []); break;
          case "forceNew": keep(oldUrn, { ...s.inputs, [FORCE_NEW.get(s.type)!]: s.forceValue }, []); break;
          case "rename": keep(renamed, s.inputs, [oldUrn]); break;
          case "renameWithoutAlias": keep(renamed, s.inputs, []); break;
          // A copy-pasted resource that kept the original's alias, while the original stays.
          case "copy": keep(renamed, s.newInputs, [oldUrn]); keep(oldUrn, s.inputs, []); break;
          case "drop": break;
        }
      }
      for (const e of extras) {
        const urn = urnOf(e.type, e.name);
        if (!a.some((r) => r.urn === urn) && !b.some((r) => r.urn === urn)) b.push({ urn, type: e.type, name: e.name, inputs: e.inputs, aliases: [] });
      }
      return { a, b };
    });
}

/** The same values with every object's keys in another order (a seeded shuffle), arrays untouched. */
function shuffleKeys<T>(v: T, seedValue: number): T {
  let state = seedValue >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (typeof x === "object" && x !== null) {
      const keys = Object.keys(x).map((k) => [next(), k] as const).sort((p, q) => p[0] - q[0]).map(([, k]) => k);
      return Object.fromEntries(keys.map((k) => [k, walk((x as Record<string, unknown>)[k])]));
    }
    return x;
  };
  return walk(v) as T;
}

const reshuffle = (plan: readonly DiffResource[], s: number): DiffResource[] => plan.map((r) => ({ ...r, inputs: shuffleKeys(r.inputs, s) }));
/** Every URN a change names. */
const urnsOf = (c: Change): string[] => (c.oldUrn ? [c.urn, c.oldUrn] : [c.urn]);
const ofKind = (r: DiffResult, kind: string): string[] => r.changes.filter((c) => c.kind === kind).map((c) => c.urn).sort();
/** A change in a form that reads the same from either direction: its URNs as a set, its kind and paths. */
const undirected = (c: Change) => ({ kind: c.kind, urns: urnsOf(c).sort(), paths: c.paths, replaceBy: c.replaceBy });
const byUrns = (x: { urns: string[] }, y: { urns: string[] }) => x.urns.join().localeCompare(y.urns.join());

function expectWellFormed(r: DiffResult, allow: ReadonlySet<string>): void {
  for (const c of r.changes) {
    expect(c.stateful).toBe(STATEFUL.has(c.type));
    const released = urnsOf(c).some((u) => allow.has(u));
    expect({ urn: c.urn, kind: c.kind, blocking: c.blocking }).toEqual({ urn: c.urn, kind: c.kind, blocking: STATEFUL.has(c.type) && DESTRUCTIVE.has(c.kind) && !released });
  }
  expect(r.blocking).toBe(r.changes.filter((c) => c.blocking).length);
  // Blocking changes come first, so a truncated report still shows them.
  const firstFree = r.changes.findIndex((c) => !c.blocking);
  if (firstFree >= 0) expect(r.changes.slice(firstFree).some((c) => c.blocking)).toBe(false);
  const counted = Object.values(r.counts).reduce((x, y) => x + y, 0);
  expect(counted).toBe(r.changes.length);
  for (const [kind, n] of Object.entries(r.counts)) expect(r.changes.filter((c) => c.kind === kind)).toHaveLength(n);
}

describe("diffPlans properties (fast-check)", () => {
  test("a plan compared with itself, or with its inputs' keys in another order, changes nothing", () => {
    fc.assert(fc.property(plans(false), fc.integer(), ({ a }, s) => {
      for (const other of [a, reshuffle(a, s)]) {
        const r = diffPlans(a, other);
        expect(r.changes).toEqual([]);
        expect(r.blocking).toBe(0);
        expect(Object.values(r.counts).every((n) => n === 0)).toBe(true);
      }
    }));
  });

  test("key order never matters: shuffling both plans' inputs gives the same diff", () => {
    fc.assert(fc.property(plans(false), fc.integer(), fc.integer(), ({ a, b }, s, t) => {
      expect(diffPlans(reshuffle(a, s), reshuffle(b, t))).toEqual(diffPlans(a, b));
    }));
  });

  test("a kept resource is reported changed iff its inputs differ (key order aside), and only at paths where they differ", () => {
    /** The value at `tags.Name` or `rules[1].port`; the generator's keys hold no dots or brackets. */
    const at = (v: unknown, path: string): unknown => path.split(/\.|(?=\[)/).reduce<unknown>((x, step) => {
      const index = /^\[(\d+)\]$/.exec(step);
      if (index) return Array.isArray(x) ? x[Number(index[1])] : undefined;
      return typeof x === "object" && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>)[step] : undefined;
    }, v);
    fc.assert(fc.property(plans(false), ({ a, b }) => {
      const r = diffPlans(a, b);
      for (const now of b) {
        const old = a.find((x) => x.urn === now.urn);
        if (!old) continue;
        const change = r.changes.find((c) => c.urn === now.urn);
        expect({ urn: now.urn, changed: change !== undefined }).toEqual({ urn: now.urn, changed: !isDeepStrictEqual(old.inputs, now.inputs) });
        for (const path of change?.paths ?? []) expect(isDeepStrictEqual(at(old.inputs, path), at(now.inputs, path))).toBe(false);
      }
    }));
  });

  test("a change and its reverse are symmetric: adds become deletes, pairs and updates name the same URNs and paths", () => {
    fc.assert(fc.property(plans(true), ({ a, b }) => {
      const forward = diffPlans(a, b);
      const reverse = diffPlans(b, a);
      expect(ofKind(forward, "add")).toEqual(ofKind(reverse, "delete"));
      expect(ofKind(forward, "delete")).toEqual(ofKind(reverse, "add"));
      for (const kind of ["delete-create", "replace", "update"]) {
        const f = forward.changes.filter((c) => c.kind === kind).map(undirected).sort(byUrns);
        const r = reverse.changes.filter((c) => c.kind === kind).map(undirected).sort(byUrns);
        expect(r).toEqual(f);
      }
    }));
  });

  test("blocking holds exactly for stateful replace, delete and delete-create not released by --allow", () => {
    fc.assert(fc.property(plans(false), fc.array(fc.boolean(), { maxLength: 20 }), ({ a, b }, picks) => {
      const urns = [...a, ...b].map((r) => r.urn);
      const allow = new Set(urns.filter((_, i) => picks[i] === true));
      expectWellFormed(diffPlans(a, b), new Set());
      expectWellFormed(diffPlans(a, b, allow), allow);
    }));
  });

  test("no stateful loss slips through: a stateful resource dropped, renamed without alias or force-replaced blocks", () => {
    fc.assert(fc.property(plans(false), ({ a, b }) => {
      const r = diffPlans(a, b);
      const carried = new Set(b.flatMap((x) => [x.urn, ...x.aliases]));
      for (const old of a.filter((x) => STATEFUL.has(x.type))) {
        const involving = r.changes.filter((c) => urnsOf(c).includes(old.urn));
        if (!carried.has(old.urn)) {
          expect(involving.map((c) => [c.kind, c.blocking])).toEqual([[expect.stringMatching(/^delete(-create)?$/), true]]);
          continue;
        }
        // By URN first, by alias after, as the engine looks it up.
        const now = b.find((x) => x.urn === old.urn) ?? b.find((x) => x.aliases.includes(old.urn))!;
        const key = FORCE_NEW.get(old.type)!;
        if (JSON.stringify(now.inputs[key]) !== JSON.stringify(old.inputs[key])) {
          expect(involving.map((c) => [c.kind, c.blocking])).toEqual([["replace", true]]);
        } else {
          expect(involving.every((c) => !c.blocking)).toBe(true);
        }
      }
    }));
  });

  test("allowing one change's URN releases only that change; every other change stays as it was", () => {
    fc.assert(fc.property(plans(false), fc.nat(), fc.boolean(), ({ a, b }, pick, useOld) => {
      const before = diffPlans(a, b);
      const blocking = before.changes.filter((c) => c.blocking);
      fc.pre(blocking.length > 0);
      const target = blocking[pick % blocking.length]!;
      const urn = useOld && target.oldUrn ? target.oldUrn : target.urn;
      const after = diffPlans(a, b, new Set([urn]));
      const key = (c: Change) => `${c.kind} ${c.urn} ${c.oldUrn ?? ""}`;
      const released = after.changes.filter((c) => key(c) === key(target));
      expect(released.map((c) => c.blocking)).toEqual([false]);
      const rest = (r: DiffResult) => r.changes.filter((c) => key(c) !== key(target)).sort((x, y) => key(x).localeCompare(key(y)));
      expect(rest(after)).toEqual(rest(before));
      expect(after.blocking).toBe(before.blocking - 1);
    }));
  });

  test("allowing URNs that no change names changes nothing", () => {
    const stranger = fc.constantFrom(...TYPES.map((t) => t.type)).chain((type) =>
      fc.constantFrom("ghost", "main", "orders").map((name) => urnOf(type, name, "paved:x:Other$")));
    fc.assert(fc.property(plans(false), fc.array(stranger, { maxLength: 4 }), ({ a, b }, extraUrns) => {
      const before = diffPlans(a, b);
      const named = new Set(before.changes.flatMap(urnsOf));
      // Unchanged resources of either plan are not in the diff either.
      const unchanged = [...a, ...b].map((r) => r.urn).filter((u) => !named.has(u));
      expect(diffPlans(a, b, new Set([...extraUrns, ...unchanged]))).toEqual(before);
    }));
  });

  test("the result does not depend on the order of resources in either plan", () => {
    fc.assert(fc.property(plans(false), fc.integer(), ({ a, b }, s) => {
      const order = <T>(xs: readonly T[]) => shuffleKeys(Object.fromEntries(xs.map((x, i) => [String(i).padStart(3, "0"), x])), s);
      const shuffledA = Object.values(order(a));
      const shuffledB = Object.values(order(b));
      const summary = (r: DiffResult) => ({ counts: r.counts, blocking: r.blocking, updates: r.changes.filter((c) => c.kind === "update" || c.kind === "replace").map(undirected).sort(byUrns) });
      expect(summary(diffPlans(shuffledA, shuffledB))).toEqual(summary(diffPlans(a, b)));
    }));
  });

  test("an alias never claims an old resource that a new resource of that very URN keeps", () => {
    // The engine looks an old resource up by URN first and by alias only after (and refuses two claims).
    const key = { urn: urnOf("aws:kms/key:Key", "k"), type: "aws:kms/key:Key", name: "k", inputs: { keySpec: "a" }, aliases: [] };
    const copy = { ...key, urn: urnOf("aws:kms/key:Key", "k2"), name: "k2", aliases: [key.urn] };
    for (const b of [[copy, key], [key, copy]]) {
      const r = diffPlans([key], b);
      expect(r.changes.map((c) => [c.kind, c.urn, c.oldUrn])).toEqual([["add", copy.urn, undefined]]);
    }
  });
});

describe("diffPreview properties (fast-check)", () => {
  const OPS = ["create", "delete", "replace", "create-replacement", "delete-replaced", "update", "same", "read", "refresh", "discard"] as const;
  const step: fc.Arbitrary<PreviewStep> = fc.record({
    op: fc.constantFrom(...OPS),
    type: fc.constantFrom(...TYPES.map((t) => t.type), "pulumi:pulumi:Stack", "pulumi:providers:aws"),
    name: fc.constantFrom("main", "orders", "web"),
    diffReasons: fc.option(fc.subarray([...KEYS]), { nil: undefined }),
  }).map(({ op, type, name, diffReasons }) => {
    const urn = urnOf(type, name);
    const state = { type, inputs: {} };
    return { op, urn, ...(op === "delete" ? { oldState: state } : { newState: state }), ...(diffReasons ? { diffReasons } : {}) };
  });
  // One step per URN, or a replacement's create-replacement + replace + delete-replaced triple.
  const steps = fc.uniqueArray(step, { selector: (s) => s.urn, maxLength: 10 }).map((xs) => xs.flatMap((s): PreviewStep[] =>
    s.op === "replace" ? [{ ...s, op: "create-replacement" }, s, { ...s, op: "delete-replaced" }] : [s]));

  test("a preview of only same, read, refresh and discard steps changes nothing", () => {
    fc.assert(fc.property(steps, (xs) => {
      const quiet = xs.filter((s) => ["same", "read", "refresh", "discard"].includes(s.op));
      expect(diffPreview(quiet).changes).toEqual([]);
    }));
  });

  test("blocking holds exactly for stateful destructive changes not allowed; stack and provider steps are not changes", () => {
    fc.assert(fc.property(steps, fc.array(fc.boolean(), { maxLength: 30 }), (xs, picks) => {
      const allow = new Set(xs.map((s) => s.urn).filter((_, i) => picks[i] === true));
      for (const a of [new Set<string>(), allow]) {
        const r = diffPreview(xs, a);
        expectWellFormed(r, a);
        expect(r.changes.filter((c) => c.type === "pulumi:pulumi:Stack" || c.type.startsWith("pulumi:providers:"))).toEqual([]);
      }
    }));
  });

  test("a replacement's steps are one replace change; allowing one change's URN releases only it", () => {
    fc.assert(fc.property(steps, fc.nat(), (xs, pick) => {
      const before = diffPreview(xs);
      const engineOwn = (s: PreviewStep) => s.urn.includes("::pulumi:pulumi:Stack::") || s.urn.includes("::pulumi:providers:");
      // A create-replacement on its own still announces a replacement.
      const replaced = new Set(xs.filter((s) => (s.op === "replace" || s.op === "create-replacement") && !engineOwn(s)).map((s) => s.urn));
      expect(before.changes.filter((c) => c.kind === "replace").map((c) => c.urn).sort()).toEqual([...replaced].sort());
      const blocking = before.changes.filter((c) => c.blocking);
      fc.pre(blocking.length > 0);
      const target = blocking[pick % blocking.length]!;
      const after = diffPreview(xs, new Set([target.urn]));
      expect(after.blocking).toBe(before.blocking - 1);
      const others = (r: DiffResult) => r.changes.filter((c) => c.urn !== target.urn && c.oldUrn !== target.urn);
      expect(others(after).map((c) => c.blocking)).toEqual(others(before).map((c) => c.blocking));
    }));
  });
});
