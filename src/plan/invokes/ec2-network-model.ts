import { awsId } from "../ids";
import { availabilityZoneIds, availabilityZones } from "../regions";
import type { InvokeContext } from "./context";
import { canonicalQuery, exactTags, hashInt } from "./common";

/**
 * The account's network as EC2 lookups see it: the default VPC that AWS
 * creates in every region (172.31.0.0/16 with a /20 default subnet in each AZ,
 * public IPs on launch and a route to an internet gateway: AWS VPC User Guide,
 * "Default VPCs"), plus the VPCs and subnets that queries describe. Ids derive
 * from account, region and query; each answer is remembered by id so a later
 * lookup by that id (getSubnets → getSubnet) describes the same thing.
 */
export interface VpcFacts {
  readonly id: string;
  readonly isDefault: boolean;
  readonly cidrBlock: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface SubnetFacts {
  readonly id: string;
  readonly vpcId: string;
  readonly availabilityZone: string;
  readonly availabilityZoneId: string;
  readonly cidrBlock: string;
  readonly defaultForAz: boolean;
  readonly mapPublicIpOnLaunch: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

type Filters = ReadonlyMap<string, readonly string[]>;

const knownVpcs = new Map<string, VpcFacts>();
const knownSubnets = new Map<string, SubnetFacts>();

export function defaultVpcId(c: InvokeContext): string {
  return awsId("vpc", `default-vpc/${c.account}/${c.region}`);
}

/** The VPC with this id: remembered, the default VPC, or one derived from the id. */
export function vpcById(c: InvokeContext, id: string): VpcFacts {
  const known = knownVpcs.get(id);
  if (known !== undefined) return known;
  const isDefault = id === defaultVpcId(c);
  return { id, isDefault, cidrBlock: isDefault ? "172.31.0.0/16" : `10.${hashInt(`cidr/${id}`, 256)}.0.0/16`, tags: {} };
}

/** The VPC a query (without a vpc-id) describes; an empty query finds the default VPC. */
export function vpcByQuery(c: InvokeContext, filters: Filters): VpcFacts {
  const isDefault = filters.get("is-default")?.[0];
  const rest = canonicalQuery(filters, ["is-default", "state", "owner-id"]);
  if (isDefault === "true" || (isDefault === undefined && rest === "")) return vpcById(c, defaultVpcId(c));
  const id = awsId("vpc", `vpc/${c.account}/${c.region}/${rest}`);
  const cidr = (filters.get("cidr") ?? filters.get("cidr-block-association.cidr-block"))?.[0];
  return remember(knownVpcs, { ...vpcById(c, id), ...(cidr !== undefined && { cidrBlock: cidr }), tags: exactTags(filters) });
}

export function internetGatewayId(vpcId: string): string {
  return awsId("igw", `igw/${vpcId}`);
}

export function mainRouteTableId(vpcId: string): string {
  return awsId("rtb", `main-rtb/${vpcId}`);
}

export function subnetRouteTableId(subnetId: string): string {
  return awsId("rtb", `subnet-rtb/${subnetId}`);
}

/** The subnet with this id: remembered from an earlier lookup, or derived from the id. */
export function subnetById(c: InvokeContext, id: string): SubnetFacts {
  const known = knownSubnets.get(id) ?? defaultSubnets(c).find((s) => s.id === id);
  if (known !== undefined) return known;
  const zones = availabilityZones(c.region);
  const i = hashInt(`az/${id}`, zones.length);
  const vpc = vpcById(c, awsId("vpc", `vpc-of/${id}`));
  return { id, vpcId: vpc.id, availabilityZone: zones[i]!, availabilityZoneId: availabilityZoneIds(c.region)[i]!,
    cidrBlock: subnetCidr(vpc.cidrBlock, hashInt(`slot/${id}`, 256)), defaultForAz: false, mapPublicIpOnLaunch: false, tags: {} };
}

/** The subnets an EC2 DescribeSubnets query matches, one per AZ of each VPC it covers. */
export function subnetsByQuery(c: InvokeContext, filters: Filters): SubnetFacts[] {
  const ids = filters.get("subnet-id");
  if (ids !== undefined) return ids.map((id) => subnetById(c, id));
  const vpcIds = filters.get("vpc-id");
  const defaultForAz = filters.get("default-for-az")?.[0];
  const tagged = [...filters.keys()].some((k) => k.startsWith("tag:") || k === "tag-key");
  const vpcs = vpcIds !== undefined ? vpcIds.map((id) => vpcById(c, id))
    : defaultForAz === "true" || !tagged ? [vpcById(c, defaultVpcId(c))]
    : [vpcByQuery(c, new Map([...filters].filter(([k]) => k.startsWith("tag"))))];
  const public_ = filters.get("map-public-ip-on-launch")?.[0];
  const candidates = vpcs.flatMap((vpc) => vpc.isDefault
    // Default subnets carry no tags and are public; AWS would match none of them otherwise.
    ? (tagged || defaultForAz === "false" || public_ === "false" ? [] : defaultSubnets(c))
    : defaultForAz === "true" ? [] : derivedSubnets(c, vpc, filters));
  const zones = filters.get("availability-zone") ?? filters.get("availabilityZone");
  const zoneIds = filters.get("availability-zone-id") ?? filters.get("availabilityZoneId");
  const cidrs = filters.get("cidr-block") ?? filters.get("cidr") ?? filters.get("cidrBlock");
  return candidates
    .filter((s) => zones === undefined || zones.includes(s.availabilityZone))
    .filter((s) => zoneIds === undefined || zoneIds.includes(s.availabilityZoneId))
    .filter((s) => cidrs === undefined || cidrs.includes(s.cidrBlock))
    .map((s) => remember(knownSubnets, s));
}

function defaultSubnets(c: InvokeContext): SubnetFacts[] {
  const ids = availabilityZoneIds(c.region);
  return availabilityZones(c.region).map((az, i) => ({
    id: awsId("subnet", `default-subnet/${c.account}/${c.region}/${az}`),
    vpcId: defaultVpcId(c),
    availabilityZone: az,
    availabilityZoneId: ids[i]!,
    cidrBlock: `172.31.${16 * i}.0/20`,
    defaultForAz: true,
    mapPublicIpOnLaunch: true,
    tags: {},
  }));
}

const AZ_AND_CIDR = ["vpc-id", "availability-zone", "availabilityZone", "availability-zone-id", "availabilityZoneId", "cidr-block", "cidr", "cidrBlock", "state"];

function derivedSubnets(c: InvokeContext, vpc: VpcFacts, filters: Filters): SubnetFacts[] {
  const query = canonicalQuery(filters, AZ_AND_CIDR);
  const group = hashInt(`group/${vpc.id}/${query}`, 16);
  const ids = availabilityZoneIds(c.region);
  // A subnet named, tagged or filtered as public is one; anything else is private.
  const text = query.toLowerCase();
  const isPublic = /public|role\/elb=/.test(text) && !/private|internal/.test(text);
  const cidr = (filters.get("cidr-block") ?? filters.get("cidr") ?? filters.get("cidrBlock"))?.[0];
  return availabilityZones(c.region).map((az, i) => ({
    id: awsId("subnet", `subnet/${vpc.id}/${query}/${az}`),
    vpcId: vpc.id,
    availabilityZone: az,
    availabilityZoneId: ids[i]!,
    cidrBlock: cidr ?? subnetCidr(vpc.cidrBlock, group * 8 + i),
    defaultForAz: false,
    mapPublicIpOnLaunch: isPublic,
    tags: exactTags(filters),
  }));
}

/** The slot-th subnet of a VPC CIDR: /24s in a /16, smaller in smaller VPCs. */
function subnetCidr(vpcCidr: string, slot: number): string {
  const [ip, lenText] = vpcCidr.split("/");
  const len = Number(lenText);
  const base = (ip ?? "10.0.0.0").split(".").reduce((n, o) => n * 256 + Number(o), 0);
  const newLen = Math.min(Math.max(len + 4, 24), 28);
  const slots = 2 ** (newLen - len);
  const start = base + (slot % slots) * 2 ** (32 - newLen);
  const octets = [24, 16, 8, 0].map((s) => Math.floor(start / 2 ** s) % 256);
  return `${octets.join(".")}/${newLen}`;
}

/** Addresses EC2 leaves for instances: AWS reserves 5 in every subnet (first four and last). */
export function usableAddresses(cidr: string): number {
  return 2 ** (32 - Number(cidr.split("/")[1])) - 5;
}

function remember<T extends { readonly id: string }>(map: Map<string, T>, facts: T): T {
  map.set(facts.id, facts);
  return facts;
}

/** Each plan starts from the same account: nothing one plan's lookups described leaks into the next. */
export function forgetNetworkModel(): void {
  knownVpcs.clear();
  knownSubnets.clear();
}
