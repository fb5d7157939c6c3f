import type { InvokeContext, InvokeResult, InvokeTable } from "./invokes/context";
import { ACM_INVOKES } from "./invokes/acm";
import { CLOUDFORMATION_INVOKES } from "./invokes/cloudformation";
import { EC2_ENDPOINT_INVOKES } from "./invokes/ec2-endpoints";
import { EC2_IMAGE_INVOKES } from "./invokes/ec2-images";
import { EC2_INSTANCE_TYPE_INVOKES } from "./invokes/ec2-instance-types";
import { EC2_SECURITY_GROUP_INVOKES } from "./invokes/ec2-security-groups";
import { EC2_SUBNET_INVOKES } from "./invokes/ec2-subnets";
import { EC2_VPC_INVOKES } from "./invokes/ec2-vpc";
import { ECR_INVOKES } from "./invokes/ecr";
import { EKS_INVOKES } from "./invokes/eks";
import { ELB_INVOKES } from "./invokes/elb";
import { IAM_INVOKES } from "./invokes/iam";
import { KMS_INVOKES } from "./invokes/kms";
import { KUBERNETES_INVOKES } from "./invokes/kubernetes";
import { PROVIDER_INVOKES } from "./invokes/provider";
import { ROUTE53_INVOKES } from "./invokes/route53";
import { S3_INVOKES } from "./invokes/s3";
import { SECRETSMANAGER_INVOKES } from "./invokes/secretsmanager";
import { SSM_INVOKES } from "./invokes/ssm";

export type { InvokeContext } from "./invokes/context";
export { forgetNetworkModel as resetInvokeMocks } from "./invokes/ec2-network-model";

const TABLES: readonly InvokeTable[] = [
  PROVIDER_INVOKES, EC2_VPC_INVOKES, EC2_SUBNET_INVOKES, EC2_SECURITY_GROUP_INVOKES, EC2_ENDPOINT_INVOKES,
  EC2_IMAGE_INVOKES, EC2_INSTANCE_TYPE_INVOKES, IAM_INVOKES, ROUTE53_INVOKES, ACM_INVOKES, KMS_INVOKES,
  EKS_INVOKES, SSM_INVOKES, SECRETSMANAGER_INVOKES, S3_INVOKES, ECR_INVOKES, ELB_INVOKES,
  CLOUDFORMATION_INVOKES, KUBERNETES_INVOKES,
];

const INVOKES = new Map(TABLES.flatMap((t) => Object.entries(t)));

/** Every invoke token Paved answers without a mocks file. */
export const BUILTIN_INVOKE_TOKENS: readonly string[] = Object.freeze([...INVOKES.keys()].sort());

/**
 * Answers an invoke like AWS (or Kubernetes) would, or undefined when Paved
 * has no built-in answer for the token. A built-in mock throws when the
 * answer exists only in the user's account, saying how to supply it.
 */
export function builtinInvoke(c: InvokeContext): InvokeResult | undefined {
  const mock = INVOKES.get(c.token);
  if (mock === undefined) return undefined;
  // AWS provider v7 functions take a per-call `region` that overrides the provider's.
  const region = typeof c.inputs.region === "string" && c.inputs.region !== "" ? c.inputs.region : c.region;
  return mock(region === c.region ? c : { ...c, region });
}
