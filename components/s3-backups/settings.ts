import type { Environment } from "../../src/environment";
import { bool, int, object, oneOf, text, type SettingsSpec } from "../../src/settings";
import { RESTORE_TESTING, type RestoreTesting } from "./args";

/** Continuous backups (the hourly rule) keep recovery points at most 35 days. */
export const MAX_RETENTION_DAYS = 35;

/** AWS Backup's schedule expressions: cron with six fields (minutes hours day-of-month month day-of-week year). */
const cron = () => text(/^cron\(\S+( \S+){5}\)$/, "an AWS cron expression of six fields, such as \"cron(0 5 * * ? *)\"");

/** What an S3Backups caller (or `paved:backups`) may set. */
export const S3_BACKUPS_SCHEMA = object({
  retentionDays: int(1, MAX_RETENTION_DAYS).describe(`Days a backup object, each noncurrent version and a recovery point are kept (1–${MAX_RETENTION_DAYS}).`),
  objectLock: bool().describe("S3 Object Lock (governance, retentionDays) on the bucket; only at creation: changing it replaces the bucket."),
  vaultLock: bool().describe("Vault lock (governance): recovery points cannot be deleted before retentionDays."),
  restoreTesting: oneOf(RESTORE_TESTING).describe("How often AWS Backup restores the latest RDS recovery point to prove it works."),
  schedule: object({
    daily: cron().describe("When the daily backup starts (UTC).").optional(),
    restoreTestDaily: cron().describe("When restore tests start with restoreTesting: daily (UTC).").optional(),
    restoreTestWeekly: cron().describe("When restore tests start with restoreTesting: weekly (UTC).").optional(),
  }).describe("When the daily backup and the restore tests start; the hourly rule (RPO 1 h) always runs every hour."),
  protect: bool().describe("`protect` on the bucket, the vaults and their keys."),
}).partial();

export interface S3BackupsSettings {
  readonly retentionDays: number;
  readonly objectLock: boolean;
  readonly vaultLock: boolean;
  readonly restoreTesting: RestoreTesting;
  readonly schedule: { readonly daily: string; readonly restoreTestDaily: string; readonly restoreTestWeekly: string };
  readonly protect: boolean;
}

const SCHEDULE = { daily: "cron(0 5 * * ? *)", restoreTestDaily: "cron(0 8 * * ? *)", restoreTestWeekly: "cron(0 8 ? * MON *)" } as const;

/** Every default of S3Backups, per environment. Each passes the policy packs. */
export const S3_BACKUPS_PRESETS = {
  dev: { retentionDays: 30, objectLock: false, vaultLock: false, restoreTesting: "weekly", schedule: SCHEDULE, protect: false },
  staging: { retentionDays: 30, objectLock: false, vaultLock: false, restoreTesting: "weekly", schedule: SCHEDULE, protect: true },
  prod: { retentionDays: 30, objectLock: false, vaultLock: true, restoreTesting: "daily", schedule: SCHEDULE, protect: true },
} as const satisfies Record<Environment, S3BackupsSettings>;

export const S3_BACKUPS_SETTINGS: SettingsSpec<typeof S3_BACKUPS_SCHEMA, S3BackupsSettings> = {
  component: "S3Backups",
  schema: S3_BACKUPS_SCHEMA,
  presets: S3_BACKUPS_PRESETS,
};
