/** Small readers shared by the rules. No Pulumi imports: rules are plain objects. */
import type { PolicyResource } from "../../src/plan/policy";

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

/** Reads a value, or undefined when it is unknown (preview): an unknown handle can match no literal. */
export function known(read: () => unknown): unknown {
  try {
    return read();
  } catch (e) {
    if (e instanceof Error && e.name === "UnknownValueError") return undefined;
    throw e;
  }
}

/**
 * Names and ids a reference to `r` might carry: id, ARN, name, bucket. One
 * still unknown (a resource being created) is skipped: a literal in another
 * resource cannot name it, and reading it must not abandon the whole rule.
 */
function handles(r: PolicyResource): Set<unknown> {
  const s = view(r);
  return new Set([r.id, known(() => s.id), known(() => s.arn), known(() => s.name), known(() => s.bucket)].filter((v) => typeof v === "string" && v !== ""));
}

/**
 * The resources of `types` that `from.<prop>` refers to. Property dependencies
 * come first: they name the referenced URNs even when the ids are unknown
 * (preview). Otherwise the values are matched against ids, ARNs and names.
 */
export function referenced(from: PolicyResource, prop: string, all: readonly PolicyResource[], types: readonly string[]): PolicyResource[] {
  const candidates = all.filter((r) => types.includes(r.type));
  const urns = from.propertyDependencies?.[prop];
  // The value came from exactly these resources: that is the answer, known even when the value is not.
  if (urns !== undefined && urns.length > 0) return candidates.filter((c) => urns.includes(c.urn));
  const values = asArray(view(from)[prop]);
  return candidates.filter((c) => {
    const h = handles(c);
    return values.some((v) => h.has(v));
  });
}

/** Whether `from.<prop>` refers to `target` (by property dependency, id, ARN or name). */
export function refersTo(from: PolicyResource, prop: string, target: PolicyResource): boolean {
  return referenced(from, prop, [target], [target.type]).length > 0;
}

/** The `environment` tag, which the prod-only checks key on. */
export function environmentTag(r: PolicyResource): unknown {
  const tags = r.props.tags;
  return isRecord(tags) ? tags.environment : undefined;
}
