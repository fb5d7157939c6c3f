import { awsId } from "../ids";
import { availabilityZones } from "../regions";
import type { InvokeContext, InvokeTable } from "./context";
import { cannotKnow, dnsSuffix, ec2Filters, reverseDnsPrefix, str } from "./common";
import { crc32 } from "./crc32";

/** Services AWS offers as gateway endpoints (AWS PrivateLink guide, "Gateway endpoints"): S3 and DynamoDB. */
const GATEWAY_SERVICES = new Set(["s3", "dynamodb"]);

/** `com.amazonaws.<region>.<service>` → its region and service, for AWS-owned names. */
function parseServiceName(name: string): { region: string; service: string } | undefined {
  const m = /^(?:cn\.)?com\.amazonaws\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.(.+)$/.exec(name);
  return m === null ? undefined : { region: m[1]!, service: m[2]! };
}

/** AWS-managed lists have 8-hex ids (pl-xxxxxxxx) that differ per region: derived here, never the real one. */
function prefixListId(region: string, name: string): string {
  return awsId("pl", `prefix-list/${region}/${name}`, 8);
}

/** The AWS-managed prefix list a lookup names, by name or id. */
function prefixList(c: InvokeContext): { id: string; name: string } {
  const f = ec2Filters(c);
  const name = str(c.inputs.name) ?? f.get("prefix-list-name")?.[0];
  const id = str(c.inputs.prefixListId) ?? str(c.inputs.id) ?? f.get("prefix-list-id")?.[0];
  if (name !== undefined) return { id: id ?? prefixListId(c.region, name), name };
  if (id !== undefined) throw cannotKnow(c.token, `the name of prefix list ${id}`);
  throw cannotKnow(c.token, `a prefix list lookup without a name or id (${JSON.stringify(c.inputs)})`);
}

export const EC2_ENDPOINT_INVOKES: InvokeTable = {
  "aws:ec2/getVpcEndpointService:getVpcEndpointService": (c) => {
    const f = ec2Filters(c);
    const service = str(c.inputs.service);
    const serviceName = str(c.inputs.serviceName) ?? f.get("service-name")?.[0]
      ?? (service !== undefined ? `${reverseDnsPrefix(c.partition)}.${c.region}.${service}` : undefined);
    if (serviceName === undefined) throw cannotKnow(c.token, "a VPC endpoint service lookup without a service or serviceName");
    const parsed = parseServiceName(serviceName);
    const short = parsed?.service ?? service ?? serviceName;
    const type = str(c.inputs.serviceType) ?? f.get("service-type")?.[0] ?? (GATEWAY_SERVICES.has(short) ? "Gateway" : "Interface");
    const serviceId = awsId("vpce-svc", `vpce-svc/${c.region}/${serviceName}/${type}`);
    const owner = parsed !== undefined ? "amazon" : c.account;
    const host = `${short}.${c.region}.${dnsSuffix(c.partition)}`;
    const privateDns = type === "Interface" && parsed !== undefined ? host : "";
    return {
      // The provider's id is the hash code of the service name.
      id: String(crc32(serviceName)),
      acceptanceRequired: false,
      arn: `arn:${c.partition}:ec2:${c.region}:${c.account}:vpc-endpoint-service/${serviceId}`,
      availabilityZones: availabilityZones(c.region),
      baseEndpointDnsNames: [host],
      managesVpcEndpoints: false,
      owner,
      privateDnsName: privateDns,
      privateDnsNames: privateDns === "" ? [] : [privateDns],
      region: c.region,
      service: c.inputs.service,
      serviceId,
      serviceName,
      serviceRegion: c.region,
      serviceRegions: c.inputs.serviceRegions,
      serviceType: type,
      supportedIpAddressTypes: ["ipv4"],
      tags: {},
      vpcEndpointPolicySupported: true,
      filters: c.inputs.filters,
    };
  },
  "aws:ec2/getPrefixList:getPrefixList": (c) => {
    const pl = prefixList(c);
    // The address ranges behind a service's prefix list change over time and are not modelled.
    return { id: pl.id, prefixListId: c.inputs.prefixListId, name: pl.name, cidrBlocks: [], region: c.region, filters: c.inputs.filters };
  },
  "aws:ec2/getManagedPrefixList:getManagedPrefixList": (c) => {
    const pl = prefixList(c);
    const awsOwned = parseServiceName(pl.name) !== undefined;
    return {
      id: pl.id,
      name: pl.name,
      addressFamily: "IPv4",
      arn: `arn:${c.partition}:ec2:${c.region}:${awsOwned ? "aws" : c.account}:prefix-list/${pl.id}`,
      entries: [],
      maxEntries: 0,
      ownerId: awsOwned ? "AWS" : c.account,
      region: c.region,
      tags: {},
      version: 0,
      filters: c.inputs.filters,
    };
  },
};
