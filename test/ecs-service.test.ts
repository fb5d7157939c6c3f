import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { EcsCluster, EcsService, type EcsClusterTransforms, type EcsServiceArgs, type EcsServiceTransforms } from "../components/ecs-service";
import { checkImageReference, checkPromotedReference, contextTag, parseImageReference } from "../components/ecs-service/image";
import { ECS_SERVICE_PRESETS, fargateMemoryOptions } from "../components/ecs-service/settings";
import { ALL_PACKS } from "../policies/rules";
import { ArgError } from "../src/errors";
import { record, type Plan } from "../src/testing";

const network = { vpcId: "vpc-0abc", publicSubnetIds: ["subnet-pub-1", "subnet-pub-2"], privateSubnetIds: ["subnet-app-1", "subnet-app-2"] };
const base = { clusterName: "apps", network, image: { reference: "public.ecr.aws/nginx/nginx:1.27" }, port: 8080, certificate: { arn: "arn:aws:acm:eu-west-1:111122223333:certificate/abc" } };
const planOf = (args: Partial<EcsServiceArgs> & { environment: EcsServiceArgs["environment"] }): Promise<Plan> =>
  record(() => new EcsService("web", { ...base, ...args }), { mode: "resolve", stack: "prod", config: { "aws:region": "eu-west-1" }, packs: ALL_PACKS });
const DIGEST = `sha256:${"ab12".repeat(16)}`;
const stackOutputs = (outputs: Record<string, unknown>) => ({ file: undefined, invoke: () => undefined, stackOutputs: () => ({ outputs, secretOutputNames: [] }) });
/** A build context in a fresh temporary directory. */
function appDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paved-ecs-"));
  for (const [name, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), body);
  }
  return dir;
}
const container = (plan: Plan) => JSON.parse(String(plan.one("aws:ecs/taskDefinition:TaskDefinition", "web-task").inputs.containerDefinitions))[0];

describe.each(["dev", "prod"] as const)("EcsService %s", (environment) => {
  let plan: Plan;
  beforeAll(async () => { plan = await planOf({ environment }); });

  test("the container: non-root, read-only root filesystem, all capabilities dropped, not privileged, health-checked, logging to its group", () => {
    const c = container(plan);
    expect(c).toMatchObject({ user: "1000:1000", readonlyRootFilesystem: true, privileged: false, linuxParameters: { capabilities: { drop: ["ALL"] } } });
    expect(c.healthCheck.command[0]).toBe("CMD-SHELL");
    expect(c.logConfiguration.options["awslogs-group"]).toBe(plan.one("aws:cloudwatch/logGroup:LogGroup", "web-logs").outputs.name);
    expect(plan.one("aws:cloudwatch/logGroup:LogGroup", "web-logs").inputs).toMatchObject({ retentionInDays: environment === "prod" ? 365 : 14, kmsKeyId: expect.stringMatching(/^arn:aws:kms:/) });
    expect(plan.one("aws:ecs/taskDefinition:TaskDefinition", "web-task").inputs).toMatchObject({ networkMode: "awsvpc", requiresCompatibilities: ["FARGATE"], runtimePlatform: { cpuArchitecture: "ARM64" } });
  });

  test("the service (rolling): private subnets, no public IP, circuit breaker with rollback, alarms that roll back, desired count left to autoscaling", () => {
    const svc = plan.one("aws:ecs/service:Service", "web-service");
    expect(svc.inputs).toMatchObject({
      networkConfiguration: { subnets: network.privateSubnetIds, assignPublicIp: false },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      alarms: { enable: true, rollback: true },
      deploymentConfiguration: { strategy: "ROLLING" },
    });
    expect([...(svc.inputs.alarms as { alarmNames: string[] }).alarmNames].sort()).toEqual(plan.all("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.outputs.name).sort());
    expect(svc.options.ignoreChanges).toEqual(["desiredCount"]);
  });

  test("scaling: CPU 70 %, memory 80 % and requests per healthy task over the whole load balancer; scale-in slower than scale-out; prod keeps 2 tasks", () => {
    const policies = plan.all("aws:appautoscaling/policy:Policy").map((p) => p.inputs.targetTrackingScalingPolicyConfiguration as Record<string, unknown>);
    const kind = (p: Record<string, unknown>) => (p.predefinedMetricSpecification as { predefinedMetricType: string } | undefined)?.predefinedMetricType ?? "customized";
    expect(policies.map((p) => [kind(p), p.targetValue])).toEqual([
      ["ECSServiceAverageCPUUtilization", 70], ["ECSServiceAverageMemoryUtilization", 80], ["customized", 1000],
    ]);
    const metrics = (policies[2]!.customizedMetricSpecification as { metrics: Array<{ id: string; expression?: string; returnData: boolean; metricStat?: { metric: { metricName: string } } }> }).metrics;
    expect(metrics.filter((m) => m.returnData).map((m) => m.expression)).toEqual(["IF(hosts > 0, FILL(requests, 0) / hosts, 0)"]);
    expect(metrics.flatMap((m) => m.metricStat ? [m.metricStat.metric.metricName] : [])).toEqual(["RequestCount", "HealthyHostCount"]);
    for (const p of policies) expect(p.scaleInCooldown as number).toBeGreaterThan(p.scaleOutCooldown as number);
    expect(plan.one("aws:appautoscaling/target:Target", "web-scaling").inputs).toMatchObject({ minCapacity: environment === "prod" ? 2 : 1, maxCapacity: environment === "prod" ? 10 : 2 });
  });

  test("the load balancer: HTTPS with a TLS 1.3 policy, HTTP only redirects, invalid headers dropped, WAF attached", () => {
    const alb = plan.one("aws:lb/loadBalancer:LoadBalancer", "web-alb");
    expect(alb.inputs).toMatchObject({ internal: false, subnets: network.publicSubnetIds, dropInvalidHeaderFields: true, enableDeletionProtection: environment === "prod" });
    expect(plan.one("aws:lb/listener:Listener", "web-https").inputs).toMatchObject({ protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificateArn: base.certificate.arn });
    expect(plan.one("aws:lb/listener:Listener", "web-http").inputs.defaultActions).toEqual([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]);
    expect(plan.one("aws:wafv2/webAclAssociation:WebAclAssociation", "web-waf-alb").inputs).toEqual({ resourceArn: alb.outputs.arn, webAclArn: plan.one("aws:wafv2/webAcl:WebAcl", "web-waf").outputs.arn });
    const rules = plan.one("aws:wafv2/webAcl:WebAcl", "web-waf").inputs.rules as Array<{ name: string; overrideAction?: object; action?: object }>;
    expect(rules.map((r) => r.name)).toEqual(["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList", "rate-limit-per-ip"]);
    expect(rules[3]!.action).toEqual(environment === "dev" ? { count: {} } : { block: {} });
  });

  test("the task security group admits only the load balancer's group, on the container port", () => {
    const taskSg = plan.one("aws:ec2/securityGroup:SecurityGroup", "web-task-sg");
    const albSg = plan.one("aws:ec2/securityGroup:SecurityGroup", "web-alb-sg");
    const ingress = plan.all("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === taskSg.id);
    expect(ingress.map((r) => r.inputs)).toEqual([expect.objectContaining({ referencedSecurityGroupId: albSg.id, fromPort: 8080, toPort: 8080 })]);
    const albIngress = plan.all("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === albSg.id);
    expect(albIngress.map((r) => r.inputs.fromPort).sort()).toEqual([443, 80]);
  });

  test("passes every policy pack", () => {
    expect(plan.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
    expect(plan.unknowns).toEqual([]);
  });
});

describe("EcsService options", () => {
  test("a build context becomes an ECR repository (scan on push, immutable, KMS) and a docker build tagged by content, run by digest", async () => {
    const dir = appDir({ Dockerfile: "FROM scratch\n", "src/app.txt": "v1" });
    const plan = await planOf({ environment: "prod", image: { context: dir } });
    expect(plan.one("aws:ecr/repository:Repository", "web-repo").inputs).toMatchObject({
      imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true }, encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: expect.any(String) }],
    });
    const image = plan.one("docker:index/image:Image", "web-image");
    expect(image.inputs.build).toMatchObject({ context: dir, platform: "linux/arm64" });
    const repoUrl = String(plan.one("aws:ecr/repository:Repository", "web-repo").outputs.repositoryUrl);
    expect(image.inputs.imageName).toBe(`${repoUrl}:${contextTag(dir, { platform: "linux/arm64" })}`);
    expect(String(image.inputs.imageName)).toMatch(/:ctx-[a-f0-9]{64}$/);
    expect(container(plan).image).toBe(image.outputs.repoDigest);
    expect(JSON.stringify(plan.toJSON())).not.toContain("eyJ"); // the registry password
  });

  test("pullAccountIds: a repository policy that lets exactly those accounts pull, for cross-account promotion", async () => {
    const dir = appDir({ Dockerfile: "FROM scratch\n" });
    const plan = await planOf({ environment: "staging", image: { context: dir, pullAccountIds: ["444455556666"] } });
    const policy = JSON.parse(String(plan.one("aws:ecr/repositoryPolicy:RepositoryPolicy", "web-repo-policy").inputs.policy));
    expect(policy.Statement).toEqual([expect.objectContaining({ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::444455556666:root"] }, Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] })]);
    expect(plan.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });

  test("a build context that does not exist: a clear error, nothing created", () => {
    const missing = path.join(os.tmpdir(), "paved-no-such-dir");
    expect(() => new EcsService("web", { environment: "dev", ...base, image: { context: missing } })).toThrow(`EcsService "web": image.context: found ${JSON.stringify(missing)}; allowed a directory that exists`);
  });

  test("promoteFrom runs the digest the other stack exports, through a StackReference", async () => {
    const staging = `111122223333.dkr.ecr.eu-west-1.amazonaws.com/web@${DIGEST}`;
    const plan = await record(() => new EcsService("web", { ...base, environment: "prod", image: { promoteFrom: "acme/paved/staging" } }),
      { mode: "resolve", stack: "prod", config: { "aws:region": "eu-west-1" }, packs: ALL_PACKS, mocks: stackOutputs({ serviceImages: { web: staging } }) });
    expect(container(plan).image).toBe(staging);
    expect(plan.all("docker:index/image:Image")).toEqual([]);
    expect(plan.all("aws:ecr/repository:Repository")).toEqual([]);
  });

  test("promoteFrom refuses what the other stack did not pin by digest, or does not export", () => {
    // Checked where the StackReference resolves (an apply), so `pulumi up` fails with this message.
    expect(checkPromotedReference("public.ecr.aws/nginx/nginx:1.27", "acme/paved/staging", "web"))
      .toBe('image.promoteFrom: found "public.ecr.aws/nginx/nginx:1.27" in stack "acme/paved/staging"; allowed a digest-pinned reference (repo@sha256:<64 hex>)');
    expect(checkPromotedReference(undefined, "acme/paved/staging", "web"))
      .toBe('image.promoteFrom: stack "acme/paved/staging" exports no serviceImages.web; allowed a stack that runs service "web"');
    expect(checkPromotedReference(`repo/web@${DIGEST}`, "acme/paved/staging", "web")).toBeUndefined();
  });

  test("blue/green, canary and linear: no circuit breaker (AWS applies it to rolling deployments only); the deployment alarms roll back", async () => {
    for (const strategy of ["blueGreen", "canary", "linear"] as const) {
      const plan = await planOf({ environment: "prod", deployment: { strategy } });
      const svc = plan.one("aws:ecs/service:Service", "web-service");
      expect(svc.inputs.deploymentCircuitBreaker).toEqual({ enable: false, rollback: false });
      expect(svc.inputs.alarms).toMatchObject({ enable: true, rollback: true });
      expect([...(svc.inputs.alarms as { alarmNames: string[] }).alarmNames].sort()).toEqual(plan.all("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.outputs.name).sort());
    }
  });

  test("canary: ECS-native with a second target group, the production rule and an infrastructure role", async () => {
    const plan = await planOf({ environment: "prod", deployment: { strategy: "canary", percent: 5, bakeMinutes: 20 } });
    const svc = plan.one("aws:ecs/service:Service", "web-service");
    expect(svc.inputs.deploymentConfiguration).toEqual({ strategy: "CANARY", bakeTimeInMinutes: "20", canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: "20" } });
    expect((svc.inputs.loadBalancers as Array<{ advancedConfiguration: object }>)[0]!.advancedConfiguration).toEqual({
      alternateTargetGroupArn: plan.one("aws:lb/targetGroup:TargetGroup", "web-green").outputs.arn,
      productionListenerRule: plan.one("aws:lb/listenerRule:ListenerRule", "web-production").outputs.arn,
      roleArn: plan.one("aws:iam/role:Role", "web-deploy-role").outputs.arn,
    });
  });

  test("secrets by ARN: injected, and the execution role may read exactly those", async () => {
    const arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-password-AbCdEf";
    const plan = await planOf({ environment: "dev", secrets: { DB_PASSWORD: arn } });
    expect(container(plan).secrets).toEqual([{ name: "DB_PASSWORD", valueFrom: arn }]);
    const policy = JSON.parse(String(plan.one("aws:iam/rolePolicy:RolePolicy", "web-execution-policy").inputs.policy));
    expect(policy.Statement.find((s: { Sid: string }) => s.Sid === "ReadSecrets").Resource).toEqual([arn]);
    expect(plan.all("aws:iam/rolePolicy:RolePolicy").map((p) => p.name)).toEqual(["web-execution-policy"]); // the task role has none
  });

  test("a DNS-validated certificate and an alias record when a zone is given", async () => {
    const plan = await planOf({ environment: "dev", certificate: { domainName: "shop.example.com", zoneId: "Z0123" } });
    const cert = plan.one("aws:acm/certificate:Certificate", "web-cert");
    expect(plan.one("aws:route53/record:Record", "web-cert-validation").inputs).toMatchObject({ zoneId: "Z0123", type: "CNAME" });
    expect(plan.one("aws:lb/listener:Listener", "web-https").inputs.certificateArn).toBe(cert.outputs.arn);
    expect(plan.one("aws:route53/record:Record", "web-dns").inputs).toMatchObject({ name: "shop.example.com", type: "A" });
  });

  test("alarms as data, from the load balancer's and service's dimensions", async () => {
    let svc: EcsService | undefined;
    await record(() => {
      svc = new EcsService("web", { environment: "prod", ...base });
    }, { mode: "resolve", stack: "prod" });
    expect(svc!.alarms.map((a) => a.id)).toEqual(["5xx-rate", "latency-p95", "no-healthy-hosts", "tasks-below-min", "cpu-high", "certificate-expiry", "memory-high"]);
    expect(svc!.alarms[1]!.statistic).toBe("p95");
  });

  test("the cluster: Container Insights, Fargate and Fargate Spot; spot by default only in dev", async () => {
    const plan = await record(() => { new EcsCluster("apps", { environment: "dev" }); new EcsCluster("core", { environment: "prod" }); });
    expect(plan.one("aws:ecs/cluster:Cluster", "apps-cluster").inputs.settings).toEqual([{ name: "containerInsights", value: "enhanced" }]);
    expect((plan.one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "apps-capacity").inputs.defaultCapacityProviderStrategies as Array<{ capacityProvider: string }>)[0]!.capacityProvider).toBe("FARGATE_SPOT");
    expect((plan.one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "core-capacity").inputs.defaultCapacityProviderStrategies as Array<{ capacityProvider: string }>).map((s) => s.capacityProvider)).toEqual(["FARGATE"]);
  });

  test("Fargate CPU/memory table", () => {
    expect(fargateMemoryOptions(256)).toEqual([512, 1024, 2048]);
    expect(fargateMemoryOptions(4096)).toHaveLength(23);
    expect(fargateMemoryOptions(300)).toEqual([]);
  });

  test.each([
    ["invalid CPU/memory pair", { cpu: 256, memoryMiB: 4096 }, "memoryMiB: found 4096; allowed with cpu 256: 512–2048 in steps of 512"],
    ["invalid CPU", { cpu: 300 }, "cpu: found 300; allowed one of 256, 512, 1024"],
    ["a root user", { user: "0:0" }, 'user: found "0:0"; allowed a non-root uid such as "1000:1000" (set allowRootUser: true'],
    ["the root name", { user: "root" }, 'user: found "root"'],
    ["a port outside 1–65535", { port: 70000 }, "port: found 70000; allowed an integer 1–65535"],
    ["neither image reference nor build context", { image: {} }, "image: found {}; allowed exactly one of { reference"],
    ["a malformed digest", { image: { reference: "repo/web@sha256:ABC" } }, 'image.reference: found "repo/web@sha256:ABC"; allowed a digest of the form sha256:<64 lower-case hex digits>'],
    ["a pull account that is not an account id", { image: { context: ".", pullAccountIds: ["prod"] } }, 'image.pullAccountIds[0]: found "prod"; allowed a 12-digit AWS account id'],
    ["a promotion source that is not a stack name", { image: { promoteFrom: "staging" } }, 'image.promoteFrom: found "staging"; allowed a fully qualified stack name org/project/stack'],
    ["both at once", { image: { reference: "a", context: "./b" } }, "image: found"],
    ["min > max", { scaling: { min: 5, max: 3 } }, "scaling.min: found 5; allowed at most scaling.max (3)"],
    ["a secret in plain environment", { environmentVariables: { API_TOKEN: "x" } }, "environmentVariables.API_TOKEN"],
    ["no certificate", { certificate: {} }, "certificate: found {}; allowed { arn }"],
    ["an unknown strategy", { deployment: { strategy: "bigbang" } }, 'deployment.strategy: found "bigbang"'],
    ["a canary percent out of range", { deployment: { percent: 100 } }, "deployment.percent: found 100; allowed an integer 1–99"],
    ["a deletion protection that is not a boolean", { deletionProtection: "yes" }, 'deletionProtection: found "yes"; allowed true or false'],
    ["an internal load balancer without the VPC's block", { internal: true }, "network.cidrBlock: found nothing; allowed the VPC's CIDR block when internal is true"],
  ])("%s: a clear error, nothing created", (_label, change, message) => {
    const args = { environment: "dev", ...base, ...change } as unknown as EcsServiceArgs;
    expect(() => new EcsService("web", args)).toThrow(ArgError);
    expect(() => new EcsService("web", args)).toThrow(`EcsService "web": ${message}`);
  });

  test.each([["prod", "repo/web:latest"], ["staging", "repo/web"], ["prod", "registry.example.com:5000/web"]] as const)("%s refuses the moving reference %s", (environment, reference) => {
    expect(() => new EcsService("web", { ...base, environment, image: { reference } }))
      .toThrow(`EcsService "web": image.reference: found ${JSON.stringify(reference)}; allowed in ${environment}, a digest (repo@sha256:…) or a fixed tag other than "latest"`);
  });

  test("root only through the named escape hatch, which the non-root pack still reports", async () => {
    const plan = await planOf({ environment: "dev", user: "0:0", allowRootUser: true });
    expect(plan.violations.filter((v) => v.policy === "ecs-non-root-user").map((v) => v.enforcementLevel)).toEqual(["mandatory"]);
  });
});

/** Each role's children in a service that builds its image, issues its certificate and deploys by canary. */
const ROLE_CHILDREN: Readonly<Record<keyof EcsServiceTransforms, readonly string[]>> = {
  key: ["web-key"], logGroup: ["web-logs"], promotedFrom: [],
  repository: ["web-repo"], repositoryLifecycle: ["web-repo-lifecycle"], repositoryPolicy: ["web-repo-policy"], image: ["web-image"],
  executionRole: ["web-execution-role"], executionPolicy: ["web-execution-policy"], taskRole: ["web-task-role"], taskPolicy: ["web-task-policy"],
  loadBalancerSecurityGroup: ["web-alb-sg"], loadBalancerIngressRule: ["web-alb-in-443", "web-alb-in-80"], loadBalancerEgressRule: ["web-alb-to-tasks"],
  loadBalancer: ["web-alb"], targetGroup: ["web-blue", "web-green"],
  certificate: ["web-cert"], certificateValidationRecord: ["web-cert-validation"], certificateValidation: ["web-cert-validated"], dnsRecord: ["web-dns"],
  httpsListener: ["web-https"], httpListener: ["web-http"], productionRule: ["web-production"], webAcl: ["web-waf"], webAclAssociation: ["web-waf-alb"],
  taskSecurityGroup: ["web-task-sg"], taskIngressRule: ["web-task-from-alb"], taskEgressRule: ["web-task-egress"], taskDefinition: ["web-task"],
  deploymentAlarm: ["web-deploy-5xx", "web-deploy-unhealthy"], deploymentRole: ["web-deploy-role"], service: ["web-service"],
  scalingTarget: ["web-scaling"], scalingPolicy: ["web-cpu-scaling", "web-memory-scaling", "web-requests-scaling"],
};
/** A transform that marks its child's options with the role, so the plan shows which transform reached which child. */
const mark = (role: string) => (_args: unknown, opts: pulumi.CustomResourceOptions) => {
  opts.ignoreChanges = [...(opts.ignoreChanges ?? []), `role:${role}`];
};
const marked = (plan: Plan): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const r of plan.resources) {
    for (const m of (r.options.ignoreChanges ?? []).filter((c: string) => c.startsWith("role:"))) (out[m.slice(5)] ??= []).push(r.name);
  }
  return out;
};
const everything = (dir: string, transform?: EcsServiceTransforms): EcsServiceArgs => ({
  ...base, environment: "prod", image: { context: dir, pullAccountIds: ["444455556666"] }, certificate: { domainName: "shop.example.com", zoneId: "Z0123" },
  deployment: { strategy: "canary" }, taskPolicyStatements: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/*" }], transform,
});

describe("EcsService roles and settings", () => {
  test("each transform key reaches exactly the children of its role, after the defaults", async () => {
    const dir = appDir({ Dockerfile: "FROM scratch\n" });
    const transform = Object.fromEntries(Object.keys(ROLE_CHILDREN).map((role) => [role, mark(role)])) as EcsServiceTransforms;
    transform.targetGroup = (a, o) => { a.deregistrationDelay = 10; mark("targetGroup")(a, o); };
    const plan = await record(() => new EcsService("web", everything(dir, transform)), { mode: "resolve", stack: "prod", config: { "aws:region": "eu-west-1" } });
    const expected = Object.fromEntries(Object.entries(ROLE_CHILDREN).filter(([, names]) => names.length > 0).map(([role, names]) => [role, [...names]]));
    expect(marked(plan)).toEqual(expected);
    // The defaults are set before the transform runs: the production rule keeps its own ignoreChanges.
    expect(plan.one("aws:lb/listenerRule:ListenerRule", "web-production").options.ignoreChanges).toEqual(["actions", "role:productionRule"]);
    expect(plan.all("aws:lb/targetGroup:TargetGroup").map((t) => t.inputs.deregistrationDelay)).toEqual([10, 10]);

    // A StackReference is read, not registered with options: the transform changes which stack it reads (its args are readonly).
    const promoted = await record(() => new EcsService("web", {
      ...base, environment: "prod", image: { promoteFrom: "acme/paved/staging" }, transform: { promotedFrom: (a) => { Object.assign(a, { name: "acme/paved/qa" }); } },
    }), { mode: "resolve", stack: "prod", config: { "aws:region": "eu-west-1" }, mocks: stackOutputs({ serviceImages: { web: `repo/web@${DIGEST}` } }) });
    expect(promoted.one("pulumi:pulumi:StackReference", "web-promoted-from").inputs.name).toBe("acme/paved/qa");
  });

  test("every child is made through a role: nodes lists them all", async () => {
    const dir = appDir({ Dockerfile: "FROM scratch\n" });
    let svc: EcsService | undefined;
    const plan = await record(() => { svc = new EcsService("web", everything(dir)); }, { mode: "resolve", stack: "prod", config: { "aws:region": "eu-west-1" } });
    const count = Object.values(svc!.nodes).reduce((n, list) => n + (list?.length ?? 0), 0);
    expect(count).toBe(plan.resources.filter((r) => r.custom).length);
    expect(Object.keys(svc!.nodes).sort()).toEqual(Object.keys(ROLE_CHILDREN).filter((r) => r !== "promotedFrom").sort());
    expect(svc!.nodes.targetGroup).toHaveLength(2);

    let promoted: EcsService | undefined;
    const plan2 = await record(() => { promoted = new EcsService("web", { ...base, environment: "prod", image: { promoteFrom: "acme/paved/staging" } }); },
      { mode: "resolve", stack: "prod", config: { "aws:region": "eu-west-1" }, mocks: stackOutputs({ serviceImages: { web: `repo/web@${DIGEST}` } }) });
    expect(Object.values(promoted!.nodes).reduce((n, list) => n + (list?.length ?? 0), 0)).toBe(plan2.resources.filter((r) => r.custom).length);
    expect(promoted!.nodes.promotedFrom).toHaveLength(1);
  });

  test("a given nested key overrides its preset; the other keys of the map keep theirs", async () => {
    let svc: EcsService | undefined;
    const plan = await record(() => { svc = new EcsService("web", { ...base, environment: "prod", scaling: { max: 7 }, deployment: { bakeMinutes: 3 } }); }, { mode: "resolve", stack: "prod" });
    expect(svc!.settings.scaling).toEqual({ ...ECS_SERVICE_PRESETS.prod.scaling, max: 7 });
    expect(svc!.settings.deployment).toEqual({ ...ECS_SERVICE_PRESETS.prod.deployment, bakeMinutes: 3 });
    expect(plan.one("aws:appautoscaling/target:Target", "web-scaling").inputs).toMatchObject({ minCapacity: 2, maxCapacity: 7 });
  });

  test("deletion protection of the load balancer: on in prod by preset, off when set", async () => {
    const plan = await record(() => new EcsService("web", { ...base, environment: "prod", deletionProtection: false }), { mode: "resolve", stack: "prod" });
    expect(plan.one("aws:lb/loadBalancer:LoadBalancer", "web-alb").inputs.enableDeletionProtection).toBe(false);
    expect(ECS_SERVICE_PRESETS.prod.deletionProtection).toBe(true);
  });

  test("the health check command in effect: the given one, or a wget of the path on the port", async () => {
    let svc: EcsService | undefined;
    let custom: EcsService | undefined;
    await record(() => {
      svc = new EcsService("web", { ...base, environment: "dev", healthCheckPath: "/ready" });
      custom = new EcsService("api", { ...base, environment: "dev", healthCheckCommand: ["CMD", "/bin/check"] });
    });
    expect(svc!.settings.healthCheckCommand).toEqual(["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/ready || exit 1"]);
    expect(custom!.settings.healthCheckCommand).toEqual(["CMD", "/bin/check"]);
  });

  test("the cluster: a transform per role, and nodes lists both children", async () => {
    let cluster: EcsCluster | undefined;
    const transform: EcsClusterTransforms = { cluster: mark("cluster"), capacityProviders: mark("capacityProviders") };
    const plan = await record(() => { cluster = new EcsCluster("apps", { environment: "prod", spot: true, transform }); });
    expect(marked(plan)).toEqual({ cluster: ["apps-cluster"], capacityProviders: ["apps-capacity"] });
    expect(Object.values(cluster!.nodes).reduce((n, list) => n + (list?.length ?? 0), 0)).toBe(plan.resources.filter((r) => r.custom).length);
    expect(cluster!.settings).toEqual({ spot: true });
    expect(() => new EcsCluster("bad", { environment: "dev", spot: "yes" as unknown as boolean })).toThrow('EcsCluster "bad": spot: found "yes"; allowed true or false');
  });
});

describe("image references and content tags", () => {
  test.each([
    ["repo/web:1.2", { repository: "repo/web", tag: "1.2", digest: undefined }],
    ["registry.example.com:5000/web", { repository: "registry.example.com:5000/web", tag: undefined, digest: undefined }],
    [`repo/web:1.2@${DIGEST}`, { repository: "repo/web", tag: "1.2", digest: DIGEST }],
    [`111122223333.dkr.ecr.eu-west-1.amazonaws.com/web@${DIGEST}`, { repository: "111122223333.dkr.ecr.eu-west-1.amazonaws.com/web", tag: undefined, digest: DIGEST }],
  ])("parses %s", (reference, parsed) => {
    expect(parseImageReference(reference)).toEqual(parsed);
  });

  test("a digest is accepted everywhere; latest and untagged only in dev; digests must be sha256 and 64 lower-case hex", () => {
    expect(checkImageReference(`repo/web@${DIGEST}`, "prod")).toEqual([]);
    expect(checkImageReference("repo/web:1.27-alpine", "prod")).toEqual([]);
    expect(checkImageReference("repo/web:latest", "dev")).toEqual([]);
    expect(checkImageReference("repo/web:latest", "staging")).toHaveLength(1);
    expect(checkImageReference(`repo/web@sha256:${"a".repeat(63)}`, "dev")).toHaveLength(1);
    expect(checkImageReference(`repo/web@sha512:${"a".repeat(64)}`, "dev")).toHaveLength(1);
  });

  test("the content tag is deterministic, changes with any file, build arg or platform, and ignores build-arg order", () => {
    const files = { Dockerfile: "FROM scratch\nCOPY . /\n", "a/b.txt": "1", "c.txt": "2" };
    const one = appDir(files);
    const two = appDir(files);
    const tag = contextTag(one, { platform: "linux/arm64" });
    expect(tag).toMatch(/^ctx-[a-f0-9]{64}$/);
    expect(tag.length).toBeLessThanOrEqual(128); // ECR's tag limit
    expect(contextTag(two, { platform: "linux/arm64" })).toBe(tag); // same content elsewhere: same tag
    expect(contextTag(one, { platform: "linux/amd64" })).not.toBe(tag);
    expect(contextTag(one, { platform: "linux/arm64", buildArgs: { A: "1", B: "2" } })).toBe(contextTag(one, { platform: "linux/arm64", buildArgs: { B: "2", A: "1" } }));
    expect(contextTag(one, { platform: "linux/arm64", buildArgs: { A: "1" } })).not.toBe(tag);
    fs.writeFileSync(path.join(two, "a", "b.txt"), "changed");
    expect(contextTag(two, { platform: "linux/arm64" })).not.toBe(tag);
    fs.writeFileSync(path.join(two, "a", "b.txt"), "1");
    fs.renameSync(path.join(two, "c.txt"), path.join(two, "d.txt")); // same bytes, another name
    expect(contextTag(two, { platform: "linux/arm64" })).not.toBe(tag);
  });
});
