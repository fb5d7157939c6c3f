import type { PolicyResource, ResourceRule, StackFinding, StackRule } from "../../src/plan/policy";
import { asArray, asRecords, coversPort, isRecord, isTrue, known, num, opensToWorld, referenced, refersTo, view } from "./util";

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
  checkStack: (all) => {
    const out: StackFinding[] = [];
    for (const db of all) {
      const spec = DATA_RESOURCES[db.type];
      if (!spec) continue;
      const port = num(db.props.port) ?? spec.defaultPort;
      if (port === undefined || (DATA_PORTS as readonly number[]).includes(port)) continue;
      for (const sg of referenced(db, spec.sgProp, all, [SG])) {
        const rules = [sg, ...all.filter((x) => (x.type === SG_RULE || x.type === SG_INGRESS) && refersTo(x, "securityGroupId", sg))];
        for (const rule of rules) {
          for (const m of worldOpenPorts(rule, rule.props, [port])) out.push({ urn: rule.urn, message: `${m} (the configured port of ${db.name})` });
        }
      }
    }
    return out;
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

/** Why a subnet is public, or undefined: auto-assigned public IPs, or a route table that sends traffic to an internet gateway. */
export function publicReason(subnet: PolicyResource, all: readonly PolicyResource[]): string | undefined {
  if (isTrue(view(subnet).mapPublicIpOnLaunch)) return "mapPublicIpOnLaunch is true";
  const igws = all.filter((r) => r.type === "aws:ec2/internetGateway:InternetGateway");
  const toIgw = (from: PolicyResource, prop: string, value: unknown): boolean =>
    (typeof value === "string" && value.startsWith("igw-")) || igws.some((g) => refersTo(from, prop, g));
  const associations = all.filter((r) => r.type === "aws:ec2/routeTableAssociation:RouteTableAssociation" && refersTo(r, "subnetId", subnet));
  for (const assoc of associations) {
    for (const table of referenced(assoc, "routeTableId", all, ["aws:ec2/routeTable:RouteTable"])) {
      // An inline route to a gateway being created has an unknown id; its property dependency names it.
      const inline = (table.propertyDependencies?.routes ?? []).some((urn) => igws.some((g) => g.urn === urn)) ||
        asRecords(view(table).routes).some((route) => { const g = known(() => route.gatewayId); return typeof g === "string" && g.startsWith("igw-"); });
      const routes = all.filter((r) => r.type === "aws:ec2/route:Route" && refersTo(r, "routeTableId", table));
      if (inline || routes.some((route) => toIgw(route, "gatewayId", known(() => view(route).gatewayId)))) {
        return `its route table ${table.name} routes to an internet gateway`;
      }
    }
  }
  return undefined;
}

export const dataSubnetGroupsPrivate: StackRule = {
  kind: "stack",
  id: "data-subnet-groups-private",
  description: "DB, cache and warehouse subnet groups contain only private subnets: no auto-assigned public IPs, no route to an internet gateway. Fix: build the group from isolated (or private) subnets.",
  enforcement: "mandatory",
  checkStack: (all) => all.filter((g) => SUBNET_GROUPS.includes(g.type)).flatMap((group) =>
    referenced(group, "subnetIds", all, [SUBNET]).flatMap((subnet) => {
      const why = publicReason(subnet, all);
      return why ? [{ urn: group.urn, message: `subnetIds: found public subnet ${subnet.name} (${why}); allowed private subnets only` }] : [];
    })),
};
