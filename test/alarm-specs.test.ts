import { acrossTargetGroups, errorCountMath, errorRateMath, metricQueries, requestsPerTaskMetrics, serviceAlarms, type ServiceIdentity } from "../components/ecs-service/alarms";
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
    const ttf = alarms.find((a) => a.id === "storage-time-to-full")!;
    expect([ttf.metricName, ttf.math]).toEqual(["StorageHoursToFull", {
      expression: "IF(RATE(free) < 0, free / (-3600 * RATE(free)), 8760)",
      metrics: { free: { namespace: "AWS/RDS", metricName: "FreeStorageSpace", dimensions: { DBInstanceIdentifier: "orders" }, statistic: "Average" } },
    }]);
    expect(alarms.find((a) => a.id === "replica-lag-orders-r1")!.description).toBe("orders-r1: replica lag above 60 s");
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
    expect(alarms.slice(0, 5).map((a) => a.description)).toEqual([
      "cache-001: CPU above 80 %", "cache-001: engine CPU above 80 %", "cache-001: memory above 80 %", "cache-001: keys evicted",
      "cache-001: replication lag above 5 s while it is a replica",
    ]);
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

/**
 * A small evaluator of CloudWatch metric math for one period (numbers, ids, + - * /, comparisons, IF and
 * FILL as "Using metric math" defines them): a missing metric is undefined, FILL(m, v) is v then, and
 * arithmetic on a missing value is missing.
 */
function evaluate(expression: string, values: Readonly<Record<string, number | undefined>>): number | undefined {
  const tokens = expression.match(/\d+(\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|[()+\-*/,<>]/g)!;
  let i = 0;
  const peek = () => tokens[i];
  const take = (t?: string) => { const x = tokens[i++]!; if (t !== undefined && x !== t) throw new Error(`expected ${t}, found ${x}`); return x; };
  const arith = (a: number | undefined, b: number | undefined, f: (x: number, y: number) => number) => (a === undefined || b === undefined ? undefined : f(a, b));
  const primary = (): number | undefined => {
    const t = take();
    if (t === "(") { const v = comparison(); take(")"); return v; }
    if (/^\d/.test(t)) return Number(t);
    if (t === "IF" || t === "FILL") {
      take("(");
      const args = [comparison()];
      while (peek() === ",") { take(","); args.push(comparison()); }
      take(")");
      return t === "FILL" ? args[0] ?? args[1] : args[0] === undefined ? undefined : args[0] !== 0 ? args[1] : args[2];
    }
    if (!(t in values)) throw new Error(`unknown id ${t}`);
    return values[t];
  };
  const term = (): number | undefined => {
    let v = primary();
    while (peek() === "*" || peek() === "/") { const op = take(); const r = primary(); v = arith(v, r, op === "*" ? (x, y) => x * y : (x, y) => x / y); }
    return v;
  };
  const sum = (): number | undefined => {
    let v = term();
    while (peek() === "+" || peek() === "-") { const op = take(); const r = term(); v = arith(v, r, op === "+" ? (x, y) => x + y : (x, y) => x - y); }
    return v;
  };
  const comparison = (): number | undefined => {
    const v = sum();
    if (peek() !== ">" && peek() !== "<") return v;
    const op = take();
    return arith(v, sum(), op === ">" ? (x, y) => Number(x > y) : (x, y) => Number(x < y));
  };
  const v = comparison();
  if (i !== tokens.length) throw new Error(`unparsed: ${tokens.slice(i).join(" ")}`);
  return v;
}

describe("EcsService metric math, evaluated as CloudWatch would", () => {
  const id: ServiceIdentity = { label: "web", cluster: "prod", service: "web", loadBalancer: "app/web/1", targetGroups: ["targetgroup/a/1", "targetgroup/b/2"], certificateArn: "c" };

  test("the 5xx rate counts the targets' and the load balancer's own 5xx over every request, and stays within 0-100 %", () => {
    const m = errorRateMath("app/web/1");
    expect(Object.entries(m.metrics).map(([k, x]) => [k, x.metricName, x.statistic, x.dimensions])).toEqual([
      ["target5xx", "HTTPCode_Target_5XX_Count", "Sum", { LoadBalancer: "app/web/1" }],
      ["elb5xx", "HTTPCode_ELB_5XX_Count", "Sum", { LoadBalancer: "app/web/1" }],
      ["requests", "RequestCount", "Sum", { LoadBalancer: "app/web/1" }],
    ]);
    expect(evaluate(m.expression, { requests: 98, target5xx: 3, elb5xx: 2 })).toBeCloseTo((100 * 5) / 100);
    // Every request rejected by the load balancer itself (no healthy target): 100 %, not a division by zero.
    expect(evaluate(m.expression, { requests: undefined, target5xx: undefined, elb5xx: 7 })).toBe(100);
    // No traffic at all: 0, not missing data.
    expect(evaluate(m.expression, { requests: undefined, target5xx: undefined, elb5xx: undefined })).toBe(0);
    expect(evaluate(m.expression, { requests: 10, target5xx: undefined, elb5xx: undefined })).toBe(0);
    expect(evaluate(errorCountMath("app/web/1").expression, { target5xx: 4, elb5xx: undefined })).toBe(4);
  });

  test("host counts are summed over every target group, the idle one publishing nothing", () => {
    const m = acrossTargetGroups("HealthyHostCount", "Minimum", id, "healthy");
    expect(Object.entries(m.metrics).map(([k, x]) => [k, x.metricName, x.statistic, x.dimensions])).toEqual([
      ["healthy_1", "HealthyHostCount", "Minimum", { LoadBalancer: "app/web/1", TargetGroup: "targetgroup/a/1" }],
      ["healthy_2", "HealthyHostCount", "Minimum", { LoadBalancer: "app/web/1", TargetGroup: "targetgroup/b/2" }],
    ]);
    expect(evaluate(m.expression, { healthy_1: undefined, healthy_2: 3 })).toBe(3);
    expect(evaluate(m.expression, { healthy_1: 2, healthy_2: undefined })).toBe(2);
    expect(evaluate(m.expression, { healthy_1: undefined, healthy_2: undefined })).toBe(0);
    expect(acrossTargetGroups("UnHealthyHostCount", "Maximum", { ...id, targetGroups: ["targetgroup/a/1"] }, "bad").expression).toBe("FILL(bad_1, 0)");
  });

  test("a metric-math alarm's queries: the expression returns data, each metric is read at the alarm's period", () => {
    const q = metricQueries(errorCountMath("lb"), "5xx", 60);
    expect(q).toEqual([
      { id: "result", expression: "FILL(target5xx, 0) + FILL(elb5xx, 0)", label: "5xx", returnData: true },
      { id: "target5xx", returnData: false, metric: { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_Target_5XX_Count", dimensions: { LoadBalancer: "lb" }, stat: "Sum", period: 60 } },
      { id: "elb5xx", returnData: false, metric: { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_5XX_Count", dimensions: { LoadBalancer: "lb" }, stat: "Sum", period: 60 } },
    ]);
  });

  test("scaling reads requests per healthy task over the whole load balancer and both groups; exactly one query returns data", () => {
    const q = requestsPerTaskMetrics(id);
    expect(q.filter((x) => x.returnData).map((x) => x.id)).toEqual(["per_task"]);
    expect(q.map((x) => x.id)).toEqual(["requests", "healthy_1", "healthy_2", "hosts", "per_task"]);
    expect(q[0]!.metricStat).toEqual({ metric: { namespace: "AWS/ApplicationELB", metricName: "RequestCount", dimensions: [{ name: "LoadBalancer", value: "app/web/1" }] }, stat: "Sum" });
    expect(q[1]!.metricStat).toEqual({ metric: { namespace: "AWS/ApplicationELB", metricName: "HealthyHostCount", dimensions: [{ name: "LoadBalancer", value: "app/web/1" }, { name: "TargetGroup", value: "targetgroup/a/1" }] }, stat: "Average" });
    const values = (requests: number | undefined, h1: number | undefined, h2: number | undefined) => {
      const hosts = evaluate(q[3]!.expression!, { healthy_1: h1, healthy_2: h2 });
      return evaluate(q[4]!.expression!, { requests, hosts });
    };
    expect(values(600, undefined, 3)).toBe(200);
    expect(values(600, 2, 1)).toBe(200);
    expect(values(undefined, 2, undefined)).toBe(0);
    expect(values(600, undefined, undefined)).toBe(0); // no healthy task: 0, never a division by zero
    expect(q[4]!.label).toBe("Requests per healthy task per minute");
  });

  test("the service's alarms: when each fires", () => {
    expect(serviceAlarms(id, 2).map(when)).toEqual([
      ["5xx-rate", "Sum", "GreaterThanThreshold", 1, 60, 5, "notBreaching", "page"],
      ["latency-p95", "p95", "GreaterThanThreshold", 1, 60, 5, "notBreaching", "page"],
      ["no-healthy-hosts", "Minimum", "LessThanThreshold", 1, 60, 5, "breaching", "page"],
      ["tasks-below-min", "Minimum", "LessThanThreshold", 2, 60, 5, "breaching", "page"],
      ["cpu-high", "Average", "GreaterThanThreshold", 80, 60, 5, "missing", "notify"],
      ["certificate-expiry", "Minimum", "LessThanThreshold", 30, 86400, 1, "missing", "notify"],
      ["memory-high", "Average", "GreaterThanThreshold", 80, 60, 5, "missing", "notify"],
    ]);
    expect(serviceAlarms(id, 3).find((a) => a.id === "tasks-below-min")!.description).toBe("web: fewer running tasks than the minimum (3)");
    // What each one says and reads (a math alarm's metricName names its result).
    expect(serviceAlarms(id, 2).map((a) => [a.metricName, a.description, a.math ? Object.entries(a.math.metrics).map(([k, m]) => `${k}=${m.metricName}/${m.statistic}`) : []])).toEqual([
      ["5xxRate", "web: more than 1 % of requests answered 5xx (by the tasks or the load balancer)", ["target5xx=HTTPCode_Target_5XX_Count/Sum", "elb5xx=HTTPCode_ELB_5XX_Count/Sum", "requests=RequestCount/Sum"]],
      ["TargetResponseTime", "web: p95 latency above 1 s", []],
      ["HealthyHosts", "web: no healthy task behind the load balancer", ["healthy_1=HealthyHostCount/Minimum", "healthy_2=HealthyHostCount/Minimum"]],
      ["RunningTaskCount", "web: fewer running tasks than the minimum (2)", []],
      ["CPUUtilization", "web: CPU above 80 %", []],
      ["DaysToExpiry", "web: the HTTPS certificate expires in under 30 days", []],
      ["MemoryUtilization", "web: memory above 80 %", []],
    ]);
  });
});

describe("EcsService and Workload alarms", () => {
  const id: ServiceIdentity = { label: "web", cluster: "prod", service: "web", loadBalancer: "app/web/1", targetGroups: ["targetgroup/a/1", "targetgroup/b/2"], certificateArn: "arn:aws:acm:eu-west-1:1:certificate/c" };
  test("every metric, and every metric of their math, is published under the dimensions the alarm names", () => {
    expect(unpublished(serviceAlarms(id, 2))).toEqual([]);
    expect(unpublished([crashLoopAlarm({ workload: "api", namespace: "apps", clusterName: "prod" })])).toEqual([]);
  });
  test("a Workload's crash loop: restarts (a count since the previous collection, so summed) in each of two 10-minute windows", () => {
    const a = crashLoopAlarm({ workload: "api", namespace: "apps", clusterName: "prod" });
    expect(when(a)).toEqual(["crash-loop-api", "Sum", "GreaterThanOrEqualToThreshold", 1, 600, 2, "notBreaching", "page"]);
    expect([a.namespace, a.metricName, a.dimensions, a.description]).toEqual([
      "ContainerInsights", "pod_number_of_container_restarts", { ClusterName: "prod", Namespace: "apps", PodName: "api" },
      "api: containers restarting in each of the last two 10-minute windows (crash loop)",
    ]);
    expect(CLOUDWATCH_METRICS.ContainerInsights!.pod_number_of_container_restarts!.countSincePrevious).toBe(true);
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
