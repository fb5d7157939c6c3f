import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withTransform, type Transform } from "../transform";

export interface DataSecurityGroupOptions {
  readonly parent: pulumi.Resource;
  /** Child-name prefix: `<name>-sg`, `<name>-from-sg-<n>`, `<name>-from-cidr-<n>`. */
  readonly name: string;
  readonly vpcId: pulumi.Input<string>;
  readonly port: number;
  /** What listens, for descriptions ("PostgreSQL prod-main"). */
  readonly label: string;
  readonly sources?: readonly pulumi.Input<string>[];
  readonly cidrs?: readonly string[];
  readonly tags: (child: string) => Record<string, string>;
  readonly transform?: Transform<aws.ec2.SecurityGroupArgs>;
}

/**
 * The security group of a database or cache: one ingress rule on its port per
 * allowed security group (and per private CIDR, when given), nothing else, and
 * no egress rule at all.
 */
export function dataSecurityGroup(o: DataSecurityGroupOptions): aws.ec2.SecurityGroup {
  const child = { parent: o.parent };
  const sg = withTransform((a, opts) => new aws.ec2.SecurityGroup(`${o.name}-sg`, a, opts), {
    vpcId: o.vpcId,
    description: `${o.label}: ${o.port} from allowed security groups only`,
    tags: o.tags(`${o.name}-sg`),
  }, { ...child }, o.transform);
  const rule = (id: string, source: { referencedSecurityGroupId: pulumi.Input<string> } | { cidrIpv4: string }, description: string) =>
    new aws.vpc.SecurityGroupIngressRule(`${o.name}-${id}`, {
      securityGroupId: sg.id, ipProtocol: "tcp", fromPort: o.port, toPort: o.port, description, tags: o.tags(`${o.name}-${id}`), ...source,
    }, child);
  (o.sources ?? []).forEach((source, i) => rule(`from-sg-${i + 1}`, { referencedSecurityGroupId: source }, `${o.label.split(" ")[0]} from an allowed security group`));
  (o.cidrs ?? []).forEach((cidr, i) => rule(`from-cidr-${i + 1}`, { cidrIpv4: cidr }, `${o.label.split(" ")[0]} from ${cidr}`));
  return sg;
}
