import type { AlarmSpec } from "../../src/alarms";

/** The vault's recommended alarms, as data: no completed job for two hours (RPO 1 h), any failed job. */
export function backupAlarms(base: string): AlarmSpec[] {
  const vaultDims = { BackupVaultName: base };
  return [
    {
      id: "backup-freshness", description: `No completed backup job in vault ${base} for 2 hours (RPO 1 h)`,
      namespace: "AWS/Backup", metricName: "NumberOfBackupJobsCompleted", dimensions: vaultDims, statistic: "Sum",
      periodSeconds: 3600, evaluationPeriods: 2, threshold: 1, comparison: "LessThanThreshold", severity: "page", treatMissingData: "breaching",
    },
    {
      id: "backup-failures", description: `A backup job failed in vault ${base}`,
      namespace: "AWS/Backup", metricName: "NumberOfBackupJobsFailed", dimensions: vaultDims, statistic: "Sum",
      periodSeconds: 3600, evaluationPeriods: 1, threshold: 0, comparison: "GreaterThanThreshold", severity: "page", treatMissingData: "notBreaching",
    },
  ];
}
