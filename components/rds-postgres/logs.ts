/**
 * The logs every Paved instance (primary and replicas) exports to CloudWatch: the two that RDS for
 * PostgreSQL publishes ("Publishing PostgreSQL logs to Amazon CloudWatch Logs",
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Concepts.PostgreSQL.html#USER_LogAccess.Concepts.PostgreSQL.PublishtoCloudWatchLogs).
 */
export const POSTGRES_LOG_EXPORTS = ["postgresql", "upgrade"] as const;
export type PostgresLogExport = (typeof POSTGRES_LOG_EXPORTS)[number];

/**
 * The log group RDS streams an instance's exported log to, in the instance's own region: e.g.
 * `/aws/rds/instance/my_instance/postgresql` (same page as above). RDS creates it on first export
 * with no retention and no key unless it already exists, so we create it first.
 */
export function rdsLogGroupName(instanceId: string, log: PostgresLogExport): string {
  return `/aws/rds/instance/${instanceId}/${log}`;
}
