/**
 * Pure IPv4 CIDR arithmetic and the Vpc's subnet layout.
 *
 * Layout of a /p VPC block (p in 16–23), with one slot per AZ position and
 * eight slots per tier, so adding an AZ fills the next slot and never
 * renumbers an existing subnet:
 *   first half       private (app) subnets, each /p+4
 *   third quarter    isolated (data) subnets, each /p+5
 *   fourth quarter   public subnets, each /p+5
 * A /16 gives /20 private (4,091 usable addresses) and /21 isolated and public subnets.
 */
import { issue, type Issue } from "../../src/issues";

export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefix: number;
}

export const MIN_VPC_PREFIX = 16;
export const MAX_VPC_PREFIX = 23;
export const MAX_AZS = 8;

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export function parseCidr(text: string): Cidr | undefined {
  const m = CIDR_RE.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  return { base, prefix };
}

export function formatCidr(c: Cidr): string {
  const b = c.base;
  return `${Math.floor(b / 2 ** 24) % 256}.${Math.floor(b / 2 ** 16) % 256}.${Math.floor(b / 2 ** 8) % 256}.${b % 256}/${c.prefix}`;
}

export function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** The `index`-th block of prefix `newPrefix` inside `c`. */
export function subdivide(c: Cidr, newPrefix: number, index: number): Cidr {
  const count = 2 ** (newPrefix - c.prefix);
  if (newPrefix < c.prefix || index < 0 || index >= count) {
    throw new RangeError(`block ${index} of /${newPrefix} does not fit in ${formatCidr(c)}`);
  }
  return { base: c.base + index * 2 ** (32 - newPrefix), prefix: newPrefix };
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + size(inner) <= outer.base + size(outer);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + size(b) && b.base < a.base + size(a);
}

/** RFC 1918 ranges plus the RFC 6598 shared space, which AWS also accepts for VPCs. */
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map((t) => parseCidr(t)!);

/** Whether `text` is a CIDR inside the private ranges (never 0.0.0.0/0 or a public block). */
export function isPrivateCidr(text: string): boolean {
  const c = parseCidr(text);
  return c !== undefined && c.base % size(c) === 0 && PRIVATE_RANGES.some((r) => contains(r, c));
}

/** Every problem with a VPC CIDR block, as issues at `path`. */
export function validateVpcCidr(path: string, text: unknown): Issue[] {
  const allowed = `a private IPv4 block /${MIN_VPC_PREFIX}–/${MAX_VPC_PREFIX} on its network boundary, inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10`;
  if (typeof text !== "string") return [issue(path, text, allowed)];
  const c = parseCidr(text);
  if (!c || c.prefix < MIN_VPC_PREFIX || c.prefix > MAX_VPC_PREFIX) return [issue(path, text, allowed)];
  if (c.base % size(c) !== 0) {
    return [issue(path, text, `a block on its network boundary, e.g. ${formatCidr({ base: c.base - (c.base % size(c)), prefix: c.prefix })}`)];
  }
  if (!PRIVATE_RANGES.some((r) => contains(r, c))) return [issue(path, text, allowed)];
  return [];
}

export interface SubnetLayout {
  readonly public: readonly string[];
  readonly private: readonly string[];
  readonly isolated: readonly string[];
}

/** The subnets of each tier for AZ positions 0…azCount-1 (see the file comment). */
export function subnetLayout(vpcCidr: string, azCount: number): SubnetLayout {
  const vpc = parseCidr(vpcCidr);
  if (!vpc || validateVpcCidr("cidrBlock", vpcCidr).length > 0) throw new RangeError(`invalid VPC CIDR ${vpcCidr}`);
  if (!Number.isInteger(azCount) || azCount < 1 || azCount > MAX_AZS) throw new RangeError(`azCount ${azCount} outside 1–${MAX_AZS}`);
  const privateTier = subdivide(vpc, vpc.prefix + 1, 0);
  const isolatedTier = subdivide(vpc, vpc.prefix + 2, 2);
  const publicTier = subdivide(vpc, vpc.prefix + 2, 3);
  const slots = (tier: Cidr): string[] =>
    Array.from({ length: azCount }, (_v, i) => formatCidr(subdivide(tier, tier.prefix + 3, i)));
  return { private: slots(privateTier), isolated: slots(isolatedTier), public: slots(publicTier) };
}
