import type * as pulumi from "@pulumi/pulumi";
import type { BackupEventSpec } from "./args";

/**
 * AWS Backup job states that mean the job did not produce what it should, per job kind.
 * Backup and copy jobs report `detail.state`, restore jobs `detail.status`
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html). The values are the
 * enums BackupJobState, CopyJobState and RestoreJobStatus of api-models-aws
 * backup/service/2018-11-15/backup-2018-11-15.json; EXPIRED is a job that never ran in its
 * window, PARTIAL a composite job some of whose children failed.
 */
export const FAILED_JOB_STATES = {
  backup: ["FAILED", "ABORTED", "EXPIRED", "PARTIAL"],
  copy: ["FAILED", "PARTIAL"],
  restore: ["FAILED", "ABORTED"],
} as const;

/**
 * The event names AWS Backup sends to EventBridge, with source "aws.backup"
 * (https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-backup.html).
 */
export const BACKUP_EVENT_SOURCE = "aws.backup";
export const BACKUP_DETAIL_TYPES = {
  backup: "Backup Job State Change",
  copy: "Copy Job State Change",
  restore: "Restore Job State Change",
} as const;

export interface BackupEventScope {
  /** The vault's name: backup job events carry it as detail.backupVaultName. */
  readonly vaultName: string;
  /** The vault's ARN: copy job events carry it as detail.sourceBackupVaultArn. */
  readonly vaultArn: pulumi.Input<string>;
  /** The role restore tests run as: restore job events carry it as detail.iamRoleArn. */
  readonly restoreRoleArn: pulumi.Input<string>;
}

/**
 * The failure events of this component's jobs, scoped to its vault and role so that two stacks
 * in one account do not hear each other. A failed backup pages (the event says which resource
 * and why, in detail.statusMessage); failed DR copies and restore tests notify: nothing is lost yet.
 */
export function backupFailureEvents(scope: BackupEventScope, copies: boolean): BackupEventSpec[] {
  const events: BackupEventSpec[] = [{
    id: "backup-job-failed",
    description: `A backup job into vault ${scope.vaultName} failed, was aborted, expired or was partial`,
    pattern: { source: [BACKUP_EVENT_SOURCE], "detail-type": [BACKUP_DETAIL_TYPES.backup], detail: { state: [...FAILED_JOB_STATES.backup], backupVaultName: [scope.vaultName] } },
    severity: "page",
  }];
  if (copies) {
    events.push({
      id: "copy-job-failed",
      description: `A copy of a recovery point from vault ${scope.vaultName} to the DR region failed`,
      pattern: { source: [BACKUP_EVENT_SOURCE], "detail-type": [BACKUP_DETAIL_TYPES.copy], detail: { state: [...FAILED_JOB_STATES.copy], sourceBackupVaultArn: [scope.vaultArn] } },
      severity: "notify",
    });
  }
  events.push({
    id: "restore-job-failed",
    description: `A restore (restore test) from vault ${scope.vaultName} failed or was aborted`,
    pattern: { source: [BACKUP_EVENT_SOURCE], "detail-type": [BACKUP_DETAIL_TYPES.restore], detail: { status: [...FAILED_JOB_STATES.restore], iamRoleArn: [scope.restoreRoleArn] } },
    severity: "notify",
  });
  return events;
}
