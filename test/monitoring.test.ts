import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { COST_ALLOCATION_TAG_KEYS, DASHBOARD_COLUMNS, MonitoringStack, layoutRows, type MonitoringStackArgs, type MonitoringStackTransforms } from "../components/monitoring";
import { overrideIssues, thresholdIssues } from "../components/monitoring/settings";
import { ALL_PACKS } from "../policies/rules";
import { program } from "../stacks/program";
import { diffPlans } from "../src/diff/diff";
import { ArgError } from "../src/errors";
import { loadStackFile } from "../src/plan/project";
import { planStack, record, type Plan, type RecordedResource } from "../src/testing";
import { loadDiffDocumentFromJson } from "./helpers/diff";
import { REPO } from "./helpers/project";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
let prod: Plan;
let dev: Plan;
beforeAll(async () => {
  // Resolved: the dashboard body and alarm dimensions are built from ARNs a preview does not know yet.
  prod = await planStack({ dir: REPO, stack: "prod", program, packs: ALL_PACKS, mode: "resolve" });
  dev = await planStack({ dir: REPO, stack: "dev", program, packs: ALL_PACKS });
});
const alarm = (plan: Plan, name: string): RecordedResource => plan.one(ALARM, name);
/** A child of the stack's MonitoringStack (other components have children of the same name). */
const ofMonitoring = (plan: Plan, type: string, name: string): RecordedResource => {
  const parent = plan.all("paved:observability:MonitoringStack")[0]!.urn;
  return plan.all(type).find((r) => r.name === name && r.parent === parent)!;
};

describe("the seed alarms in prod", () => {
  test.each([
    ["HTTP 5xx error rate > 1 % (metric math)", "main-web-5xx-rate", 1, "GreaterThanThreshold"],
    ["p95 latency > 1 s", "main-web-latency-p95", 1, "GreaterThanThreshold"],
    ["service down: no healthy host", "main-web-no-healthy-hosts", 1, "LessThanThreshold"],
    ["service down: running tasks below the minimum", "main-web-tasks-below-min", 2, "LessThanThreshold"],
    ["CPU > 80 %", "main-web-cpu-high", 80, "GreaterThanThreshold"],
    ["memory > 80 %", "main-web-memory-high", 80, "GreaterThanThreshold"],
    // Autoscaling storage: a floor at half the 10 % where autoscaling acts, plus a time-to-full alarm.
    ["database free storage below the autoscaling floor (5 % of 100 GiB)", "main-database-storage-low", 5 * 1024 ** 3, "LessThanThreshold"],
    ["database storage full within 6 h (metric math)", "main-database-storage-time-to-full", 6, "LessThanThreshold"],
    ["database connection failures", "main-database-failed-logins", 5, "GreaterThanThreshold"],
    ["certificate expiry < 30 days", "main-web-certificate-expiry", 30, "LessThanThreshold"],
    ["backup job failures", "main-backups-backup-failures", 0, "GreaterThanThreshold"],
    ["backup freshness", "main-backups-backup-freshness", 1, "LessThanThreshold"],
    ["Redis evictions", "main-cache-evictions-prod-main-001", 0, "GreaterThanThreshold"],
    ["pod crash loops (Container Insights): restarts in consecutive windows", "main-kubernetes-crash-loop-catalog", 1, "GreaterThanOrEqualToThreshold"],
  ])("%s", (_seed, name, threshold, comparison) => {
    expect(alarm(prod, name).inputs).toMatchObject({ threshold, comparisonOperator: comparison });
  });

  test("each seed alarm watches the right metric", () => {
    const metric = (name: string) => alarm(prod, name).inputs;
    const queries = (name: string) => (metric(name).metricQueries as Array<{ expression?: string; metric?: { metricName: string; dimensions: Record<string, string> } }>);
    // The load balancer's own 5xx count too; live traffic is the load balancer's, whichever target group serves it.
    expect(queries("main-web-5xx-rate").flatMap((q) => (q.metric ? [q.metric.metricName] : []))).toEqual(["HTTPCode_Target_5XX_Count", "HTTPCode_ELB_5XX_Count", "RequestCount"]);
    for (const q of queries("main-web-5xx-rate")) if (q.metric) expect(Object.keys(q.metric.dimensions)).toEqual(["LoadBalancer"]);
    expect(metric("main-web-latency-p95")).toMatchObject({ metricName: "TargetResponseTime", extendedStatistic: "p95" });
    expect(metric("main-web-no-healthy-hosts")).toMatchObject({ treatMissingData: "breaching" });
    expect(queries("main-web-no-healthy-hosts").flatMap((q) => (q.metric ? [q.metric.metricName] : []))).toEqual(["HealthyHostCount", "HealthyHostCount"]);
    expect(metric("main-web-tasks-below-min")).toMatchObject({ namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount", treatMissingData: "breaching" });
    expect(metric("main-database-storage-low")).toMatchObject({ metricName: "FreeStorageSpace", dimensions: { DBInstanceIdentifier: "prod-main" } });
    expect(metric("main-database-failed-logins")).toMatchObject({ namespace: "Paved/RDS", metricName: "FailedLogins-prod-main" });
    expect(metric("main-web-certificate-expiry")).toMatchObject({ namespace: "AWS/CertificateManager", metricName: "DaysToExpiry" });
    expect(metric("main-backups-backup-freshness")).toMatchObject({ namespace: "AWS/Backup", metricName: "NumberOfBackupJobsCompleted", treatMissingData: "breaching" });
    expect(metric("main-cache-evictions-prod-main-001")).toMatchObject({ namespace: "AWS/ElastiCache", metricName: "Evictions" });
    expect(metric("main-kubernetes-crash-loop-catalog")).toMatchObject({ namespace: "ContainerInsights", metricName: "pod_number_of_container_restarts", statistic: "Sum", dimensions: { ClusterName: "prod-main", Namespace: "apps", PodName: "catalog" } });
  });

  test("a composite 'service unhealthy' alarm pages; its members only notify", () => {
    const composite = prod.one("aws:cloudwatch/compositeAlarm:CompositeAlarm", "main-web-unhealthy");
    const page = prod.one("aws:sns/topic:Topic", "main-page").outputs.arn;
    const notify = prod.one("aws:sns/topic:Topic", "main-notify").outputs.arn;
    expect(composite.inputs.alarmActions).toEqual([page]);
    expect(String(composite.inputs.alarmRule)).toBe(["5xx-rate", "latency-p95", "no-healthy-hosts", "tasks-below-min"].map((id) => `ALARM("prod-main-web-${id}")`).join(" OR "));
    expect(alarm(prod, "main-web-5xx-rate").inputs.alarmActions).toEqual([notify]);
    expect(alarm(prod, "main-database-cpu-high").inputs.alarmActions).toEqual([page]);
  });

  test("a dashboard whose body parses and covers every service, the database and the cache", () => {
    const body = JSON.parse(String(prod.one("aws:cloudwatch/dashboard:Dashboard", "main-dashboard").inputs.dashboardBody));
    const titles = body.widgets.map((w: { properties: { title: string } }) => w.properties.title);
    expect(titles[0]).toBe("Alarm status");
    for (const row of ["web", "database", "cache", "backups"]) expect(titles.some((t: string) => t.startsWith(`${row}: `))).toBe(true);
    const monitoringAlarms = prod.all(ALARM).filter((a) => a.parent === prod.all("paved:observability:MonitoringStack")[0]!.urn);
    expect(body.widgets[0].properties.alarms).toHaveLength(monitoringAlarms.length + 1); // and the composite
  });

  test("encrypted topics, a budget with a forecast alert, an anomaly subscription", () => {
    for (const t of ["main-page", "main-notify"]) expect(prod.one("aws:sns/topic:Topic", t).inputs.kmsMasterKeyId).toBe(ofMonitoring(prod, "aws:kms/key:Key", "main-key").outputs.arn);
    const budget = prod.one("aws:budgets/budget:Budget", "main-budget").inputs;
    expect(budget).toMatchObject({ limitAmount: "3000", timeUnit: "MONTHLY", costFilters: [{ name: "TagKeyValue", values: ["user:environment$prod"] }] });
    expect((budget.notifications as Array<{ notificationType: string }>).map((n) => n.notificationType)).toEqual(["ACTUAL", "FORECASTED"]);
    expect(prod.one("aws:costexplorer/anomalySubscription:AnomalySubscription", "main-anomaly-alerts").inputs.subscribers)
      .toEqual([{ type: "SNS", address: prod.one("aws:sns/topic:Topic", "main-notify").outputs.arn }]);
    expect(prod.all("aws:sns/topicSubscription:TopicSubscription").map((s) => [s.name, s.inputs.protocol])).toEqual([["main-page-https-1", "https"], ["main-notify-email-1", "email"]]);
  });
});

interface Widget { readonly type: string; readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly properties: { title: string } }
const widgetsOf = (plan: Plan): Widget[] => JSON.parse(String(plan.one("aws:cloudwatch/dashboard:Dashboard", "main-dashboard").inputs.dashboardBody)).widgets;
/** Pairs of widgets whose rectangles share a cell. */
const overlapping = (ws: readonly Widget[]): string[] => ws.flatMap((a, i) => ws.slice(i + 1)
  .filter((b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
  .map((b) => `${a.properties.title} / ${b.properties.title}`));
/** Widgets outside CloudWatch's grid: x 0–23, width 1–24, x + width ≤ 24, y ≥ 0, height 1–1000 (integers). */
const offGrid = (ws: readonly Widget[]): string[] => ws.filter((w) => ![w.x, w.y, w.width, w.height].every(Number.isInteger)
  || w.x < 0 || w.x > 23 || w.width < 1 || w.width > 24 || w.x + w.width > 24 || w.y < 0 || w.height < 1 || w.height > 1000).map((w) => w.properties.title);

describe("the dashboard layout", () => {
  // Grid facts: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
  test.each(["prod", "dev"])("%s: no two widgets overlap, all on the 24-column grid, a row with more than four widgets wraps", async (stack) => {
    // Resolved: the body is built from alarm ARNs a preview does not know.
    const widgets = widgetsOf(stack === "prod" ? prod : await planStack({ dir: REPO, stack, program, mode: "resolve" }));
    expect(widgets.filter((w) => w.properties.title.startsWith("web: ")).length).toBeGreaterThan(4);
    expect(overlapping(widgets)).toEqual([]);
    expect(offGrid(widgets)).toEqual([]);
  });

  test.each([
    [[], []],
    [[1], [[[0, 4]]]],
    [[5, 1], [[[0, 4], [6, 4], [12, 4], [18, 4], [0, 10]], [[0, 16]]]],
    [[0, 4, 2], [[], [[0, 4], [6, 4], [12, 4], [18, 4]], [[0, 10], [6, 10]]]],
  ])("layoutRows(%j) places each row below the previous one's last line", (counts, expected) => {
    expect(layoutRows(counts).map((row) => row.map((p) => [p.x, p.y]))).toEqual(expected);
  });

  test("layoutRows: any mix of row sizes fits the grid without overlaps", () => {
    for (const counts of [[9, 0, 13], [4, 4, 4], [17], [1, 2, 3, 4, 5, 6, 7, 8]]) {
      const ws = layoutRows(counts).flat().map((p, i) => ({ ...p, type: "metric", properties: { title: String(i) } }));
      expect(ws).toHaveLength(counts.reduce((a, b) => a + b, 0));
      expect(overlapping(ws)).toEqual([]);
      expect(offGrid(ws)).toEqual([]);
      expect(Math.max(...ws.map((w) => w.x + w.width))).toBeLessThanOrEqual(DASHBOARD_COLUMNS);
    }
  });
});

describe("backup job failures reach the alert topics through EventBridge", () => {
  const RULE = "aws:cloudwatch/eventRule:EventRule";
  test("one rule per failure event of S3Backups, targeting page (backups) or notify (copies, restore tests)", () => {
    const page = prod.one("aws:sns/topic:Topic", "main-page").outputs.arn;
    const notify = prod.one("aws:sns/topic:Topic", "main-notify").outputs.arn;
    const rules = prod.all(RULE).filter((r) => r.name.startsWith("main-backups-")).sort((a, b) => a.name.localeCompare(b.name));
    expect(rules.map((r) => [r.name, r.inputs.name])).toEqual([
      ["main-backups-backup-job-failed", "prod-main-backups-backup-job-failed"],
      ["main-backups-copy-job-failed", "prod-main-backups-copy-job-failed"],
      ["main-backups-restore-job-failed", "prod-main-backups-restore-job-failed"],
    ]);
    for (const r of rules) expect(String(r.inputs.name).length).toBeLessThanOrEqual(64); // RuleName max 64 (api-models-aws eventbridge)
    const pattern = JSON.parse(String(rules[0]!.inputs.eventPattern));
    expect(pattern).toEqual({ source: ["aws.backup"], "detail-type": ["Backup Job State Change"], detail: { state: ["FAILED", "ABORTED", "EXPIRED", "PARTIAL"], backupVaultName: [prod.one("aws:backup/vault:Vault", "main-vault").inputs.name] } });
    expect(JSON.parse(String(rules[2]!.inputs.eventPattern)).detail.iamRoleArn).toEqual([prod.one("aws:iam/role:Role", "main-backup-role").outputs.arn]);
    const target = (rule: string) => prod.one("aws:cloudwatch/eventTarget:EventTarget", `${rule}-target`).inputs;
    expect(target("main-backups-backup-job-failed")).toMatchObject({ rule: rules[0]!.outputs.name, arn: page });
    expect(target("main-backups-copy-job-failed").arn).toBe(notify);
    expect(target("main-backups-restore-job-failed").arn).toBe(notify);
  });

  test("dev pages nobody: the backup rule goes to notify; no copy rule without a DR region", () => {
    const notify = dev.one("aws:sns/topic:Topic", "main-notify").outputs.arn;
    expect(dev.one("aws:cloudwatch/eventTarget:EventTarget", "main-backups-backup-job-failed-target").inputs.arn).toBe(notify);
    expect(dev.all(RULE).map((r) => r.name).filter((n) => n.startsWith("main-backups-")).sort()).toEqual(["main-backups-backup-job-failed", "main-backups-restore-job-failed"]);
  });

  test("the topic policies let this stack's rules publish; the topic key lets EventBridge use it, without conditions", () => {
    for (const t of ["main-page-policy", "main-notify-policy"]) {
      const policy = JSON.parse(String(prod.one("aws:sns/topicPolicy:TopicPolicy", t).inputs.policy));
      const statement = policy.Statement.find((st: { Sid: string }) => st.Sid === "EventBridgeRulesPublish");
      expect(statement).toMatchObject({
        Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "SNS:Publish",
        Condition: { StringEquals: { "aws:SourceAccount": "111122223333" }, ArnLike: { "aws:SourceArn": "arn:aws:events:eu-west-1:111122223333:rule/prod-main-*" } },
      });
    }
    const key = JSON.parse(String(ofMonitoring(prod, "aws:kms/key:Key", "main-key").inputs.policy));
    // Conditions on the KMS policy are not supported for EventBridge-to-encrypted-topic delivery:
    // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
    expect(key.Statement.find((st: { Sid: string }) => st.Sid === "EventBridgePublishesToEncryptedTopics"))
      .toEqual({ Sid: "EventBridgePublishesToEncryptedTopics", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: "*" });
  });
});

describe("cost allocation tags", () => {
  const TAG = "aws:costexplorer/costAllocationTag:CostAllocationTag";
  /** Tag keys the budget and the anomaly monitor filter on, read from the planned resources. */
  const filterKeys = (plan: Plan): string[] => {
    const budget = (plan.one("aws:budgets/budget:Budget", "main-budget").inputs.costFilters as Array<{ name: string; values: string[] }>)
      .filter((f) => f.name === "TagKeyValue").flatMap((f) => f.values.map((v) => /^user:([^$]+)\$/.exec(v)![1]!));
    const spec = JSON.parse(String(plan.one("aws:costexplorer/anomalyMonitor:AnomalyMonitor", "main-anomalies").inputs.monitorSpecification));
    return [...new Set([...budget, spec.Tags.Key as string])];
  };

  test("prod activates every tag key the budget and anomaly monitor filter on, and never deactivates them on delete", () => {
    const tags = prod.all(TAG);
    expect(tags.map((t) => [t.name, t.inputs.tagKey, t.inputs.status])).toEqual(COST_ALLOCATION_TAG_KEYS.map((k) => [`main-cost-tag-${k}`, k, "Active"]));
    expect(filterKeys(prod).length).toBeGreaterThan(0);
    for (const key of filterKeys(prod)) expect(tags.map((t) => t.inputs.tagKey)).toContain(key);
    for (const t of tags) expect(t.options.retainOnDelete).toBe(true);
  });

  test("every environment activates them (a dev budget on an inactive tag sees nothing); false turns it off", async () => {
    expect(dev.all(TAG).map((t) => t.inputs.tagKey)).toEqual([...COST_ALLOCATION_TAG_KEYS]);
    const file = loadStackFile(REPO, "dev");
    const off = { ...file.config, "paved:monitoring": { ...(file.config["paved:monitoring"] as object), activateCostAllocationTags: false } };
    const after = await record(program, { mode: "resolve", stack: "dev", project: "paved", config: off });
    expect(after.all(TAG)).toEqual([]);
  });
});

describe("environments and overrides", () => {
  test("dev pages nobody: no page subscriptions, the composite goes to notify, thresholds are looser", () => {
    expect(dev.all("aws:sns/topicSubscription:TopicSubscription").map((s) => s.name)).toEqual(["main-notify-email-1"]);
    const notify = dev.one("aws:sns/topic:Topic", "main-notify").outputs.arn;
    expect(dev.one("aws:cloudwatch/compositeAlarm:CompositeAlarm", "main-web-unhealthy").inputs.alarmActions).toEqual([notify]);
    expect(alarm(dev, "main-web-5xx-rate").inputs.threshold).toBe(5);
  });

  test("changing one threshold in Pulumi.prod.yaml changes exactly that alarm", async () => {
    const file = loadStackFile(REPO, "prod");
    const monitoring = file.config["paved:monitoring"] as { overrides: Record<string, { threshold: number }> };
    const changed = { ...file.config, "paved:monitoring": { ...monitoring, overrides: { ...monitoring.overrides, "web/latency-p95": { threshold: 0.8 } } } };
    const after = await record(program, { mode: "resolve", stack: "prod", project: "paved", config: changed });
    const result = diffPlans(loadDiffDocumentFromJson(prod), loadDiffDocumentFromJson(after));
    expect(result.changes.map((c) => [c.kind, c.name, c.paths])).toEqual([["update", "main-web-latency-p95", ["threshold"]]]);
  });

  test.each([
    ["paging in dev", { environment: "dev", page: { emails: ["oncall@example.com"] } }, 'page: found "1 subscription"; allowed none in dev'],
    ["an unknown override", { environment: "prod", overrides: { "web/latency-p99": { threshold: 1 } } }, "overrides.web/latency-p99: found"],
    ["a bad email", { environment: "prod", notify: { emails: ["nobody"] } }, 'notify.emails[0]: found "nobody"; allowed an email address'],
    ["a plain-HTTP endpoint", { environment: "prod", page: { httpsEndpoints: ["http://hooks.example.com"] } }, 'page.httpsEndpoints[0]: found "http://hooks.example.com"; allowed an https:// URL'],
    ["a non-boolean activateCostAllocationTags", { environment: "prod", activateCostAllocationTags: "yes" }, 'activateCostAllocationTags: found "yes"; allowed true or false'],
    ["paging turned off with page subscriptions", { environment: "prod", paging: false, page: { emails: ["oncall@example.com"] } }, 'page: found "1 subscription"; allowed none with paging: false (use notify)'],
    ["an override of zero evaluation periods", { environment: "prod", overrides: { "web/latency-p95": { evaluationPeriods: 0 } } }, "overrides.web/latency-p95.evaluationPeriods: found 0; allowed an integer ≥ 1"],
    ["an override with an unknown key", { environment: "prod", overrides: { "web/latency-p95": { threshhold: 2 } } }, 'overrides.web/latency-p95.threshhold: unknown key (did you mean "threshold"?)'],
    ["a threshold of no source's alarm", { environment: "prod", thresholds: { "latency-p99": 2 } }, 'thresholds.latency-p99: found "latency-p99"; allowed an alarm id of the sources (did you mean "latency-p95"?): latency-p95'],
    ["a non-positive budget", { environment: "prod", monthlyBudgetUsd: 0 }, "monthlyBudgetUsd: found 0; allowed a positive amount"],
  ])("%s: a clear error", (_label, args, message) => {
    const full = { sources: [{ name: "web", alarms: [{ id: "latency-p95", description: "", namespace: "n", metricName: "m", dimensions: {}, statistic: "p95", periodSeconds: 60, evaluationPeriods: 1, threshold: 1, comparison: "GreaterThanThreshold", severity: "page", treatMissingData: "missing" }] }], ...args } as never;
    expect(() => new MonitoringStack("main", full)).toThrow(ArgError);
    expect(() => new MonitoringStack("main", full)).toThrow(`MonitoringStack "main": ${message}`);
  });

  test.each([
    ["duplicate event ids", [{ id: "job-failed" }, { id: "job-failed" }], 'sources[0].events: found ["job-failed","job-failed"]; allowed distinct event ids'],
    ["an event id that cannot name a rule", [{ id: "Job Failed" }], 'sources[0].events[0].id: found "Job Failed"; allowed lower-case letters, digits and hyphens'],
  ])("%s: a clear error", (_label, events, message) => {
    const full = { environment: "prod", sources: [{ name: "backups", alarms: [], events: events.map((e) => ({ ...e, description: "", pattern: { source: ["aws.backup"] }, severity: "notify" })) }] } as never;
    expect(() => new MonitoringStack("main", full)).toThrow(ArgError);
    expect(() => new MonitoringStack("main", full)).toThrow(`MonitoringStack "main": ${message}`);
  });
});

/** Whether @pulumi/aws declares `tags` on the resource's args (it is taggable). */
function taggable(type: string): boolean {
  const m = /^aws:([^/]+)\/([^:]+):(.+)$/.exec(type);
  if (!m) return false;
  const file = path.join(REPO, "node_modules/@pulumi/aws", m[1]!, `${m[2]}.d.ts`);
  if (!fs.existsSync(file)) return false;
  const text = fs.readFileSync(file, "utf8");
  const args = text.slice(text.indexOf(`export interface ${m[3]}Args {`));
  return /\n\s+tags\?: /.test(args.slice(0, args.indexOf("\n}")));
}

describe.each(["dev", "staging", "prod"])("whole plan of %s", (stack) => {
  test("every taggable AWS resource carries environment, service, owner and cost-center", async () => {
    const plan = await planStack({ dir: REPO, stack, program });
    const untagged = plan.all().filter((r) => r.custom && taggable(r.type))
      .filter((r) => !["environment", "service", "owner", "cost-center"].every((k) => typeof (r.inputs.tags as Record<string, unknown> | undefined)?.[k] === "string"))
      .map((r) => `${r.type} ${r.name}`);
    expect(untagged).toEqual([]);
  });

  test("no log group keeps logs forever", async () => {
    const plan = await planStack({ dir: REPO, stack, program });
    const groups = plan.all("aws:cloudwatch/logGroup:LogGroup");
    expect(groups.length).toBeGreaterThan(3);
    for (const g of groups) expect({ name: g.name, days: g.inputs.retentionInDays }).toEqual({ name: g.name, days: expect.any(Number) });
  });
});

describe("MonitoringStack roles and settings", () => {
  const spec = (id: string, severity: "page" | "notify") => ({
    id, description: id, namespace: "AWS/ApplicationELB", metricName: id, dimensions: { LoadBalancer: "app/web/1" }, statistic: "Average" as const,
    periodSeconds: 60, evaluationPeriods: 1, threshold: 1, comparison: "GreaterThanThreshold" as const, severity, treatMissingData: "missing" as const,
  });
  const SOURCES: MonitoringStackArgs["sources"] = [
    { name: "web", kind: "service", alarms: [spec("5xx-rate", "page"), spec("latency-p95", "page"), spec("cpu-high", "notify")] },
    { name: "backups", kind: "backups", alarms: [], events: [{ id: "backup-job-failed", description: "d", pattern: { source: ["aws.backup"] }, severity: "page" }] },
  ];
  /** The role of every child of a MonitoringStack with both topics subscribed, a service and an event, by child name. */
  const ROLE_OF: Readonly<Record<string, keyof MonitoringStackTransforms>> = {
    "main-key": "key",
    "main-page": "pageTopic", "main-page-policy": "pageTopicPolicy", "main-page-email-1": "pageSubscription", "main-page-https-1": "pageSubscription",
    "main-notify": "notifyTopic", "main-notify-policy": "notifyTopicPolicy", "main-notify-email-1": "notifySubscription",
    "main-web-5xx-rate": "alarm", "main-web-latency-p95": "alarm", "main-web-cpu-high": "alarm", "main-web-unhealthy": "compositeAlarm",
    "main-backups-backup-job-failed": "eventRule", "main-backups-backup-job-failed-target": "eventTarget",
    "main-dashboard": "dashboard", "main-budget": "budget", "main-anomalies": "anomalyMonitor", "main-anomaly-alerts": "anomalySubscription",
    ...Object.fromEntries(COST_ALLOCATION_TAG_KEYS.map((k) => [`main-cost-tag-${k}`, "costAllocationTag" as const])),
  };
  /** Every transform key, checked complete by the type. */
  const ROLES = Object.keys({
    key: 1, pageTopic: 1, pageTopicPolicy: 1, pageSubscription: 1, notifyTopic: 1, notifyTopicPolicy: 1, notifySubscription: 1, alarm: 1, compositeAlarm: 1,
    eventRule: 1, eventTarget: 1, dashboard: 1, budget: 1, anomalyMonitor: 1, anomalySubscription: 1, costAllocationTag: 1,
  } satisfies Record<keyof MonitoringStackTransforms, 1>) as Array<keyof MonitoringStackTransforms>;

  const build = async (extra: Partial<MonitoringStackArgs> = {}) => {
    let stack: MonitoringStack | undefined;
    const plan = await record(() => {
      stack = new MonitoringStack("main", {
        environment: "prod", sources: SOURCES,
        page: { emails: ["oncall@example.com"], httpsEndpoints: ["https://events.example.com/hook"] }, notify: { emails: ["team@example.com"] }, ...extra,
      });
    }, { mode: "resolve", stack: "prod", config: { "aws:region": "eu-west-1" } });
    return { plan, stack: stack! };
  };
  const awsChildren = (plan: Plan) => plan.all().filter((r) => r.custom && r.type.startsWith("aws:"));

  test("each transform key reaches its own children only", async () => {
    // Each key marks the options of what it reaches with its own name.
    const transform = Object.fromEntries(ROLES.map((role) => [role, (_a: unknown, o: pulumi.CustomResourceOptions) => { o.ignoreChanges = [role]; }])) as MonitoringStackTransforms;
    const { plan } = await build({ transform });
    expect(Object.fromEntries(awsChildren(plan).map((r) => [r.name, r.options.ignoreChanges])))
      .toEqual(Object.fromEntries(Object.entries(ROLE_OF).map(([child, role]) => [child, [role]])));
    // The options the component sets survive the caller's transform.
    expect(plan.one("aws:costexplorer/costAllocationTag:CostAllocationTag", "main-cost-tag-owner").options.retainOnDelete).toBe(true);
  });

  test("every child is made through a role: nodes lists each one under its role", async () => {
    const { plan, stack } = await build();
    const count = Object.values(stack.nodes).reduce((n, list) => n + (list?.length ?? 0), 0);
    expect(count).toBe(awsChildren(plan).length);
    expect(Object.keys(stack.nodes).sort()).toEqual([...ROLES].sort());
    expect(stack.nodes.alarm).toHaveLength(3);
    expect(stack.nodes.pageSubscription).toHaveLength(2);
  });

  test("a given threshold overrides its preset key; the environment's other thresholds stay", async () => {
    const { plan, stack } = await build({ thresholds: { "latency-p95": 0.5, "cpu-high": 70 } });
    expect(stack.settings.thresholds).toEqual({ "5xx-rate": 1, "latency-p95": 0.5, "cpu-high": 70 });
    const threshold = (n: string) => plan.one(ALARM, n).inputs.threshold;
    expect([threshold("main-web-latency-p95"), threshold("main-web-5xx-rate"), threshold("main-web-cpu-high")]).toEqual([0.5, 1, 70]);
  });

  test("paging is a setting: turned on in dev, the composite pages; an override still wins over a threshold", async () => {
    const { plan } = await build({ environment: "dev", paging: true, thresholds: { "latency-p95": 3 }, overrides: { "web/latency-p95": { threshold: 4 } } });
    expect(plan.one("aws:cloudwatch/compositeAlarm:CompositeAlarm", "main-web-unhealthy").inputs.alarmActions).toEqual([plan.one("aws:sns/topic:Topic", "main-page").outputs.arn]);
    expect(plan.one(ALARM, "main-web-latency-p95").inputs.threshold).toBe(4);
  });

  test("overrideIssues and thresholdIssues check keys against the sources' alarm ids, before anything is built", () => {
    const sources = [{ name: "web", alarmIds: ["latency-p95", "5xx-rate"] }, { name: "backups", alarmIds: ["backup-freshness"] }];
    expect(overrideIssues({ "web/latency-p95": {}, "backups/backup-freshness": { disabled: true } }, sources)).toEqual([]);
    expect(overrideIssues({ "web/latency-p99": {}, "db/cpu-high": {} }, sources).map((i) => i.path)).toEqual(["overrides.web/latency-p99", "overrides.db/cpu-high"]);
    expect(overrideIssues(undefined, sources)).toEqual([]);
    expect(thresholdIssues({ "5xx-rate": 2, "backup-freshness": 1 }, sources)).toEqual([]);
    expect(thresholdIssues({ "cpu-high": 2 }, sources)).toEqual([{ path: "thresholds.cpu-high", message: 'found "cpu-high"; allowed an alarm id of the sources: latency-p95, 5xx-rate, backup-freshness' }]);
  });
});
