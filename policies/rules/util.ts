/** Small readers shared by the rules. No Pulumi imports: rules are plain objects. */
import { withUndecided, type PolicyResource, type StackFinding } from "../model";

export const WORLD_V4 = "0.0.0.0/0";
export const WORLD_V6 = "::/0";

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

export function asRecords(v: unknown): Record<string, unknown>[] {
  return asArray(v).filter(isRecord);
}

/** A property that is JSON text in the provider schema (ECS containerDefinitions, policies) or already parsed. */
export function parseJson(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
}

/** Booleans that some schemas carry as strings ("true" in launch templates). */
export function isTrue(v: unknown): boolean {
  return v === true || v === "true";
}

export function num(v: unknown): number | undefined {
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/** Whether an ingress of this protocol and port range admits `port` over TCP. */
export function coversPort(protocol: unknown, from: unknown, to: unknown, port: number): boolean {
  const p = String(protocol ?? "").toLowerCase();
  if (p === "-1" || p === "all") return true;
  if (p !== "tcp" && p !== "6") return false;
  const lo = num(from);
  const hi = num(to) ?? lo;
  if (lo === undefined || hi === undefined) return false;
  return lo <= port && port <= hi;
}

export function opensToWorld(cidrs: unknown, ipv6: unknown): boolean {
  return asArray(cidrs).includes(WORLD_V4) || asArray(ipv6).includes(WORLD_V6) || cidrs === WORLD_V4 || ipv6 === WORLD_V6;
}

/** The last segment of a URN: the resource's name, for messages. */
export function shortName(urn: string): string {
  return urn.split("::").pop() ?? urn;
}


/** What a stack rule reads: outputs when the source has them (CrossGuard stack policies see outputs), else inputs. */
export function view(r: PolicyResource): Record<string, unknown> {
  return r.state ?? r.props;
}

/**
 * Whether `e` is the error a read of an unknown value throws: ours (named
 * UnknownValueError) or CrossGuard's, whose class is UnknownValueError but
 * whose `name` stays "Error" (@pulumi/policy proxy.js), so the class name counts too.
 */
export function isUnknownRead(e: unknown): boolean {
  return e instanceof Error && (e.name === "UnknownValueError" || e.constructor.name === "UnknownValueError");
}

/** Reads a value, or undefined when it is unknown (preview): an unknown handle can match no literal. */
export function known(read: () => unknown): unknown {
  try {
    return read();
  } catch (e) {
    if (isUnknownRead(e)) return undefined;
    throw e;
  }
}

/** A read that may hit an unknown value: the value, or the error to rethrow when the answer depends on it. */
type Read = { readonly value: unknown; readonly unknown?: undefined } | { readonly value?: undefined; readonly unknown: unknown };

function tryRead(read: () => unknown): Read {
  try {
    return { value: read() };
  } catch (e) {
    if (isUnknownRead(e)) return { unknown: e };
    throw e;
  }
}

/**
 * Names and ids a reference to `r` might carry: id, ARN, name, bucket, and a
 * VPC's main and default route table ids (a route on `vpc.mainRouteTableId` is
 * a route of that table). One still unknown (a resource being created) is
 * skipped: a literal in another resource cannot name it.
 */
function handles(r: PolicyResource): unknown[] {
  const s = view(r);
  return [r.id, known(() => s.id), known(() => s.arn), known(() => s.name), known(() => s.bucket), known(() => s.mainRouteTableId), known(() => s.defaultRouteTableId)]
    .filter((v) => typeof v === "string" && v !== "");
}

/** The known elements of a property that may be one value or a list; `unknown` when the list itself or an element is unknown. */
function values(from: PolicyResource, prop: string): { known: unknown[]; unknown?: unknown } {
  const whole = tryRead(() => view(from)[prop]);
  if (whole.unknown !== undefined) return { known: [], unknown: whole.unknown };
  const list = whole.value;
  if (!Array.isArray(list)) return { known: list === undefined || list === null ? [] : [list] };
  const out: unknown[] = [];
  let unknown: unknown;
  for (let i = 0; i < list.length; i++) {
    const el = tryRead(() => list[i]);
    if (el.unknown !== undefined) unknown ??= el.unknown;
    else out.push(el.value);
  }
  return { known: out, unknown };
}

/**
 * The resources of one list, indexed once (by URN, by type, by handle) and
 * shared by every rule that reads the same list: `paved check` evaluates all
 * stack rules on one array, so following a reference costs a lookup, not a scan.
 */
export interface StackIndex {
  readonly byUrn: ReadonlyMap<string, PolicyResource>;
  ofType(type: string): readonly PolicyResource[];
  /** Resources of `type` with `value` as id, ARN, name or bucket. */
  byHandle(type: string, value: unknown): readonly PolicyResource[];
  /**
   * Resources of `type` whose `prop` refers to `target`. Throws the unknown read
   * when some resource of `type` has `prop` unknown with no property dependency:
   * it might refer to `target`, so the answer is not known.
   */
  referrers(type: string, prop: string, target: PolicyResource): readonly PolicyResource[];
}

const indexes = new WeakMap<readonly PolicyResource[], StackIndex>();

export function indexOf(all: readonly PolicyResource[]): StackIndex {
  const cached = indexes.get(all);
  if (cached) return cached;
  const byUrn = new Map(all.map((r) => [r.urn, r] as const));
  const byType = new Map<string, PolicyResource[]>();
  for (const r of all) {
    const list = byType.get(r.type);
    if (list) list.push(r);
    else byType.set(r.type, [r]);
  }
  const ofType = (type: string): readonly PolicyResource[] => byType.get(type) ?? [];
  const handleMaps = new Map<string, Map<unknown, PolicyResource[]>>();
  const byHandle = (type: string, value: unknown): readonly PolicyResource[] => {
    let m = handleMaps.get(type);
    if (!m) {
      m = new Map();
      for (const r of ofType(type)) for (const h of new Set(handles(r))) m.set(h, [...(m.get(h) ?? []), r]);
      handleMaps.set(type, m);
    }
    return m.get(value) ?? [];
  };
  /** Per (type, prop): referrers keyed by the URNs and values they name, and the first unresolvable read. */
  const reverse = new Map<string, { keys: Map<unknown, PolicyResource[]>; unknown?: unknown }>();
  const referrers = (type: string, prop: string, target: PolicyResource): readonly PolicyResource[] => {
    const key = `${type}\u0000${prop}`;
    let entry = reverse.get(key);
    if (!entry) {
      const keys = new Map<unknown, PolicyResource[]>();
      let unresolved: unknown;
      const add = (k: unknown, r: PolicyResource): void => {
        const list = keys.get(k);
        if (!list) keys.set(k, [r]);
        else if (!list.includes(r)) list.push(r);
      };
      for (const r of ofType(type)) {
        const deps = r.propertyDependencies?.[prop] ?? [];
        for (const urn of deps) add(urn, r);
        const v = values(r, prop);
        for (const x of v.known) if (typeof x === "string") add(x, r);
        if (v.unknown !== undefined && deps.length === 0) unresolved ??= v.unknown;
      }
      entry = { keys, unknown: unresolved };
      reverse.set(key, entry);
    }
    const found = new Set<PolicyResource>(entry.keys.get(target.urn) ?? []);
    for (const h of handles(target)) for (const r of entry.keys.get(h) ?? []) found.add(r);
    if (found.size === 0 && entry.unknown !== undefined) throw entry.unknown;
    return [...found];
  };
  const index: StackIndex = { byUrn, ofType, byHandle, referrers };
  indexes.set(all, index);
  return index;
}

/**
 * The resources of `types` that `from.<prop>` refers to: those its property
 * dependencies name (known in preview even when the ids are not), and those
 * whose id, ARN or name equals a known element. Throws the unknown read when
 * an element is unknown and no property dependency says where it came from.
 */
export function referenced(from: PolicyResource, prop: string, all: readonly PolicyResource[], types: readonly string[]): PolicyResource[] {
  const idx = indexOf(all);
  const urns = from.propertyDependencies?.[prop] ?? [];
  const out = new Set<PolicyResource>();
  for (const urn of urns) {
    const r = idx.byUrn.get(urn);
    if (r && types.includes(r.type)) out.add(r);
  }
  const v = values(from, prop);
  if (v.unknown !== undefined && urns.length === 0) throw v.unknown;
  for (const x of v.known) for (const type of types) for (const r of idx.byHandle(type, x)) out.add(r);
  return [...out];
}

/** Whether `from.<prop>` refers to `target` (by property dependency, id, ARN or name). No index: one comparison. */
export function refersTo(from: PolicyResource, prop: string, target: PolicyResource): boolean {
  const urns = from.propertyDependencies?.[prop] ?? [];
  if (urns.includes(target.urn)) return true;
  const v = values(from, prop);
  if (v.unknown !== undefined && urns.length === 0) throw v.unknown;
  const h = handles(target);
  return v.known.some((x) => h.includes(x));
}

/**
 * Decides each candidate on its own: a candidate whose decision reads an unknown
 * value (or an unreadable secret) becomes undecided by itself, and the others'
 * findings still count. The undecided reads travel with the findings
 * (`undecidedOf`); both evaluators report them as "could not run".
 */
export function decideEach<T>(candidates: Iterable<T>, decide: (candidate: T) => StackFinding[]): StackFinding[] {
  const findings: StackFinding[] = [];
  const undecided: unknown[] = [];
  for (const c of candidates) {
    try {
      findings.push(...decide(c));
    } catch (e) {
      if (!isUnknownRead(e)) throw e;
      undecided.push(e);
    }
  }
  return withUndecided(findings, undecided);
}

/** The `environment` tag, which the prod-only checks key on. */
export function environmentTag(r: PolicyResource): unknown {
  const tags = r.props.tags;
  return isRecord(tags) ? tags.environment : undefined;
}
