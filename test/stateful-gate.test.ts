import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { program } from "../stacks/program";
import { diffPlans, type Change, type DiffResource } from "../src/diff/diff";
import { forcesReplacement, REPLACE_PROPS, STATEFUL_TYPES } from "../src/diff/replace-props";
import { planStack, type Plan } from "../src/testing";
import { BIN, spawnCli } from "./helpers/cli";
import { loadDiffDocumentFromJson } from "./helpers/diff";
import { REPO } from "./helpers/project";

/**
 * The diff gate on the real stacks: every stateful resource of every stack (each type the
 * diff counts as stateful, STATEFUL_TYPES) blocks when it would be deleted or replaced, is
 * released by an --allow of exactly its URN, and never blocks for an in-place change.
 * diffPlans directly (fast), then one case through the built CLI.
 */

const STACKS = ["dev", "staging", "prod"] as const;

/** The stateful types the stacks hold: the gate's cases below must not run on an empty or shrunken set. */
const EXPECTED_TYPES = [
  "aws:rds/instance:Instance", "aws:elasticache/replicationGroup:ReplicationGroup", "aws:s3/bucket:Bucket", "aws:backup/vault:Vault",
  "aws:kms/key:Key", "aws:eks/cluster:Cluster", "aws:ecs/cluster:Cluster", "aws:cloudwatch/logGroup:LogGroup", "aws:secretsmanager/secret:Secret",
];

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Another value of the same kind (an absent input becomes a string). */
function changed(v: unknown): unknown {
  if (typeof v === "string") return `${v}-changed`;
  if (typeof v === "number") return v + 1;
  if (typeof v === "boolean") return !v;
  if (Array.isArray(v)) return [...v, "changed"];
  if (isObj(v)) return { ...v, changed: true };
  return "changed";
}

const getPath = (o: unknown, p: string): unknown => p.split(".").reduce<unknown>((x, k) => (isObj(x) ? x[k] : undefined), o);
function setPath(o: Json, p: string, v: unknown): Json {
  const [head, ...rest] = p.split(".");
  return { ...o, [head!]: rest.length === 0 ? v : setPath(isObj(o[head!]) ? (o[head!] as Json) : {}, rest.join("."), v) };
}

/** The replace-forcing input a case changes: the first of the type's that the resource sets, else the first (set anew). */
function replaceProp(r: DiffResource): string {
  const props = REPLACE_PROPS[r.type] ?? [];
  return props.find((p) => getPath(r.inputs, p) !== undefined) ?? props[0]!;
}

const renamed = (r: DiffResource, withAlias = false): DiffResource =>
  ({ ...r, urn: `${r.urn}-renamed`, name: `${r.name}-renamed`, aliases: withAlias ? [r.urn] : [] });
const replaced = (r: DiffResource): DiffResource => ({ ...r, inputs: setPath(r.inputs, replaceProp(r), changed(getPath(r.inputs, replaceProp(r)))) });
const retagged = (r: DiffResource): DiffResource => ({ ...r, inputs: { ...r.inputs, tags: { ...(isObj(r.inputs.tags) ? r.inputs.tags : {}), owner: "someone-else" } } });

/** `plan` with each resource of `edits` (by its URN there) swapped for its edited version. */
function edit(plan: readonly DiffResource[], edits: ReadonlyMap<string, DiffResource>): DiffResource[] {
  return plan.map((r) => edits.get(r.urn) ?? r);
}

/** What a change is, in the terms the gate decides on. */
const shape = (c: Change) => ({ kind: c.kind, urn: c.urn, ...(c.oldUrn ? { oldUrn: c.oldUrn } : {}), stateful: c.stateful, blocking: c.blocking });

const plans = new Map<string, Plan>();
async function planOf(stack: string): Promise<Plan> {
  // Resolved: every input concrete, as in the plan JSON the pull-request workflow diffs.
  if (!plans.has(stack)) plans.set(stack, await planStack({ dir: REPO, stack, program, mode: "resolve" }));
  return plans.get(stack)!;
}

describe.each(STACKS)("stack %s", (stack) => {
  let before: DiffResource[];
  let stateful: DiffResource[];
  beforeAll(async () => {
    before = loadDiffDocumentFromJson(await planOf(stack));
    stateful = before.filter((r) => STATEFUL_TYPES.has(r.type));
  });

  test("holds a stateful resource of every expected type, and each stateful type has replace-forcing inputs the diff knows", () => {
    const types = [...new Set(stateful.map((r) => r.type))].sort();
    expect(types).toEqual([...EXPECTED_TYPES].sort());
    expect(types.filter((t) => (REPLACE_PROPS[t] ?? []).length === 0)).toEqual([]);
    // A plan against itself changes nothing: every change below is the edit's.
    expect(diffPlans(before, before).changes).toEqual([]);
  });

  test("(a) each stateful resource renamed without an alias is one blocking delete + create; with its alias, a passing update", () => {
    const bare = stateful.map((r) => ({ urn: r.urn, changes: diffPlans(before, edit(before, new Map([[r.urn, renamed(r)]]))).changes.map(shape) }));
    expect(bare).toEqual(stateful.map((r) => ({ urn: r.urn, changes: [{ kind: "delete-create", urn: `${r.urn}-renamed`, oldUrn: r.urn, stateful: true, blocking: true }] })));
    const aliased = stateful.map((r) => ({ urn: r.urn, changes: diffPlans(before, edit(before, new Map([[r.urn, renamed(r, true)]]))).changes.map(shape) }));
    expect(aliased).toEqual(stateful.map((r) => ({ urn: r.urn, changes: [{ kind: "update", urn: `${r.urn}-renamed`, oldUrn: r.urn, stateful: true, blocking: false }] })));
  });

  test("(b) each stateful resource with one replace-forcing input changed is one blocking replace, naming that input", () => {
    const got = stateful.map((r) => {
      const [c, ...rest] = diffPlans(before, edit(before, new Map([[r.urn, replaced(r)]]))).changes;
      return { urn: r.urn, change: c && shape(c), by: c?.replaceBy.map((p) => forcesReplacement(r.type, p)), rest: rest.length };
    });
    expect(got).toEqual(stateful.map((r) => ({
      urn: r.urn, change: { kind: "replace", urn: r.urn, stateful: true, blocking: true }, by: [replaceProp(r)], rest: 0,
    })));
  });

  test("(c) --allow of exactly one URN releases that change and no other", () => {
    // Each resource is replaced alongside its neighbour renamed; only the allowed one passes.
    const got = stateful.map((r, i) => {
      const other = stateful[(i + 1) % stateful.length]!;
      const after = edit(before, new Map([[r.urn, replaced(r)], [other.urn, renamed(other)]]));
      const blockingOf = (allow: readonly string[]) => diffPlans(before, after, new Set(allow)).changes.filter((c) => c.blocking).map((c) => c.oldUrn ?? c.urn).sort();
      return {
        urn: r.urn,
        none: blockingOf([]),
        allowed: blockingOf([r.urn]),
        // A rename is released by its old URN as well as its new one.
        otherAllowed: [blockingOf([other.urn]), blockingOf([`${other.urn}-renamed`])],
        // A near miss releases nothing: the same resource in another stack, or a URN with a suffix.
        nearMiss: blockingOf([r.urn.replace(`urn:pulumi:${stack}::`, `urn:pulumi:${stack === "prod" ? "dev" : "prod"}::`), `${r.urn}x`]),
      };
    });
    expect(got).toEqual(stateful.map((r, i) => {
      const other = stateful[(i + 1) % stateful.length]!;
      const both = [r.urn, other.urn].sort();
      return { urn: r.urn, none: both, allowed: [other.urn], otherAllowed: [[r.urn], [r.urn]], nearMiss: both };
    }));
    expect(stateful.length).toBeGreaterThan(1);
  });

  test("(d) a tag change never blocks: one in-place update each, and all of them at once", () => {
    const got = stateful.map((r) => ({ urn: r.urn, changes: diffPlans(before, edit(before, new Map([[r.urn, retagged(r)]]))).changes.map((c) => ({ ...shape(c), paths: c.paths })) }));
    expect(got).toEqual(stateful.map((r) => ({ urn: r.urn, changes: [{ kind: "update", urn: r.urn, stateful: true, blocking: false, paths: ["tags.owner"] }] })));
    const all = diffPlans(before, edit(before, new Map(stateful.map((r) => [r.urn, retagged(r)]))));
    expect({ blocking: all.blocking, updates: all.counts.update }).toEqual({ blocking: 0, updates: stateful.length });
  });
});

describe("paved diff, the built CLI", () => {
  test("a replaced RDS instance fails the gate naming its URN; --allow of that URN passes", async () => {
    expect(fs.existsSync(BIN) ? BIN : "dist/ missing: run npx tsc -p tsconfig.build.json").toBe(BIN);
    const json = (await planOf("prod")).toJSON();
    const db = json.resources.find((r) => r.type === "aws:rds/instance:Instance" && r.name === "main-db")!;
    expect(db).toBeDefined();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paved-gate-"));
    const oldFile = path.join(dir, "old.json");
    const newFile = path.join(dir, "new.json");
    fs.writeFileSync(oldFile, JSON.stringify(json));
    const after = { ...json, resources: json.resources.map((r) => (r.urn === db.urn ? { ...r, inputs: { ...r.inputs, identifier: "prod-main-2" } } : r)) };
    fs.writeFileSync(newFile, JSON.stringify(after));

    const blocked = spawnCli(["diff", oldFile, newFile]);
    expect({ code: blocked.code, err: blocked.err }).toEqual({ code: 1, err: "" });
    expect(blocked.out).toContain("Stateful resources replaced or deleted: 1 (each needs --allow URN)");
    expect(blocked.out).toMatch(/replace {2}aws:rds\/instance:Instance {2}main-db {2}identifier forces replacement/);
    expect(blocked.out).toContain(db.urn);

    const allowed = spawnCli(["diff", oldFile, newFile, "--allow", db.urn]);
    expect({ code: allowed.code, err: allowed.err }).toEqual({ code: 0, err: "" });
    expect(allowed.out).not.toContain("Stateful resources replaced or deleted");
    expect(allowed.out).toMatch(/stateful aws:rds\/instance:Instance {2}main-db {2}identifier forces replacement/);
  });
});
