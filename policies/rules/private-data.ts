import type { PolicyResource, ResourceRule, StackFinding, StackRule } from "../model";
import {
  asArray, asRecords, coversPort, decideEach, indexOf, isRecord, isTrue, isUnknownRead, known, num, opensToWorld, referenced, view, type StackIndex,
} from "./util";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const SG_INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const SUBNET = "aws:ec2/subnet:Subnet";

/** Database and cache ports: Postgres, MySQL, Redis, Memcached, MongoDB, SQL Server, Oracle, Redshift, OpenSearch. */
export const DATA_PORTS = [5432, 3306, 6379, 11211, 27017, 1433, 1521, 5439, 9200] as const;

interface Ingress {
  readonly protocol: unknown;
  readonly from: unknown;
  readonly to: unknown;
  readonly v4: unknown;
  readonly v6: unknown;
  readonly where: string;
}

/** Ingress rules expressed by any of the three resource shapes AWS offers. */
function ingressOf(r: PolicyResource, props: Record<string, unknown>): Ingress[] {
  switch (r.type) {
    case SG:
      return asRecords(props.ingress).map((i, n) => ({
        protocol: i.protocol, from: i.fromPort, to: i.toPort, v4: i.cidrBlocks, v6: i.ipv6CidrBlocks, where: `ingress[${n}]`,
      }));
    case SG_RULE:
      return props.type === "ingress"
        ? [{ protocol: props.protocol, from: props.fromPort, to: props.toPort, v4: props.cidrBlocks, v6: props.ipv6CidrBlocks, where: "rule" }]
        : [];
    case SG_INGRESS:
      return [{ protocol: props.ipProtocol, from: props.fromPort, to: props.toPort, v4: props.cidrIpv4, v6: props.cidrIpv6, where: "rule" }];
    default:
      return [];
  }
}

function worldOpenPorts(r: PolicyResource, props: Record<string, unknown>, ports: readonly number[]): string[] {
  return ingressOf(r, props).flatMap((i) => {
    if (!opensToWorld(i.v4, i.v6)) return [];
    const open = ports.filter((p) => coversPort(i.protocol, i.from, i.to, p));
    return open.length > 0 ? [`${i.where}: found ports ${open.join(", ")} open to ${opensToWorld(i.v4, undefined) ? "0.0.0.0/0" : "::/0"}; allowed ingress from security groups or private CIDRs only`] : [];
  });
}

export const noPublicDataPorts: ResourceRule = {
  id: "no-public-data-ports",
  description: `No security group opens a database or cache port (${DATA_PORTS.join(", ")}) to 0.0.0.0/0 or ::/0, whether as inline rules, aws.ec2.SecurityGroupRule or aws.vpc.SecurityGroupIngressRule. Fix: admit the clients' security group instead.`,
  enforcement: "mandatory",
  types: [SG, SG_RULE, SG_INGRESS],
  check: (r) => worldOpenPorts(r, r.props, DATA_PORTS),
};

/** Data resources, the property listing their security groups, and their default port. */
const DATA_RESOURCES: Readonly<Record<string, { sgProp: string; defaultPort?: number }>> = {
  "aws:rds/instance:Instance": { sgProp: "vpcSecurityGroupIds" },
  "aws:rds/cluster:Cluster": { sgProp: "vpcSecurityGroupIds" },
  "aws:elasticache/replicationGroup:ReplicationGroup": { sgProp: "securityGroupIds", defaultPort: 6379 },
  "aws:elasticache/cluster:Cluster": { sgProp: "securityGroupIds" },
  "aws:redshift/cluster:Cluster": { sgProp: "vpcSecurityGroupIds", defaultPort: 5439 },
  "aws:docdb/cluster:Cluster": { sgProp: "vpcSecurityGroupIds", defaultPort: 27017 },
};

export const noPublicConfiguredPort: StackRule = {
  kind: "stack",
  id: "no-public-configured-data-port",
  description: "No security group attached to a database or cache opens that resource's configured port to the internet, even a non-standard one. Fix: admit the clients' security group instead.",
  enforcement: "mandatory",
  // Each database is decided on its own: one unknown port or group affects only that database.
  checkStack: (all) => {
    const idx = indexOf(all);
    const dbs = Object.keys(DATA_RESOURCES).flatMap((type) => idx.ofType(type));
    return decideEach(dbs, (db) => {
      const spec = DATA_RESOURCES[db.type]!;
      const port = num(db.props.port) ?? spec.defaultPort;
      if (port === undefined || (DATA_PORTS as readonly number[]).includes(port)) return [];
      const out: StackFinding[] = [];
      for (const sg of referenced(db, spec.sgProp, all, [SG])) {
        const rules = [sg, ...idx.referrers(SG_RULE, "securityGroupId", sg), ...idx.referrers(SG_INGRESS, "securityGroupId", sg)];
        for (const rule of rules) {
          for (const m of worldOpenPorts(rule, rule.props, [port])) out.push({ urn: rule.urn, message: `${m} (the configured port of ${db.name})` });
        }
      }
      return out;
    });
  },
};

export const rdsNotPublic: ResourceRule = {
  id: "rds-not-public",
  description: "RDS instances and cluster instances are not reachable from the internet. Fix: set `publiclyAccessible: false` and reach them through the VPC.",
  enforcement: "mandatory",
  types: ["aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"],
  check: (r) => (r.props.publiclyAccessible === true ? ["publiclyAccessible: found true; allowed false"] : []),
};

export const redshiftNotPublic: ResourceRule = {
  id: "redshift-not-public",
  description: "Redshift clusters are not reachable from the internet. Fix: set `publiclyAccessible: false`.",
  enforcement: "mandatory",
  types: ["aws:redshift/cluster:Cluster"],
  check: (r) => (r.props.publiclyAccessible === true ? ["publiclyAccessible: found true; allowed false"] : []),
};

export const opensearchInVpc: ResourceRule = {
  id: "opensearch-in-vpc",
  description: "OpenSearch domains live in a VPC, not on a public endpoint. Fix: set `vpcOptions.subnetIds` to private subnets.",
  enforcement: "mandatory",
  types: ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"],
  check: (r) => {
    const vpc = r.props.vpcOptions;
    return isRecord(vpc) && asArray(vpc.subnetIds).length > 0 ? [] : ["vpcOptions.subnetIds: found nothing (a public endpoint); allowed private subnets"];
  },
};

export const eksEndpointPrivate: ResourceRule = {
  id: "eks-private-endpoint",
  description: "The EKS API endpoint is not open to the whole internet. Fix: set `vpcConfig.endpointPublicAccess: false` (with `endpointPrivateAccess: true`), or limit `publicAccessCidrs` to known ranges.",
  enforcement: "mandatory",
  types: ["aws:eks/cluster:Cluster"],
  check: (r) => {
    const vpc = isRecord(r.props.vpcConfig) ? r.props.vpcConfig : {};
    if (vpc.endpointPublicAccess === false) return [];
    const cidrs = asArray(vpc.publicAccessCidrs);
    // AWS's defaults: public access on, from 0.0.0.0/0.
    if (cidrs.length === 0 || cidrs.includes("0.0.0.0/0") || cidrs.includes("::/0")) {
      return [`vpcConfig.publicAccessCidrs: found ${cidrs.length === 0 ? "nothing (AWS default 0.0.0.0/0)" : JSON.stringify(cidrs)} with public access on; allowed endpointPublicAccess false or specific CIDRs`];
    }
    return [];
  },
};

export const cacheSubnetGroup: ResourceRule = {
  id: "elasticache-subnet-group",
  description: "ElastiCache runs in a subnet group of your VPC, not the default one. Fix: set `subnetGroupName` to a group over private subnets.",
  enforcement: "mandatory",
  types: ["aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/cluster:Cluster"],
  check: (r) => {
    if (r.type === "aws:elasticache/cluster:Cluster" && r.props.replicationGroupId !== undefined) return [];
    const g = r.props.subnetGroupName;
    return typeof g === "string" && g !== "" && g !== "default" ? [] : [`subnetGroupName: found ${JSON.stringify(g ?? null)}; allowed a subnet group over private subnets`];
  },
};

const SUBNET_GROUPS = [
  "aws:rds/subnetGroup:SubnetGroup",
  "aws:elasticache/subnetGroup:SubnetGroup",
  "aws:redshift/subnetGroup:SubnetGroup",
  "aws:docdb/subnetGroup:SubnetGroup",
  "aws:neptune/subnetGroup:SubnetGroup",
];

const VPC = "aws:ec2/vpc:Vpc";
const IGW = "aws:ec2/internetGateway:InternetGateway";
const ROUTE = "aws:ec2/route:Route";
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
const DEFAULT_ROUTE_TABLE = "aws:ec2/defaultRouteTable:DefaultRouteTable";
const ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const MAIN_ASSOCIATION = "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation";

/**
 * What a subnet routes by: a route table resource, or a VPC standing for its
 * own default route table (the one AWS creates with the VPC, `vpc.defaultRouteTableId`,
 * which is the main table until a MainRouteTableAssociation replaces it;
 * @pulumi/aws ec2/vpc.d.ts `defaultRouteTableId`, `mainRouteTableId`).
 */
type Table = PolicyResource;

/**
 * Remembers the first unknown read instead of throwing it, so that a later
 * known fact can still decide: a subnet is public on a known fact, private only
 * when nothing unknown could have made it public.
 */
class Verdict {
  unknown: unknown;
  /** The check's answer; false when it read an unknown value. */
  attempt(check: () => boolean): boolean {
    try {
      return check();
    } catch (e) {
      if (!isUnknownRead(e)) throw e;
      this.unknown ??= e;
      return false;
    }
  }
  /** The list; empty when reading it hit an unknown value. */
  list(read: () => readonly PolicyResource[]): PolicyResource[] {
    try {
      return [...read()];
    } catch (e) {
      if (!isUnknownRead(e)) throw e;
      this.unknown ??= e;
      return [];
    }
  }
}

/**
 * Whether `r.<prop>` (a gateway id, or inline routes holding them) names an
 * internet gateway: by property dependency (known in preview) or an `igw-` id.
 * An unknown value is decided by its property dependencies when it has some
 * (it came from those resources and none is a gateway); with none it is unknown.
 */
function namesIgw(idx: StackIndex, r: PolicyResource, prop: string, v: Verdict, ids: () => Array<() => unknown>): boolean {
  const deps = r.propertyDependencies?.[prop] ?? [];
  if (deps.some((urn) => idx.byUrn.get(urn)?.type === IGW)) return true;
  const isIgwId = (g: unknown): boolean => typeof g === "string" && g.startsWith("igw-");
  return v.attempt(() => ids().some((id) => isIgwId(deps.length > 0 ? known(id) : id())));
}

/** Whether `table` (a route table, or a VPC for its default table) has a route to an internet gateway, inline or as a Route resource. */
function routesToIgw(idx: StackIndex, table: Table, v: Verdict): boolean {
  if (table.type !== VPC && namesIgw(idx, table, "routes", v, () => asRecords(view(table).routes).map((route) => () => route.gatewayId))) return true;
  return v.list(() => idx.referrers(ROUTE, "routeTableId", table)).some((route) => namesIgw(idx, route, "gatewayId", v, () => [() => view(route).gatewayId]));
}

/**
 * The tables a VPC's subnets use when they have no association of their own:
 * the table a MainRouteTableAssociation makes main, else the VPC's default
 * route table (the VPC itself, plus a DefaultRouteTable resource adopting it).
 * AWS: a subnet not explicitly associated with a route table is implicitly
 * associated with the main route table (EC2 DescribeRouteTables reference;
 * Amazon VPC User Guide, "Subnet route tables").
 */
function mainTables(idx: StackIndex, vpc: PolicyResource, all: readonly PolicyResource[], v: Verdict): Table[] {
  const mains = v.list(() => idx.referrers(MAIN_ASSOCIATION, "vpcId", vpc));
  const replaced = mains.flatMap((m) => v.list(() => referenced(m, "routeTableId", all, [ROUTE_TABLE, DEFAULT_ROUTE_TABLE])));
  if (replaced.length > 0) return replaced;
  return [vpc, ...v.list(() => idx.referrers(DEFAULT_ROUTE_TABLE, "defaultRouteTableId", vpc))];
}

interface Routing {
  readonly table: Table;
  /** True when the subnet has no association and uses its VPC's main table. */
  readonly implicit: boolean;
}

/** The tables a subnet routes by: its explicit associations', else its VPC's main table. */
function tablesOf(idx: StackIndex, subnet: PolicyResource, all: readonly PolicyResource[], v: Verdict): Routing[] {
  const associations = v.list(() => idx.referrers(ASSOCIATION, "subnetId", subnet));
  if (associations.length > 0) {
    // A routeTableId taken from a VPC (vpc.mainRouteTableId) is that VPC's default table.
    return associations.flatMap((a) => v.list(() => referenced(a, "routeTableId", all, [ROUTE_TABLE, DEFAULT_ROUTE_TABLE, VPC])))
      .flatMap((t) => (t.type === VPC ? mainTables(idx, t, all, v) : [t]).map((table) => ({ table, implicit: false })));
  }
  // An unknown association may be this subnet's: then the main table is not known to apply.
  if (v.unknown !== undefined) return [];
  return v.list(() => referenced(subnet, "vpcId", all, [VPC]))
    .flatMap((vpc) => mainTables(idx, vpc, all, v).map((table) => ({ table, implicit: true })));
}

/**
 * Why a subnet is public, or undefined: auto-assigned public IPs, or a route
 * table (its own, or its VPC's main table when it has none) that sends traffic
 * to an internet gateway. Throws the unknown read that kept it from deciding.
 */
export function publicReason(subnet: PolicyResource, all: readonly PolicyResource[]): string | undefined {
  const idx = indexOf(all);
  const v = new Verdict();
  if (v.attempt(() => isTrue(view(subnet).mapPublicIpOnLaunch))) return "mapPublicIpOnLaunch is true";
  for (const { table, implicit } of tablesOf(idx, subnet, all, v)) {
    if (!routesToIgw(idx, table, v)) continue;
    if (!implicit) return `its route table ${table.name} routes to an internet gateway`;
    return table.type === VPC
      ? `it has no route table association, and the main route table of VPC ${table.name} routes to an internet gateway`
      : `it has no route table association, and its VPC's main route table ${table.name} routes to an internet gateway`;
  }
  if (v.unknown !== undefined) throw v.unknown;
  return undefined;
}

export const dataSubnetGroupsPrivate: StackRule = {
  kind: "stack",
  id: "data-subnet-groups-private",
  description: "DB, cache and warehouse subnet groups contain only private subnets: no auto-assigned public IPs, no route to an internet gateway (through the subnet's own route table, or its VPC's main route table when it has none). Fix: build the group from isolated (or private) subnets with their own route tables.",
  enforcement: "mandatory",
  // Each group is decided on its own; within a group, one public subnet decides even when another subnet is unknown.
  checkStack: (all) => decideEach(SUBNET_GROUPS.flatMap((type) => indexOf(all).ofType(type)), (group): StackFinding[] => {
    const out: StackFinding[] = [];
    let unknown: unknown;
    for (const subnet of referenced(group, "subnetIds", all, [SUBNET])) {
      try {
        const why = publicReason(subnet, all);
        if (why) out.push({ urn: group.urn, message: `subnetIds: found public subnet ${subnet.name} (${why}); allowed private subnets only` });
      } catch (e) {
        if (!isUnknownRead(e)) throw e;
        unknown ??= e;
      }
    }
    if (out.length === 0 && unknown !== undefined) throw unknown;
    return out;
  }),
};
