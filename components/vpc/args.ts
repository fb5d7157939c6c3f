import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "../../src/component";
import type { Transform } from "../../src/transform";

/** How private subnets reach the internet. */
export const NAT_MODES = ["none", "instance", "single", "perAz"] as const;
export type NatMode = (typeof NAT_MODES)[number];

/** Interface endpoints the Vpc can create, keyed by the role in their child names. */
export const INTERFACE_ENDPOINTS = {
  "ecr-api": "ecr.api",
  "ecr-dkr": "ecr.dkr",
  logs: "logs",
  secretsmanager: "secretsmanager",
  sts: "sts",
} as const;
export type InterfaceEndpoint = keyof typeof INTERFACE_ENDPOINTS;

export const FLOW_LOG_TRAFFIC = ["ALL", "ACCEPT", "REJECT"] as const;

export interface VpcEndpointsArgs {
  /**
   * Gateway endpoints for S3 and DynamoDB on the private and isolated route tables (free of charge).
   * @default true in every environment
   */
  readonly gateway?: boolean;
  /**
   * Interface endpoints (ECR api/dkr, CloudWatch Logs, Secrets Manager, STS) in the private subnets,
   * so tasks pull images and secrets without crossing the NAT. Each costs about $7/AZ/month.
   * @default dev: false · staging: true · prod: true
   */
  readonly interface?: boolean;
}

export interface VpcFlowLogsArgs {
  /**
   * Flow logs to an encrypted CloudWatch log group.
   * @default true in every environment
   */
  readonly enabled?: boolean;
  /**
   * Days CloudWatch keeps the flow logs; one of CloudWatch's retention values.
   * @default dev: 14 · staging: 90 · prod: 365
   */
  readonly retentionDays?: number;
  /**
   * Which traffic to record.
   * @default "ALL" in every environment
   */
  readonly trafficType?: (typeof FLOW_LOG_TRAFFIC)[number];
  /** An existing KMS key for the log group; without it the Vpc creates one (rotation on). */
  readonly kmsKeyArn?: pulumi.Input<string>;
}

/** One escape hatch per child role, run after the defaults and before the child is created. */
export interface VpcTransforms {
  vpc?: Transform<aws.ec2.VpcArgs>;
  defaultSecurityGroup?: Transform<aws.ec2.DefaultSecurityGroupArgs>;
  publicSubnet?: Transform<aws.ec2.SubnetArgs>;
  privateSubnet?: Transform<aws.ec2.SubnetArgs>;
  isolatedSubnet?: Transform<aws.ec2.SubnetArgs>;
  internetGateway?: Transform<aws.ec2.InternetGatewayArgs>;
  routeTable?: Transform<aws.ec2.RouteTableArgs>;
  route?: Transform<aws.ec2.RouteArgs>;
  routeTableAssociation?: Transform<aws.ec2.RouteTableAssociationArgs>;
  natSecurityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
  natInstance?: Transform<aws.ec2.InstanceArgs>;
  natEip?: Transform<aws.ec2.EipArgs>;
  natGateway?: Transform<aws.ec2.NatGatewayArgs>;
  gatewayEndpoint?: Transform<aws.ec2.VpcEndpointArgs>;
  interfaceEndpoint?: Transform<aws.ec2.VpcEndpointArgs>;
  endpointSecurityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
  endpointIngressRule?: Transform<aws.vpc.SecurityGroupIngressRuleArgs>;
  flowLogKey?: Transform<aws.kms.KeyArgs>;
  flowLogGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
  flowLogRole?: Transform<aws.iam.RoleArgs>;
  flowLogPolicy?: Transform<aws.iam.RolePolicyArgs>;
  flowLog?: Transform<aws.ec2.FlowLogArgs>;
  dbSubnetGroup?: Transform<aws.rds.SubnetGroupArgs>;
  cacheSubnetGroup?: Transform<aws.elasticache.SubnetGroupArgs>;
}

export interface VpcArgs extends CommonArgs {
  /**
   * The VPC's IPv4 block (/16–/23, private ranges only); every subnet is carved from it.
   * Changing it replaces the VPC and everything in it.
   * @default dev: "10.10.0.0/16" · staging: "10.20.0.0/16" · prod: "10.30.0.0/16"
   */
  readonly cidrBlock?: string;
  /**
   * Number of AZs, each with a public, a private and an isolated subnet. Adding one appends
   * subnets; removing one deletes the last AZ's subnets.
   * @default dev: 2 · staging: 3 · prod: 3
   */
  readonly azCount?: number;
  /**
   * Exact AZ names to use (length must equal azCount); otherwise the region's first azCount AZs.
   * @default the region's first azCount available AZs
   */
  readonly availabilityZones?: readonly string[];
  /**
   * NAT tier: "none" (no egress), "instance" (one t4g.nano NAT instance, for dev),
   * "single" (one NAT gateway), "perAz" (one NAT gateway per AZ: no cross-AZ dependency).
   * @default dev: "instance" · staging: "single" · prod: "perAz"
   */
  readonly nat?: NatMode;
  /**
   * Instance type of the NAT instance (an arm64 type: the AMI is Amazon Linux 2023 arm64).
   * @default "t4g.nano" in every environment
   */
  readonly natInstanceType?: string;
  readonly endpoints?: VpcEndpointsArgs;
  readonly flowLogs?: VpcFlowLogsArgs;
  /**
   * `protect` on the VPC, its subnets and the flow-log key and group: `pulumi destroy`
   * and replacing changes stop until it is lifted.
   * @default dev: false · staging: false · prod: true
   */
  readonly protect?: boolean;
  /** Per-child escape hatches, run after the defaults and before each child is created. */
  readonly transform?: VpcTransforms;
}
