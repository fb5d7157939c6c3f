import { serviceAlarms, type ServiceIdentity } from "../components/ecs-service/alarms";
import { crashLoopAlarm } from "../components/eks-cluster/workload-alarms";
import { failedLoginMetric, FAILED_LOGIN_NAMESPACE, rdsAlarms } from "../components/rds-postgres/alarms";
import { RDS_POSTGRES_PRESETS } from "../components/rds-postgres/settings";
import { memberClusterIds, redisAlarms } from "../components/redis/alarms";
import { backupAlarms } from "../components/s3-backups/alarms";
import type { AlarmSpec } from "../src/alarms";
import { LOG_RETENTION_DAYS, logRetention } from "../src/retention";
import { CLOUDWATCH_METRICS } from "./fidelity/facts/cloudwatch-metrics";

/**
 * The components' recommended alarms, as data, before any Pulumi resource exists. Every metric they
 * watch (and every metric of their math) must be one AWS publishes under exactly that dimension set
 * (test/fidelity/facts/cloudwatch-metrics.ts, from the AWS documentation), or the alarm has no data.
 */

/** Each metric an alarm reads, as "namespace metric [dimension names]" when AWS does not publish it so. */
function unpublished(alarms: readonly AlarmSpec[]): string[] {
  const out: string[] = [];
  const check = (namespace: string, metricName: string, dimensions: object): void => {
    if (namespace === FAILED_LOGIN_NAMESPACE) return; // our own metric filter writes it, with no dimensions
    const names = Object.keys(dimensions).sort();
    const fact = CLOUDWATCH_METRICS[namespace]?.[metricName];
    if (!fact?.dimensionSets.some((set) => set.length === names.length && set.every((d, i) => d === names[i]))) out.push(`${namespace} ${metricName} [${names.join(", ")}]`);
  };
  for (const a of alarms) {
    if (a.math) for (const m of Object.values(a.math.metrics)) check(m.namespace, m.metricName, m.dimensions);
    else check(a.namespace, a.metricName, a.dimensions);
  }
  return out;
}
/** The parts of an alarm that decide when it fires, compactly. */
const when = (a: AlarmSpec) => [a.id, a.statistic, a.comparison, a.threshold, a.periodSeconds, a.evaluationPeriods, a.treatMissingData, a.severity];

describe("RdsPostgres alarms", () => {
  const prod = RDS_POSTGRES_PRESETS.prod;

  test("CPU, storage (time to full and floor), connections and failed logins; each replica its lag and its own storage alarms", () => {
    const alarms = rdsAlarms("orders", ["orders-r1"], prod);
    expect(alarms.map(when)).toEqual([
      ["cpu-high", "Average", "GreaterThanThreshold", 80, 300, 3, "missing", "page"],
      ["storage-time-to-full", "Average", "LessThanThreshold", 6, 300, 3, "missing", "page"],
      ["storage-low", "Minimum", "LessThanThreshold", Math.round(0.05 * 100 * 1024 ** 3), 300, 3, "missing", "page"],
      ["connections-high", "Maximum", "GreaterThanThreshold", Math.floor(0.8 * 901), 300, 3, "missing", "notify"],
      ["failed-logins", "Sum", "GreaterThanThreshold", 5, 300, 1, "notBreaching", "notify"],
      ["replica-lag-orders-r1", "Maximum", "GreaterThanThreshold", 60, 300, 3, "missing", "notify"],
      ["storage-time-to-full-orders-r1", "Average", "LessThanThreshold", 6, 300, 3, "missing", "page"],
      ["storage-low-orders-r1", "Minimum", "LessThanThreshold", Math.round(0.05 * 100 * 1024 ** 3), 300, 3, "missing", "page"],
    ]);
    // Each alarm watches its own instance: the primary's, or the replica's.
    expect(alarms.map((a) => a.math ? Object.values(a.math.metrics)[0]!.dimensions : a.dimensions)).toEqual([
      ...Array.from({ length: 4 }, () => ({ DBInstanceIdentifier: "orders" })), {},
      ...Array.from({ length: 3 }, () => ({ DBInstanceIdentifier: "orders-r1" })),
    ]);
    expect(alarms.find((a) => a.id === "failed-logins")).toMatchObject({ namespace: "Paved/RDS", metricName: "FailedLogins-orders" });
    expect(failedLoginMetric("x")).toBe("FailedLogins-x");
    expect(unpublished(alarms)).toEqual([]);
  });

  test("descriptions say what fired and on which instance", () => {
    const byId = Object.fromEntries(rdsAlarms("orders", [], prod).map((a) => [a.id, a.description]));
    expect(byId).toEqual({
      "cpu-high": "orders: CPU above 80 %",
      "storage-time-to-full": "orders: storage full within 6 h at the current rate (autoscaling may wait that long between two grows)",
      "storage-low": "orders: free storage below 5.0 GiB, which storage autoscaling would have prevented: at 1000 GiB or a grow failed",
      "connections-high": "orders: connections above 80 % of max_connections (901)",
      "failed-logins": "orders: more than 5 failed logins in 5 minutes (from the postgres log)",
    });
    // A fixed-size volume keeps the 20 % floor, said as such.
    const fixed = rdsAlarms("orders", [], { ...prod, maxAllocatedStorageGb: prod.allocatedStorageGb }).find((a) => a.id === "storage-low")!;
    expect([fixed.description, fixed.threshold]).toEqual(["orders: free storage below 20 % of 100 GiB", Math.round(0.2 * 100 * 1024 ** 3)]);
  });

  test("an instance class whose memory is not known falls back to 80 of 100 connections, without claiming a max_connections", () => {
    const a = rdsAlarms("orders", [], { ...prod, instanceClass: "db.x9.mystery" }).find((x) => x.id === "connections-high")!;
    expect([a.threshold, a.description]).toEqual([80, "orders: connections above 80 % of max_connections"]);
  });
});

describe("Redis alarms", () => {
  test("members are <group>-001, -002, …, as ElastiCache names them", () => {
    expect(memberClusterIds("cache", 3)).toEqual(["cache-001", "cache-002", "cache-003"]);
    expect(memberClusterIds("cache", 0)).toEqual([]);
  });

  test("every member: CPU, engine CPU, memory, evictions; replication lag only with replicas, fine while it is the primary", () => {
    const alarms = redisAlarms("cache", 2);
    expect(alarms.map(when)).toEqual(["cache-001", "cache-002"].flatMap((n) => [
      [`cpu-high-${n}`, "Average", "GreaterThanThreshold", 80, 300, 3, "missing", "notify"],
      [`engine-cpu-high-${n}`, "Average", "GreaterThanThreshold", 80, 300, 3, "missing", "page"],
      [`memory-high-${n}`, "Average", "GreaterThanThreshold", 80, 300, 3, "missing", "page"],
      [`evictions-${n}`, "Sum", "GreaterThanThreshold", 0, 300, 3, "notBreaching", "notify"],
      [`replication-lag-${n}`, "Maximum", "GreaterThanThreshold", 5, 300, 3, "notBreaching", "notify"],
    ]));
    expect(alarms.map((a) => a.dimensions)).toEqual([...Array(5).fill({ CacheClusterId: "cache-001" }), ...Array(5).fill({ CacheClusterId: "cache-002" })]);
    expect(alarms.map((a) => a.metricName).slice(0, 5)).toEqual(["CPUUtilization", "EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "Evictions", "ReplicationLag"]);
    expect(redisAlarms("solo", 1).map((a) => a.id)).toEqual(["cpu-high-solo-001", "engine-cpu-high-solo-001", "memory-high-solo-001", "evictions-solo-001"]);
    expect(alarms[4]!.description).toBe("cache-001: replication lag above 5 s while it is a replica");
    expect(unpublished(alarms)).toEqual([]);
  });
});

describe("S3Backups alarms", () => {
  test("no completed job in two hours pages (missing data counts: no job ran); any failed job pages", () => {
    const alarms = backupAlarms("paved-prod-backups");
    expect(alarms.map(when)).toEqual([
      ["backup-freshness", "Sum", "LessThanThreshold", 1, 3600, 2, "breaching", "page"],
      ["backup-failures", "Sum", "GreaterThanThreshold", 0, 3600, 1, "notBreaching", "page"],
    ]);
    expect(alarms.map((a) => [a.metricName, a.dimensions, a.description])).toEqual([
      ["NumberOfBackupJobsCompleted", { BackupVaultName: "paved-prod-backups" }, "No completed backup job in vault paved-prod-backups for 2 hours (RPO 1 h)"],
      ["NumberOfBackupJobsFailed", { BackupVaultName: "paved-prod-backups" }, "A backup job failed in vault paved-prod-backups"],
    ]);
    expect(unpublished(alarms)).toEqual([]);
  });
});

describe("EcsService and Workload alarms", () => {
  const id: ServiceIdentity = { label: "web", cluster: "prod", service: "web", loadBalancer: "app/web/1", targetGroups: ["targetgroup/a/1", "targetgroup/b/2"], certificateArn: "arn:aws:acm:eu-west-1:1:certificate/c" };
  test("every metric, and every metric of their math, is published under the dimensions the alarm names", () => {
    expect(unpublished(serviceAlarms(id, 2))).toEqual([]);
    expect(unpublished([crashLoopAlarm({ workload: "api", namespace: "apps", clusterName: "prod" })])).toEqual([]);
  });
  test("the oracle itself refuses a metric under a dimension set AWS does not publish", () => {
    const wrong = { ...backupAlarms("v")[0]!, namespace: "AWS/ApplicationELB", metricName: "HealthyHostCount", dimensions: { LoadBalancer: "app/x/1" } };
    expect(unpublished([wrong])).toEqual(["AWS/ApplicationELB HealthyHostCount [LoadBalancer]"]);
  });
});

describe("log retention", () => {
  test("exactly the values CloudWatch Logs accepts (PutRetentionPolicy), never 'never expire'", () => {
    const schema = logRetention();
    for (const d of LOG_RETENTION_DAYS) expect(schema.safeParse(d).success).toBe(true);
    for (const d of [0, 2, 366, 3650, 9999, -1, 1.5]) expect(schema.safeParse(d).success).toBe(false);
  });
});
