import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accountContext, type AccountContext } from "../../src/aws/account";
import { keyPolicy, rotatingKeyArgs } from "../../src/aws/kms";
import { PavedComponent } from "../../src/component";
import { ArgError } from "../../src/errors";
import { INTERFACE_ENDPOINTS, type VpcArgs, type VpcTransforms } from "./args";
import { subnetLayout } from "./cidr";
import { flowLogTrustPolicy, flowLogWritePolicy, natInstanceUserData } from "./documents";
import { VPC_SETTINGS, type VpcSettings } from "./settings";

export type { VpcArgs, VpcEndpointsArgs, VpcFlowLogsArgs, VpcTransforms, NatMode, InterfaceEndpoint } from "./args";
export type { VpcSettings } from "./settings";

type Tier = "public" | "private" | "isolated";
type NatTarget = { natGatewayId?: pulumi.Output<string>; networkInterfaceId?: pulumi.Output<string> };

/**
 * A three-tier VPC: public subnets (load balancers, NAT), private subnets
 * (workloads, egress through NAT) and isolated subnets (data, no route out),
 * one of each per AZ, with endpoints, encrypted flow logs, a closed default
 * security group and the DB and cache subnet groups that data components use.
 */
export class Vpc extends PavedComponent<VpcSettings, VpcTransforms, VpcArgs> {
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

  constructor(name: string, args: VpcArgs, opts?: pulumi.ComponentResourceOptions) {
    super({ type: "paved:network:Vpc", settings: VPC_SETTINGS }, name, args, opts);
    const cfg = this.settings;
    const layout = subnetLayout(cfg.cidrBlock, cfg.azCount);
    // The region's AZs come from the provider at run time (no static table can know every account and region).
    const azs: pulumi.Output<string[]> = cfg.availabilityZones
      ? pulumi.output([...cfg.availabilityZones])
      : aws.getAvailabilityZonesOutput({ state: "available" }, { parent: this }).names.apply((names) => {
          if (names.length < cfg.azCount) {
            throw new ArgError("Vpc", name, [`azCount: found ${cfg.azCount}; allowed at most ${names.length}, the AZs this region offers (${names.join(", ")}), or list availabilityZones`]);
          }
          return names.slice(0, cfg.azCount);
        });

    const vpc = this.create("vpc", aws.ec2.Vpc, `${name}-vpc`, {
      cidrBlock: cfg.cidrBlock,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: this.tags(`${name}-vpc`),
    }, this.stateful());

    // Strip the default security group of every rule: nothing can use it by accident.
    this.create("defaultSecurityGroup", aws.ec2.DefaultSecurityGroup, `${name}-default-sg`, {
      vpcId: vpc.id,
      ingress: [],
      egress: [],
      tags: this.tags(`${name}-default-sg`),
    });

    const subnets = (tier: Tier, cidrs: readonly string[], extraTags: Record<string, string>) =>
      cidrs.map((cidr, i) => {
        const subnetName = `${name}-${tier}-${i + 1}`;
        return this.create(`${tier}Subnet`, aws.ec2.Subnet, subnetName, {
          vpcId: vpc.id,
          cidrBlock: cidr,
          availabilityZone: azs[i]!,
          mapPublicIpOnLaunch: false,
          tags: { ...this.tags(subnetName), "paved:tier": tier, ...extraTags },
        }, this.stateful());
      });
    const publicSubnets = subnets("public", layout.public, { "kubernetes.io/role/elb": "1" });
    const privateSubnets = subnets("private", layout.private, { "kubernetes.io/role/internal-elb": "1" });
    const isolatedSubnets = subnets("isolated", layout.isolated, {});

    const routeTable = (rtName: string) => this.create("routeTable", aws.ec2.RouteTable, rtName, { vpcId: vpc.id, tags: this.tags(rtName) });
    const associate = (subnet: aws.ec2.Subnet, rt: aws.ec2.RouteTable, subnetName: string) =>
      this.create("routeTableAssociation", aws.ec2.RouteTableAssociation, `${subnetName}-rta`, { subnetId: subnet.id, routeTableId: rt.id });

    // Public tier: one route table with the internet gateway as default route.
    const igw = this.create("internetGateway", aws.ec2.InternetGateway, `${name}-igw`, { vpcId: vpc.id, tags: this.tags(`${name}-igw`) });
    const publicRt = routeTable(`${name}-public-rt`);
    this.create("route", aws.ec2.Route, `${name}-public-internet-route`, { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });
    publicSubnets.forEach((s, i) => associate(s, publicRt, `${name}-public-${i + 1}`));

    // Private tier: a route table per AZ, so perAz NAT keeps each AZ's egress in that AZ.
    const privateRts = privateSubnets.map((s, i) => {
      const rt = routeTable(`${name}-private-${i + 1}-rt`);
      associate(s, rt, `${name}-private-${i + 1}`);
      return rt;
    });
    const natTargets = this.natTier(name, publicSubnets, igw);
    privateRts.forEach((rt, i) => {
      const target = natTargets.targets[Math.min(i, natTargets.targets.length - 1)];
      if (target === undefined) return;
      this.create("route", aws.ec2.Route, `${name}-private-${i + 1}-nat-route`, { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", ...target });
    });

    // Isolated tier: one route table with only the local route.
    const isolatedRt = routeTable(`${name}-isolated-rt`);
    isolatedSubnets.forEach((s, i) => associate(s, isolatedRt, `${name}-isolated-${i + 1}`));

    const account = accountContext(this);
    const region = account.region;
    if (cfg.endpoints.gateway) {
      for (const service of ["s3", "dynamodb"]) {
        this.create("gatewayEndpoint", aws.ec2.VpcEndpoint, `${name}-${service}-endpoint`, {
          vpcId: vpc.id,
          serviceName: pulumi.interpolate`com.amazonaws.${region}.${service}`,
          vpcEndpointType: "Gateway",
          routeTableIds: [...privateRts, isolatedRt].map((rt) => rt.id),
          tags: this.tags(`${name}-${service}-endpoint`),
        });
      }
    }
    if (cfg.endpoints.interface) {
      const sg = this.create("endpointSecurityGroup", aws.ec2.SecurityGroup, `${name}-endpoints-sg`, {
        vpcId: vpc.id,
        description: "Interface endpoints: HTTPS from inside the VPC only",
        tags: this.tags(`${name}-endpoints-sg`),
      });
      this.create("endpointIngressRule", aws.vpc.SecurityGroupIngressRule, `${name}-endpoints-https`, {
        securityGroupId: sg.id,
        description: "HTTPS from the VPC",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: cfg.cidrBlock,
        tags: this.tags(`${name}-endpoints-https`),
      });
      for (const [role, service] of Object.entries(INTERFACE_ENDPOINTS)) {
        this.create("interfaceEndpoint", aws.ec2.VpcEndpoint, `${name}-${role}-endpoint`, {
          vpcId: vpc.id,
          serviceName: pulumi.interpolate`com.amazonaws.${region}.${service}`,
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: privateSubnets.map((s) => s.id),
          securityGroupIds: [sg.id],
          tags: this.tags(`${name}-${role}-endpoint`),
        });
      }
    }

    this.flowLogGroupName = cfg.flowLogs.enabled ? this.flowLogs(name, args, vpc, account).name : pulumi.output(undefined);

    const isolatedIds = isolatedSubnets.map((s) => s.id);
    const dbSubnets = this.create("dbSubnetGroup", aws.rds.SubnetGroup, `${name}-db-subnets`, {
      description: `Isolated subnets of ${name} for databases`,
      subnetIds: isolatedIds,
      tags: this.tags(`${name}-db-subnets`),
    });
    const cacheSubnets = this.create("cacheSubnetGroup", aws.elasticache.SubnetGroup, `${name}-cache-subnets`, {
      description: `Isolated subnets of ${name} for caches`,
      subnetIds: isolatedIds,
      tags: this.tags(`${name}-cache-subnets`),
    });

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
  private natTier(name: string, publicSubnets: aws.ec2.Subnet[], igw: aws.ec2.InternetGateway): { targets: NatTarget[]; publicIps: pulumi.Output<string[]> } {
    const cfg = this.settings;
    switch (cfg.nat) {
      case "none":
        return { targets: [], publicIps: pulumi.output([]) };
      case "instance": {
        const sg = this.create("natSecurityGroup", aws.ec2.SecurityGroup, `${name}-nat-sg`, {
          vpcId: publicSubnets[0]!.vpcId,
          description: "NAT instance: forwards traffic from the VPC to the internet",
          ingress: [{ description: "All traffic from the VPC", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [cfg.cidrBlock] }],
          egress: [{ description: "Forwarded traffic to the internet", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
          tags: this.tags(`${name}-nat-sg`),
        });
        const ami = aws.ssm.getParameterOutput({ name: "/aws/service/ami-amazon-linux-latest/al2023-ami-minimal-kernel-default-arm64" }, { parent: this });
        const instance = this.create("natInstance", aws.ec2.Instance, `${name}-nat-instance`, {
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
          tags: this.tags(`${name}-nat-instance`),
        }, this.child({ dependsOn: [igw] }));
        const eip = this.create("natEip", aws.ec2.Eip, `${name}-nat-eip`, { domain: "vpc", instance: instance.id, tags: this.tags(`${name}-nat-eip`) }, this.child({ dependsOn: [igw] }));
        return { targets: [{ networkInterfaceId: instance.primaryNetworkInterfaceId }], publicIps: eip.publicIp.apply((ip) => [ip]) };
      }
      case "single":
      case "perAz": {
        const count = cfg.nat === "single" ? 1 : publicSubnets.length;
        const gateways = publicSubnets.slice(0, count).map((subnet, i) => {
          const eip = this.create("natEip", aws.ec2.Eip, `${name}-nat-${i + 1}-eip`, { domain: "vpc", tags: this.tags(`${name}-nat-${i + 1}-eip`) }, this.child({ dependsOn: [igw] }));
          const nat = this.create("natGateway", aws.ec2.NatGateway, `${name}-nat-${i + 1}`, {
            allocationId: eip.allocationId,
            subnetId: subnet.id,
            connectivityType: "public",
            tags: this.tags(`${name}-nat-${i + 1}`),
          }, this.child({ dependsOn: [igw] }));
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
  private flowLogs(name: string, args: VpcArgs, vpc: aws.ec2.Vpc, account: pulumi.Output<AccountContext>): aws.cloudwatch.LogGroup {
    const cfg = this.settings.flowLogs;
    const kmsKeyArn = args.flowLogs?.kmsKeyArn ?? this.create("flowLogKey", aws.kms.Key, `${name}-flow-logs-key`, rotatingKeyArgs(
      `Encrypts the VPC flow logs of ${name}`, account.apply((c) => keyPolicy(c, { logs: true })), this.tags(`${name}-flow-logs-key`)), this.stateful()).arn;
    const group = this.create("flowLogGroup", aws.cloudwatch.LogGroup, `${name}-flow-logs`, {
      // Not derived from the component name: renaming the component (with an alias) must not replace the group.
      namePrefix: "/paved/vpc-flow-logs/",
      retentionInDays: cfg.retentionDays,
      kmsKeyId: kmsKeyArn,
      tags: this.tags(`${name}-flow-logs`),
    }, this.stateful());
    const role = this.create("flowLogRole", aws.iam.Role, `${name}-flow-logs-role`, {
      description: `Lets VPC flow logs of ${name} write to their log group`,
      assumeRolePolicy: account.apply(flowLogTrustPolicy),
      tags: this.tags(`${name}-flow-logs-role`),
    });
    this.create("flowLogPolicy", aws.iam.RolePolicy, `${name}-flow-logs-write`, { role: role.id, policy: group.arn.apply(flowLogWritePolicy) });
    this.create("flowLog", aws.ec2.FlowLog, `${name}-flow-log`, {
      vpcId: vpc.id,
      trafficType: cfg.trafficType,
      logDestinationType: "cloud-watch-logs",
      logDestination: group.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: this.tags(`${name}-flow-log`),
    });
    return group;
  }
}
