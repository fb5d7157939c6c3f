import * as fs from "node:fs";
import * as path from "node:path";
import { crc32 } from "node:zlib";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { MOCK_ACCOUNT, record } from "../src/testing";
import { BUILTIN_INVOKE_TOKENS, builtinInvoke, type InvokeContext } from "../src/plan/mock-invokes";

/**
 * The built-in invoke mocks, called the way user programs call them: through
 * @pulumi/aws functions inside record(). Field names are checked against the
 * result interfaces @pulumi/aws declares; formats against the AWS API models
 * (github.com/aws/api-models-aws, models/<service>/service/<date>/…json) and
 * the AWS documentation cited next to each expectation.
 */

type Result = Record<string, unknown>;
type Fn = (args: Record<string, unknown>) => Promise<Result>;

// @pulumi/aws exposes its functions as module members; the test picks them by name.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- module lookup by name, checked at runtime
const awsModules = aws as unknown as Record<string, any>;

function fn(module: string, name: string): Fn {
  const f: unknown = module === "index" ? awsModules[name] : awsModules[module]?.[name];
  if (typeof f !== "function") throw new Error(`no @pulumi/aws function ${module}.${name}`);
  return f as Fn;
}

/** Runs one invoke through the offline engine, as a program's `await aws.x.getY(…)`. */
async function call(module: string, name: string, args: Record<string, unknown>, region = "us-east-1", config: Record<string, unknown> = {}): Promise<Result> {
  let out: Result | undefined;
  await record(async () => {
    out = await fn(module, name)(args);
  }, { config: { "aws:region": region, ...config } });
  return out!;
}

/** Runs an Output-form invoke (`aws.x.getYOutput(…)`) and returns its value once known. */
async function output<T>(make: () => pulumi.Output<T>, region = "us-east-1"): Promise<{ value: T; secret: boolean }> {
  let value: T | undefined;
  let secret = false;
  await record(async () => {
    const o = make();
    secret = await pulumi.isSecret(o);
    o.apply((v) => {
      value = v;
    });
  }, { config: { "aws:region": region } });
  return { value: value!, secret };
}

const ROOT = path.join(__dirname, "..", "node_modules", "@pulumi", "aws");

/** The fields of `Get<Fn>Result` in @pulumi/aws's declaration file: name → optional. */
function resultFields(module: string, name: string): Map<string, boolean> {
  const file = path.join(ROOT, module === "index" ? "" : module, `${name}.d.ts`);
  const text = fs.readFileSync(file, "utf8");
  const iface = `${name[0]!.toUpperCase()}${name.slice(1)}Result`;
  const body = new RegExp(`export interface ${iface} \\{([\\s\\S]*?)\\n\\}`).exec(text)?.[1] ?? "";
  return new Map([...body.matchAll(/^ {4}readonly (\w+)(\?)?:/gm)].map((m) => [m[1]!, m[2] === "?"]));
}

/** The invoke token a @pulumi/aws function sends, read from its JavaScript. */
function tokenOf(module: string, name: string): string {
  const text = fs.readFileSync(path.join(ROOT, module === "index" ? "" : module, `${name}.js`), "utf8");
  return /invoke\("([^"]+)"/.exec(text)![1]!;
}

// Formats from the AWS API models (shape → smithy pattern / length trait).
const ACM_ARN = /^arn:[\w+=/,.@-]+:acm:[\w+=/,.@-]*:[0-9]+:[\w+=,.@-]+(\/[\w+=,.@-]+)*$/; // acm Arn
const IAM_ID = /^[\w]{16,128}$/; // iam idType (length 16–128)
const IAM_POLICY_PATH = /^((\/[A-Za-z0-9.,+@=_-]+)*)\/$/; // iam policyPathType
const ECR_REGISTRY_ID = /^[0-9]{12}$/; // ecr RegistryId
const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]*$/; // eks ClusterName
const ROUTE53_ZONE_ID = /^Z[0-9A-Z]{13,20}$/; // route-53 ResourceId: at most 32 characters
// EC2 ids: a resource prefix and 8 or 17 lower-case hex digits (EC2 User Guide, "Resource IDs").
const ec2Id = (prefix: string): RegExp => new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("the built-in invoke table", () => {
  const ctx = (token: string, inputs: Record<string, unknown> = {}): InvokeContext =>
    ({ token, inputs, region: "us-east-1", account: MOCK_ACCOUNT, partition: "aws" });

  test("an unknown token has no built-in answer (the engine then tells the user how to supply one)", () => {
    expect(builtinInvoke(ctx("aws:index/getArn:getArn"))).toBeUndefined();
    expect(BUILTIN_INVOKE_TOKENS).not.toContain("aws:index/getArn:getArn");
  });

  test("the token list is sorted, unique and answers every token it names", () => {
    expect([...BUILTIN_INVOKE_TOKENS]).toEqual([...new Set(BUILTIN_INVOKE_TOKENS)].sort());
    expect(BUILTIN_INVOKE_TOKENS).toContain("kubernetes:yaml:decode");
  });
});

/** One sample call per mocked @pulumi/aws function: module, function, inputs. */
const SAMPLES: ReadonlyArray<readonly [string, string, Record<string, unknown>]> = [
  ["index", "getAvailabilityZones", {}],
  ["index", "getRegion", {}],
  ["index", "getRegions", {}],
  ["index", "getCallerIdentity", {}],
  ["index", "getPartition", {}],
  ["index", "getDefaultTags", {}],
  ["ec2", "getVpc", { default: true }],
  ["ec2", "getVpcs", { tags: { Name: "main" } }],
  ["ec2", "getSubnet", { defaultForAz: true, availabilityZone: "us-east-1a" }],
  ["ec2", "getSubnets", { filters: [{ name: "default-for-az", values: ["true"] }] }],
  ["ec2", "getRouteTable", { vpcId: "vpc-0123456789abcdef0" }],
  ["ec2", "getRouteTables", { vpcId: "vpc-0123456789abcdef0" }],
  ["ec2", "getSecurityGroup", { name: "default" }],
  ["ec2", "getSecurityGroups", { tags: { Team: "web" } }],
  ["ec2", "getInternetGateway", { filters: [{ name: "attachment.vpc-id", values: ["vpc-0123456789abcdef0"] }] }],
  ["ec2", "getVpcEndpointService", { service: "s3", serviceType: "Gateway" }],
  ["ec2", "getPrefixList", { name: "com.amazonaws.us-east-1.s3" }],
  ["ec2", "getManagedPrefixList", { name: "com.amazonaws.us-east-1.dynamodb" }],
  ["ec2", "getAmi", { owners: ["amazon"], mostRecent: true, filters: [{ name: "name", values: ["al2023-ami-2023.*-x86_64"] }] }],
  ["ec2", "getAmiIds", { owners: ["amazon"], filters: [{ name: "name", values: ["al2023-ami-*"] }] }],
  ["ec2", "getInstanceType", { instanceType: "m5.large" }],
  ["route53", "getZone", { name: "example.com" }],
  ["acm", "getCertificate", { domain: "www.example.com" }],
  ["iam", "getPolicyDocument", { statements: [{ actions: ["s3:GetObject"], resources: ["*"] }] }],
  ["iam", "getPolicy", { name: "AmazonEKSClusterPolicy" }],
  ["iam", "getRole", { name: "deployer" }],
  ["iam", "getSessionContext", { arn: "arn:aws:sts::111122223333:assumed-role/deployer/ci" }],
  ["kms", "getKey", { keyId: "alias/aws/s3" }],
  ["kms", "getAlias", { name: "alias/aws/s3" }],
  ["eks", "getAddonVersion", { addonName: "vpc-cni", kubernetesVersion: "1.31" }],
  ["eks", "getCluster", { name: "prod" }],
  ["eks", "getClusterAuth", { name: "prod" }],
  ["ssm", "getParameter", { name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64" }],
  ["secretsmanager", "getSecret", { name: "db/password" }],
  ["secretsmanager", "getRandomPassword", { passwordLength: 20 }],
  ["s3", "getBucket", { bucket: "my-logs" }],
  ["ecr", "getRepository", { name: "web" }],
  ["ecr", "getAuthorizationToken", {}],
  ["elb", "getHostedZoneId", {}],
  ["lb", "getHostedZoneId", {}],
  ["elb", "getServiceAccount", {}],
];

describe("every mocked function answers with its result type's fields", () => {
  test.each(SAMPLES)("%s.%s", async (module, name, args) => {
    const fields = resultFields(module, name);
    expect(fields.size).toBeGreaterThan(0);
    expect(BUILTIN_INVOKE_TOKENS).toContain(tokenOf(module, name));
    const result = await call(module, name, args);
    const unknown = Object.keys(result).filter((k) => !fields.has(k));
    const missing = [...fields].filter(([k, optional]) => !optional && !(k in result)).map(([k]) => k);
    expect({ unknown, missing }).toEqual({ unknown: [], missing: [] });
  });

  test("the list of built-in tokens covers the sampled functions and the cloudformation export", () => {
    const sampled = new Set(SAMPLES.map(([m, n]) => tokenOf(m, n)));
    const others = BUILTIN_INVOKE_TOKENS.filter((t) => t.startsWith("aws:") && !sampled.has(t));
    expect(others).toEqual(["aws:cloudformation/getExport:getExport"]);
  });
});

describe("VPCs and subnets", () => {
  test("the default VPC is 172.31.0.0/16, owned by the account, in the asked region", async () => {
    const vpc = await call("ec2", "getVpc", { default: true }, "eu-west-1");
    expect(vpc.id).toMatch(ec2Id("vpc"));
    expect(vpc).toMatchObject({
      cidrBlock: "172.31.0.0/16", // AWS VPC User Guide, "Default VPCs"
      default: true,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      instanceTenancy: "default",
      ownerId: MOCK_ACCOUNT,
      state: "available",
      region: "eu-west-1",
      arn: `arn:aws:ec2:eu-west-1:${MOCK_ACCOUNT}:vpc/${String(vpc.id)}`,
    });
    expect(vpc.mainRouteTableId).toMatch(ec2Id("rtb"));
    expect(vpc.dhcpOptionsId).toMatch(ec2Id("dopt"));
    const other = await call("ec2", "getVpc", { default: true }, "eu-west-2");
    expect(other.id).not.toBe(vpc.id);
  });

  test("the Output form answers the same, and a per-call region overrides the provider's", async () => {
    const promised = await call("ec2", "getVpc", { default: true }, "us-east-2");
    const { value } = await output(() => aws.ec2.getVpcOutput({ default: true, region: "us-east-2" }), "us-west-2");
    expect(value.id).toBe(promised.id);
    expect(value.arn).toMatch(/^arn:aws:ec2:us-east-2:/);
  });

  test("a VPC found by tags is not the default, carries the tags, and getVpcs finds the same id", async () => {
    const vpc = await call("ec2", "getVpc", { tags: { Name: "main" } });
    const vpcs = await call("ec2", "getVpcs", { tags: { Name: "main" } });
    expect(vpc.default).toBe(false);
    expect(vpc.tags).toEqual({ Name: "main" });
    expect(vpc.cidrBlock).toMatch(/^10\.\d+\.0\.0\/16$/);
    expect(vpcs.ids).toEqual([vpc.id]);
  });

  test("getSubnets on the default VPC: one default /20 subnet per AZ of the region", async () => {
    const vpc = await call("ec2", "getVpc", { default: true }, "us-west-1");
    const found = await call("ec2", "getSubnets", { filters: [{ name: "vpc-id", values: [vpc.id] }] }, "us-west-1");
    const ids = found.ids as string[];
    expect(ids).toHaveLength(2); // us-west-1 offers two AZs to new accounts
    for (const id of ids) expect(id).toMatch(ec2Id("subnet"));
    const subnets = await Promise.all(ids.map((id) => call("ec2", "getSubnet", { id }, "us-west-1")));
    expect(subnets.map((s) => s.availabilityZone)).toEqual(["us-west-1a", "us-west-1c"]);
    expect(subnets.map((s) => s.cidrBlock)).toEqual(["172.31.0.0/20", "172.31.16.0/20"]);
    for (const s of subnets) {
      expect(s).toMatchObject({ vpcId: vpc.id, defaultForAz: true, mapPublicIpOnLaunch: true, state: "available", ownerId: MOCK_ACCOUNT });
      // AWS reserves five addresses of every subnet (VPC User Guide, "Subnet CIDR blocks").
      expect(s.availableIpAddressCount).toBe(4096 - 5);
    }
  });

  test("subnets found by tags in a VPC are per AZ, inside the VPC, tagged, and private unless tagged public", async () => {
    // One program, as users write it: the lookups of one plan describe one account.
    let got: Record<string, Result> = {};
    await record(async () => {
      const vpc = await fn("ec2", "getVpc")({ tags: { Name: "app" } });
      const privateIds = (await fn("ec2", "getSubnets")({ filters: [{ name: "vpc-id", values: [vpc.id] }], tags: { "kubernetes.io/role/internal-elb": "1" } })).ids as string[];
      const publicIds = (await fn("ec2", "getSubnets")({ filters: [{ name: "vpc-id", values: [vpc.id] }], tags: { "kubernetes.io/role/elb": "1" } })).ids as string[];
      got = { vpc, ids: { privateIds, publicIds }, priv: await fn("ec2", "getSubnet")({ id: privateIds[0] }), pub: await fn("ec2", "getSubnet")({ id: publicIds[0] }) };
    }, { config: { "aws:region": "us-east-2" } });
    const { vpc, priv, pub } = got as Record<string, Result>;
    const { privateIds, publicIds } = got.ids as unknown as { privateIds: string[]; publicIds: string[] };
    expect(privateIds).toHaveLength(3);
    expect(publicIds).toHaveLength(3);
    expect(publicIds.filter((id) => privateIds.includes(id))).toEqual([]);
    const prefix = String(vpc!.cidrBlock).split(".").slice(0, 2).join(".");
    expect(String(priv!.cidrBlock).startsWith(`${prefix}.`)).toBe(true);
    expect(priv).toMatchObject({ vpcId: vpc!.id, mapPublicIpOnLaunch: false, defaultForAz: false, tags: { "kubernetes.io/role/internal-elb": "1" } });
    expect(pub!.mapPublicIpOnLaunch).toBe(true);
    expect(priv!.cidrBlock).not.toBe(pub!.cidrBlock);
  });

  test("what one plan's lookups described does not leak into the next plan", async () => {
    const vpc = await call("ec2", "getVpc", { tags: { Name: "app" } }, "us-east-2");
    const ids = (await call("ec2", "getSubnets", { filters: [{ name: "vpc-id", values: [vpc.id] }], tags: { Tier: "private" } }, "us-east-2")).ids as string[];
    const later = await call("ec2", "getSubnet", { id: ids[0] }, "us-east-2");
    expect(later.tags).toEqual({});
  });

  test("the default VPC's subnets carry no tags, so a tag query there finds none", async () => {
    const found = await call("ec2", "getSubnets", { filters: [{ name: "default-for-az", values: ["true"] }], tags: { Tier: "private" } });
    expect(found.ids).toEqual([]);
    await expect(call("ec2", "getSubnet", { defaultForAz: true, tags: { Tier: "private" } })).rejects.toThrow(/matches no subnet.*paved\.mocks\.json/s);
  });

  test("lookups are deterministic across plans", async () => {
    const a = await call("ec2", "getSubnets", { filters: [{ name: "default-for-az", values: ["true"] }] }, "ap-southeast-2");
    const b = await call("ec2", "getSubnets", { filters: [{ name: "default-for-az", values: ["true"] }] }, "ap-southeast-2");
    expect(a).toEqual(b);
  });

  test("a default subnet routes to the VPC's internet gateway through the main route table", async () => {
    const vpc = await call("ec2", "getVpc", { default: true });
    const [subnetId] = (await call("ec2", "getSubnets", { filters: [{ name: "vpc-id", values: [vpc.id] }] })).ids as string[];
    const table = await call("ec2", "getRouteTable", { subnetId });
    const igw = await call("ec2", "getInternetGateway", { filters: [{ name: "attachment.vpc-id", values: [vpc.id] }] });
    expect(table.id).toBe(vpc.mainRouteTableId);
    expect(table.routeTableId).toBe(table.id);
    expect(igw.id).toMatch(ec2Id("igw"));
    expect(igw.attachments).toEqual([{ state: "available", vpcId: vpc.id }]);
    expect(table.routes).toEqual([expect.objectContaining({ cidrBlock: "0.0.0.0/0", gatewayId: igw.id, natGatewayId: "" })]);
    expect((table.associations as Result[])[0]).toMatchObject({ main: true, routeTableId: table.id });
    const tables = await call("ec2", "getRouteTables", { vpcId: vpc.id });
    expect(tables.ids).toEqual([table.id]);
  });

  test("every VPC has a security group named default", async () => {
    const vpc = await call("ec2", "getVpc", { default: true });
    const sg = await call("ec2", "getSecurityGroup", { name: "default", vpcId: vpc.id });
    expect(sg.id).toMatch(ec2Id("sg"));
    expect(sg).toMatchObject({ name: "default", description: "default VPC security group", vpcId: vpc.id,
      arn: `arn:aws:ec2:us-east-1:${MOCK_ACCOUNT}:security-group/${String(sg.id)}` });
    const groups = await call("ec2", "getSecurityGroups", { filters: [{ name: "group-name", values: ["default"] }, { name: "vpc-id", values: [vpc.id] }] });
    expect(groups).toMatchObject({ ids: [sg.id], arns: [sg.arn], vpcIds: [vpc.id] });
  });
});

describe("endpoints, prefix lists, images and instance types", () => {
  test("S3 is a gateway endpoint service named com.amazonaws.<region>.s3", async () => {
    const svc = await call("ec2", "getVpcEndpointService", { service: "s3", serviceType: "Gateway" }, "eu-west-1");
    expect(svc).toMatchObject({ serviceName: "com.amazonaws.eu-west-1.s3", serviceType: "Gateway", owner: "amazon", privateDnsName: "" });
    expect(svc.serviceId).toMatch(ec2Id("vpce-svc"));
    expect(svc.availabilityZones).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
    const ecr = await call("ec2", "getVpcEndpointService", { service: "ecr.api" }, "eu-west-1");
    expect(ecr).toMatchObject({ serviceName: "com.amazonaws.eu-west-1.ecr.api", serviceType: "Interface", privateDnsName: "ecr.api.eu-west-1.amazonaws.com" });
  });

  test("AWS-managed prefix lists have pl- and 8 hex digits, are owned by AWS, and differ per region", async () => {
    const s3 = await call("ec2", "getPrefixList", { name: "com.amazonaws.us-east-1.s3" });
    const managed = await call("ec2", "getManagedPrefixList", { name: "com.amazonaws.us-east-1.s3" });
    expect(s3.id).toMatch(/^pl-[0-9a-f]{8}$/);
    expect(managed).toMatchObject({ id: s3.id, ownerId: "AWS", addressFamily: "IPv4", arn: `arn:aws:ec2:us-east-1:aws:prefix-list/${String(s3.id)}` });
    const west = await call("ec2", "getPrefixList", { name: "com.amazonaws.us-west-2.s3" }, "us-west-2");
    expect(west.id).not.toBe(s3.id);
    await expect(call("ec2", "getPrefixList", { prefixListId: "pl-63a5400a" })).rejects.toThrow(/pl-63a5400a.*paved\.mocks\.json/s);
  });

  test("an AMI lookup answers a concrete image matching the filter, owned by Amazon", async () => {
    const ami = await call("ec2", "getAmi", { owners: ["amazon"], mostRecent: true, filters: [{ name: "name", values: ["al2023-ami-2023.*-arm64"] }] });
    expect(ami.id).toMatch(ec2Id("ami"));
    expect(ami.imageId).toBe(ami.id);
    expect(String(ami.name)).toMatch(/^al2023-ami-2023\.[^*]+-arm64$/);
    expect(ami).toMatchObject({ architecture: "arm64", imageOwnerAlias: "amazon", state: "available", rootDeviceType: "ebs", virtualizationType: "hvm" });
    const ids = await call("ec2", "getAmiIds", { owners: ["self"], filters: [{ name: "name", values: ["app-*"] }] });
    expect(ids.ids).toHaveLength(3);
    for (const id of ids.ids as string[]) expect(id).toMatch(ec2Id("ami"));
  });

  test.each([
    ["t4g.micro", "arm64"], ["m7g.large", "arm64"], ["c7g.xlarge", "arm64"], ["r7g.2xlarge", "arm64"], ["c6gn.large", "arm64"],
    ["m5.large", "x86_64"], ["c6i.xlarge", "x86_64"], ["t3.micro", "x86_64"], ["g5.xlarge", "x86_64"], ["m7a.large", "x86_64"],
  ])("%s runs %s (Graviton types carry the g attribute)", async (instanceType, arch) => {
    const t = await call("ec2", "getInstanceType", { instanceType });
    expect(t.supportedArchitectures).toEqual([arch]);
    expect(t.instanceType).toBe(instanceType);
  });

  test("sizes have their vCPU and memory: m5.large 2 vCPU 8 GiB, t3.micro 2 vCPU 1 GiB, burstable", async () => {
    // AWS EC2 instance type pages (general purpose M5, burstable T3).
    expect(await call("ec2", "getInstanceType", { instanceType: "m5.large" })).toMatchObject({ defaultVcpus: 2, memorySize: 8192, burstablePerformanceSupported: false });
    expect(await call("ec2", "getInstanceType", { instanceType: "t3.micro" })).toMatchObject({ defaultVcpus: 2, memorySize: 1024, burstablePerformanceSupported: true });
  });
});

describe("Route 53, ACM, KMS", () => {
  test("getZone by name: the provider's name has no trailing dot; the id is a Route 53 zone id", async () => {
    const zone = await call("route53", "getZone", { name: "Example.com." });
    expect(zone.name).toBe("example.com");
    expect(zone.id).toMatch(ROUTE53_ZONE_ID);
    expect(String(zone.id).length).toBeLessThanOrEqual(32);
    expect(zone.zoneId).toBe(zone.id);
    expect(zone.arn).toBe(`arn:aws:route53:::hostedzone/${String(zone.id)}`);
    const servers = zone.nameServers as string[];
    expect(servers.map((s) => s.replace(/^ns-\d+\.awsdns-\d{2}\./, ""))).toEqual(["com", "net", "org", "co.uk"]);
    expect(zone.primaryNameServer).toBe(servers[0]);
    const priv = await call("route53", "getZone", { name: "internal.example", privateZone: true });
    expect(priv.privateZone).toBe(true);
    expect(priv.id).not.toBe(zone.id);
  });

  test("getZone by id alone cannot know the domain name and says how to supply it", async () => {
    await expect(call("route53", "getZone", { zoneId: "Z0123456789ABCDEFGHIJ" })).rejects.toThrow(/Z0123456789ABCDEFGHIJ.*paved\.mocks\.json.*aws:route53\/getZone:getZone/s);
  });

  test("getCertificate answers an issued certificate ARN in the region", async () => {
    const cert = await call("acm", "getCertificate", { domain: "*.example.com", statuses: ["ISSUED"] }, "eu-central-1");
    expect(cert.arn).toMatch(ACM_ARN);
    expect(String(cert.arn)).toMatch(new RegExp(`^arn:aws:acm:eu-central-1:${MOCK_ACCOUNT}:certificate/[0-9a-f-]{36}$`));
    expect(cert).toMatchObject({ domain: "*.example.com", status: "ISSUED", id: cert.arn });
  });

  test("an alias and the key it names agree; aws/ aliases name AWS managed keys", async () => {
    const key = await call("kms", "getKey", { keyId: "alias/aws/s3" });
    const alias = await call("kms", "getAlias", { name: "alias/aws/s3" });
    expect(key.keyId).toMatch(UUID);
    expect(key).toMatchObject({ keyManager: "AWS", keyState: "Enabled", keyUsage: "ENCRYPT_DECRYPT", awsAccountId: MOCK_ACCOUNT,
      arn: `arn:aws:kms:us-east-1:${MOCK_ACCOUNT}:key/${String(key.keyId)}` });
    expect(alias).toMatchObject({ targetKeyId: key.keyId, targetKeyArn: key.arn, arn: `arn:aws:kms:us-east-1:${MOCK_ACCOUNT}:alias/aws/s3` });
    const own = await call("kms", "getKey", { keyId: "alias/app" });
    expect(own.keyManager).toBe("CUSTOMER");
    const byId = await call("kms", "getKey", { keyId: "1234abcd-12ab-34cd-56ef-1234567890ab" });
    expect(byId.id).toBe("1234abcd-12ab-34cd-56ef-1234567890ab");
  });
});

describe("aws.iam.getPolicyDocument renders the provider's JSON", () => {
  const doc = async (args: Record<string, unknown>): Promise<Result> => call("iam", "getPolicyDocument", args);
  const statement = (sid: string | undefined, actions: string[], resources: string[], effect?: string): Record<string, unknown> =>
    ({ ...(sid !== undefined && { sid }), ...(effect !== undefined && { effect }), actions, resources });

  test("the basic example: reverse-sorted actions, one resource as a string, &{} variables", async () => {
    const d = await doc({ statements: [
      statement("1", ["s3:ListAllMyBuckets", "s3:GetBucketLocation"], ["arn:aws:s3:::*"]),
      { actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::b"],
        conditions: [{ test: "StringLike", variable: "s3:prefix", values: ["", "home/", "home/&{aws:username}/"] }] },
      { actions: ["s3:*"], resources: ["arn:aws:s3:::b/home/&{aws:username}", "arn:aws:s3:::b/home/&{aws:username}/*"] },
    ] });
    expect(d.json).toBe(`{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "1",
      "Effect": "Allow",
      "Action": [
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation"
      ],
      "Resource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::b",
      "Condition": {
        "StringLike": {
          "s3:prefix": [
            "",
            "home/",
            "home/\${aws:username}/"
          ]
        }
      }
    },
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::b/home/\${aws:username}/*",
        "arn:aws:s3:::b/home/\${aws:username}"
      ]
    }
  ]
}`);
    expect(d.minifiedJson).toBe(JSON.stringify(JSON.parse(String(d.json))));
    // The provider's id is the hash code (CRC-32) of the indented JSON.
    expect(d.id).toBe(String(crc32(String(d.json))));
  });

  test("multiple condition keys under one operator, single values as strings", async () => {
    const d = await doc({ statements: [{
      actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: ["*"],
      conditions: [
        { test: "ForAnyValue:StringEquals", variable: "kms:EncryptionContext:service", values: ["pi"] },
        { test: "ForAnyValue:StringEquals", variable: "kms:EncryptionContext:aws:pi:service", values: ["rds"] },
      ],
    }] });
    // The Terraform documentation's rendering of this example, without the empty Sid (omitted since provider v5).
    expect(JSON.parse(String(d.json))).toEqual({ Version: "2012-10-17", Statement: [{
      Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: "*",
      Condition: { "ForAnyValue:StringEquals": { "kms:EncryptionContext:aws:pi:service": "rds", "kms:EncryptionContext:service": "pi" } },
    }] });
  });

  test("principals: type to identifiers, {\"*\": [\"*\"]} as \"*\", {\"AWS\": [\"*\"]} kept", async () => {
    const d = await doc({ statements: [
      { actions: ["sts:AssumeRole"], principals: [
        { type: "Service", identifiers: ["firehose.amazonaws.com"] },
        { type: "Federated", identifiers: ["cognito-identity.amazonaws.com", "arn:aws:iam::111122223333:saml-provider/corp"] },
      ] },
      { actions: ["s3:GetObject"], resources: ["*"], principals: [{ type: "*", identifiers: ["*"] }] },
      { actions: ["s3:GetObject"], resources: ["*"], principals: [{ type: "AWS", identifiers: ["*"] }], notPrincipals: [{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:root"] }] },
    ] });
    const s = (JSON.parse(String(d.json)) as { Statement: Result[] }).Statement;
    expect(s[0]!.Principal).toEqual({ Federated: ["cognito-identity.amazonaws.com", "arn:aws:iam::111122223333:saml-provider/corp"], Service: "firehose.amazonaws.com" });
    expect(s[0]!.Resource).toBeUndefined();
    expect(s[1]!.Principal).toBe("*");
    expect(s[2]!.Principal).toEqual({ AWS: "*" });
    expect(s[2]!.NotPrincipal).toEqual({ AWS: "arn:aws:iam::111122223333:root" });
    expect(String(d.json)).toContain(`"Principal": {\n        "Federated": [`);
  });

  test("source documents merge first; a statement with the same Sid replaces theirs", async () => {
    const source = await doc({ statements: [statement(undefined, ["ec2:*"], ["*"]), statement("SidToOverride", ["s3:*"], ["*"])] });
    const d = await doc({ sourcePolicyDocuments: [source.json], statements: [statement("SidToOverride", ["s3:*"], ["arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"])] });
    expect(d.json).toBe(`{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:*",
      "Resource": "*"
    },
    {
      "Sid": "SidToOverride",
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::somebucket/*",
        "arn:aws:s3:::somebucket"
      ]
    }
  ]
}`);
  });

  test("override documents win over statements with the same Sid", async () => {
    const override = await doc({ statements: [statement("SidToOverride", ["s3:*"], ["*"])] });
    const d = await doc({ overridePolicyDocuments: [override.json], statements: [
      statement(undefined, ["ec2:*"], ["*"]), statement("SidToOverride", ["s3:*"], ["arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"]),
    ] });
    expect(JSON.parse(String(d.json))).toEqual({ Version: "2012-10-17", Statement: [
      { Effect: "Allow", Action: "ec2:*", Resource: "*" },
      { Sid: "SidToOverride", Effect: "Allow", Action: "s3:*", Resource: "*" },
    ] });
  });

  test("source and override documents alone; several sources keep their order", async () => {
    const source = await doc({ statements: [statement("OverridePlaceholder", ["ec2:DescribeAccountAttributes"], ["*"])] });
    const override = await doc({ statements: [statement("OverridePlaceholder", ["s3:GetObject"], ["*"])] });
    const politik = await doc({ sourcePolicyDocuments: [source.json], overridePolicyDocuments: [override.json] });
    expect(JSON.parse(String(politik.json))).toEqual({ Version: "2012-10-17", Statement: [{ Sid: "OverridePlaceholder", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });

    const one = await doc({ statements: [statement(undefined, ["ec2:*"], ["*"]), statement("UniqueSidOne", ["s3:*"], ["*"])] });
    const two = await doc({ statements: [statement("UniqueSidTwo", ["iam:*"], ["*"]), statement(undefined, ["lambda:*"], ["*"])] });
    const combined = await doc({ sourcePolicyDocuments: [one.json, two.json] });
    expect((JSON.parse(String(combined.json)) as { Statement: Result[] }).Statement.map((s) => [s.Sid, s.Action]))
      .toEqual([[undefined, "ec2:*"], ["UniqueSidOne", "s3:*"], ["UniqueSidTwo", "iam:*"], [undefined, "lambda:*"]]);
  });

  test("override documents apply in order; the last with a Sid wins", async () => {
    const p1 = await doc({ statements: [statement("OverridePlaceHolderOne", ["s3:*"], ["*"], "Allow")] });
    const p2 = await doc({ statements: [statement(undefined, ["ec2:*"], ["*"], "Allow"), statement("OverridePlaceHolderTwo", ["iam:*"], ["*"], "Allow")] });
    const p3 = await doc({ statements: [statement("OverridePlaceHolderOne", ["logs:*"], ["*"], "Deny")] });
    const d = await doc({ statements: [statement("OverridePlaceHolderTwo", ["*"], ["*"], "Deny")], overridePolicyDocuments: [p1.json, p2.json, p3.json] });
    expect((JSON.parse(String(d.json)) as { Statement: Result[] }).Statement).toEqual([
      { Sid: "OverridePlaceHolderTwo", Effect: "Allow", Action: "iam:*", Resource: "*" },
      { Sid: "OverridePlaceHolderOne", Effect: "Deny", Action: "logs:*", Resource: "*" },
      { Effect: "Allow", Action: "ec2:*", Resource: "*" },
    ]);
  });

  test("Go's encoder escapes <, > and & in the JSON text", async () => {
    const d = await doc({ statements: [{ actions: ["s3:GetObject"], resources: ["*"], conditions: [{ test: "StringEquals", variable: "aws:UserAgent", values: ["a&b<c>"] }] }] });
    expect(String(d.minifiedJson)).toContain('"aws:UserAgent":"a\\u0026b\\u003cc\\u003e"');
    expect((JSON.parse(String(d.json)) as { Statement: Result[] }).Statement[0]!.Condition).toEqual({ StringEquals: { "aws:UserAgent": "a&b<c>" } });
  });

  test("the provider's validation errors: duplicate Sids, bad effect", async () => {
    const a = await doc({ statements: [statement("Same", ["s3:*"], ["*"])] });
    await expect(doc({ sourcePolicyDocuments: [a.json, a.json] })).rejects.toThrow(/duplicate Sid \(Same\)/);
    await expect(doc({ statements: [statement("X", ["s3:*"], ["*"]), statement("X", ["ec2:*"], ["*"])] })).rejects.toThrow(/duplicate Sid \(X\)/);
    await expect(doc({ statements: [statement(undefined, ["s3:*"], ["*"], "allow")] })).rejects.toThrow(/Allow or Deny/);
  });

  test("the Output form renders the same document", async () => {
    const args = { statements: [{ actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:us-east-1:111122223333:q"] }] };
    const { value } = await output(() => aws.iam.getPolicyDocumentOutput(args));
    expect(value.json).toBe((await doc(args)).json);
  });
});

describe("IAM lookups", () => {
  test("AWS managed policies by name: ARN in the aws account, path per the policy, partition-aware", async () => {
    const eks = await call("iam", "getPolicy", { name: "AmazonEKSClusterPolicy" });
    expect(eks).toMatchObject({ arn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy", name: "AmazonEKSClusterPolicy", path: "/" });
    const lambda = await call("iam", "getPolicy", { name: "AWSLambdaBasicExecutionRole" }, "us-gov-west-1");
    expect(lambda).toMatchObject({ arn: "arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", path: "/service-role/" });
    for (const p of [eks, lambda]) {
      expect(p.path).toMatch(IAM_POLICY_PATH);
      expect(p.policyId).toMatch(IAM_ID);
      expect(String(p.policyId).startsWith("ANPA")).toBe(true); // IAM User Guide, unique id prefixes
    }
    // AWS Managed Policy Reference Guide, AmazonEBSCSIDriverPolicy: "ARN: arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy".
    expect((await call("iam", "getPolicy", { name: "AmazonEBSCSIDriverPolicy" })).arn).toBe("arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy");
    const byArn = await call("iam", "getPolicy", { arn: "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess" });
    expect(byArn).toMatchObject({ name: "ViewOnlyAccess", path: "/job-function/" });
    const own = await call("iam", "getPolicy", { name: "team-boundary" });
    expect(own.arn).toBe(`arn:aws:iam::${MOCK_ACCOUNT}:policy/team-boundary`);
  });

  test("getRole: role ARN in the account, an AROA unique id, IAM's one-hour default session", async () => {
    const role = await call("iam", "getRole", { name: "deployer" });
    expect(role).toMatchObject({ arn: `arn:aws:iam::${MOCK_ACCOUNT}:role/deployer`, name: "deployer", path: "/", maxSessionDuration: 3600 });
    expect(role.uniqueId).toMatch(IAM_ID);
    expect(String(role.uniqueId).startsWith("AROA")).toBe(true);
  });

  test("the offline caller's session resolves to its role", async () => {
    const me = await call("index", "getCallerIdentity", {});
    const ctx = await call("iam", "getSessionContext", { arn: me.arn });
    expect(ctx).toMatchObject({ issuerArn: `arn:aws:iam::${MOCK_ACCOUNT}:role/paved-plan`, issuerName: "paved-plan", sessionName: "offline" });
    expect(String(me.userId).startsWith(`${String(ctx.issuerId)}:`)).toBe(true);
    const user = await call("iam", "getSessionContext", { arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/alice` });
    expect(user).toMatchObject({ issuerArn: `arn:aws:iam::${MOCK_ACCOUNT}:user/alice`, sessionName: "" });
  });
});

describe("EKS", () => {
  test("add-on versions follow the EKS User Guide's tables, shaped vX.Y.Z-eksbuild.N", async () => {
    // EKS User Guide version tables (see src/plan/invokes/eks-addon-versions.ts).
    expect((await call("eks", "getAddonVersion", { addonName: "vpc-cni", kubernetesVersion: "1.31" })).version).toBe("v1.20.1-eksbuild.3");
    expect((await call("eks", "getAddonVersion", { addonName: "coredns", kubernetesVersion: "1.33" })).version).toBe("v1.12.4-eksbuild.1");
    const proxy = await call("eks", "getAddonVersion", { addonName: "kube-proxy", kubernetesVersion: "1.31", mostRecent: true });
    expect(proxy.version).toMatch(/^v1\.31\.\d+-eksbuild\.\d+$/); // kube-proxy tracks the cluster's minor version
    expect(proxy).toMatchObject({ addonName: "kube-proxy", kubernetesVersion: "1.31", id: "kube-proxy" });
    await expect(call("eks", "getAddonVersion", { addonName: "my-addon", kubernetesVersion: "1.31" })).rejects.toThrow(/my-addon.*paved\.mocks\.json/s);
  });

  test("getCluster: ARN, API endpoint and OIDC issuer share the cluster's code", async () => {
    const c = await call("eks", "getCluster", { name: "prod" }, "us-west-2");
    expect(c.name).toMatch(EKS_CLUSTER_NAME);
    expect(c.arn).toBe(`arn:aws:eks:us-west-2:${MOCK_ACCOUNT}:cluster/prod`);
    const code = /^https:\/\/([0-9A-F]{32})\.gr7\.us-west-2\.eks\.amazonaws\.com$/.exec(String(c.endpoint))?.[1];
    expect(code).toBeDefined();
    expect(c.identities).toEqual([{ oidcs: [{ issuer: `https://oidc.eks.us-west-2.amazonaws.com/id/${code}` }] }]);
    const ca = Buffer.from(String((c.certificateAuthorities as Result[])[0]!.data), "base64").toString("utf8");
    expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=]+\n-----END CERTIFICATE-----\n$/);
    // EKS API model defaults: public endpoint on, open to 0.0.0.0/0.
    expect(c.vpcConfig).toMatchObject({ endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] });
    expect((c.vpcConfig as Result).clusterSecurityGroupId).toMatch(ec2Id("sg"));
    expect(c.status).toBe("ACTIVE");
  });

  test("getClusterAuth's token is an aws-iam-authenticator token and a secret", async () => {
    const { value, secret } = await output(() => aws.eks.getClusterAuthOutput({ name: "prod" }));
    expect(secret).toBe(true);
    expect(value.token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    const url = Buffer.from(value.token.slice("k8s-aws-v1.".length), "base64url").toString("utf8");
    expect(url).toMatch(/^https:\/\/sts\.us-east-1\.amazonaws\.com\/\?Action=GetCallerIdentity&Version=2011-06-15&/);
  });
});

describe("SSM public parameters, secrets, buckets, repositories", () => {
  const param = async (name: string, region = "us-east-1"): Promise<Result> => call("ssm", "getParameter", { name }, region);

  test("latest-AMI parameters answer an AMI id; the same name gives the same id", async () => {
    const al = await param("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
    expect(al.value).toMatch(ec2Id("ami"));
    expect(al).toMatchObject({ type: "String", arn: "arn:aws:ssm:us-east-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64" });
    expect((await param("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")).value).toBe(al.value);
    expect((await param("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64", "eu-west-1")).value).not.toBe(al.value);
  });

  test("EKS optimized AMI parameters: image_id, and the recommended JSON that names the same image", async () => {
    const base = "/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended";
    const id = await param(`${base}/image_id`);
    const release = await param(`${base}/release_version`);
    const whole = JSON.parse(String((await param(base)).value)) as Result;
    expect(id.value).toMatch(ec2Id("ami"));
    expect(release.value).toMatch(/^1\.31\.\d+-2025\d{4}$/);
    expect(whole).toMatchObject({ image_id: id.value, release_version: release.value });
    expect(String(whole.image_name)).toMatch(/^amazon-eks-node-al2023-x86_64-standard-1\.31-v2025\d{4}$/);
    expect((await param("/aws/service/bottlerocket/aws-k8s-1.31/arm64/latest/image_id")).value).toMatch(ec2Id("ami"));
    expect((await param("/aws/service/bottlerocket/aws-k8s-1.31/arm64/latest/image_version")).value).toMatch(/^\d+\.\d+\.\d+-[0-9a-f]{8}$/);
  });

  test("the global-infrastructure catalogue names regions as the AWS SDKs do", async () => {
    expect((await param("/aws/service/global-infrastructure/regions/us-east-1/longName")).value).toBe("US East (N. Virginia)");
    expect((await param("/aws/service/global-infrastructure/regions/cn-north-1/partition")).value).toBe("aws-cn");
  });

  test("a non-public parameter, or a public one Paved does not model, fails with the mocks-file hint", async () => {
    await expect(param("/app/db/password")).rejects.toThrow(/"\/app\/db\/password" is not public.*paved\.mocks\.json.*"aws:ssm\/getParameter:getParameter"/s);
    await expect(param("/aws/service/something/else")).rejects.toThrow(/not one whose value Paved models.*paved\.mocks\.json/s);
  });

  test("getSecret answers metadata: an ARN with the six-character suffix, never a value", async () => {
    const s = await call("secretsmanager", "getSecret", { name: "db/password" }, "eu-west-1");
    // Secrets Manager API model: the ARN is the name followed by six random characters.
    expect(s.arn).toMatch(new RegExp(`^arn:aws:secretsmanager:eu-west-1:${MOCK_ACCOUNT}:secret:db/password-[A-Za-z0-9]{6}$`));
    expect(s).toMatchObject({ name: "db/password", id: s.arn, kmsKeyId: "" });
    expect(Object.keys(s)).not.toContain("secretString");
    const byArn = await call("secretsmanager", "getSecret", { arn: s.arn }, "eu-west-1");
    expect(byArn.name).toBe("db/password");
  });

  test("getBucket answers the bucket's ARN, regional name and the region's S3 website zone", async () => {
    const b = await call("s3", "getBucket", { bucket: "my-logs" });
    // S3 website endpoint zone of us-east-1 (AWS General Reference, "Amazon S3 endpoints").
    expect(b).toMatchObject({ arn: "arn:aws:s3:::my-logs", bucketRegionalDomainName: "my-logs.s3.us-east-1.amazonaws.com", hostedZoneId: "Z3AQBSTGFYJSTF" });
  });

  test("getRepository: registry is the account, URL per partition, ECR's defaults", async () => {
    const r = await call("ecr", "getRepository", { name: "web" });
    expect(r.registryId).toMatch(ECR_REGISTRY_ID);
    expect(r).toMatchObject({ repositoryUrl: `${MOCK_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/web`, imageTagMutability: "MUTABLE",
      arn: `arn:aws:ecr:us-east-1:${MOCK_ACCOUNT}:repository/web` });
    const cn = await call("ecr", "getRepository", { name: "web" }, "cn-north-1");
    expect(cn.repositoryUrl).toBe(`${MOCK_ACCOUNT}.dkr.ecr.cn-north-1.amazonaws.com.cn/web`);
    expect(cn.arn).toBe(`arn:aws-cn:ecr:cn-north-1:${MOCK_ACCOUNT}:repository/web`);
  });

  test("a CloudFormation export's value cannot be known offline", async () => {
    await expect(call("cloudformation", "getExport", { name: "shared-vpc-id" })).rejects.toThrow(/shared-vpc-id.*paved\.mocks\.json.*aws:cloudformation\/getExport:getExport/s);
  });
});

describe("Elastic Load Balancing facts", () => {
  test("hosted zones per region and type (AWS General Reference, ELB endpoints)", async () => {
    expect((await call("elb", "getHostedZoneId", {}, "us-east-1")).id).toBe("Z35SXDOTRQ7X7K");
    expect((await call("lb", "getHostedZoneId", {}, "eu-west-1")).id).toBe("Z32O12XQLNTSW2");
    expect((await call("lb", "getHostedZoneId", { loadBalancerType: "network" }, "us-west-2")).id).toBe("Z18D5FSROUN65G");
  });

  test("the log-delivery account per region (ELB User Guide, access logs), partition-aware; later regions have none", async () => {
    expect(await call("elb", "getServiceAccount", {}, "us-east-1")).toMatchObject({ id: "127311923021", arn: "arn:aws:iam::127311923021:root" });
    expect(await call("elb", "getServiceAccount", {}, "eu-west-1")).toMatchObject({ id: "156460612806" });
    expect(await call("elb", "getServiceAccount", {}, "cn-north-1")).toMatchObject({ arn: "arn:aws-cn:iam::638102146993:root" });
    await expect(call("elb", "getServiceAccount", {}, "eu-central-2")).rejects.toThrow(/unsupported AWS Region: eu-central-2/);
  });
});

describe("the provider's own context", () => {
  test("getRegions lists the partition's enabled regions; opt-in ones only with allRegions", async () => {
    const enabled = (await call("index", "getRegions", {})).names as string[];
    expect(enabled).toContain("us-east-1");
    expect(enabled).not.toContain("af-south-1");
    expect(enabled).not.toContain("cn-north-1");
    const all = (await call("index", "getRegions", { allRegions: true })).names as string[];
    expect(all).toContain("af-south-1");
    expect((await call("index", "getRegions", {}, "cn-north-1")).names).toEqual(["cn-north-1", "cn-northwest-1"]);
  });

  test("getRegion describes the region as the AWS SDKs do", async () => {
    expect(await call("index", "getRegion", {}, "eu-central-1")).toMatchObject({ region: "eu-central-1", description: "Europe (Frankfurt)", endpoint: "ec2.eu-central-1.amazonaws.com" });
  });

  test("getDefaultTags answers the stack's aws:defaultTags", async () => {
    const r = await call("index", "getDefaultTags", {}, "us-east-1", { "aws:defaultTags": { tags: { team: "platform" } } });
    expect(r.tags).toEqual({ team: "platform" });
    expect((await call("index", "getDefaultTags", {})).tags).toEqual({});
  });
});

describe("kubernetes:yaml:decode", () => {
  const decode = async (text: string): Promise<Result[]> => {
    let out: Result[] = [];
    await record(async () => {
      out = ((await pulumi.runtime.invoke("kubernetes:yaml:decode", { text })) as { result: Result[] }).result;
    });
    return out;
  };

  test("multi-document YAML: empty documents dropped, YAML 1.1 scalars, Lists returned whole", async () => {
    const objs = await decode(`---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  enabled: yes
  since: 2024-01-01
---
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Namespace
    metadata: { name: apps }
---
# a comment only
`);
    expect(objs).toEqual([
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings" }, data: { enabled: true, since: "2024-01-01" } },
      { apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "apps" } }] },
    ]);
  });

  test("a ConfigGroup registers every object, the SDK expanding List items", async () => {
    const plan = await record(() => new k8s.yaml.ConfigGroup("cg", { yaml: `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: a }
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: b }
---
apiVersion: v1
kind: Namespace
metadata: { name: apps }
` }));
    const names = plan.all().filter((r) => r.type.startsWith("kubernetes:core/v1:")).map((r) => `${r.type}/${r.name}`).sort();
    expect(names).toEqual(["kubernetes:core/v1:ConfigMap/a", "kubernetes:core/v1:ConfigMap/b", "kubernetes:core/v1:Namespace/apps"]);
  });

  test("YAML that is not objects fails with the document's position", async () => {
    await expect(decode("apiVersion: v1\nkind: ConfigMap\n---\n- just\n- a list\n")).rejects.toThrow(/document 2 is not a Kubernetes object/);
  });
});
