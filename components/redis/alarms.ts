import type { AlarmSpec } from "../../src/alarms";

/** Member cluster ids AWS gives the nodes of a replication group. */
export function memberClusterIds(replicationGroupId: string, nodes: number): string[] {
  return Array.from({ length: nodes }, (_v, i) => `${replicationGroupId}-${String(i + 1).padStart(3, "0")}`);
}

/** Recommended alarms per node, as data: CPU, engine CPU, memory, evictions, replication lag. */
export function redisAlarms(replicationGroupId: string, nodes: number): AlarmSpec[] {
  return memberClusterIds(replicationGroupId, nodes).flatMap((node, i): AlarmSpec[] => {
    const base = { namespace: "AWS/ElastiCache", dimensions: { CacheClusterId: node }, periodSeconds: 300, evaluationPeriods: 3, treatMissingData: "missing" } as const;
    const alarms: AlarmSpec[] = [
      { ...base, id: `cpu-high-${node}`, description: `${node}: CPU above 80 %`, metricName: "CPUUtilization", statistic: "Average", threshold: 80, comparison: "GreaterThanThreshold", severity: "notify" },
      { ...base, id: `engine-cpu-high-${node}`, description: `${node}: engine CPU above 80 %`, metricName: "EngineCPUUtilization", statistic: "Average", threshold: 80, comparison: "GreaterThanThreshold", severity: "page" },
      { ...base, id: `memory-high-${node}`, description: `${node}: memory above 80 %`, metricName: "DatabaseMemoryUsagePercentage", statistic: "Average", threshold: 80, comparison: "GreaterThanThreshold", severity: "page" },
      { ...base, id: `evictions-${node}`, description: `${node}: keys evicted`, metricName: "Evictions", statistic: "Sum", threshold: 0, comparison: "GreaterThanThreshold", severity: "notify", treatMissingData: "notBreaching" },
    ];
    if (i > 0) alarms.push({ ...base, id: `replication-lag-${node}`, description: `${node}: replication lag above 5 s`, metricName: "ReplicationLag", statistic: "Maximum", threshold: 5, comparison: "GreaterThanThreshold", severity: "notify" });
    return alarms;
  });
}
