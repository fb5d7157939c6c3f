import * as aws from "@pulumi/aws";
import type * as dockerTypes from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../../src/alarms";
import { accountContext } from "../../src/aws/account";
import { keyPolicy, rotatingKeyArgs } from "../../src/aws/kms";
import { PavedComponent } from "../../src/component";
import { ArgError } from "../../src/errors";
import { issue, type Issue } from "../../src/issues";
import { loadBalancer } from "./alb";
import { acrossTargetGroups, errorCountMath, metricQueries, requestsPerTaskMetrics, serviceAlarms, type ServiceIdentity } from "./alarms";
import type { EcsServiceArgs, EcsServiceTransforms } from "./args";
import { containerDefinition } from "./container";
import { crossAccountPullPolicy, ecsInfrastructureTrustPolicy, executionPolicy, REPOSITORY_LIFECYCLE, tasksTrustPolicy } from "./iam";
import { checkContext, checkPromotedReference, contextTag } from "./image";
import { ECS_SERVICE_SETTINGS, type EcsServiceSettings } from "./settings";

export type {
  EcsServiceArgs, EcsServiceTransforms, ServiceNetwork, ImageSource, CertificateSource, DeploymentArgs, ScalingArgs, DeployStrategy, Architecture, ImageBuildInputs,
} from "./args";
export type { EcsServiceSettings, EcsClusterSettings } from "./settings";
export { EcsCluster, type EcsClusterArgs, type EcsClusterTransforms } from "./cluster";

/** @pulumi/docker is an optional peer: only services that build an image need it. */
function loadDocker(name: string): typeof dockerTypes {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("@pulumi/docker") as typeof dockerTypes;
  } catch {
    throw new ArgError("EcsService", name, ["image.context: found a build context; allowed only with @pulumi/docker installed (npm install @pulumi/docker), or use image.reference"]);
  }
}

const ECS_NATIVE = { blueGreen: "BLUE_GREEN", canary: "CANARY", linear: "LINEAR", rolling: "ROLLING" } as const;

/**
 * Strategies that get the deployment circuit breaker. The API reference says it "can only
 * be used for services using the rolling update (ECS) deployment type"
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html;
 * api-models-aws ecs/service/2014-11-13, com.amazonaws.ecs#DeploymentCircuitBreaker), so the
 * others roll back on the deployment alarms, which watch live traffic in every target group.
 * Note: the developer guide's "deployment failure detection" page says the breaker supports
 * "rolling update deployment and blue/green deployment types"
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-failure-detection.html);
 * if AWS confirms that, add "blueGreen" here.
 */
const CIRCUIT_BREAKER_STRATEGIES = ["rolling"] as const;

/** Checks of the args that are not settings: the certificate, the network an internal ALB needs, the build context on disk. */
function validate(args: EcsServiceArgs, s: EcsServiceSettings): Issue[] {
  const out: Issue[] = [];
  const cert = args.certificate as Record<string, unknown> | undefined;
  if (!cert || (cert.arn === undefined && (typeof cert.domainName !== "string" || cert.zoneId === undefined))) {
    out.push(issue("certificate", cert, "{ arn } of an ACM certificate, or { domainName, zoneId } to issue one"));
  }
  if (s.internal && args.network?.cidrBlock === undefined) out.push(issue("network.cidrBlock", undefined, "the VPC's CIDR block when internal is true"));
  if ("context" in s.image) out.push(...checkContext(s.image.context));
  return out;
}

/**
 * A Fargate service behind an HTTPS load balancer: a hardened non-root
 * container, tasks in private subnets reachable only from the load balancer,
 * WAF, target-tracking autoscaling, and deployments that roll back on a failed
 * circuit breaker or a firing alarm (rolling, or ECS-native blue/green,
 * canary or linear).
 */
export class EcsService extends PavedComponent<EcsServiceSettings, EcsServiceTransforms, EcsServiceArgs> {
  /** https:// address of the service. */
  public readonly url: pulumi.Output<string>;
  public readonly serviceName: pulumi.Output<string>;
  /** Security group of the tasks: allow it into databases and caches. */
  public readonly securityGroupId: pulumi.Output<string>;
  public readonly taskRoleArn: pulumi.Output<string>;
  public readonly loadBalancerDnsName: pulumi.Output<string>;
  /** The image the tasks run (a digest when built or promoted by the component); other stacks promote it. */
  public readonly image: pulumi.Output<string>;
  /** Recommended alarms, as data for MonitoringStack (a plain list; dimension values may be outputs). */
  public readonly alarms: readonly AlarmSpec[];

  constructor(name: string, args: EcsServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super({ type: "paved:compute:EcsService", settings: ECS_SERVICE_SETTINGS, validate }, name, args, opts);
    const s = this.settings;
    const tags = (child: string) => this.tags(child);
    const identity = this.physicalName(32);
    const account = accountContext(this);

    const key = this.create("key", aws.kms.Key, `${name}-key`, rotatingKeyArgs(
      `Encrypts logs and images of service ${identity}`, account.apply((c) => keyPolicy(c, { logs: true })), tags(`${name}-key`)));
    const logGroup = this.create("logGroup", aws.cloudwatch.LogGroup, `${name}-logs`, {
      name: `/paved/ecs/${identity}`, retentionInDays: s.logRetentionDays, kmsKeyId: key.arn, tags: tags(`${name}-logs`),
    });

    // The image: a reference, another stack's digest, or built and pushed to a repository of our own.
    let image: pulumi.Output<string>;
    let repositoryArn: pulumi.Output<string> | undefined;
    if ("reference" in s.image) {
      image = pulumi.output(s.image.reference);
    } else if ("promoteFrom" in s.image) {
      // Promotion (staging → prod) runs the bytes the other stack ran: its `serviceImages`
      // output, read through a StackReference when this stack deploys, so prod needs no copy
      // of the digest in its config and cannot drift from what staging tested. Only a
      // digest is accepted; a tag could have moved since staging deployed it.
      const from = s.image.promoteFrom;
      const serviceKey = this.serviceTag;
      const source = this.create("promotedFrom", pulumi.StackReference, `${name}-promoted-from`, { name: from });
      image = source.getOutput("serviceImages").apply((images: unknown) => {
        const reference = (images as Record<string, unknown> | undefined)?.[serviceKey];
        const problem = checkPromotedReference(reference, from, serviceKey);
        if (problem !== undefined) throw new ArgError("EcsService", name, [problem]);
        return reference as string;
      });
    } else {
      const build = s.image;
      const repo = this.create("repository", aws.ecr.Repository, `${name}-repo`, {
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key.arn }],
        forceDelete: false,
        tags: tags(`${name}-repo`),
      });
      this.create("repositoryLifecycle", aws.ecr.LifecyclePolicy, `${name}-repo-lifecycle`, { repository: repo.name, policy: REPOSITORY_LIFECYCLE });
      const pullers = build.pullAccountIds ?? [];
      if (pullers.length > 0) {
        this.create("repositoryPolicy", aws.ecr.RepositoryPolicy, `${name}-repo-policy`, {
          repository: repo.name, policy: account.partition.apply((p) => crossAccountPullPolicy(pullers, p)),
        });
      }
      const docker = loadDocker(name);
      const auth = aws.ecr.getAuthorizationTokenOutput({ registryId: repo.registryId }, { parent: this });
      const platform = s.architecture === "ARM64" ? "linux/arm64" : "linux/amd64";
      // Tagged by content: the repository is IMMUTABLE, so a fixed tag (the stack's name)
      // would refuse the second build of a changed image. An unchanged context keeps its tag,
      // and docker.Image "will only build if the build context changes"
      // (https://github.com/pulumi/pulumi-docker/issues/872), so nothing is pushed again.
      // Tasks run the pushed digest (repoDigest, "repository@<algorithm>:<hash>").
      const tag = contextTag(build.context, { dockerfile: build.dockerfile, buildArgs: build.buildArgs, platform });
      const built = this.create("image", docker.Image, `${name}-image`, {
        imageName: pulumi.interpolate`${repo.repositoryUrl}:${tag}`,
        build: {
          context: build.context,
          ...(build.dockerfile ? { dockerfile: build.dockerfile } : {}),
          platform,
          ...(build.buildArgs ? { args: { ...build.buildArgs } } : {}),
        },
        registry: { server: repo.repositoryUrl, username: auth.userName, password: pulumi.secret(auth.password) },
      });
      image = built.repoDigest;
      repositoryArn = repo.arn;
    }

    const secretArns = Object.values(s.secrets);
    const executionRole = this.create("executionRole", aws.iam.Role, `${name}-execution-role`, {
      description: `Starts tasks of ${identity}: pulls its image, writes its logs, reads its secrets`,
      assumeRolePolicy: account.apply((c) => tasksTrustPolicy(c.accountId)),
      tags: tags(`${name}-execution-role`),
    });
    this.create("executionPolicy", aws.iam.RolePolicy, `${name}-execution-policy`, {
      role: executionRole.id,
      policy: pulumi.all([logGroup.arn, repositoryArn, pulumi.all(secretArns), key.arn]).apply(([logGroupArn, repo, secrets, keyArn]) =>
        executionPolicy({ logGroupArn, repositoryArn: repo, secretArns: secrets, kmsKeyArns: [keyArn] })),
    });
    const taskRole = this.create("taskRole", aws.iam.Role, `${name}-task-role`, {
      description: `Identity of ${identity}'s code; no permissions unless given`,
      assumeRolePolicy: account.apply((c) => tasksTrustPolicy(c.accountId)),
      tags: tags(`${name}-task-role`),
    });
    if ((args.taskPolicyStatements ?? []).length > 0) {
      this.create("taskPolicy", aws.iam.RolePolicy, `${name}-task-policy`, {
        role: taskRole.id, policy: JSON.stringify({ Version: "2012-10-17", Statement: args.taskPolicyStatements }),
      });
    }

    const lb = loadBalancer({ name, args, s, create: this.create.bind(this), child: (extra) => this.child(extra), tags });
    const taskSg = this.create("taskSecurityGroup", aws.ec2.SecurityGroup, `${name}-task-sg`, {
      vpcId: args.network.vpcId, description: `Tasks of ${identity}: only the load balancer may connect`, tags: tags(`${name}-task-sg`),
    });
    this.create("taskIngressRule", aws.vpc.SecurityGroupIngressRule, `${name}-task-from-alb`, {
      securityGroupId: taskSg.id, referencedSecurityGroupId: lb.albSg.id, ipProtocol: "tcp", fromPort: s.port, toPort: s.port,
      description: "Container port from the load balancer", tags: tags(`${name}-task-from-alb`),
    });
    this.create("loadBalancerEgressRule", aws.vpc.SecurityGroupEgressRule, `${name}-alb-to-tasks`, {
      securityGroupId: lb.albSg.id, referencedSecurityGroupId: taskSg.id, ipProtocol: "tcp", fromPort: s.port, toPort: s.port,
      description: "Load balancer to the tasks", tags: tags(`${name}-alb-to-tasks`),
    });
    this.create("taskEgressRule", aws.vpc.SecurityGroupEgressRule, `${name}-task-egress`, {
      securityGroupId: taskSg.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "-1",
      description: "Outbound through NAT or endpoints (AWS APIs, databases)", tags: tags(`${name}-task-egress`),
    });

    const region = account.region;
    const taskDef = this.create("taskDefinition", aws.ecs.TaskDefinition, `${name}-task`, {
      family: identity,
      cpu: String(s.cpu),
      memory: String(s.memoryMiB),
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      runtimePlatform: { cpuArchitecture: s.architecture, operatingSystemFamily: "LINUX" },
      executionRoleArn: executionRole.arn,
      taskRoleArn: taskRole.arn,
      volumes: s.writableTmp ? [{ name: "tmp" }] : [],
      containerDefinitions: pulumi.all([image, logGroup.name, region, pulumi.all(s.secrets)]).apply(([img, group, reg, secrets]) =>
        JSON.stringify([containerDefinition({
          name, image: img, port: s.port, logGroup: group, region: reg, writableTmp: s.writableTmp,
          healthCheckCommand: s.healthCheckCommand, environment: s.environmentVariables, secrets: secrets as Record<string, string>,
        }, s)])),
      tags: tags(`${name}-task`),
    });

    // Deployment alarms: a firing one rolls the deployment back. They watch the whole load
    // balancer and every target group, because native deployments swap the production group.
    const lbSuffix = lb.alb.arnSuffix;
    const watched: ServiceIdentity = {
      label: identity, cluster: args.clusterName, service: identity, loadBalancer: lbSuffix,
      targetGroups: [lb.blue.arnSuffix, ...(lb.green ? [lb.green.arnSuffix] : [])], certificateArn: lb.certificateArn,
    };
    const deployAlarms = [
      this.create("deploymentAlarm", aws.cloudwatch.MetricAlarm, `${name}-deploy-5xx`, {
        alarmDescription: `${identity}: 5xx (tasks' or the load balancer's) during a deployment`,
        metricQueries: metricQueries(errorCountMath(lbSuffix), "5xx", 60), evaluationPeriods: 3, threshold: 10,
        comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching", tags: tags(`${name}-deploy-5xx`),
      }),
      this.create("deploymentAlarm", aws.cloudwatch.MetricAlarm, `${name}-deploy-unhealthy`, {
        alarmDescription: `${identity}: unhealthy targets in any target group during a deployment`,
        metricQueries: metricQueries(acrossTargetGroups("UnHealthyHostCount", "Maximum", watched, "unhealthy"), "UnHealthyHosts", 60), evaluationPeriods: 3, threshold: 0,
        comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching", tags: tags(`${name}-deploy-unhealthy`),
      }),
    ];

    const { strategy, percent, bakeMinutes } = s.deployment;
    const native = strategy !== "rolling";
    let infraRole: aws.iam.Role | undefined;
    if (native) {
      infraRole = this.create("deploymentRole", aws.iam.Role, `${name}-deploy-role`, {
        description: `Lets ECS shift ${identity}'s traffic between target groups`,
        assumeRolePolicy: account.apply((c) => ecsInfrastructureTrustPolicy(c.accountId)),
        managedPolicyArns: [pulumi.interpolate`arn:${account.partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers`],
        tags: tags(`${name}-deploy-role`),
      });
    }
    const breaker = (CIRCUIT_BREAKER_STRATEGIES as readonly string[]).includes(strategy);
    const service = this.create("service", aws.ecs.Service, `${name}-service`, {
      name: identity,
      cluster: args.clusterName,
      taskDefinition: taskDef.arn,
      desiredCount: s.scaling.min,
      platformVersion: "LATEST",
      availabilityZoneRebalancing: "ENABLED",
      networkConfiguration: { subnets: args.network.privateSubnetIds, securityGroups: [taskSg.id], assignPublicIp: false },
      loadBalancers: [{
        targetGroupArn: lb.blue.arn, containerName: name, containerPort: s.port,
        ...(native ? { advancedConfiguration: { alternateTargetGroupArn: lb.green!.arn, productionListenerRule: lb.productionRule!.arn, roleArn: infraRole!.arn } } : {}),
      }],
      healthCheckGracePeriodSeconds: 60,
      deploymentCircuitBreaker: { enable: breaker, rollback: breaker },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      deploymentConfiguration: {
        strategy: ECS_NATIVE[strategy],
        ...(native ? { bakeTimeInMinutes: String(bakeMinutes) } : {}),
        ...(strategy === "canary" ? { canaryConfiguration: { canaryPercent: percent, canaryBakeTimeInMinutes: String(bakeMinutes) } } : {}),
        ...(strategy === "linear" ? { linearConfiguration: { stepPercent: percent, stepBakeTimeInMinutes: String(bakeMinutes) } } : {}),
      },
      alarms: { alarmNames: deployAlarms.map((a) => a.name), enable: true, rollback: true },
      enableExecuteCommand: false,
      propagateTags: "SERVICE",
      enableEcsManagedTags: true,
      tags: tags(`${name}-service`),
    // Autoscaling owns the task count after creation: `pulumi up` must not reset it.
    }, this.child({ ignoreChanges: ["desiredCount"], dependsOn: [lb.https] }));

    const target = this.create("scalingTarget", aws.appautoscaling.Target, `${name}-scaling`, {
      serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount",
      resourceId: pulumi.interpolate`service/${args.clusterName}/${service.name}`,
      minCapacity: s.scaling.min, maxCapacity: s.scaling.max, tags: tags(`${name}-scaling`),
    });
    const policy = (id: string, spec: aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfiguration) =>
      this.create("scalingPolicy", aws.appautoscaling.Policy, `${name}-${id}`, {
        policyType: "TargetTrackingScaling", serviceNamespace: target.serviceNamespace, scalableDimension: target.scalableDimension, resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: { scaleOutCooldown: 60, scaleInCooldown: 300, ...spec },
      });
    policy("cpu-scaling", { targetValue: s.scaling.cpuTarget, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" } });
    policy("memory-scaling", { targetValue: s.scaling.memoryTarget, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageMemoryUtilization" } });
    // Requests per healthy task over the whole service, not ALBRequestCountPerTarget of one
    // target group, which reads 0 (and scales in) once ECS moves traffic to the other group.
    policy("requests-scaling", { targetValue: s.scaling.requestsPerTarget, customizedMetricSpecification: { metrics: requestsPerTaskMetrics(watched) } });

    this.url = lb.url;
    this.serviceName = service.name;
    this.securityGroupId = taskSg.id;
    this.taskRoleArn = taskRole.arn;
    this.loadBalancerDnsName = lb.alb.dnsName;
    this.image = image;
    this.alarms = serviceAlarms({ ...watched, service: service.name }, s.scaling.min);
    this.registerOutputs({
      url: this.url, serviceName: this.serviceName, securityGroupId: this.securityGroupId, taskRoleArn: this.taskRoleArn,
      loadBalancerDnsName: this.loadBalancerDnsName, image: this.image,
    });
  }
}
