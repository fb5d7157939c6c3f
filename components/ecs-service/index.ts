import * as aws from "@pulumi/aws";
import type * as dockerTypes from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../../src/alarms";
import { accountContext } from "../../src/aws/account";
import { keyPolicy, rotatingKeyArgs } from "../../src/aws/kms";
import { ArgError, assertValid } from "../../src/errors";
import { identityName, physicalName } from "../../src/naming";
import { childTags } from "../../src/tags";
import { withTransform } from "../../src/transform";
import { loadBalancer } from "./alb";
import { acrossTargetGroups, errorCountMath, metricQueries, requestsPerTaskMetrics, serviceAlarms, type ServiceIdentity } from "./alarms";
import { checkContext, checkPromotedReference, contextTag } from "./image";
import type { EcsServiceArgs } from "./args";
import { containerDefinition, defaultHealthCheck } from "./container";
import { crossAccountPullPolicy, ecsInfrastructureTrustPolicy, executionPolicy, REPOSITORY_LIFECYCLE, tasksTrustPolicy } from "./iam";
import type { EcsServiceSettings } from "./presets";
import { resolveServiceSettings, validateServiceArgs } from "./validate";
import { assertComponentAws } from "../../src/aws/provider-version";

export type { EcsServiceArgs, ServiceNetwork, ImageSource, CertificateSource, DeploymentArgs, ScalingArgs, DeployStrategy, EcsServiceTransforms } from "./args";
export { DEPLOY_STRATEGIES } from "./args";
export { ECS_SERVICE_PRESETS, fargateMemoryOptions, type EcsServiceSettings } from "./presets";
export { resolveServiceSettings, validateServiceArgs } from "./validate";
export { isRootUser } from "../../src/users";
export { EcsCluster, type EcsClusterArgs } from "./cluster";
export { TLS_POLICY } from "./alb";
export { parseImageReference, contextTag, SHA256_DIGEST } from "./image";

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
export const CIRCUIT_BREAKER_STRATEGIES = ["rolling"] as const;

/**
 * A Fargate service behind an HTTPS load balancer: a hardened non-root
 * container, tasks in private subnets reachable only from the load balancer,
 * WAF, target-tracking autoscaling, and deployments that roll back on a failed
 * circuit breaker or a firing alarm (rolling, or ECS-native blue/green,
 * canary or linear).
 */
export class EcsService extends pulumi.ComponentResource {
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
  public readonly settings: EcsServiceSettings;

  constructor(name: string, args: EcsServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const s = resolveServiceSettings(args);
    const build = "context" in args.image && typeof args.image.context === "string" ? args.image : undefined;
    assertValid("EcsService", name, [...validateServiceArgs(args, s), ...(build ? checkContext(build.context) : [])].map((i) => `${i.path}: ${i.message}`));
    assertComponentAws("EcsService", name);
    super("paved:compute:EcsService", name, {}, opts);
    this.settings = s;
    const t = args.transform ?? {};
    const tags = (child: string) => childTags({ environment: args.environment, service: args.service ?? name, tags: args.tags }, child);
    const child = (o?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions => ({ parent: this, ...o });
    const identity = physicalName([pulumi.getStack(), identityName(name, opts)], 32);
    const account = accountContext(this);

    const key = new aws.kms.Key(`${name}-key`, rotatingKeyArgs(
      `Encrypts logs and images of service ${identity}`, account.apply((c) => keyPolicy(c, { logs: true })), tags(`${name}-key`)), child());
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
      name: `/paved/ecs/${identity}`, retentionInDays: s.logRetentionDays, kmsKeyId: key.arn, tags: tags(`${name}-logs`),
    }, child());

    // The image: a reference, another stack's digest, or built and pushed to a repository of our own.
    let image: pulumi.Output<string>;
    let repositoryArn: pulumi.Output<string> | undefined;
    if ("reference" in args.image) {
      image = pulumi.output(args.image.reference);
    } else if ("promoteFrom" in args.image) {
      // Promotion (staging → prod) runs the bytes the other stack ran: its `serviceImages`
      // output, read through a StackReference when this stack deploys, so prod needs no copy
      // of the digest in its config and cannot drift from what staging tested. Only a
      // digest is accepted; a tag could have moved since staging deployed it.
      const from = args.image.promoteFrom;
      const serviceKey = args.service ?? name;
      const source = new pulumi.StackReference(`${name}-promoted-from`, { name: from }, { parent: this });
      image = source.getOutput("serviceImages").apply((images: unknown) => {
        const reference = (images as Record<string, unknown> | undefined)?.[serviceKey];
        const problem = checkPromotedReference(reference, from, serviceKey);
        if (problem !== undefined) throw new ArgError("EcsService", name, [problem]);
        return reference as string;
      });
    } else {
      const repo = withTransform((a, o) => new aws.ecr.Repository(`${name}-repo`, a, o), {
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key.arn }],
        forceDelete: false,
        tags: tags(`${name}-repo`),
      }, child(), t.repository);
      new aws.ecr.LifecyclePolicy(`${name}-repo-lifecycle`, { repository: repo.name, policy: REPOSITORY_LIFECYCLE }, child());
      const pullers = args.image.pullAccountIds ?? [];
      if (pullers.length > 0) {
        new aws.ecr.RepositoryPolicy(`${name}-repo-policy`, { repository: repo.name, policy: account.partition.apply((p) => crossAccountPullPolicy(pullers, p)) }, child());
      }
      const docker = loadDocker(name);
      const auth = aws.ecr.getAuthorizationTokenOutput({ registryId: repo.registryId }, { parent: this });
      const platform = s.architecture === "ARM64" ? "linux/arm64" : "linux/amd64";
      // Tagged by content: the repository is IMMUTABLE, so a fixed tag (the stack's name)
      // would refuse the second build of a changed image. An unchanged context keeps its tag,
      // and docker.Image "will only build if the build context changes"
      // (https://github.com/pulumi/pulumi-docker/issues/872), so nothing is pushed again.
      // Tasks run the pushed digest (repoDigest, "repository@<algorithm>:<hash>").
      const tag = contextTag(args.image.context, { dockerfile: args.image.dockerfile, buildArgs: args.image.buildArgs, platform });
      const built = new docker.Image(`${name}-image`, {
        imageName: pulumi.interpolate`${repo.repositoryUrl}:${tag}`,
        build: {
          context: args.image.context,
          ...(args.image.dockerfile ? { dockerfile: args.image.dockerfile } : {}),
          platform,
          ...(args.image.buildArgs ? { args: { ...args.image.buildArgs } } : {}),
        },
        registry: { server: repo.repositoryUrl, username: auth.userName, password: pulumi.secret(auth.password) },
      }, child());
      image = built.repoDigest;
      repositoryArn = repo.arn;
    }

    const secretArns = Object.values(args.secrets ?? {});
    const executionRole = new aws.iam.Role(`${name}-execution-role`, {
      description: `Starts tasks of ${identity}: pulls its image, writes its logs, reads its secrets`,
      assumeRolePolicy: account.apply((c) => tasksTrustPolicy(c.accountId)),
      tags: tags(`${name}-execution-role`),
    }, child());
    new aws.iam.RolePolicy(`${name}-execution-policy`, {
      role: executionRole.id,
      policy: pulumi.all([logGroup.arn, repositoryArn, pulumi.all(secretArns), key.arn]).apply(([logGroupArn, repo, secrets, keyArn]) =>
        executionPolicy({ logGroupArn, repositoryArn: repo, secretArns: secrets, kmsKeyArns: [keyArn] })),
    }, child());
    const taskRole = new aws.iam.Role(`${name}-task-role`, {
      description: `Identity of ${identity}'s code; no permissions unless given`,
      assumeRolePolicy: account.apply((c) => tasksTrustPolicy(c.accountId)),
      tags: tags(`${name}-task-role`),
    }, child());
    if ((args.taskPolicyStatements ?? []).length > 0) {
      new aws.iam.RolePolicy(`${name}-task-policy`, { role: taskRole.id, policy: JSON.stringify({ Version: "2012-10-17", Statement: args.taskPolicyStatements }) }, child());
    }

    const lb = loadBalancer({ parent: this, name, args, s, tags });
    const taskSg = new aws.ec2.SecurityGroup(`${name}-task-sg`, {
      vpcId: args.network.vpcId, description: `Tasks of ${identity}: only the load balancer may connect`, tags: tags(`${name}-task-sg`),
    }, child());
    new aws.vpc.SecurityGroupIngressRule(`${name}-task-from-alb`, {
      securityGroupId: taskSg.id, referencedSecurityGroupId: lb.albSg.id, ipProtocol: "tcp", fromPort: args.port, toPort: args.port,
      description: "Container port from the load balancer", tags: tags(`${name}-task-from-alb`),
    }, child());
    new aws.vpc.SecurityGroupEgressRule(`${name}-alb-to-tasks`, {
      securityGroupId: lb.albSg.id, referencedSecurityGroupId: taskSg.id, ipProtocol: "tcp", fromPort: args.port, toPort: args.port,
      description: "Load balancer to the tasks", tags: tags(`${name}-alb-to-tasks`),
    }, child());
    new aws.vpc.SecurityGroupEgressRule(`${name}-task-egress`, {
      securityGroupId: taskSg.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "-1",
      description: "Outbound through NAT or endpoints (AWS APIs, databases)", tags: tags(`${name}-task-egress`),
    }, child());

    const region = account.region;
    const taskDef = withTransform((a, o) => new aws.ecs.TaskDefinition(`${name}-task`, a, o), {
      family: identity,
      cpu: String(s.cpu),
      memory: String(s.memoryMiB),
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      runtimePlatform: { cpuArchitecture: s.architecture, operatingSystemFamily: "LINUX" },
      executionRoleArn: executionRole.arn,
      taskRoleArn: taskRole.arn,
      volumes: args.writableTmp ? [{ name: "tmp" }] : [],
      containerDefinitions: pulumi.all([image, logGroup.name, region, pulumi.all(args.secrets ?? {})]).apply(([img, group, reg, secrets]) =>
        JSON.stringify([containerDefinition({
          name, image: img, port: args.port, logGroup: group, region: reg, writableTmp: args.writableTmp ?? false,
          healthCheckCommand: args.healthCheckCommand ?? defaultHealthCheck(args.port, args.healthCheckPath ?? "/health"),
          environment: args.environmentVariables ?? {}, secrets: secrets as Record<string, string>,
        }, s)])),
      tags: tags(`${name}-task`),
    }, child(), t.taskDefinition);

    // Deployment alarms: a firing one rolls the deployment back. They watch the whole load
    // balancer and every target group, because native deployments swap the production group.
    const lbSuffix = lb.alb.arnSuffix;
    const watched: ServiceIdentity = {
      label: identity, cluster: args.clusterName, service: identity, loadBalancer: lbSuffix,
      targetGroups: [lb.blue.arnSuffix, ...(lb.green ? [lb.green.arnSuffix] : [])], certificateArn: lb.certificateArn,
    };
    const deployAlarms = [
      new aws.cloudwatch.MetricAlarm(`${name}-deploy-5xx`, {
        alarmDescription: `${identity}: 5xx (tasks' or the load balancer's) during a deployment`,
        metricQueries: metricQueries(errorCountMath(lbSuffix), "5xx", 60), evaluationPeriods: 3, threshold: 10,
        comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching", tags: tags(`${name}-deploy-5xx`),
      }, child()),
      new aws.cloudwatch.MetricAlarm(`${name}-deploy-unhealthy`, {
        alarmDescription: `${identity}: unhealthy targets in any target group during a deployment`,
        metricQueries: metricQueries(acrossTargetGroups("UnHealthyHostCount", "Maximum", watched, "unhealthy"), "UnHealthyHosts", 60), evaluationPeriods: 3, threshold: 0,
        comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching", tags: tags(`${name}-deploy-unhealthy`),
      }, child()),
    ];

    const native = s.strategy !== "rolling";
    let infraRole: aws.iam.Role | undefined;
    if (native) {
      infraRole = new aws.iam.Role(`${name}-deploy-role`, {
        description: `Lets ECS shift ${identity}'s traffic between target groups`,
        assumeRolePolicy: account.apply((c) => ecsInfrastructureTrustPolicy(c.accountId)),
        managedPolicyArns: [pulumi.interpolate`arn:${account.partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers`],
        tags: tags(`${name}-deploy-role`),
      }, child());
    }
    const percent = args.deployment?.percent ?? 10;
    const breaker = (CIRCUIT_BREAKER_STRATEGIES as readonly string[]).includes(s.strategy);
    const service = withTransform((a, o) => new aws.ecs.Service(`${name}-service`, a, o), {
      name: identity,
      cluster: args.clusterName,
      taskDefinition: taskDef.arn,
      desiredCount: s.minTasks,
      platformVersion: "LATEST",
      availabilityZoneRebalancing: "ENABLED",
      networkConfiguration: { subnets: args.network.privateSubnetIds, securityGroups: [taskSg.id], assignPublicIp: false },
      loadBalancers: [{
        targetGroupArn: lb.blue.arn, containerName: name, containerPort: args.port,
        ...(native ? { advancedConfiguration: { alternateTargetGroupArn: lb.green!.arn, productionListenerRule: lb.productionRule!.arn, roleArn: infraRole!.arn } } : {}),
      }],
      healthCheckGracePeriodSeconds: 60,
      deploymentCircuitBreaker: { enable: breaker, rollback: breaker },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      deploymentConfiguration: {
        strategy: ECS_NATIVE[s.strategy],
        ...(native ? { bakeTimeInMinutes: String(s.bakeMinutes) } : {}),
        ...(s.strategy === "canary" ? { canaryConfiguration: { canaryPercent: percent, canaryBakeTimeInMinutes: String(s.bakeMinutes) } } : {}),
        ...(s.strategy === "linear" ? { linearConfiguration: { stepPercent: percent, stepBakeTimeInMinutes: String(s.bakeMinutes) } } : {}),
      },
      alarms: { alarmNames: deployAlarms.map((a) => a.name), enable: true, rollback: true },
      enableExecuteCommand: false,
      propagateTags: "SERVICE",
      enableEcsManagedTags: true,
      tags: tags(`${name}-service`),
    // Autoscaling owns the task count after creation: `pulumi up` must not reset it.
    }, child({ ignoreChanges: ["desiredCount"], dependsOn: [lb.https] }), t.service);

    const target = new aws.appautoscaling.Target(`${name}-scaling`, {
      serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount",
      resourceId: pulumi.interpolate`service/${args.clusterName}/${service.name}`,
      minCapacity: s.minTasks, maxCapacity: s.maxTasks, tags: tags(`${name}-scaling`),
    }, child());
    const policy = (id: string, spec: aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfiguration) =>
      new aws.appautoscaling.Policy(`${name}-${id}`, {
        policyType: "TargetTrackingScaling", serviceNamespace: target.serviceNamespace, scalableDimension: target.scalableDimension, resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: { scaleOutCooldown: 60, scaleInCooldown: 300, ...spec },
      }, child());
    policy("cpu-scaling", { targetValue: s.cpuTarget, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" } });
    policy("memory-scaling", { targetValue: s.memoryTarget, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageMemoryUtilization" } });
    // Requests per healthy task over the whole service, not ALBRequestCountPerTarget of one
    // target group, which reads 0 (and scales in) once ECS moves traffic to the other group.
    policy("requests-scaling", { targetValue: s.requestsPerTarget, customizedMetricSpecification: { metrics: requestsPerTaskMetrics(watched) } });

    this.url = lb.url;
    this.serviceName = service.name;
    this.securityGroupId = taskSg.id;
    this.taskRoleArn = taskRole.arn;
    this.loadBalancerDnsName = lb.alb.dnsName;
    this.image = image;
    this.alarms = serviceAlarms({ ...watched, service: service.name }, s.minTasks);
    this.registerOutputs({
      url: this.url, serviceName: this.serviceName, securityGroupId: this.securityGroupId, taskRoleArn: this.taskRoleArn,
      loadBalancerDnsName: this.loadBalancerDnsName, image: this.image,
    });
  }
}
