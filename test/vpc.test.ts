import { Vpc, type VpcArgs } from "../components/vpc";
import { ArgError } from "../src/errors";
import { record, type Plan } from "../src/testing";

const T = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  route: "aws:ec2/route:Route",
  rt: "aws:ec2/routeTable:RouteTable",
  nat: "aws:ec2/natGateway:NatGateway",
  eip: "aws:ec2/eip:Eip",
  instance: "aws:ec2/instance:Instance",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  key: "aws:kms/key:Key",
  flowLog: "aws:ec2/flowLog:FlowLog",
} as const;

const plans = new Map<string, Plan>();
async function planOf(args: VpcArgs, region = "eu-west-1"): Promise<Plan> {
  const key = JSON.stringify([args, region]);
  if (!plans.has(key)) plans.set(key, await record(() => new Vpc("net", args), { mode: "resolve", config: { "aws:region": region } }));
  return plans.get(key)!;
}
const names = (plan: Plan, type: string): string[] => plan.all(type).map((r) => r.name).sort();

describe("Vpc presets", () => {
  test("prod: three AZs of three tiers, a NAT gateway per AZ, all endpoints, protected state", async () => {
    const plan = await planOf({ environment: "prod" });
    expect(plan.one("paved:network:Vpc", "net").parent).toBe(plan.root!.urn);
    const vpc = plan.one(T.vpc, "net-vpc");
    expect(vpc.inputs).toMatchObject({ cidrBlock: "10.30.0.0/16", enableDnsHostnames: true, enableDnsSupport: true });
    expect(vpc.parent).toBe(plan.urnOf("net"));
    expect(names(plan, T.subnet)).toEqual([
      "net-isolated-1", "net-isolated-2", "net-isolated-3", "net-private-1", "net-private-2", "net-private-3",
      "net-public-1", "net-public-2", "net-public-3",
    ]);
    expect(plan.one(T.subnet, "net-private-2").inputs).toMatchObject({
      cidrBlock: "10.30.16.0/20", availabilityZone: "eu-west-1b", mapPublicIpOnLaunch: false, vpcId: vpc.id,
    });
    expect(names(plan, T.nat)).toEqual(["net-nat-1", "net-nat-2", "net-nat-3"]);
    expect(plan.one(T.nat, "net-nat-3").inputs.subnetId).toBe(plan.one(T.subnet, "net-public-3").id);
    expect(names(plan, T.endpoint)).toEqual([
      "net-dynamodb-endpoint", "net-ecr-api-endpoint", "net-ecr-dkr-endpoint", "net-logs-endpoint",
      "net-s3-endpoint", "net-secretsmanager-endpoint", "net-sts-endpoint",
    ]);
    for (const n of ["net-vpc", "net-private-1", "net-flow-logs-key", "net-flow-logs"]) {
      expect(plan.all().find((r) => r.name === n)?.options.protect).toBe(true);
    }
    expect(plan.one(T.logGroup, "net-flow-logs").inputs.retentionInDays).toBe(365);
  });

  test("staging: one NAT gateway that every private route table uses", async () => {
    const plan = await planOf({ environment: "staging" });
    const nat = plan.one(T.nat, "net-nat-1");
    expect(plan.all(T.nat)).toHaveLength(1);
    for (let i = 1; i <= 3; i++) {
      const route = plan.one(T.route, `net-private-${i}-nat-route`);
      expect(route.inputs).toMatchObject({ destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id, routeTableId: plan.one(T.rt, `net-private-${i}-rt`).id });
    }
    expect(plan.all().filter((r) => r.options.protect)).toEqual([]);
  });

  test("prod: each private route table egresses through the NAT gateway of its own AZ", async () => {
    const plan = await planOf({ environment: "prod" });
    for (let i = 1; i <= 3; i++) {
      expect(plan.one(T.route, `net-private-${i}-nat-route`).inputs.natGatewayId).toBe(plan.one(T.nat, `net-nat-${i}`).id);
    }
  });

  test("dev: two AZs, a hardened NAT instance, gateway endpoints only, 14-day flow logs", async () => {
    const plan = await planOf({ environment: "dev" });
    expect(plan.all(T.subnet)).toHaveLength(6);
    expect(plan.all(T.nat)).toHaveLength(0);
    const nat = plan.one(T.instance, "net-nat-instance");
    expect(nat.inputs).toMatchObject({
      instanceType: "t4g.nano",
      sourceDestCheck: false,
      associatePublicIpAddress: false,
      metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
      rootBlockDevice: { encrypted: true, volumeType: "gp3" },
      subnetId: plan.one(T.subnet, "net-public-1").id,
    });
    expect(nat.inputs.ami).toMatch(/^ami-[0-9a-f]{17}$/);
    expect(String(nat.inputs.userData)).toContain("-s 10.10.0.0/16 -j MASQUERADE");
    expect(plan.one(T.eip, "net-nat-eip").inputs.instance).toBe(nat.id);
    expect(plan.one(T.route, "net-private-2-nat-route").inputs.networkInterfaceId).toBe(nat.outputs.primaryNetworkInterfaceId);
    expect(names(plan, T.endpoint)).toEqual(["net-dynamodb-endpoint", "net-s3-endpoint"]);
    expect(plan.one(T.logGroup, "net-flow-logs").inputs.retentionInDays).toBe(14);
  });
});

describe("Vpc wiring", () => {
  test("isolated subnets have no route out; public ones default to the internet gateway", async () => {
    const plan = await planOf({ environment: "prod" });
    const isolatedRt = plan.one(T.rt, "net-isolated-rt");
    expect(plan.all(T.route).filter((r) => r.inputs.routeTableId === isolatedRt.id)).toEqual([]);
    expect(plan.one(T.route, "net-public-internet-route").inputs).toMatchObject({
      gatewayId: plan.one("aws:ec2/internetGateway:InternetGateway", "net-igw").id,
      routeTableId: plan.one(T.rt, "net-public-rt").id,
    });
    const assoc = plan.one("aws:ec2/routeTableAssociation:RouteTableAssociation", "net-isolated-2-rta");
    expect(assoc.inputs).toEqual({ subnetId: plan.one(T.subnet, "net-isolated-2").id, routeTableId: isolatedRt.id });
  });

  test("gateway endpoints serve the private and isolated route tables; interface endpoints sit in private subnets", async () => {
    const plan = await planOf({ environment: "prod" });
    const s3 = plan.one(T.endpoint, "net-s3-endpoint");
    expect(s3.inputs.serviceName).toBe("com.amazonaws.eu-west-1.s3");
    expect([...(s3.inputs.routeTableIds as string[])].sort()).toEqual(
      ["net-private-1-rt", "net-private-2-rt", "net-private-3-rt", "net-isolated-rt"].map((n) => plan.one(T.rt, n).id).sort());
    const ecr = plan.one(T.endpoint, "net-ecr-dkr-endpoint");
    expect(ecr.inputs).toMatchObject({ serviceName: "com.amazonaws.eu-west-1.ecr.dkr", vpcEndpointType: "Interface", privateDnsEnabled: true });
    expect(ecr.inputs.subnetIds).toEqual([1, 2, 3].map((i) => plan.one(T.subnet, `net-private-${i}`).id));
    expect(plan.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "net-endpoints-https").inputs)
      .toMatchObject({ fromPort: 443, toPort: 443, cidrIpv4: "10.30.0.0/16" });
  });

  test("flow logs: KMS key with rotation, encrypted group, a role scoped to that group", async () => {
    const plan = await planOf({ environment: "staging" });
    const key = plan.one(T.key, "net-flow-logs-key");
    expect(key.inputs.enableKeyRotation).toBe(true);
    const keyPolicy = JSON.parse(String(key.inputs.policy));
    expect(keyPolicy.Statement[1].Principal.Service).toBe("logs.eu-west-1.amazonaws.com");
    const group = plan.one(T.logGroup, "net-flow-logs");
    expect(group.inputs.kmsKeyId).toBe(key.outputs.arn);
    const write = JSON.parse(String(plan.one("aws:iam/rolePolicy:RolePolicy", "net-flow-logs-write").inputs.policy));
    expect(write.Statement[0].Resource).toEqual([group.outputs.arn, `${group.outputs.arn}:*`]);
    const trust = JSON.parse(String(plan.one("aws:iam/role:Role", "net-flow-logs-role").inputs.assumeRolePolicy));
    expect(trust.Statement[0].Condition.StringEquals["aws:SourceAccount"]).toBe("111122223333");
    expect(plan.one(T.flowLog, "net-flow-log").inputs).toMatchObject({
      trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: group.outputs.arn, vpcId: plan.one(T.vpc, "net-vpc").id,
    });
  });

  test("the default security group is stripped of every rule", async () => {
    const plan = await planOf({ environment: "dev" });
    const sg = plan.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "net-default-sg");
    expect(sg.inputs).toMatchObject({ ingress: [], egress: [] });
  });

  test("DB and cache subnet groups cover exactly the isolated subnets", async () => {
    const plan = await planOf({ environment: "prod" });
    const isolated = [1, 2, 3].map((i) => plan.one(T.subnet, `net-isolated-${i}`).id);
    expect(plan.one("aws:rds/subnetGroup:SubnetGroup", "net-db-subnets").inputs.subnetIds).toEqual(isolated);
    expect(plan.one("aws:elasticache/subnetGroup:SubnetGroup", "net-cache-subnets").inputs.subnetIds).toEqual(isolated);
  });

  test("every child carries the standard tags", async () => {
    const plan = await planOf({ environment: "prod", service: "network", tags: { owner: "team-a", "cost-center": "cc-1" } });
    const taggable = plan.all().filter((r) => r.custom && !["aws:ec2/route:Route", "aws:ec2/routeTableAssociation:RouteTableAssociation", "aws:iam/rolePolicy:RolePolicy"].includes(r.type));
    expect(taggable.length).toBeGreaterThan(30);
    for (const r of taggable) {
      expect({ urn: r.urn, tags: r.inputs.tags }).toMatchObject({
        tags: { environment: "prod", service: "network", owner: "team-a", "cost-center": "cc-1", Name: r.name },
      });
    }
  });
});

describe("Vpc args", () => {
  test("explicit args beat the preset", async () => {
    const plan = await planOf({
      environment: "prod", cidrBlock: "172.16.0.0/20", azCount: 2, nat: "single", protect: false,
      endpoints: { interface: false }, flowLogs: { retentionDays: 30, trafficType: "REJECT" },
    });
    expect(plan.one(T.vpc, "net-vpc").inputs.cidrBlock).toBe("172.16.0.0/20");
    expect(plan.all(T.subnet)).toHaveLength(6);
    expect(plan.all(T.nat)).toHaveLength(1);
    expect(names(plan, T.endpoint)).toEqual(["net-dynamodb-endpoint", "net-s3-endpoint"]);
    expect(plan.one(T.logGroup, "net-flow-logs").inputs.retentionInDays).toBe(30);
    expect(plan.one(T.flowLog, "net-flow-log").inputs.trafficType).toBe("REJECT");
    expect(plan.all().filter((r) => r.options.protect)).toEqual([]);
  });

  test("nat none: no NAT and no default route from private subnets", async () => {
    const plan = await planOf({ environment: "staging", nat: "none" });
    expect(plan.all(T.nat)).toEqual([]);
    expect(plan.all(T.route).map((r) => r.name)).toEqual(["net-public-internet-route"]);
  });

  test("explicit AZs are used in order", async () => {
    const plan = await planOf({ environment: "dev", availabilityZones: ["us-east-1d", "us-east-1f"] }, "us-east-1");
    expect(plan.one(T.subnet, "net-public-2").inputs.availabilityZone).toBe("us-east-1f");
  });

  test("flow logs can be turned off or use a caller's key", async () => {
    const off = await planOf({ environment: "dev", flowLogs: { enabled: false } });
    expect(off.all(T.flowLog)).toEqual([]);
    expect(off.all(T.key)).toEqual([]);
    const own = await planOf({ environment: "dev", flowLogs: { kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/own" } });
    expect(own.all(T.key)).toEqual([]);
    expect(own.one(T.logGroup, "net-flow-logs").inputs.kmsKeyId).toBe("arn:aws:kms:eu-west-1:111122223333:key/own");
  });

  test("transforms change a child after the defaults, before creation", async () => {
    const plan = await record(() => new Vpc("net", {
      environment: "dev",
      transform: {
        vpc: (a) => { a.instanceTenancy = "default"; },
        publicSubnet: (a, o) => { a.assignIpv6AddressOnCreation = false; o.ignoreChanges = ["tags"]; },
        isolatedSubnet: (a) => { a.tags = { tier: "data" }; },
      },
    }));
    expect(plan.one(T.vpc, "net-vpc").inputs.instanceTenancy).toBe("default");
    // Each tier has its own key: the public transform does not touch the private or isolated subnets.
    expect(plan.one(T.subnet, "net-public-1").options.ignoreChanges).toEqual(["tags"]);
    expect(plan.one(T.subnet, "net-private-1").options.ignoreChanges).toEqual([]);
    expect(plan.one(T.subnet, "net-isolated-2").inputs.tags).toEqual({ tier: "data" });
    expect(plan.one(T.subnet, "net-private-2").inputs.tags).toMatchObject({ "paved:tier": "private" });
  });

  test("every child is made through a role: nodes lists them, and each role has a transform key", async () => {
    let vpc: Vpc | undefined;
    const plan = await record(() => { vpc = new Vpc("net", { environment: "prod" }); });
    const roles = Object.keys(vpc!.nodes);
    const count = Object.values(vpc!.nodes).reduce((n, list) => n + (list?.length ?? 0), 0);
    // Every custom resource the Vpc registered is in nodes (none is made around create).
    expect(count).toBe(plan.resources.filter((r) => r.custom).length);
    expect(vpc!.nodes.privateSubnet).toHaveLength(3);
    expect(roles).toEqual(expect.arrayContaining(["vpc", "publicSubnet", "privateSubnet", "isolatedSubnet", "natGateway", "gatewayEndpoint", "interfaceEndpoint", "flowLog"]));
  });

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ["environment", { environment: "production" }, 'environment: found "production"; allowed dev | staging | prod'],
    ["cidrBlock", { cidrBlock: "8.8.0.0/16" }, 'cidrBlock: found "8.8.0.0/16"; allowed a private IPv4 block'],
    ["azCount", { azCount: 7 }, "azCount: found 7; allowed an integer 1–6"],
    ["availabilityZones format", { availabilityZones: ["west"] }, 'availabilityZones[0]: found "west"; allowed an AZ name such as "eu-west-1a"'],
    ["availabilityZones vs azCount", { azCount: 3, availabilityZones: ["eu-west-1a", "eu-west-1b"] }, 'availabilityZones: found "2 AZs"; allowed exactly azCount (3) AZs'],
    ["availabilityZones duplicates", { availabilityZones: ["eu-west-1a", "eu-west-1a"] }, 'availabilityZones: found ["eu-west-1a","eu-west-1a"]; allowed each AZ at most once'],
    ["availabilityZones regions", { availabilityZones: ["eu-west-1a", "us-east-1a"] }, 'availabilityZones: found ["eu-west-1a","us-east-1a"]; allowed AZs of a single region'],
    ["nat", { nat: "perAZ" }, 'nat: found "perAZ"; allowed "none" | "instance" | "single" | "perAz"'],
    ["natInstanceType", { natInstanceType: "t3.nano" }, 'natInstanceType: found "t3.nano"; allowed an arm64 (Graviton) instance type'],
    ["flowLogs.retentionDays", { flowLogs: { retentionDays: 0 } }, "flowLogs.retentionDays: found 0; allowed one of 1, 3, 5"],
    ["flowLogs.trafficType", { flowLogs: { trafficType: "SOME" } }, 'flowLogs.trafficType: found "SOME"; allowed "ALL" | "ACCEPT" | "REJECT"'],
    ["endpoints.interface", { endpoints: { interface: "yes" } }, 'endpoints.interface: found "yes"; allowed true or false'],
    ["protect", { protect: "no" }, 'protect: found "no"; allowed true or false'],
    ["service", { service: "" }, 'service: found ""; allowed 1–63 letters'],
    ["tags key", { tags: { "aws:x": "1" } }, 'tags.aws:x: found "aws:x"; allowed a key of 1–128 characters not starting with "aws:"'],
    ["tags value", { tags: { team: 5 } }, "tags.team: found 5; allowed a string of at most 256 characters"],
  ];
  test.each(bad)("%s: clear error, nothing created", async (_label, override, message) => {
    const args = { environment: "dev", ...override } as unknown as VpcArgs;
    let created = 0;
    const run = record(() => new Vpc("net", args), { onRegister: (n) => (created = n) });
    await expect(run).rejects.toThrow(ArgError);
    await expect(run).rejects.toThrow(`Vpc "net": ${message}`);
    expect(created).toBe(1); // only the stack itself
  });

  test("every problem is reported at once", () => {
    expect(() => new Vpc("net", { environment: "dev", azCount: 0, nat: "x" as never, cidrBlock: "1.2.3.4/16" }))
      .toThrow(/azCount[\s\S]*nat[\s\S]*cidrBlock|cidrBlock[\s\S]*azCount[\s\S]*nat/);
  });
});
