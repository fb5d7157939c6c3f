/**
 * The Vpc's subnet layout.
 *
 * Layout of a /p VPC block (p in 16–23), with one slot per AZ position and
 * eight slots per tier, so adding an AZ fills the next slot and never
 * renumbers an existing subnet:
 *   first half       private (app) subnets, each /p+4
 *   third quarter    isolated (data) subnets, each /p+5
 *   fourth quarter   public subnets, each /p+5
 * A /16 gives /20 private (4,091 usable addresses) and /21 isolated and public subnets.
 */
import { contains, formatCidr, parseCidr, PRIVATE_RANGES, size, subdivide, type Cidr } from "../../src/cidr";
import { issue, type Issue } from "../../src/issues";

export const MIN_VPC_PREFIX = 16;
export const MAX_VPC_PREFIX = 23;
export const MAX_AZS = 8;


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
