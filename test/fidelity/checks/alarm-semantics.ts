import { alarmMetrics } from "./metrics";
import { type Check, type Finding, isRecord, ofType, parseJson, valuesAt } from "./types";

const ALB_METRICS = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html";
const ECS_BLUE_GREEN = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html";
const RDS_AUTOSCALING = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html";
const REDIS_FAILOVER = "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html";
const DASHBOARD_BODY = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html";

/** An error-rate alarm that counts target 5xx counts the load balancer's own 5xx too (no healthy target, timeouts). */
export const errorRateCountsElb5xx: Check = (resources) =>
  ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").flatMap((alarm) => {
    const names = alarmMetrics(alarm).metrics.map((m) => m.metricName);
    return names.includes("HTTPCode_Target_5XX_Count") && names.includes("RequestCount") && !names.includes("HTTPCode_ELB_5XX_Count")
      ? [{ check: "alarm-semantics", urn: alarm.urn, message: `error rate counts HTTPCode_Target_5XX_Count only: 5xx the load balancer generates itself (502/503/504 when targets fail) are HTTPCode_ELB_5XX_Count (${ALB_METRICS})` }]
      : [];
  });

/** The target group ARN suffix ("targetgroup/name/id"), the TargetGroup dimension value. */
const suffix = (arn: unknown) => (typeof arn === "string" ? arn.slice(arn.indexOf("targetgroup/")) : "");

/**
 * With ECS native blue/green, canary or linear deployments, the production target group
 * alternates on every deployment: an alarm or scaling policy on one of the pair watches an
 * idle group after the next deployment. It must read both (metric math) or the load balancer.
 */
export const liveTrafficAcrossDeployments: Check = (resources) => {
  const out: Finding[] = [];
  const pairs = ofType(resources, "aws:ecs/service:Service").flatMap((s) => {
    const strategy = valuesAt(s.inputs, "deploymentConfiguration.strategy")[0];
    if (strategy === undefined || strategy === "ROLLING") return [];
    return valuesAt(s.inputs, "loadBalancers[]").filter(isRecord).flatMap((lb) => {
      const alternate = valuesAt(lb, "advancedConfiguration.alternateTargetGroupArn")[0];
      return alternate ? [{ service: s, strategy: String(strategy), groups: [suffix(lb.targetGroupArn), suffix(alternate)] }] : [];
    });
  });
  for (const pair of pairs) {
    for (const alarm of ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm")) {
      const groups = new Set(alarmMetrics(alarm).metrics.map((m) => m.dimensions.TargetGroup).filter((g): g is string => typeof g === "string"));
      const watched = pair.groups.filter((g) => groups.has(g));
      if (watched.length === 1) {
        out.push({ check: "alarm-semantics", urn: alarm.urn, message: `watches only ${watched[0]}; ${pair.strategy} deployments of ${pair.service.name} swap production to ${pair.groups.find((g) => g !== watched[0])} (${ECS_BLUE_GREEN})` });
      }
    }
    for (const policy of ofType(resources, "aws:appautoscaling/policy:Policy")) {
      const label = valuesAt(policy.inputs, "targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.resourceLabel")[0];
      const group = pair.groups.find((g) => typeof label === "string" && label.endsWith(g));
      if (group) out.push({ check: "alarm-semantics", urn: policy.urn, message: `scales on requests per target of ${group} only; ${pair.strategy} deployments of ${pair.service.name} swap production away from it (${ECS_BLUE_GREEN})` });
    }
  }
  return out;
};

/**
 * Storage that autoscales (maxAllocatedStorage above allocatedStorage) grows when free space
 * falls under 10 % of its size: a fixed free-space threshold at or above 10 % of the initial
 * size pages while autoscaling is about to act, and any fixed threshold shrinks relative to
 * the volume as it grows. Such storage needs a size-independent alarm (the rate of FreeStorageSpace).
 */
export const storageAlarmFollowsAutoscaling: Check = (resources) => {
  const out: Finding[] = [];
  const alarms = ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm");
  const dbs = ofType(resources, "aws:rds/instance:Instance");
  for (const db of dbs) {
    const id = String(db.inputs.identifier);
    // A read replica without its own allocatedStorage starts at its source's size.
    const source = dbs.find((d) => db.inputs.replicateSourceDb !== undefined && [d.inputs.identifier, d.outputs?.arn].includes(db.inputs.replicateSourceDb));
    const allocated = Number(db.inputs.allocatedStorage ?? source?.inputs.allocatedStorage ?? 0);
    if (!(Number(db.inputs.maxAllocatedStorage ?? 0) > allocated)) continue;
    const onDb = alarms.filter((a) => alarmMetrics(a).metrics.some((m) => m.metricName === "FreeStorageSpace" && m.dimensions.DBInstanceIdentifier === id));
    for (const a of onDb.filter((x) => x.inputs.metricName === "FreeStorageSpace")) {
      if (Number(a.inputs.threshold) >= 0.1 * allocated * 1024 ** 3) {
        out.push({ check: "alarm-semantics", urn: a.urn, message: `fixed FreeStorageSpace threshold ${String(a.inputs.threshold)} B on ${id} is at or above 10 % of its ${allocated} GiB, where storage autoscaling acts: it pages for what autoscaling fixes (${RDS_AUTOSCALING})` });
      }
    }
    const rate = onDb.some((a) => alarmMetrics(a).expressions.some((e) => /\bRATE\(/.test(e)));
    if (!rate) out.push({ check: "alarm-semantics", urn: db.urn, message: `storage of ${id} autoscales from ${allocated} to ${String(db.inputs.maxAllocatedStorage)} GiB but no alarm follows it: a fixed free-space threshold means less with every growth; alarm on the rate of FreeStorageSpace (${RDS_AUTOSCALING})` });
  }
  return out;
};

/** Every member that can be a replica is watched for lag: after a failover the old primary is one. */
export const replicationLagOnEveryMember: Check = (resources) => {
  const watched = new Set(ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").flatMap((a) =>
    alarmMetrics(a).metrics.filter((m) => m.metricName === "ReplicationLag" || m.metricName === "ReplicaLag")
      .map((m) => String(m.dimensions.CacheClusterId ?? m.dimensions.DBInstanceIdentifier))));
  const out: Finding[] = [];
  for (const rg of ofType(resources, "aws:elasticache/replicationGroup:ReplicationGroup")) {
    const n = Number(rg.inputs.numCacheClusters ?? 0);
    if (rg.inputs.automaticFailoverEnabled !== true || n < 2) continue;
    for (let i = 1; i <= n; i++) {
      const member = `${String(rg.inputs.replicationGroupId)}-${String(i).padStart(3, "0")}`;
      if (!watched.has(member)) out.push({ check: "alarm-semantics", urn: rg.urn, message: `member ${member} has no ReplicationLag alarm; with automatic failover any member can be a replica (${REDIS_FAILOVER})` });
    }
  }
  for (const db of ofType(resources, "aws:rds/instance:Instance")) {
    if (db.inputs.replicateSourceDb !== undefined && !watched.has(String(db.inputs.identifier))) {
      out.push({ check: "alarm-semantics", urn: db.urn, message: `read replica ${String(db.inputs.identifier)} has no ReplicaLag alarm` });
    }
  }
  return out;
};

/** Dashboard widgets stay on the 24-column grid and never overlap. */
export const dashboardLayout: Check = (resources) => {
  const out: Finding[] = [];
  for (const d of ofType(resources, "aws:cloudwatch/dashboard:Dashboard")) {
    const body = parseJson(d.inputs.dashboardBody);
    const widgets = (isRecord(body) && Array.isArray(body.widgets) ? body.widgets : []).filter(isRecord)
      .map((w, i) => ({ i, x: Number(w.x ?? 0), y: Number(w.y ?? 0), w: Number(w.width ?? 6), h: Number(w.height ?? 6) }));
    for (const a of widgets) {
      if (a.x < 0 || a.w < 1 || a.x + a.w > 24) out.push({ check: "dashboard", urn: d.urn, message: `widget ${a.i} spans columns ${a.x}–${a.x + a.w}, outside the 24-column grid (${DASHBOARD_BODY})` });
      for (const b of widgets) {
        if (b.i > a.i && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) {
          out.push({ check: "dashboard", urn: d.urn, message: `widgets ${a.i} and ${b.i} overlap at (${Math.max(a.x, b.x)}, ${Math.max(a.y, b.y)})` });
        }
      }
    }
  }
  return out;
};
