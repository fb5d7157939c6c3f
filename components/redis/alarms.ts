import type { AlarmSpec } from "../../src/alarms";

/** Member cluster ids AWS gives the nodes of a replication group. */
export function memberClusterIds(replicationGroupId: string, nodes: number): string[] {
  return Array.from({ length: nodes }, (_v, i) => `${replicationGroupId}-${String(i + 1).padStart(3, "0")}`);
}

/*
 * AWS/ElastiCache publishes CPUUtilization (host level), EngineCPUUtilization, DatabaseMemoryUsagePercentage,
 * Evictions and ReplicationLag (seconds) per node, under {CacheClusterId} and {CacheClusterId, CacheNodeId}:
 * "Host-Level Metrics" and "Metrics for Valkey and Redis OSS"
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.HostLevel.html,
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Redis.html); dimension sets as in
 * aws-cdk-lib's ElastiCacheMetrics (aws-elasticache/lib/elasticache-canned-metrics.generated.d.ts).
 * A member of a cluster-mode-disabled group has one node, so {CacheClusterId} names that node.
 */

/**
 * Recommended alarms per node, as data: CPU, engine CPU, memory, evictions, replication lag.
 * ReplicationLag is published only by a node while it runs as a read replica. Roles move on failover
 * (a member's CurrentRole is "primary or replica", API_NodeGroupMember in the ElastiCache API reference:
 * member 001 can become a replica, any replica the primary), so every member is watched, and a member
 * that publishes nothing because it is the primary right now counts as fine (notBreaching), not as
 * missing data. A single node has no replication to watch.
 */
export function redisAlarms(replicationGroupId: string, nodes: number): AlarmSpec[] {
  return memberClusterIds(replicationGroupId, nodes).flatMap((node): AlarmSpec[] => {
    const base = { namespace: "AWS/ElastiCache", dimensions: { CacheClusterId: node }, periodSeconds: 300, evaluationPeriods: 3, treatMissingData: "missing" } as const;
    const alarms: AlarmSpec[] = [
      { ...base, id: `cpu-high-${node}`, description: `${node}: CPU above 80 %`, metricName: "CPUUtilization", statistic: "Average", threshold: 80, comparison: "GreaterThanThreshold", severity: "notify" },
      { ...base, id: `engine-cpu-high-${node}`, description: `${node}: engine CPU above 80 %`, metricName: "EngineCPUUtilization", statistic: "Average", threshold: 80, comparison: "GreaterThanThreshold", severity: "page" },
      { ...base, id: `memory-high-${node}`, description: `${node}: memory above 80 %`, metricName: "DatabaseMemoryUsagePercentage", statistic: "Average", threshold: 80, comparison: "GreaterThanThreshold", severity: "page" },
      { ...base, id: `evictions-${node}`, description: `${node}: keys evicted`, metricName: "Evictions", statistic: "Sum", threshold: 0, comparison: "GreaterThanThreshold", severity: "notify", treatMissingData: "notBreaching" },
    ];
    if (nodes > 1) {
      alarms.push({
        ...base, id: `replication-lag-${node}`, description: `${node}: replication lag above 5 s while it is a replica`,
        metricName: "ReplicationLag", statistic: "Maximum", threshold: 5, comparison: "GreaterThanThreshold", severity: "notify", treatMissingData: "notBreaching",
      });
    }
    return alarms;
  });
}
