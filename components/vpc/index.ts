import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgError, assertValid } from "../../src/errors";
import { issue, type Issue } from "../../src/issues";
import { availabilityZones, isKnownRegion } from "../../src/regions";
import { childTags } from "../../src/tags";
import { withTransform } from "../../src/transform";
import { INTERFACE_ENDPOINTS, type VpcArgs } from "./args";
import { subnetLayout } from "./cidr";
import { accountContext, type AccountContext } from "../../src/aws/account";
import { keyPolicy, rotatingKeyArgs } from "../../src/aws/kms";
import { flowLogTrustPolicy, flowLogWritePolicy, natInstanceUserData } from "./documents";
import type { VpcSettings } from "./presets";
import { resolveVpcSettings, validateVpcArgs } from "./validate";
import { assertComponentAws } from "../../src/aws/provider-version";

export type { VpcArgs, VpcEndpointsArgs, VpcFlowLogsArgs, VpcTransforms, NatMode, InterfaceEndpoint } from "./args";
export { NAT_MODES, INTERFACE_ENDPOINTS } from "./args";
export { VPC_PRESETS, type VpcSettings } from "./presets";
export { resolveVpcSettings, validateVpcArgs } from "./validate";
export { subnetLayout } from "./cidr";

type Tier = "public" | "private" | "isolated";

/**
 * Rejects more AZs than the stack's region offers before anything is created.
 * Only when the region is known now: the default provider's, no explicit one.
 */
function checkAzCount(args: VpcArgs, azCount: number, opts: pulumi.ComponentResourceOptions | undefined): Issue[] {
  const region = aws.config.region;
  if (args.availabilityZones || opts?.provider || opts?.providers || !region || !isKnownRegion(region)) return [];
  const zones = availabilityZones(region);
  return azCount > zones.length
    ? [issue("azCount", azCount, `at most ${zones.length}, the AZs ${region} offers (${zones.join(", ")}); or list availabilityZones`)]
    : [];
}

/**
 * A three-tier VPC: public subnets (load balancers, NAT), private subnets
 * (workloads, egress through NAT) and isolated subnets (data, no route out),
 * one of each per AZ, with endpoints, encrypted flow logs, a closed default
 * security group and the DB and cache subnet groups that data components use.
 */
export class Vpc extends pulumi.ComponentResource {
  /** The VPC's id. */
  public readonly vpcId: pulumi.Output<string>;
  /** The VPC's IPv4 block. */
  public readonly cidrBlock: pulumi.Output<string>;
  /** The AZs used, in subnet order. */
  public readonly availabilityZones: pulumi.Output<string[]>;
  /** Public subnets (load balancers, NAT), one per AZ. */
  public readonly publicSubnetIds: pulumi.Output<string[]>;
  /** Private (app) subnets with egress through NAT, one per AZ. */
  public readonly privateSubnetIds: pulumi.Output<string[]>;
  /** Isolated (data) subnets with no route out of the VPC, one per AZ. */
  public readonly isolatedSubnetIds: pulumi.Output<string[]>;
  /** Route tables of the private subnets, one per AZ. */
  public readonly privateRouteTableIds: pulumi.Output<string[]>;
  /** Route table of the isolated subnets. */
  public readonly isolatedRouteTableId: pulumi.Output<string>;
  /** RDS subnet group over the isolated subnets. */
  public readonly dbSubnetGroupName: pulumi.Output<string>;
  /** ElastiCache subnet group over the isolated subnets. */
  public readonly cacheSubnetGroupName: pulumi.Output<string>;
  /** Public IPs that private subnets egress from (empty without NAT). */
  public readonly natPublicIps: pulumi.Output<string[]>;
  /** Log group of the flow logs, when enabled. */
  public readonly flowLogGroupName: pulumi.Output<string | undefined>;
  /** The settings in effect: the environment preset overridden by the args. */
  public readonly settings: VpcSettings;

  constructor(name: string, args: VpcArgs, opts?: pulumi.ComponentResourceOptions) {
    const cfg = resolveVpcSettings(args);
    assertValid("Vpc", name, [...validateVpcArgs(args), ...checkAzCount(args, cfg.azCount, opts)].map((i) => `${i.path}: ${i.message}`));
    assertComponentAws("Vpc", name);
    super("paved:network:Vpc", name, {}, opts);
    this.settings = cfg;
    const t = args.transform ?? {};
    const tags = (child: string) => childTags({ environment: args.environment, service: args.service ?? name, tags: args.tags }, child);
    const child = (extra?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions => ({ parent: this, ...extra });
    const stateful = (): pulumi.CustomResourceOptions => child({ protect: cfg.protect });

    const layout = subnetLayout(cfg.cidrBlock, cfg.azCount);
    const azs: pulumi.Output<string[]> = args.availabilityZones
      ? pulumi.output([...args.availabilityZones])
      : aws.getAvailabilityZonesOutput({ state: "available" }, { parent: this }).names.apply((names) => {
          // Backstop for regions and accounts the static table does not know.
          if (names.length < cfg.azCount) {
            throw new ArgError("Vpc", name, [`azCount: found ${cfg.azCount}; allowed at most ${names.length}, the AZs this region offers (${names.join(", ")})`]);
          }
          return names.slice(0, cfg.azCount);
        });

    const vpc = withTransform((a, o) => new aws.ec2.Vpc(`${name}-vpc`, a, o), {
      cidrBlock: cfg.cidrBlock,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: tags(`${name}-vpc`),
    }, stateful(), t.vpc);

    // Strip the default security group of every rule: nothing can use it by accident.
    new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, {
      vpcId: vpc.id,
      ingress: [],
      egress: [],
      tags: tags(`${name}-default-sg`),
    }, child());

    const subnets = (tier: Tier, cidrs: readonly string[], extraTags: Record<string, string>) =>
      cidrs.map((cidr, i) => {
        const subnetName = `${name}-${tier}-${i + 1}`;
        return withTransform((a, o) => new aws.ec2.Subnet(subnetName, a, o), {
          vpcId: vpc.id,
          cidrBlock: cidr,
          availabilityZone: azs[i]!,
          mapPublicIpOnLaunch: false,
          tags: { ...tags(subnetName), "paved:tier": tier, ...extraTags },
        }, stateful(), t.subnet);
      });
    const publicSubnets = subnets("public", layout.public, { "kubernetes.io/role/elb": "1" });
    const privateSubnets = subnets("private", layout.private, { "kubernetes.io/role/internal-elb": "1" });
    const isolatedSubnets = subnets("isolated", layout.isolated, {});

    const routeTable = (rtName: string) =>
      withTransform((a, o) => new aws.ec2.RouteTable(rtName, a, o), { vpcId: vpc.id, tags: tags(rtName) }, child(), t.routeTable);
    const associate = (subnet: aws.ec2.Subnet, rt: aws.ec2.RouteTable, subnetName: string) =>
      new aws.ec2.RouteTableAssociation(`${subnetName}-rta`, { subnetId: subnet.id, routeTableId: rt.id }, child());

    // Public tier: one route table with the internet gateway as default route.
    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: tags(`${name}-igw`) }, child());
    const publicRt = routeTable(`${name}-public-rt`);
    new aws.ec2.Route(`${name}-public-internet-route`, { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, child());
    publicSubnets.forEach((s, i) => associate(s, publicRt, `${name}-public-${i + 1}`));

    // Private tier: a route table per AZ, so perAz NAT keeps each AZ's egress in that AZ.
    const privateRts = privateSubnets.map((s, i) => {
      const rt = routeTable(`${name}-private-${i + 1}-rt`);
      associate(s, rt, `${name}-private-${i + 1}`);
      return rt;
    });
    const natTargets = this.natTier(name, cfg, publicSubnets, igw, tags, child, args);
    privateRts.forEach((rt, i) => {
      const target = natTargets.targets[Math.min(i, natTargets.targets.length - 1)];
      if (target === undefined) return;
      new aws.ec2.Route(`${name}-private-${i + 1}-nat-route`, { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", ...target }, child());
    });

    // Isolated tier: one route table with only the local route.
    const isolatedRt = routeTable(`${name}-isolated-rt`);
    isolatedSubnets.forEach((s, i) => associate(s, isolatedRt, `${name}-isolated-${i + 1}`));

    const account = accountContext(this);
    const region = account.region;
    if (cfg.gatewayEndpoints) {
      for (const service of ["s3", "dynamodb"]) {
        withTransform((a, o) => new aws.ec2.VpcEndpoint(`${name}-${service}-endpoint`, a, o), {
          vpcId: vpc.id,
          serviceName: pulumi.interpolate`com.amazonaws.${region}.${service}`,
          vpcEndpointType: "Gateway",
          routeTableIds: [...privateRts, isolatedRt].map((rt) => rt.id),
          tags: tags(`${name}-${service}-endpoint`),
        }, child(), t.endpoint);
      }
    }
    if (cfg.interfaceEndpoints) {
      const sg = new aws.ec2.SecurityGroup(`${name}-endpoints-sg`, {
        vpcId: vpc.id,
        description: "Interface endpoints: HTTPS from inside the VPC only",
        tags: tags(`${name}-endpoints-sg`),
      }, child());
      new aws.vpc.SecurityGroupIngressRule(`${name}-endpoints-https`, {
        securityGroupId: sg.id,
        description: "HTTPS from the VPC",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: cfg.cidrBlock,
        tags: tags(`${name}-endpoints-https`),
      }, child());
      for (const [role, service] of Object.entries(INTERFACE_ENDPOINTS)) {
        withTransform((a, o) => new aws.ec2.VpcEndpoint(`${name}-${role}-endpoint`, a, o), {
          vpcId: vpc.id,
          serviceName: pulumi.interpolate`com.amazonaws.${region}.${service}`,
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: privateSubnets.map((s) => s.id),
          securityGroupIds: [sg.id],
          tags: tags(`${name}-${role}-endpoint`),
        }, child(), t.endpoint);
      }
    }

    this.flowLogGroupName = cfg.flowLogs
      ? this.flowLogs(name, args, cfg, vpc, account, tags, child, stateful).name
      : pulumi.output(undefined);

    const isolatedIds = isolatedSubnets.map((s) => s.id);
    const dbSubnets = withTransform((a, o) => new aws.rds.SubnetGroup(`${name}-db-subnets`, a, o), {
      description: `Isolated subnets of ${name} for databases`,
      subnetIds: isolatedIds,
      tags: tags(`${name}-db-subnets`),
    }, child(), t.dbSubnetGroup);
    const cacheSubnets = withTransform((a, o) => new aws.elasticache.SubnetGroup(`${name}-cache-subnets`, a, o), {
      description: `Isolated subnets of ${name} for caches`,
      subnetIds: isolatedIds,
      tags: tags(`${name}-cache-subnets`),
    }, child(), t.cacheSubnetGroup);

    this.vpcId = vpc.id;
    this.cidrBlock = vpc.cidrBlock;
    this.availabilityZones = azs;
    this.publicSubnetIds = pulumi.all(publicSubnets.map((s) => s.id));
    this.privateSubnetIds = pulumi.all(privateSubnets.map((s) => s.id));
    this.isolatedSubnetIds = pulumi.all(isolatedIds);
    this.privateRouteTableIds = pulumi.all(privateRts.map((rt) => rt.id));
    this.isolatedRouteTableId = isolatedRt.id;
    this.dbSubnetGroupName = dbSubnets.name;
    this.cacheSubnetGroupName = cacheSubnets.name;
    this.natPublicIps = natTargets.publicIps;
    this.registerOutputs({
      vpcId: this.vpcId,
      cidrBlock: this.cidrBlock,
      availabilityZones: this.availabilityZones,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      isolatedSubnetIds: this.isolatedSubnetIds,
      privateRouteTableIds: this.privateRouteTableIds,
      isolatedRouteTableId: this.isolatedRouteTableId,
      dbSubnetGroupName: this.dbSubnetGroupName,
      cacheSubnetGroupName: this.cacheSubnetGroupName,
      natPublicIps: this.natPublicIps,
      flowLogGroupName: this.flowLogGroupName,
    });
  }

  /** NAT gateways or a NAT instance; returns the default-route target of each private route table. */
  private natTier(
    name: string,
    cfg: VpcSettings,
    publicSubnets: aws.ec2.Subnet[],
    igw: aws.ec2.InternetGateway,
    tags: (child: string) => Record<string, string>,
    child: (o?: pulumi.CustomResourceOptions) => pulumi.CustomResourceOptions,
    args: VpcArgs,
  ): { targets: Array<{ natGatewayId?: pulumi.Output<string>; networkInterfaceId?: pulumi.Output<string> }>; publicIps: pulumi.Output<string[]> } {
    const t = args.transform ?? {};
    switch (cfg.nat) {
      case "none":
        return { targets: [], publicIps: pulumi.output([]) };
      case "instance": {
        const sg = new aws.ec2.SecurityGroup(`${name}-nat-sg`, {
          vpcId: publicSubnets[0]!.vpcId,
          description: "NAT instance: forwards traffic from the VPC to the internet",
          ingress: [{ description: "All traffic from the VPC", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [cfg.cidrBlock] }],
          egress: [{ description: "Forwarded traffic to the internet", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
          tags: tags(`${name}-nat-sg`),
        }, child());
        const ami = aws.ssm.getParameterOutput({ name: "/aws/service/ami-amazon-linux-latest/al2023-ami-minimal-kernel-default-arm64" }, { parent: this });
        const instance = withTransform((a, o) => new aws.ec2.Instance(`${name}-nat-instance`, a, o), {
          ami: ami.value,
          instanceType: cfg.natInstanceType,
          subnetId: publicSubnets[0]!.id,
          vpcSecurityGroupIds: [sg.id],
          sourceDestCheck: false,
          associatePublicIpAddress: false,
          monitoring: true,
          metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
          rootBlockDevice: { encrypted: true, volumeType: "gp3", volumeSize: 8, deleteOnTermination: true },
          userData: natInstanceUserData(cfg.cidrBlock),
          userDataReplaceOnChange: true,
          tags: tags(`${name}-nat-instance`),
        }, child({ dependsOn: [igw] }), t.natInstance);
        const eip = new aws.ec2.Eip(`${name}-nat-eip`, { domain: "vpc", instance: instance.id, tags: tags(`${name}-nat-eip`) }, child({ dependsOn: [igw] }));
        return { targets: [{ networkInterfaceId: instance.primaryNetworkInterfaceId }], publicIps: eip.publicIp.apply((ip) => [ip]) };
      }
      case "single":
      case "perAz": {
        const count = cfg.nat === "single" ? 1 : publicSubnets.length;
        const gateways = publicSubnets.slice(0, count).map((subnet, i) => {
          const eip = new aws.ec2.Eip(`${name}-nat-${i + 1}-eip`, { domain: "vpc", tags: tags(`${name}-nat-${i + 1}-eip`) }, child({ dependsOn: [igw] }));
          const nat = withTransform((a, o) => new aws.ec2.NatGateway(`${name}-nat-${i + 1}`, a, o), {
            allocationId: eip.allocationId,
            subnetId: subnet.id,
            connectivityType: "public",
            tags: tags(`${name}-nat-${i + 1}`),
          }, child({ dependsOn: [igw] }), t.natGateway);
          return { nat, eip };
        });
        return {
          targets: gateways.map((g) => ({ natGatewayId: g.nat.id })),
          publicIps: pulumi.all(gateways.map((g) => g.eip.publicIp)),
        };
      }
    }
  }

  /** Flow logs into a KMS-encrypted log group with retention, written by a role scoped to that group. */
  private flowLogs(
    name: string,
    args: VpcArgs,
    cfg: VpcSettings,
    vpc: aws.ec2.Vpc,
    account: pulumi.Output<AccountContext>,
    tags: (child: string) => Record<string, string>,
    child: (o?: pulumi.CustomResourceOptions) => pulumi.CustomResourceOptions,
    stateful: () => pulumi.CustomResourceOptions,
  ): aws.cloudwatch.LogGroup {
    const t = args.transform ?? {};
    const kmsKeyArn = args.flowLogs?.kmsKeyArn ?? new aws.kms.Key(`${name}-flow-logs-key`, rotatingKeyArgs(
      `Encrypts the VPC flow logs of ${name}`, account.apply((c) => keyPolicy(c, { logs: true })), tags(`${name}-flow-logs-key`)), stateful()).arn;
    const group = withTransform((a, o) => new aws.cloudwatch.LogGroup(`${name}-flow-logs`, a, o), {
      // Not derived from the component name: renaming the component (with an alias) must not replace the group.
      namePrefix: "/paved/vpc-flow-logs/",
      retentionInDays: cfg.flowLogRetentionDays,
      kmsKeyId: kmsKeyArn,
      tags: tags(`${name}-flow-logs`),
    }, stateful(), t.flowLogGroup);
    const role = new aws.iam.Role(`${name}-flow-logs-role`, {
      description: `Lets VPC flow logs of ${name} write to their log group`,
      assumeRolePolicy: account.apply(flowLogTrustPolicy),
      tags: tags(`${name}-flow-logs-role`),
    }, child());
    new aws.iam.RolePolicy(`${name}-flow-logs-write`, { role: role.id, policy: group.arn.apply(flowLogWritePolicy) }, child());
    withTransform((a, o) => new aws.ec2.FlowLog(`${name}-flow-log`, a, o), {
      vpcId: vpc.id,
      trafficType: cfg.flowLogTrafficType,
      logDestinationType: "cloud-watch-logs",
      logDestination: group.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: tags(`${name}-flow-log`),
    }, child(), t.flowLog);
    return group;
  }
}
