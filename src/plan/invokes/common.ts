import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { digest } from "../ids";
import type { InvokeContext } from "./context";

/** A string input, or undefined when absent or empty (the provider treats "" as unset). */
export function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

export function bool(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (v === "true") return true;
  if (v === "false") return false;
  return undefined;
}

export function stringMap(v: unknown): Record<string, string> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
  return out;
}

export function objects(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x)) : [];
}

/**
 * The EC2-style query of an invoke: its `filters` blocks plus its `tags` map
 * (as `tag:<key>` filters), keyed by filter name with values in input order.
 */
export function ec2Filters(c: InvokeContext): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (name: string, values: string[]): void => {
    out.set(name, [...(out.get(name) ?? []), ...values]);
  };
  for (const f of objects(c.inputs.filters)) {
    const name = str(f.name);
    if (name !== undefined) add(name, strings(f.values));
  }
  for (const [k, v] of Object.entries(stringMap(c.inputs.tags))) add(`tag:${k}`, [v]);
  return out;
}

/** A stable text for a query, so the same lookup always yields the same ids. */
export function canonicalQuery(filters: ReadonlyMap<string, readonly string[]>, drop: readonly string[] = []): string {
  return [...filters.entries()]
    .filter(([k]) => !drop.includes(k))
    .map(([k, v]) => `${k}=${[...v].sort().join(",")}`)
    .sort()
    .join(";");
}

/** Tags that every match of a query must carry: exact `tag:<key>` filter values (not wildcards). */
export function exactTags(filters: ReadonlyMap<string, readonly string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of filters) {
    if (k.startsWith("tag:") && v.length === 1 && !/[*?]/.test(v[0]!)) out[k.slice(4)] = v[0]!;
  }
  return out;
}

/** DNS suffix of a partition (AWS SDK partitions.json: aws-cn is amazonaws.com.cn). */
export function dnsSuffix(partition: string): string {
  return partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}

/** The reverse-DNS prefix of a partition, used in VPC endpoint service names. */
export function reverseDnsPrefix(partition: string): string {
  return partition === "aws-cn" ? "cn.com.amazonaws" : "com.amazonaws";
}

/** An unsigned integer in [0, modulo) derived from the seed. */
export function hashInt(seed: string, modulo: number): number {
  return Number.parseInt(digest(seed).slice(0, 8), 16) % modulo;
}

/** A stable, realistic past timestamp (RFC 3339, UTC) for creation dates. */
export function pastDate(seed: string): string {
  const start = Date.UTC(2023, 0, 1);
  const seconds = hashInt(`date/${seed}`, 2 * 365 * 24 * 3600);
  return new Date(start + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Upper-case alphanumerics from the seed (Route 53 zone ids, EKS endpoint hosts). */
export function upperAlnum(seed: string, length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  let out = "";
  for (let i = 0; out.length < length; i++) {
    const h = digest(seed, String(i));
    for (let j = 0; j + 2 <= h.length && out.length < length; j += 2) {
      out += alphabet[Number.parseInt(h.slice(j, j + 2), 16) % alphabet.length];
    }
  }
  return out;
}

/** Marks a value secret in the invoke result, as the provider does for sensitive fields. */
export function secret(value: unknown): Record<string, unknown> {
  return { [specialSigKey]: specialSecretSig, value };
}

/**
 * The error for a lookup whose answer exists only in the user's AWS account:
 * it names what could not be known and how to supply it.
 */
export function cannotKnow(token: string, what: string): Error {
  return new Error(
    `offline plan: ${what}. The offline plan cannot know it; supply the result in paved.mocks.json ` +
    `under "invokes": { "${token}": { …result… } }.`);
}
