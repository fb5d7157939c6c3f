import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { CreateChild } from "../component";
import type { Transform } from "../transform";

/** The roles a data security group fills in its component: one transform key each. */
export interface DataSecurityGroupTransforms {
  /** The security group of the database or cache. */
  securityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
  /** Each ingress rule on the port: one per allowed security group, and per CIDR when given. */
  ingressRule?: Transform<aws.vpc.SecurityGroupIngressRuleArgs>;
}

/**
 * The component's `create`, for these two roles: it runs the caller's
 * transform for the role and keeps the child in the component's `nodes`.
 */
export type CreateDataChild = CreateChild<DataSecurityGroupTransforms>;

export interface DataSecurityGroupOptions {
  /** Child-name prefix: `<name>-sg`, `<name>-from-sg-<n>`, `<name>-from-cidr-<n>`. */
  readonly name: string;
  readonly vpcId: pulumi.Input<string>;
  readonly port: number;
  /** What listens, for descriptions ("PostgreSQL prod-main"). */
  readonly label: string;
  readonly sources?: readonly pulumi.Input<string>[];
  readonly cidrs?: readonly string[];
  readonly tags: (child: string) => Record<string, string>;
  /** Creates each child in the component (parented to it, through its transform). */
  readonly create: CreateDataChild;
}

/**
 * The security group of a database or cache: one ingress rule on its port per
 * allowed security group (and per private CIDR, when given), nothing else, and
 * no egress rule at all.
 */
export function dataSecurityGroup(o: DataSecurityGroupOptions): aws.ec2.SecurityGroup {
  const sg = o.create("securityGroup", aws.ec2.SecurityGroup, `${o.name}-sg`, {
    vpcId: o.vpcId,
    description: `${o.label}: ${o.port} from allowed security groups only`,
    tags: o.tags(`${o.name}-sg`),
  });
  const rule = (id: string, source: { referencedSecurityGroupId: pulumi.Input<string> } | { cidrIpv4: string }, description: string) =>
    o.create("ingressRule", aws.vpc.SecurityGroupIngressRule, `${o.name}-${id}`, {
      securityGroupId: sg.id, ipProtocol: "tcp", fromPort: o.port, toPort: o.port, description, tags: o.tags(`${o.name}-${id}`), ...source,
    });
  (o.sources ?? []).forEach((source, i) => rule(`from-sg-${i + 1}`, { referencedSecurityGroupId: source }, `${o.label.split(" ")[0]} from an allowed security group`));
  (o.cidrs ?? []).forEach((cidr, i) => rule(`from-cidr-${i + 1}`, { cidrIpv4: cidr }, `${o.label.split(" ")[0]} from ${cidr}`));
  return sg;
}
