import type { AlarmSpec } from "../../src/alarms";
import type { RdsPostgresSettings } from "./settings";
import { maxConnections } from "./parameters";
import { AUTOSCALING_COOLDOWN_HOURS, storageAutoscales, storageFloorBytes, timeToFullExpression } from "./storage";

/** Namespace of the metric that the failed-login filter writes. */
export const FAILED_LOGIN_NAMESPACE = "Paved/RDS";

export function failedLoginMetric(identifier: string): string {
  return `FailedLogins-${identifier}`;
}

/*
 * CPUUtilization, DatabaseConnections, FreeStorageSpace (bytes) and ReplicaLag (seconds) are
 * instance-level AWS/RDS metrics with the DBInstanceIdentifier dimension: "Amazon CloudWatch metrics
 * for Amazon RDS" (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html) and
 * "Amazon CloudWatch dimensions for Amazon RDS" (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/dimensions.html).
 */
const RDS = "AWS/RDS";
const base = (instanceId: string) =>
  ({ namespace: RDS, dimensions: { DBInstanceIdentifier: instanceId }, periodSeconds: 300, evaluationPeriods: 3, treatMissingData: "missing" }) as const;

/**
 * Low-disk alarms for one instance, right at any size the volume autoscales to:
 * - time to full: at the current rate of decline, sustained over three 5-minute periods, free space
 *   runs out within the 6 hours RDS may wait between two storage modifications. Autoscaling cannot be
 *   counted on to act in time, so it pages, small volume or large.
 * - floor: free space below storageFloorBytes, which only happens once autoscaling can no longer grow
 *   the volume (at maxAllocatedStorage, or a grow failed), however slowly it filled.
 * A fixed threshold on the initial size (the old 20 %) would page too late once the volume has grown.
 */
export function storageAlarms(instanceId: string, s: RdsPostgresSettings, idSuffix = ""): AlarmSpec[] {
  const b = base(instanceId);
  const floor = storageFloorBytes(s);
  return [
    {
      ...b, id: `storage-time-to-full${idSuffix}`,
      description: `${instanceId}: storage full within ${AUTOSCALING_COOLDOWN_HOURS} h at the current rate (autoscaling may wait that long between two grows)`,
      metricName: "StorageHoursToFull", statistic: "Average", threshold: AUTOSCALING_COOLDOWN_HOURS, comparison: "LessThanThreshold", severity: "page",
      math: { expression: timeToFullExpression("free"), metrics: { free: { namespace: RDS, metricName: "FreeStorageSpace", dimensions: b.dimensions, statistic: "Average" } } },
    },
    {
      ...b, id: `storage-low${idSuffix}`,
      description: storageAutoscales(s)
        ? `${instanceId}: free storage below ${(floor / 1024 ** 3).toFixed(1)} GiB, which storage autoscaling would have prevented: at ${s.maxAllocatedStorageGb} GiB or a grow failed`
        : `${instanceId}: free storage below 20 % of ${s.allocatedStorageGb} GiB`,
      metricName: "FreeStorageSpace", statistic: "Minimum", threshold: floor, comparison: "LessThanThreshold", severity: "page",
    },
  ];
}

/** Recommended alarms for a database and its replicas, as data. */
export function rdsAlarms(identifier: string, replicaIds: readonly string[], s: RdsPostgresSettings): AlarmSpec[] {
  const b = base(identifier);
  const max = maxConnections(s.instanceClass);
  const alarms: AlarmSpec[] = [
    { ...b, id: "cpu-high", description: `${identifier}: CPU above 80 %`, metricName: "CPUUtilization", statistic: "Average", threshold: 80, comparison: "GreaterThanThreshold", severity: "page" },
    ...storageAlarms(identifier, s),
    {
      ...b, id: "connections-high", description: `${identifier}: connections above 80 % of max_connections${max ? ` (${max})` : ""}`,
      metricName: "DatabaseConnections", statistic: "Maximum", threshold: Math.floor(0.8 * (max ?? 100)), comparison: "GreaterThanThreshold", severity: "notify",
    },
    {
      id: "failed-logins", description: `${identifier}: more than 5 failed logins in 5 minutes (from the postgres log)`,
      namespace: FAILED_LOGIN_NAMESPACE, metricName: failedLoginMetric(identifier), dimensions: {},
      statistic: "Sum", periodSeconds: 300, evaluationPeriods: 1, threshold: 5, comparison: "GreaterThanThreshold", severity: "notify", treatMissingData: "notBreaching",
    },
  ];
  // ReplicaLag is published by each read replica under its own identifier. A Multi-AZ (instance) standby
  // is not a replica and publishes none; a failover keeps the primary's identifier, so the replicas,
  // and these alarms, stay as they are. Each replica has its own volume (autoscaling with the same
  // ceiling), so it gets the same storage alarms: a full replica stops replicating.
  for (const replica of replicaIds) {
    alarms.push(
      { ...base(replica), id: `replica-lag-${replica}`, description: `${replica}: replica lag above 60 s`, metricName: "ReplicaLag", statistic: "Maximum", threshold: 60, comparison: "GreaterThanThreshold", severity: "notify" },
      ...storageAlarms(replica, s, `-${replica}`),
    );
  }
  return alarms;
}
