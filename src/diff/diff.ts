import { forcesReplacement, STATEFUL_TYPES } from "./replace-props";

/** A resource as the diff sees it: from a plan JSON, or a preview step's state. */
export interface DiffResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly aliases: readonly string[];
}

export type ChangeKind = "replace" | "delete" | "delete-create" | "add" | "update";

export interface Change {
  readonly kind: ChangeKind;
  readonly type: string;
  readonly name: string;
  /** The URN after the change (the removed URN for a delete). */
  readonly urn: string;
  /** The URN before, when it differs (renames with an alias, delete + create pairs). */
  readonly oldUrn?: string;
  /** Changed input paths (`tags.Name`, `ingress[0].fromPort`). */
  readonly paths: readonly string[];
  /** The changed paths that force replacement. */
  readonly replaceBy: readonly string[];
  readonly stateful: boolean;
  /** A stateful replace or delete not accepted with --allow: fails the gate. */
  readonly blocking: boolean;
}

export interface DiffResult {
  /** Blocking changes first, then replacements, deletions, delete + create, additions, updates. */
  readonly changes: readonly Change[];
  readonly counts: Readonly<Record<ChangeKind, number>>;
  readonly blocking: number;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Leaf paths where two input trees differ. Arrays of different lengths count as one changed path. */
export function changedPaths(a: unknown, b: unknown, path = ""): string[] {
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((x, i) => changedPaths(x, b[i], `${path}[${i}]`));
  }
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => changedPaths(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}

const ORDER: readonly ChangeKind[] = ["replace", "delete", "delete-create", "add", "update"];

function finish(changes: Change[]): DiffResult {
  const sorted = [...changes].sort((x, y) =>
    Number(y.blocking) - Number(x.blocking) || ORDER.indexOf(x.kind) - ORDER.indexOf(y.kind) || x.urn.localeCompare(y.urn));
  const counts = Object.fromEntries(ORDER.map((k) => [k, changes.filter((c) => c.kind === k).length])) as Record<ChangeKind, number>;
  return { changes: sorted, counts, blocking: changes.filter((c) => c.blocking).length };
}

function make(kind: ChangeKind, r: DiffResource, allow: ReadonlySet<string>, extra: Partial<Change> = {}): Change {
  const stateful = STATEFUL_TYPES.has(r.type);
  const destructive = kind === "replace" || kind === "delete" || kind === "delete-create";
  const allowed = allow.has(r.urn) || (extra.oldUrn !== undefined && allow.has(extra.oldUrn));
  return { kind, type: r.type, name: r.name, urn: r.urn, paths: [], replaceBy: [], stateful, blocking: stateful && destructive && !allowed, ...extra };
}

/** Pairs removals with additions of the same type: the engine would delete one and create the other. */
function pairDeleteCreate(removed: DiffResource[], added: DiffResource[], allow: ReadonlySet<string>): Change[] {
  const out: Change[] = [];
  const pool = [...added];
  for (const old of removed) {
    const i = pool.findIndex((n) => n.type === old.type);
    if (i < 0) {
      out.push(make("delete", old, allow));
      continue;
    }
    const [created] = pool.splice(i, 1);
    out.push(make("delete-create", created!, allow, { oldUrn: old.urn }));
  }
  return [...out, ...pool.map((n) => make("add", n, allow))];
}

/**
 * What going from `oldPlan` to `newPlan` would do. A URN that disappears is
 * matched through the new resources' aliases first; only unmatched ones are
 * deletions (or delete + create, when a resource of the same type appears).
 */
export function diffPlans(oldPlan: readonly DiffResource[], newPlan: readonly DiffResource[], allow: ReadonlySet<string> = new Set()): DiffResult {
  const before = new Map(oldPlan.map((r) => [r.urn, r]));
  // Like the engine, look an old resource up by URN first and by alias only after: a new resource that still has
  // the old URN keeps it, whatever the order, and an alias cannot claim it a second time.
  const matched = new Set(newPlan.filter((r) => before.has(r.urn)).map((r) => r.urn));
  const changes: Change[] = [];
  const added: DiffResource[] = [];
  for (const r of newPlan) {
    const old = before.get(r.urn) ?? r.aliases.map((a) => before.get(a)).find((x) => x !== undefined && !matched.has(x.urn));
    if (!old) {
      added.push(r);
      continue;
    }
    matched.add(old.urn);
    const paths = changedPaths(old.inputs, r.inputs);
    const replaceBy = paths.filter((p) => forcesReplacement(r.type, p) !== undefined);
    const oldUrn = old.urn === r.urn ? undefined : old.urn;
    if (replaceBy.length > 0) changes.push(make("replace", r, allow, { paths, replaceBy, oldUrn }));
    else if (paths.length > 0 || oldUrn) changes.push(make("update", r, allow, { paths, oldUrn }));
  }
  const removed = oldPlan.filter((r) => !matched.has(r.urn));
  return finish([...changes, ...pairDeleteCreate(removed, added, allow)]);
}

/**
 * A step of the document `pulumi preview --json` prints (the engine's PreviewDigest: pulumi/pulumi
 * sdk/pkg/display/json.go). Its reasons are the event stream's `diffs` and `keys`, renamed: diffReasons are
 * the top-level keys that changed, replaceReasons those forcing replacement, and detailedDiff maps property
 * paths (`tags.Name`, `ingress[0].fromPort`) to a kind (add, update, delete, each with a `-replace` form).
 */
export interface PreviewStep {
  readonly op: string;
  readonly urn: string;
  readonly oldState?: { readonly type?: string; readonly inputs?: Record<string, unknown> };
  readonly newState?: { readonly type?: string; readonly inputs?: Record<string, unknown> };
  readonly diffReasons?: readonly string[];
  readonly replaceReasons?: readonly string[];
  readonly detailedDiff?: Readonly<Record<string, { readonly kind?: string }>> | null;
}

/** Changed paths and the replace-forcing ones: the detailed diff's paths when it has any, else the top-level reasons. */
function stepPaths(s: PreviewStep): { paths: string[]; replaceBy: string[] } {
  const detailed = Object.entries(s.detailedDiff ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const replacing = detailed.filter(([, d]) => d.kind?.endsWith("-replace") === true).map(([p]) => p);
  return {
    paths: detailed.length > 0 ? detailed.map(([p]) => p) : [...(s.diffReasons ?? [])],
    replaceBy: replacing.length > 0 ? replacing : [...(s.replaceReasons ?? [])],
  };
}

/** The same report from a preview, whose steps already say what the engine will do. */
export function diffPreview(steps: readonly PreviewStep[], allow: ReadonlySet<string> = new Set()): DiffResult {
  // The engine resolved aliases before it planned these steps: a renamed resource with an alias is a same or
  // update step under its new URN, so a step has no aliases to follow.
  const res = (s: PreviewStep): DiffResource => ({
    urn: s.urn,
    type: s.newState?.type ?? s.oldState?.type ?? qualifiedType(s.urn),
    name: s.urn.split("::").pop() ?? s.urn,
    inputs: s.newState?.inputs ?? {},
    aliases: [],
  });
  const changes: Change[] = [];
  const created: DiffResource[] = [];
  const deleted: DiffResource[] = [];
  for (const s of steps) {
    const r = res(s);
    if (r.type === "pulumi:pulumi:Stack" || r.type.startsWith("pulumi:providers:")) continue;
    switch (s.op) {
      case "create": created.push(r); break;
      case "delete": deleted.push(r); break;
      // A replacement is several steps of one URN (create-replacement, replace, delete-replaced; or an
      // import- or read-replacement with its replace): one change, whichever of them comes first.
      case "replace": case "create-replacement": case "import-replacement": case "read-replacement":
        if (!changes.some((c) => c.urn === r.urn && c.kind === "replace")) changes.push(make("replace", r, allow, stepPaths(s)));
        break;
      case "update": changes.push(make("update", r, allow, { paths: stepPaths(s).paths })); break;
      default: break; // same, read, refresh, import, delete-replaced and discard-replaced (parts of a replace), discard, remove-pending-replace
    }
  }
  return finish([...changes, ...pairDeleteCreate(deleted, created, allow)]);
}

function qualifiedType(urn: string): string {
  return (urn.split("::")[2] ?? "").split("$").pop() ?? "";
}
