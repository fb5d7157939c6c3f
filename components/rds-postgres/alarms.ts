import type { AlarmSpec } from "../../src/alarms";
import type { RdsPostgresSettings } from "./presets";
import { maxConnections } from "./parameters";

/** Namespace of the metric that the failed-login filter writes. */
export const FAILED_LOGIN_NAMESPACE = "Paved/RDS";

export function failedLoginMetric(identifier: string): string {
  return `FailedLogins-${identifier}`;
}

/** Recommended alarms for a database and its replicas, as data. */
export function rdsAlarms(identifier: string, replicaIds: readonly string[], s: RdsPostgresSettings): AlarmSpec[] {
  const base = { namespace: "AWS/RDS", dimensions: { DBInstanceIdentifier: identifier }, periodSeconds: 300, evaluationPeriods: 3, treatMissingData: "missing" } as const;
  const max = maxConnections(s.instanceClass);
  const alarms: AlarmSpec[] = [
    { ...base, id: "cpu-high", description: `${identifier}: CPU above 80 %`, metricName: "CPUUtilization", statistic: "Average", threshold: 80, comparison: "GreaterThanThreshold", severity: "page" },
    { ...base, id: "storage-low", description: `${identifier}: free storage below 20 % of ${s.allocatedStorageGb} GiB`, metricName: "FreeStorageSpace", statistic: "Minimum", threshold: Math.round(0.2 * s.allocatedStorageGb * 1024 ** 3), comparison: "LessThanThreshold", severity: "page" },
    {
      ...base, id: "connections-high", description: `${identifier}: connections above 80 % of max_connections${max ? ` (${max})` : ""}`,
      metricName: "DatabaseConnections", statistic: "Maximum", threshold: Math.floor(0.8 * (max ?? 100)), comparison: "GreaterThanThreshold", severity: "notify",
    },
    {
      id: "failed-logins", description: `${identifier}: more than 5 failed logins in 5 minutes (from the postgres log)`,
      namespace: FAILED_LOGIN_NAMESPACE, metricName: failedLoginMetric(identifier), dimensions: {},
      statistic: "Sum", periodSeconds: 300, evaluationPeriods: 1, threshold: 5, comparison: "GreaterThanThreshold", severity: "notify", treatMissingData: "notBreaching",
    },
  ];
  for (const replica of replicaIds) {
    alarms.push({ ...base, dimensions: { DBInstanceIdentifier: replica }, id: `replica-lag-${replica}`, description: `${replica}: replica lag above 60 s`, metricName: "ReplicaLag", statistic: "Maximum", threshold: 60, comparison: "GreaterThanThreshold", severity: "notify" });
  }
  return alarms;
}
