import type * as aws from "@pulumi/aws";
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "../../src/component";
import type { Transform } from "../../src/transform";
import type { Addon } from "./addons";

export interface EksNetwork {
  readonly vpcId: pulumi.Input<string>;
  /** Subnets of the control plane's ENIs and of the nodes; never public. */
  readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
}

/** How the Kubernetes API is reached: see `EksClusterArgs.apiAccess`. */
export type EksApiAccess =
  | { readonly mode: "private" }
  | { readonly mode: "public"; readonly cidrs: readonly string[] };

export const NODE_OS = ["AL2023", "BOTTLEROCKET"] as const;
export const CAPACITY_TYPES = ["ON_DEMAND", "SPOT"] as const;

export interface EksNodeGroupArgs {
  /** @default dev: ["t4g.medium"] · staging: ["m7g.large"] · prod: ["m7g.large"] */
  readonly instanceTypes?: readonly string[];
  /** @default dev: 1 · staging: 2 · prod: 3 */
  readonly min?: number;
  /** @default dev: 2 · staging: 4 · prod: 9 */
  readonly max?: number;
  /** "AL2023" or "BOTTLEROCKET" (arm64 with Graviton types). @default "AL2023" in every environment */
  readonly os?: (typeof NODE_OS)[number];
  /** Root volume size in GiB (gp3, encrypted). @default 40 in every environment */
  readonly diskGb?: number;
  /** @default dev: "SPOT" · staging: "ON_DEMAND" · prod: "ON_DEMAND" */
  readonly capacityType?: (typeof CAPACITY_TYPES)[number];
}

/** One escape hatch per child role, run after the defaults and before the child is created. */
export interface EksClusterTransforms {
  key?: Transform<aws.kms.KeyArgs>;
  logGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
  clusterRole?: Transform<aws.iam.RoleArgs>;
  clusterSecurityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
  cluster?: Transform<aws.eks.ClusterArgs>;
  /** The deploy role's, the admins' and the viewers' access entries. */
  accessEntry?: Transform<aws.eks.AccessEntryArgs>;
  accessPolicyAssociation?: Transform<aws.eks.AccessPolicyAssociationArgs>;
  nodeRole?: Transform<aws.iam.RoleArgs>;
  launchTemplate?: Transform<aws.ec2.LaunchTemplateArgs>;
  nodeGroup?: Transform<aws.eks.NodeGroupArgs>;
  fargateRole?: Transform<aws.iam.RoleArgs>;
  fargateProfile?: Transform<aws.eks.FargateProfileArgs>;
  ebsCsiRole?: Transform<aws.iam.RoleArgs>;
  cloudwatchRole?: Transform<aws.iam.RoleArgs>;
  autoscalerRole?: Transform<aws.iam.RoleArgs>;
  autoscalerPolicy?: Transform<aws.iam.RolePolicyArgs>;
  addon?: Transform<aws.eks.AddonArgs>;
  /** The Kubernetes provider every in-cluster object uses. */
  provider?: Transform<k8s.ProviderArgs>;
  namespace?: Transform<k8s.core.v1.NamespaceArgs>;
  defaultDenyPolicy?: Transform<k8s.networking.v1.NetworkPolicyArgs>;
  allowDnsPolicy?: Transform<k8s.networking.v1.NetworkPolicyArgs>;
  autoscalerPodIdentity?: Transform<aws.eks.PodIdentityAssociationArgs>;
  autoscalerServiceAccount?: Transform<k8s.core.v1.ServiceAccountArgs>;
  autoscalerClusterRole?: Transform<k8s.rbac.v1.ClusterRoleArgs>;
  autoscalerNamespaceRole?: Transform<k8s.rbac.v1.RoleArgs>;
  autoscalerClusterRoleBinding?: Transform<k8s.rbac.v1.ClusterRoleBindingArgs>;
  autoscalerNamespaceRoleBinding?: Transform<k8s.rbac.v1.RoleBindingArgs>;
  autoscalerDeployment?: Transform<k8s.apps.v1.DeploymentArgs>;
}

export interface EksClusterArgs extends CommonArgs {
  readonly network: EksNetwork;
  /**
   * Kubernetes version, pinned per environment (upgrade one minor at a time).
   * @default "1.33" in every environment
   */
  readonly version?: string;
  /**
   * How `pulumi up` (and people) reach the Kubernetes API. The private endpoint is always on.
   * - `{ mode: "private" }`: no public endpoint; the deploy must run inside the VPC (or a network
   *   peered with it), e.g. a self-hosted runner (the deploy workflow's `runs-on` comes from the
   *   `DEPLOY_RUNNER` variable).
   * - `{ mode: "public", cidrs }`: a public endpoint too, reachable only from these public CIDRs
   *   (never 0.0.0.0/0, private or reserved ranges), e.g. a runner's static egress IPs.
   * Allowed in every environment; changing it updates the cluster in place.
   * @default { mode: "private" } in every environment
   */
  readonly apiAccess?: EksApiAccess;
  /**
   * The IAM role that runs `pulumi up` (the deploy workflow's AWS_ROLE_ARN). It gets an access entry
   * with AmazonEKSClusterAdminPolicy, and every in-cluster object waits for it: without it the
   * deploy gets 401/403 on the namespaces, policies and workloads this component creates.
   * Required: an IAM role ARN (`arn:aws:iam::123456789012:role/deploy`, a path is allowed).
   */
  readonly deployRoleArn: string;
  /** IAM roles that administer the cluster (an access entry with the cluster-admin policy each). @default none */
  readonly adminRoleArns?: readonly pulumi.Input<string>[];
  /** IAM roles that may read most objects (an access entry with AmazonEKSViewPolicy each). @default none */
  readonly viewRoleArns?: readonly pulumi.Input<string>[];
  readonly nodes?: EksNodeGroupArgs;
  /**
   * Namespaces for applications: Pod Security Standards "restricted", default-deny network policies.
   * @default ["apps"] in every environment
   */
  readonly namespaces?: readonly string[];
  /** Also run pods of these namespaces on Fargate. @default [] in every environment */
  readonly fargateNamespaces?: readonly string[];
  /** Add-on versions by name; unset ones take the cluster version's default. @default the defaults */
  readonly addonVersions?: Readonly<Partial<Record<Addon, string>>>;
  /**
   * Days CloudWatch keeps the control-plane logs.
   * @default dev: 14 · staging: 90 · prod: 365
   */
  readonly logRetentionDays?: number;
  /**
   * `protect` on the cluster and its key.
   * @default dev: false · staging: true · prod: true
   */
  readonly protect?: boolean;
  /** Per-child escape hatches, run after the defaults and before each child is created. */
  readonly transform?: EksClusterTransforms;
}
