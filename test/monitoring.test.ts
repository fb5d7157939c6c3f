import * as fs from "node:fs";
import * as path from "node:path";
import { MonitoringStack } from "../components/monitoring";
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
    ["database free storage < 20 %", "main-database-storage-low", Math.round(0.2 * 100 * 1024 ** 3), "LessThanThreshold"],
    ["database connection failures", "main-database-failed-logins", 5, "GreaterThanThreshold"],
    ["certificate expiry < 30 days", "main-web-certificate-expiry", 30, "LessThanThreshold"],
    ["backup job failures", "main-backups-backup-failures", 0, "GreaterThanThreshold"],
    ["backup freshness", "main-backups-backup-freshness", 1, "LessThanThreshold"],
    ["Redis evictions", "main-cache-evictions-prod-main-001", 0, "GreaterThanThreshold"],
    ["pod crash loops (Container Insights)", "main-kubernetes-crash-loop-catalog", 3, "GreaterThanThreshold"],
  ])("%s", (_seed, name, threshold, comparison) => {
    expect(alarm(prod, name).inputs).toMatchObject({ threshold, comparisonOperator: comparison });
  });

  test("each seed alarm watches the right metric", () => {
    const metric = (name: string) => alarm(prod, name).inputs;
    const math = metric("main-web-5xx-rate").metricQueries as Array<{ id: string; expression?: string; metric?: { metricName: string } }>;
    expect(math.map((q) => q.expression ?? q.metric!.metricName)).toEqual(["100 * errors / MAX([requests, 1])", "HTTPCode_Target_5XX_Count", "RequestCount"]);
    expect(metric("main-web-latency-p95")).toMatchObject({ metricName: "TargetResponseTime", extendedStatistic: "p95" });
    expect(metric("main-web-no-healthy-hosts")).toMatchObject({ metricName: "HealthyHostCount", treatMissingData: "breaching" });
    expect(metric("main-web-tasks-below-min")).toMatchObject({ namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount", treatMissingData: "breaching" });
    expect(metric("main-database-storage-low")).toMatchObject({ metricName: "FreeStorageSpace", dimensions: { DBInstanceIdentifier: "prod-main" } });
    expect(metric("main-database-failed-logins")).toMatchObject({ namespace: "Paved/RDS", metricName: "FailedLogins-prod-main" });
    expect(metric("main-web-certificate-expiry")).toMatchObject({ namespace: "AWS/CertificateManager", metricName: "DaysToExpiry" });
    expect(metric("main-backups-backup-freshness")).toMatchObject({ namespace: "AWS/Backup", metricName: "NumberOfBackupJobsCompleted", treatMissingData: "breaching" });
    expect(metric("main-cache-evictions-prod-main-001")).toMatchObject({ namespace: "AWS/ElastiCache", metricName: "Evictions" });
    expect(metric("main-kubernetes-crash-loop-catalog")).toMatchObject({ namespace: "ContainerInsights", metricName: "pod_number_of_container_restarts", dimensions: { ClusterName: "prod-main", Namespace: "apps", PodName: "catalog" } });
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
    ["paging in dev", { environment: "dev", page: { emails: ["oncall@example.com"] } }, 'page: found "1 subscriptions"; allowed none in dev'],
    ["an unknown override", { environment: "prod", overrides: { "web/latency-p99": { threshold: 1 } } }, "overrides.web/latency-p99: found"],
    ["a bad email", { environment: "prod", notify: { emails: ["nobody"] } }, 'notify.emails[0]: found "nobody"; allowed an email address'],
    ["a plain-HTTP endpoint", { environment: "prod", page: { httpsEndpoints: ["http://hooks.example.com"] } }, 'page.httpsEndpoints[0]: found "http://hooks.example.com"; allowed an https:// URL'],
  ])("%s: a clear error", (_label, args, message) => {
    const full = { sources: [{ name: "web", alarms: [{ id: "latency-p95", description: "", namespace: "n", metricName: "m", dimensions: {}, statistic: "p95", periodSeconds: 60, evaluationPeriods: 1, threshold: 1, comparison: "GreaterThanThreshold", severity: "page", treatMissingData: "missing" }] }], ...args } as never;
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
