import { awsId } from "../ids";
import type { InvokeContext, InvokeResult, InvokeTable } from "./context";
import { bool, canonicalQuery, ec2Filters, str } from "./common";
import {
  internetGatewayId, mainRouteTableId, subnetById, subnetRouteTableId, vpcById, vpcByQuery, type VpcFacts,
} from "./ec2-network-model";

type Filters = Map<string, string[]>;

/** getVpc's arguments as the DescribeVpcs filters the provider sends for them. */
function vpcQuery(c: InvokeContext): Filters {
  const f = ec2Filters(c);
  const set = (name: string, v: string | undefined): void => {
    if (v !== undefined) f.set(name, [v]);
  };
  set("vpc-id", str(c.inputs.id));
  const isDefault = bool(c.inputs.default);
  set("is-default", isDefault === undefined ? undefined : String(isDefault));
  set("cidr", str(c.inputs.cidrBlock));
  set("dhcp-options-id", str(c.inputs.dhcpOptionsId));
  set("state", str(c.inputs.state));
  return f;
}

function findVpc(c: InvokeContext, f: Filters): VpcFacts {
  const id = f.get("vpc-id")?.[0];
  return id !== undefined ? vpcById(c, id) : vpcByQuery(c, f);
}

function vpcResult(c: InvokeContext, vpc: VpcFacts): InvokeResult {
  return {
    id: vpc.id,
    arn: `arn:${c.partition}:ec2:${c.region}:${c.account}:vpc/${vpc.id}`,
    cidrBlock: vpc.cidrBlock,
    cidrBlockAssociations: [{ associationId: awsId("vpc-cidr-assoc", `assoc/${vpc.id}`), cidrBlock: vpc.cidrBlock, state: "associated" }],
    default: vpc.isDefault,
    dhcpOptionsId: awsId("dopt", `dopt/${c.account}/${c.region}`),
    // The default VPC resolves and assigns DNS hostnames; a VPC created through the API only resolves.
    enableDnsHostnames: vpc.isDefault,
    enableDnsSupport: true,
    enableNetworkAddressUsageMetrics: false,
    instanceTenancy: "default",
    ipv6AssociationId: "",
    ipv6CidrBlock: "",
    ipv6CidrBlockAssociations: [],
    mainRouteTableId: mainRouteTableId(vpc.id),
    ownerId: c.account,
    region: c.region,
    state: "available",
    tags: vpc.tags,
  };
}

const emptyRoute = {
  carrierGatewayId: "", cidrBlock: "", coreNetworkArn: "", destinationPrefixListId: "", egressOnlyGatewayId: "",
  gatewayId: "", instanceId: "", ipv6CidrBlock: "", localGatewayId: "", natGatewayId: "", networkInterfaceId: "",
  odbNetworkArn: "", transitGatewayId: "", vpcEndpointId: "", vpcPeeringConnectionId: "",
};

function routeTableResult(c: InvokeContext, id: string, vpc: VpcFacts, subnetId: string | undefined, toInternet: boolean): InvokeResult {
  const main = subnetId === undefined;
  return {
    id,
    routeTableId: id,
    arn: `arn:${c.partition}:ec2:${c.region}:${c.account}:route-table/${id}`,
    associations: [{
      gatewayId: "",
      main,
      routeTableAssociationId: awsId("rtbassoc", `rtbassoc/${id}/${subnetId ?? "main"}`),
      routeTableId: id,
      subnetId: subnetId ?? "",
    }],
    // The provider leaves out the implicit `local` route; what else a private table routes to is not knowable.
    routes: toInternet ? [{ ...emptyRoute, cidrBlock: "0.0.0.0/0", gatewayId: internetGatewayId(vpc.id) }] : [],
    gatewayId: "",
    subnetId: subnetId ?? "",
    ownerId: c.account,
    region: c.region,
    tags: {},
    vpcId: vpc.id,
  };
}

export const EC2_VPC_INVOKES: InvokeTable = {
  "aws:ec2/getVpc:getVpc": (c) => vpcResult(c, findVpc(c, vpcQuery(c))),
  "aws:ec2/getVpcs:getVpcs": (c) => {
    const f = ec2Filters(c);
    const ids = f.get("vpc-id") ?? [vpcByQuery(c, f).id];
    return { id: c.region, ids, region: c.region, tags: c.inputs.tags ?? {}, filters: c.inputs.filters };
  },
  "aws:ec2/getInternetGateway:getInternetGateway": (c) => {
    const f = ec2Filters(c);
    const vpcId = f.get("attachment.vpc-id")?.[0];
    const asked = str(c.inputs.internetGatewayId) ?? f.get("internet-gateway-id")?.[0];
    const vpc = vpcId !== undefined ? vpcById(c, vpcId)
      : asked !== undefined ? vpcById(c, awsId("vpc", `vpc-of/${asked}`))
      : vpcByQuery(c, f);
    const id = asked ?? internetGatewayId(vpc.id);
    return {
      id,
      internetGatewayId: id,
      arn: `arn:${c.partition}:ec2:${c.region}:${c.account}:internet-gateway/${id}`,
      attachments: [{ state: "available", vpcId: vpc.id }],
      ownerId: c.account,
      region: c.region,
      tags: vpc.isDefault ? {} : c.inputs.tags ?? {},
      filters: c.inputs.filters,
    };
  },
  "aws:ec2/getRouteTable:getRouteTable": (c) => {
    const f = ec2Filters(c);
    const subnetId = str(c.inputs.subnetId) ?? f.get("association.subnet-id")?.[0];
    const asked = str(c.inputs.routeTableId) ?? f.get("route-table-id")?.[0];
    if (subnetId !== undefined) {
      const subnet = subnetById(c, subnetId);
      const vpc = vpcById(c, subnet.vpcId);
      // Default subnets use the VPC's main table, which routes to the internet gateway.
      if (vpc.isDefault) return routeTableResult(c, asked ?? mainRouteTableId(vpc.id), vpc, undefined, true);
      return routeTableResult(c, asked ?? subnetRouteTableId(subnetId), vpc, subnetId, subnet.mapPublicIpOnLaunch);
    }
    const vpcId = str(c.inputs.vpcId) ?? f.get("vpc-id")?.[0];
    const vpc = vpcId !== undefined ? vpcById(c, vpcId) : asked !== undefined ? vpcById(c, awsId("vpc", `vpc-of/${asked}`)) : vpcById(c, vpcByQuery(c, new Map()).id);
    const rest = canonicalQuery(f, ["vpc-id", "association.main", "route-table-id"]);
    const id = asked ?? (rest === "" ? mainRouteTableId(vpc.id) : awsId("rtb", `rtb/${vpc.id}/${rest}`));
    return routeTableResult(c, id, vpc, undefined, vpc.isDefault && id === mainRouteTableId(vpc.id));
  },
  "aws:ec2/getRouteTables:getRouteTables": (c) => {
    const f = ec2Filters(c);
    const vpcId = str(c.inputs.vpcId) ?? f.get("vpc-id")?.[0];
    const vpc = vpcId !== undefined ? vpcById(c, vpcId) : vpcByQuery(c, new Map());
    const rest = canonicalQuery(f, ["vpc-id", "association.main"]);
    const ids = rest === "" ? [mainRouteTableId(vpc.id)] : [awsId("rtb", `rtb/${vpc.id}/${rest}`)];
    return { id: c.region, ids, region: c.region, tags: c.inputs.tags ?? {}, vpcId: c.inputs.vpcId, filters: c.inputs.filters };
  },
};
