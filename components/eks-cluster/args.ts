import type * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../../src/environment";
import type { Tags } from "../../src/tags";

export interface EksNetwork {
  readonly vpcId: pulumi.Input<string>;
  /** Subnets of the control plane's ENIs and of the nodes; never public. */
  readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
}

/** How the Kubernetes API is reached: see `EksClusterArgs.apiAccess`. */
export type EksApiAccess =
  | { readonly mode: "private" }
  | { readonly mode: "public"; readonly cidrs: readonly string[] };

export interface EksNodeGroupArgs {
  /** @default dev: ["t4g.medium"] · staging: ["m7g.large"] · prod: ["m7g.large"] */
  readonly instanceTypes?: readonly string[];
  /** @default dev: 1 · staging: 2 · prod: 3 */
  readonly min?: number;
  /** @default dev: 2 · staging: 4 · prod: 9 */
  readonly max?: number;
  /** "AL2023" or "BOTTLEROCKET" (arm64 with Graviton types). @default "AL2023" in every environment */
  readonly os?: "AL2023" | "BOTTLEROCKET";
  /** Root volume size in GiB (gp3, encrypted). @default 40 in every environment */
  readonly diskGb?: number;
  /** @default dev: "SPOT" · staging: "ON_DEMAND" · prod: "ON_DEMAND" */
  readonly capacityType?: "ON_DEMAND" | "SPOT";
}

export interface EksClusterArgs {
  /** dev | staging | prod: picks every default below. */
  readonly environment: Environment;
  readonly network: EksNetwork;
  /**
   * Kubernetes version, pinned per environment (upgrade one minor at a time).
   * @default dev: "1.33" · staging: "1.33" · prod: "1.33"
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
  /** Namespaces for applications: Pod Security Standards "restricted", default-deny network policies. @default ["apps"] */
  readonly namespaces?: readonly string[];
  /** Also run pods of these namespaces on Fargate. @default none */
  readonly fargateNamespaces?: readonly string[];
  /** Add-on versions by name; unset ones take the cluster version's default. @default the defaults */
  readonly addonVersions?: Readonly<Record<string, string>>;
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
  /** Name of the service in the `service` tag. @default the component's name */
  readonly service?: string;
  readonly tags?: Tags;
}
