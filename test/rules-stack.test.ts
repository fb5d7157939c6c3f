import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { requiredTags, vpcFlowLogs } from "../policies/rules/advisory";
import { s3DefaultEncryption, s3TlsOnly } from "../policies/rules/encryption";
import { dataSubnetGroupsPrivate, noPublicConfiguredPort } from "../policies/rules/private-data";
import { evaluate, res, UNKNOWN } from "./helpers/fixtures";
import { REPO } from "./helpers/project";

const urn = (type: string, name: string) => `urn:pulumi:prod::shop::${type}::${name}`;

describe("data-subnet-groups-private", () => {
  const igw = res("aws:ec2/internetGateway:InternetGateway", "igw", { vpcId: "vpc-1" }, { id: "igw-123" });
  const rt = res("aws:ec2/routeTable:RouteTable", "public-rt", { vpcId: "vpc-1" }, { id: "rtb-pub" });
  const route = res("aws:ec2/route:Route", "to-igw", { routeTableId: "rtb-pub", destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-123" });
  const routed = res("aws:ec2/subnet:Subnet", "routed", { vpcId: "vpc-1", cidrBlock: "10.0.1.0/24" }, { id: "subnet-routed" });
  const assoc = res("aws:ec2/routeTableAssociation:RouteTableAssociation", "routed-assoc", { subnetId: "subnet-routed", routeTableId: "rtb-pub" });
  const autoIp = res("aws:ec2/subnet:Subnet", "auto-ip", { mapPublicIpOnLaunch: true }, { id: "subnet-auto" });
  const isolated = res("aws:ec2/subnet:Subnet", "isolated", { cidrBlock: "10.0.2.0/24" }, { id: "subnet-iso" });
  const world = [igw, rt, route, routed, assoc, autoIp, isolated];

  test("a group over isolated subnets passes", () => {
    const group = res("aws:rds/subnetGroup:SubnetGroup", "db", { subnetIds: ["subnet-iso"] });
    expect(evaluate([dataSubnetGroupsPrivate], [...world, group]).violations).toEqual([]);
  });

  test("a subnet routed to an internet gateway is flagged, found by id", () => {
    const group = res("aws:elasticache/subnetGroup:SubnetGroup", "cache", { subnetIds: ["subnet-iso", "subnet-routed"] });
    const { violations } = evaluate([dataSubnetGroupsPrivate], [...world, group]);
    expect(violations).toEqual([expect.objectContaining({
      urn: urn("aws:elasticache/subnetGroup:SubnetGroup", "cache"),
      message: "subnetIds: found public subnet routed (its route table public-rt routes to an internet gateway); allowed private subnets only",
    })]);
  });

  test("a subnet that auto-assigns public IPs is flagged", () => {
    const group = res("aws:rds/subnetGroup:SubnetGroup", "db", { subnetIds: ["subnet-auto"] });
    expect(evaluate([dataSubnetGroupsPrivate], [...world, group]).violations[0]!.message).toContain("mapPublicIpOnLaunch is true");
  });

  test("references are followed through property dependencies when ids are unknown (preview)", () => {
    const group = res("aws:rds/subnetGroup:SubnetGroup", "db", { subnetIds: [UNKNOWN] }, {
      outputs: { subnetIds: UNKNOWN },
      propertyDependencies: { subnetIds: [autoIp.urn] },
    });
    expect(evaluate([dataSubnetGroupsPrivate], [...world, group]).violations).toHaveLength(1);
  });

  test("an unknown subnet list with no dependencies is reported as unknown", () => {
    const group = res("aws:rds/subnetGroup:SubnetGroup", "db", { subnetIds: UNKNOWN }, { outputs: { subnetIds: UNKNOWN } });
    const result = evaluate([dataSubnetGroupsPrivate], [...world, group]);
    expect(result.violations).toEqual([]);
    expect(result.unknowns).toHaveLength(1);
  });
});

describe("no-public-configured-data-port", () => {
  const sg = res("aws:ec2/securityGroup:SecurityGroup", "db-sg", { vpcId: "vpc-1" }, { id: "sg-db" });
  const db = res("aws:rds/instance:Instance", "db", { port: 6432, vpcSecurityGroupIds: ["sg-db"] });
  test("a separate ingress rule opening the database's own port to the world is flagged", () => {
    const open = res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "open", { securityGroupId: "sg-db", ipProtocol: "tcp", fromPort: 6432, toPort: 6432, cidrIpv4: "0.0.0.0/0" });
    const { violations } = evaluate([noPublicConfiguredPort], [sg, db, open]);
    expect(violations).toEqual([expect.objectContaining({ urn: open.urn, message: expect.stringContaining("found ports 6432 open to 0.0.0.0/0; allowed ingress from security groups or private CIDRs only (the configured port of db)") })]);
  });
  test("the same port open to a security group passes", () => {
    const fromApp = res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "app", { securityGroupId: "sg-db", ipProtocol: "tcp", fromPort: 6432, toPort: 6432, referencedSecurityGroupId: "sg-app" });
    expect(evaluate([noPublicConfiguredPort], [sg, db, fromApp]).violations).toEqual([]);
  });
});

describe("S3", () => {
  const bucket = (name: string, tags: Record<string, string> = {}) => res("aws:s3/bucketV2:BucketV2", name, { tags }, { id: name, outputs: { bucket: name, arn: `arn:aws:s3:::${name}`, tags } });
  const sse = (b: string, algo: string) => res("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", `${b}-sse`, { bucket: b, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: algo } }] });
  const tlsPolicy = (b: string) => res("aws:s3/bucketPolicy:BucketPolicy", `${b}-policy`, {
    bucket: b,
    policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }] }),
  });

  test("default encryption: prod needs KMS; elsewhere S3's SSE-S3 default suffices, declared or not", () => {
    const result = evaluate([s3DefaultEncryption], [
      bucket("kms-prod", { environment: "prod" }), sse("kms-prod", "aws:kms"),
      bucket("aes-dev", { environment: "dev" }), sse("aes-dev", "AES256"),
      bucket("aes-prod", { environment: "prod" }), sse("aes-prod", "AES256"),
      bucket("none"),
      bucket("none-prod", { environment: "prod" }),
    ]);
    expect(result.violations.map((v) => [v.urn.split("::").pop(), v.message])).toEqual([
      ["aes-prod", 'sseAlgorithm: found ["AES256"] on a prod bucket; allowed "aws:kms" or "aws:kms:dsse"'],
      ["none-prod", 'sseAlgorithm: found nothing declared (S3\'s default SSE-S3, AES256) on a prod bucket; allowed "aws:kms" or "aws:kms:dsse"'],
    ]);
  });

  test("TLS-only: a deny on aws:SecureTransport=false passes; no policy fails", () => {
    const result = evaluate([s3TlsOnly], [bucket("a"), tlsPolicy("a"), bucket("b")]);
    expect(result.violations.map((v) => v.urn.split("::").pop())).toEqual(["b"]);
  });
});

describe("advisory stack rules", () => {
  test("required-tags flags a resource missing owner and cost-center", () => {
    const result = evaluate([requiredTags], [
      res("aws:sns/topic:Topic", "good", { tags: { environment: "prod", service: "s", owner: "o", "cost-center": "c" } }),
      res("aws:sns/topic:Topic", "bad", { tags: { environment: "prod", service: "s" } }),
    ]);
    expect(result.violations).toEqual([expect.objectContaining({ enforcementLevel: "advisory", message: "tags: found no owner, cost-center; allowed all of environment, service, owner, cost-center" })]);
  });

  test("required-tags flags a taggable resource that declares no tags at all, and skips types that take none", () => {
    const result = evaluate([requiredTags], [
      res("aws:sqs/queue:Queue", "untagged", {}),
      res("aws:iam/rolePolicy:RolePolicy", "not-taggable", {}),
    ]);
    expect(result.violations.map((v) => [v.urn.split("::").pop(), v.message])).toEqual([["untagged", "tags: found no environment, service, owner, cost-center; allowed all of environment, service, owner, cost-center"]]);
  });

  test("the list of taggable types is what @pulumi/aws declares (node scripts/taggable-aws-types.js)", () => {
    expect(() => execFileSync(process.execPath, [path.join(REPO, "scripts", "taggable-aws-types.js"), "--check"], { encoding: "utf8", stdio: "pipe" })).not.toThrow();
  });

  test("vpc-flow-logs flags a VPC without a flow log", () => {
    const result = evaluate([vpcFlowLogs], [
      res("aws:ec2/vpc:Vpc", "logged", {}, { id: "vpc-1" }), res("aws:ec2/flowLog:FlowLog", "fl", { vpcId: "vpc-1" }),
      res("aws:ec2/vpc:Vpc", "dark", {}, { id: "vpc-2" }),
    ]);
    expect(result.violations.map((v) => v.urn.split("::").pop())).toEqual(["dark"]);
  });

  test("policy config changes levels and disables rules", () => {
    const resources = [res("aws:ec2/vpc:Vpc", "dark", {}, { id: "vpc-2" })];
    expect(evaluate([vpcFlowLogs], resources, { "vpc-flow-logs": "mandatory" }).violations[0]!.enforcementLevel).toBe("mandatory");
    expect(evaluate([vpcFlowLogs], resources, { all: { enforcementLevel: "disabled" } }).violations).toEqual([]);
  });
});

describe("stack rules on unknown values", () => {
  const cases: Array<[string, () => ReturnType<typeof evaluate>]> = [
    ["no-public-configured-data-port", () => evaluate([noPublicConfiguredPort], [res("aws:rds/instance:Instance", "db", { port: UNKNOWN, vpcSecurityGroupIds: ["sg-1"] })])],
    ["s3-default-encryption", () => evaluate([s3DefaultEncryption], [res("aws:s3/bucketV2:BucketV2", "b", { tags: { environment: "prod" } }), res("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "sse", { bucket: "b-id", rules: UNKNOWN })])],
    ["s3-tls-only", () => evaluate([s3TlsOnly], [res("aws:s3/bucketV2:BucketV2", "b", {}), res("aws:s3/bucketPolicy:BucketPolicy", "p", { bucket: "b-id", policy: UNKNOWN })])],
    ["required-tags", () => evaluate([requiredTags], [res("aws:sns/topic:Topic", "t", { tags: { environment: UNKNOWN } })])],
    ["vpc-flow-logs", () => evaluate([vpcFlowLogs], [res("aws:ec2/vpc:Vpc", "v", {}), res("aws:ec2/flowLog:FlowLog", "fl", { vpcId: UNKNOWN }, { outputs: { vpcId: UNKNOWN } })])],
  ];
  test.each(cases)("%s reports unknown, not a violation", (_id, run) => {
    const result = run();
    expect(result.violations).toEqual([]);
    expect(result.unknowns.length).toBeGreaterThan(0);
  });
});
