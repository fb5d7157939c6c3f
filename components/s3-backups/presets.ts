import type { Environment } from "../../src/environment";

export interface S3BackupsSettings {
  readonly retentionDays: number;
  readonly objectLock: boolean;
  readonly vaultLock: boolean;
  readonly restoreTesting: "daily" | "weekly" | "off";
  readonly protect: boolean;
}

/** Every default of S3Backups, per environment. Each passes the policy packs. */
export const S3_BACKUPS_PRESETS = {
  dev: { retentionDays: 30, objectLock: false, vaultLock: false, restoreTesting: "weekly", protect: false },
  staging: { retentionDays: 30, objectLock: false, vaultLock: false, restoreTesting: "weekly", protect: true },
  prod: { retentionDays: 30, objectLock: false, vaultLock: true, restoreTesting: "daily", protect: true },
} as const satisfies Record<Environment, S3BackupsSettings>;

/** RPO 1 h: AWS Backup's hourly rule with continuous backup (PITR) where the service supports it. */
export const SCHEDULES = {
  daily: "cron(0 5 * * ? *)",
  hourly: "cron(0 * * * ? *)",
  restoreDaily: "cron(0 8 * * ? *)",
  restoreWeekly: "cron(0 8 ? * MON *)",
} as const;
