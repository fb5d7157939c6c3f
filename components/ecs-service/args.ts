import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../../src/environment";
import type { Tags } from "../../src/tags";
import type { Transform } from "../../src/transform";

export interface ServiceNetwork {
  readonly vpcId: pulumi.Input<string>;
  /** Where the load balancer lives (public subnets, or private ones for an internal ALB). */
  readonly publicSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Where the tasks run; they never get a public IP. */
  readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The VPC's block: the only source an internal load balancer admits. Required with `internal: true`. */
  readonly cidrBlock?: pulumi.Input<string>;
}

/**
 * The image: a reference to one that exists, a build context, or the digest another
 * stack runs (promotion). Tasks always run a digest when the component builds or promotes.
 */
export type ImageSource =
  | {
      /**
       * `repo:tag` or `repo@sha256:<64 hex>`. In staging and prod an absent or "latest" tag
       * is rejected; a digest is the only way to say exactly which bytes run.
       */
      readonly reference: string;
    }
  | {
      /**
       * Directory with the Dockerfile; built with @pulumi/docker and pushed to an ECR
       * repository the component creates, tagged `ctx-<sha256 of the context>`: a changed
       * context gets a new tag, an unchanged one is not pushed again. Tasks run the pushed digest.
       */
      readonly context: string;
      readonly dockerfile?: string;
      readonly buildArgs?: Readonly<Record<string, string>>;
      /**
       * Accounts whose stacks may pull (and so promote) these images: a repository policy
       * for them. Needed only when the promoting stack runs in another account. @default none
       */
      readonly pullAccountIds?: readonly string[];
    }
  | {
      /**
       * Run what another stack's service runs, e.g. "acme/paved/staging": reads that stack's
       * `serviceImages.<service>` output (a StackReference) and refuses anything that is not
       * pinned by digest. Nothing is built. The execution role may pull from any ECR
       * repository; a repository in another account must allow this account to pull.
       */
      readonly promoteFrom: string;
    };

/** Where the HTTPS certificate comes from. */
export type CertificateSource =
  | { readonly arn: pulumi.Input<string> }
  /** A DNS-validated ACM certificate for `domainName`, and an alias record to the ALB, in the Route 53 zone. */
  | { readonly domainName: string; readonly zoneId: pulumi.Input<string> };

export const DEPLOY_STRATEGIES = ["rolling", "blueGreen", "canary", "linear"] as const;
export type DeployStrategy = (typeof DEPLOY_STRATEGIES)[number];

export interface DeploymentArgs {
  /**
   * "rolling" replaces tasks in place; "blueGreen", "canary" and "linear" use ECS's native
   * strategies with a second target group, shifting traffic and baking before the old tasks go.
   * @default "rolling" in every environment
   */
  readonly strategy?: DeployStrategy;
  /** Percent of traffic for the canary step (canary), or per step (linear). @default canary: 10 · linear: 10 */
  readonly percent?: number;
  /** Minutes to watch each step, and the new revision before the old one is removed. @default dev: 5 · staging: 10 · prod: 15 */
  readonly bakeMinutes?: number;
}

export interface ScalingArgs {
  /** @default dev: 1 · staging: 2 · prod: 2 */
  readonly min?: number;
  /** @default dev: 2 · staging: 4 · prod: 10 */
  readonly max?: number;
  /** Target CPU percent. @default 70 */
  readonly cpuTarget?: number;
  /** Target memory percent. @default 80 */
  readonly memoryTarget?: number;
  /** Target ALB requests per task per minute. @default 1000 */
  readonly requestsPerTarget?: number;
}

export interface EcsServiceTransforms {
  taskDefinition?: Transform<aws.ecs.TaskDefinitionArgs>;
  service?: Transform<aws.ecs.ServiceArgs>;
  loadBalancer?: Transform<aws.lb.LoadBalancerArgs>;
  webAcl?: Transform<aws.wafv2.WebAclArgs>;
  repository?: Transform<aws.ecr.RepositoryArgs>;
}

export interface EcsServiceArgs {
  /** dev | staging | prod: picks every default below. */
  readonly environment: Environment;
  /** The ECS cluster's name (e.g. an EcsCluster's `clusterName`). */
  readonly clusterName: pulumi.Input<string>;
  readonly network: ServiceNetwork;
  readonly image: ImageSource;
  /** Port the container listens on, 1–65535. */
  readonly port: number;
  readonly certificate: CertificateSource;
  /**
   * Fargate CPU units (256, 512, 1024, 2048, 4096, 8192, 16384).
   * @default dev: 256 · staging: 512 · prod: 1024
   */
  readonly cpu?: number;
  /**
   * Fargate memory in MiB; must be a valid pair with cpu.
   * @default dev: 512 · staging: 1024 · prod: 2048
   */
  readonly memoryMiB?: number;
  /** @default "ARM64" in every environment */
  readonly architecture?: "ARM64" | "X86_64";
  /**
   * The container's user (uid:gid). Root (root, 0, 0:<gid>) is rejected unless allowRootUser is true.
   * @default "1000:1000" in every environment
   */
  readonly user?: string;
  /** Escape hatch: let the container run as root. Off unless set; the non-root policy pack still reports it. */
  readonly allowRootUser?: boolean;
  /** Mount a writable, task-local /tmp; the root filesystem stays read-only. @default false */
  readonly writableTmp?: boolean;
  /** Load-balancer health check path. @default "/health" */
  readonly healthCheckPath?: string;
  /**
   * Container health check command (exec form).
   * @default wget of http://127.0.0.1:<port><healthCheckPath>, which needs wget (busybox) in the image
   */
  readonly healthCheckCommand?: readonly string[];
  /** Plain environment variables (no secrets: use `secrets`). @default none */
  readonly environmentVariables?: Readonly<Record<string, string>>;
  /** Secrets injected as environment variables: name → Secrets Manager or SSM parameter ARN. The execution role may read exactly these. @default none */
  readonly secrets?: Readonly<Record<string, pulumi.Input<string>>>;
  /** IAM statements for the task role; none by default. */
  readonly taskPolicyStatements?: readonly object[];
  /** An internal ALB (private subnets, no WAF needed) instead of a public one. @default false */
  readonly internal?: boolean;
  /** Bucket for ALB access logs (its policy must allow ELB log delivery). @default none */
  readonly accessLogsBucket?: pulumi.Input<string>;
  readonly scaling?: ScalingArgs;
  readonly deployment?: DeploymentArgs;
  /**
   * Days CloudWatch keeps the container logs.
   * @default dev: 14 · staging: 90 · prod: 365
   */
  readonly logRetentionDays?: number;
  /**
   * WAF rules only count (never block): for tuning in dev.
   * @default dev: true · staging: false · prod: false
   */
  readonly wafCountOnly?: boolean;
  /**
   * Requests per 5 minutes from one IP before WAF blocks it.
   * @default dev: 2000 · staging: 2000 · prod: 2000
   */
  readonly rateLimit?: number;
  /** Name of the service in the `service` tag. @default the component's name */
  readonly service?: string;
  readonly tags?: Tags;
  readonly transform?: EcsServiceTransforms;
}
