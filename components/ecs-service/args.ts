import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "../../src/aws/iam";
import type { CommonArgs } from "../../src/component";
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

export const ARCHITECTURES = ["ARM64", "X86_64"] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

export interface DeploymentArgs {
  /**
   * "rolling" replaces tasks in place; "blueGreen", "canary" and "linear" use ECS's native
   * strategies with a second target group, shifting traffic and baking before the old tasks go.
   * @default "rolling" in every environment
   */
  readonly strategy?: DeployStrategy;
  /**
   * Percent of traffic for the canary step (canary), or per step (linear); unused by rolling and blueGreen.
   * @default 10 in every environment
   */
  readonly percent?: number;
  /** Minutes to watch each step, and the new revision before the old one is removed. @default dev: 5 · staging: 10 · prod: 15 */
  readonly bakeMinutes?: number;
}

export interface ScalingArgs {
  /** @default dev: 1 · staging: 2 · prod: 2 */
  readonly min?: number;
  /** @default dev: 2 · staging: 4 · prod: 10 */
  readonly max?: number;
  /** Target CPU percent. @default 70 in every environment */
  readonly cpuTarget?: number;
  /** Target memory percent. @default 80 in every environment */
  readonly memoryTarget?: number;
  /** Target ALB requests per task per minute. @default 1000 in every environment */
  readonly requestsPerTarget?: number;
}

/**
 * The args of the image build (@pulumi/docker's `docker.Image`), restated because
 * @pulumi/docker is an optional peer: a program without it must still type-check.
 */
export interface ImageBuildInputs {
  imageName: pulumi.Input<string>;
  build?: pulumi.Input<{
    context?: pulumi.Input<string>;
    dockerfile?: pulumi.Input<string>;
    platform?: pulumi.Input<string>;
    args?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    target?: pulumi.Input<string>;
  }>;
  registry?: pulumi.Input<{ server?: pulumi.Input<string>; username?: pulumi.Input<string>; password?: pulumi.Input<string> }>;
  skipPush?: pulumi.Input<boolean>;
  buildOnPreview?: pulumi.Input<boolean>;
}

/** One escape hatch per child role, run after the defaults and before the child is created. */
export interface EcsServiceTransforms {
  key?: Transform<aws.kms.KeyArgs>;
  logGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
  /** The StackReference of `image.promoteFrom`. */
  promotedFrom?: Transform<pulumi.StackReferenceArgs>;
  repository?: Transform<aws.ecr.RepositoryArgs>;
  repositoryLifecycle?: Transform<aws.ecr.LifecyclePolicyArgs>;
  repositoryPolicy?: Transform<aws.ecr.RepositoryPolicyArgs>;
  /** The docker build of `image.context`. */
  image?: Transform<ImageBuildInputs>;
  executionRole?: Transform<aws.iam.RoleArgs>;
  executionPolicy?: Transform<aws.iam.RolePolicyArgs>;
  taskRole?: Transform<aws.iam.RoleArgs>;
  taskPolicy?: Transform<aws.iam.RolePolicyArgs>;
  loadBalancerSecurityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
  /** The load balancer's 443 and 80 ingress rules. */
  loadBalancerIngressRule?: Transform<aws.vpc.SecurityGroupIngressRuleArgs>;
  loadBalancerEgressRule?: Transform<aws.vpc.SecurityGroupEgressRuleArgs>;
  loadBalancer?: Transform<aws.lb.LoadBalancerArgs>;
  /** Both target groups (blue, and green for native deployments): ECS swaps which one is production. */
  targetGroup?: Transform<aws.lb.TargetGroupArgs>;
  certificate?: Transform<aws.acm.CertificateArgs>;
  certificateValidationRecord?: Transform<aws.route53.RecordArgs>;
  certificateValidation?: Transform<aws.acm.CertificateValidationArgs>;
  /** The alias record of `certificate.domainName` to the load balancer. */
  dnsRecord?: Transform<aws.route53.RecordArgs>;
  httpsListener?: Transform<aws.lb.ListenerArgs>;
  httpListener?: Transform<aws.lb.ListenerArgs>;
  productionRule?: Transform<aws.lb.ListenerRuleArgs>;
  webAcl?: Transform<aws.wafv2.WebAclArgs>;
  webAclAssociation?: Transform<aws.wafv2.WebAclAssociationArgs>;
  taskSecurityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
  taskIngressRule?: Transform<aws.vpc.SecurityGroupIngressRuleArgs>;
  taskEgressRule?: Transform<aws.vpc.SecurityGroupEgressRuleArgs>;
  taskDefinition?: Transform<aws.ecs.TaskDefinitionArgs>;
  /** Both deployment alarms (5xx, unhealthy targets). */
  deploymentAlarm?: Transform<aws.cloudwatch.MetricAlarmArgs>;
  deploymentRole?: Transform<aws.iam.RoleArgs>;
  service?: Transform<aws.ecs.ServiceArgs>;
  scalingTarget?: Transform<aws.appautoscaling.TargetArgs>;
  /** The CPU, memory and requests target-tracking policies. */
  scalingPolicy?: Transform<aws.appautoscaling.PolicyArgs>;
}

export interface EcsServiceArgs extends CommonArgs {
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
  readonly architecture?: Architecture;
  /**
   * The container's user (uid:gid). Root (root, 0, 0:<gid>) is rejected unless allowRootUser is true.
   * @default "1000:1000" in every environment
   */
  readonly user?: string;
  /**
   * Escape hatch: let the container run as root; the non-root policy pack still reports it.
   * @default false in every environment
   */
  readonly allowRootUser?: boolean;
  /** Mount a writable, task-local /tmp; the root filesystem stays read-only. @default false in every environment */
  readonly writableTmp?: boolean;
  /** Load-balancer health check path. @default "/health" in every environment */
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
  readonly taskPolicyStatements?: readonly PolicyStatement[];
  /** An internal ALB (private subnets, no WAF needed) instead of a public one. @default false in every environment */
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
   * @default 2000 in every environment
   */
  readonly rateLimit?: number;
  /**
   * Deletion protection on the load balancer: deleting it (or the stack) fails until it is lifted.
   * @default dev: false · staging: false · prod: true
   */
  readonly deletionProtection?: boolean;
  /** Per-child escape hatches, run after the defaults and before each child is created. */
  readonly transform?: EcsServiceTransforms;
}
