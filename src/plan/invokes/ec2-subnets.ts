import type { InvokeContext, InvokeResult, InvokeTable } from "./context";
import { bool, cannotKnow, ec2Filters, str } from "./common";
import { subnetsByQuery, usableAddresses, type SubnetFacts } from "./ec2-network-model";

/** getSubnet's arguments as the DescribeSubnets filters the provider sends for them. */
function subnetQuery(c: InvokeContext): Map<string, string[]> {
  const f = ec2Filters(c);
  const set = (name: string, v: string | undefined): void => {
    if (v !== undefined) f.set(name, [v]);
  };
  set("subnet-id", str(c.inputs.id));
  set("vpc-id", str(c.inputs.vpcId));
  set("availability-zone", str(c.inputs.availabilityZone));
  set("availability-zone-id", str(c.inputs.availabilityZoneId));
  set("cidr-block", str(c.inputs.cidrBlock));
  const defaultForAz = bool(c.inputs.defaultForAz);
  set("default-for-az", defaultForAz === undefined ? undefined : String(defaultForAz));
  set("state", str(c.inputs.state));
  return f;
}

function subnetResult(c: InvokeContext, s: SubnetFacts): InvokeResult {
  return {
    id: s.id,
    arn: `arn:${c.partition}:ec2:${c.region}:${c.account}:subnet/${s.id}`,
    assignIpv6AddressOnCreation: false,
    availabilityZone: s.availabilityZone,
    availabilityZoneId: s.availabilityZoneId,
    availableIpAddressCount: usableAddresses(s.cidrBlock),
    cidrBlock: s.cidrBlock,
    customerOwnedIpv4Pool: "",
    defaultForAz: s.defaultForAz,
    enableDns64: false,
    enableLniAtDeviceIndex: 0,
    enableResourceNameDnsARecordOnLaunch: false,
    enableResourceNameDnsAaaaRecordOnLaunch: false,
    ipv6CidrBlock: "",
    ipv6CidrBlockAssociationId: "",
    ipv6Native: false,
    mapCustomerOwnedIpOnLaunch: false,
    mapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
    outpostArn: "",
    ownerId: c.account,
    privateDnsHostnameTypeOnLaunch: "ip-name",
    region: c.region,
    state: "available",
    tags: s.tags,
    vpcId: s.vpcId,
  };
}

export const EC2_SUBNET_INVOKES: InvokeTable = {
  "aws:ec2/getSubnet:getSubnet": (c) => {
    const match = subnetsByQuery(c, subnetQuery(c))[0];
    if (match === undefined) {
      throw cannotKnow(c.token, `getSubnet(${JSON.stringify(c.inputs)}) matches no subnet in the modelled account ` +
        "(its default VPC's subnets carry no tags, and only the default VPC has default-for-AZ subnets)");
    }
    return subnetResult(c, match);
  },
  "aws:ec2/getSubnets:getSubnets": (c) => ({
    id: c.region,
    ids: subnetsByQuery(c, ec2Filters(c)).map((s) => s.id),
    region: c.region,
    tags: c.inputs.tags ?? {},
    filters: c.inputs.filters,
  }),
};
