import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { CommonArgs } from "../../src/component";
import type { Transform } from "../../src/transform";

/** What restore tests may be: how often AWS Backup restores the latest RDS recovery point. */
export const RESTORE_TESTING = ["daily", "weekly", "off"] as const;
export type RestoreTesting = (typeof RESTORE_TESTING)[number];

export interface BackupsDisasterRecovery {
  /** A provider for the DR region: a replica bucket and a copy vault are created there. */
  readonly provider: pulumi.ProviderResource;
}

/** Where restore tests put the restored database: the network of the real one, never the default VPC. */
export interface RestoreTestNetwork {
  /** DB subnet group of the restored instance (the VPC's private database subnets). */
  readonly dbSubnetGroupName: pulumi.Input<string>;
  /** Security groups of the restored instance, e.g. the database's own. At least one. */
  readonly securityGroupIds: readonly pulumi.Input<string>[];
}

/**
 * An EventBridge rule S3Backups recommends, as plain data for MonitoringStack
 * (the same shape as its EventRuleSpec).
 */
export interface BackupEventSpec {
  readonly id: string;
  readonly description: string;
  readonly pattern: Readonly<Record<string, unknown>>;
  readonly severity: "page" | "notify";
}

/**
 * When the jobs start: AWS Backup cron expressions, in UTC. The hourly rule (RPO 1 h) is not
 * a choice and has no entry.
 */
export interface S3BackupsScheduleArgs {
  /**
   * The daily backup rule.
   * @default "cron(0 5 * * ? *)" in every environment
   */
  readonly daily?: string;
  /**
   * Restore tests when restoreTesting is "daily".
   * @default "cron(0 8 * * ? *)" in every environment
   */
  readonly restoreTestDaily?: string;
  /**
   * Restore tests when restoreTesting is "weekly".
   * @default "cron(0 8 ? * MON *)" in every environment
   */
  readonly restoreTestWeekly?: string;
}

/**
 * One escape hatch per child role, run after the defaults and before the child is created.
 * The DR region's twins (bucket, its configuration and key, the copy vault) have their own keys.
 */
export interface S3BackupsTransforms {
  bucketKey?: Transform<aws.kms.KeyArgs>;
  bucket?: Transform<aws.s3.BucketArgs>;
  bucketVersioning?: Transform<aws.s3.BucketVersioningArgs>;
  bucketEncryption?: Transform<aws.s3.BucketServerSideEncryptionConfigurationArgs>;
  bucketPublicAccess?: Transform<aws.s3.BucketPublicAccessBlockArgs>;
  bucketOwnership?: Transform<aws.s3.BucketOwnershipControlsArgs>;
  bucketPolicy?: Transform<aws.s3.BucketPolicyArgs>;
  lifecycle?: Transform<aws.s3.BucketLifecycleConfigurationArgs>;
  objectLock?: Transform<aws.s3.BucketObjectLockConfigurationArgs>;
  drBucketKey?: Transform<aws.kms.KeyArgs>;
  drBucket?: Transform<aws.s3.BucketArgs>;
  drBucketVersioning?: Transform<aws.s3.BucketVersioningArgs>;
  drBucketEncryption?: Transform<aws.s3.BucketServerSideEncryptionConfigurationArgs>;
  drBucketPublicAccess?: Transform<aws.s3.BucketPublicAccessBlockArgs>;
  drBucketOwnership?: Transform<aws.s3.BucketOwnershipControlsArgs>;
  drBucketPolicy?: Transform<aws.s3.BucketPolicyArgs>;
  drLifecycle?: Transform<aws.s3.BucketLifecycleConfigurationArgs>;
  drObjectLock?: Transform<aws.s3.BucketObjectLockConfigurationArgs>;
  replicationRole?: Transform<aws.iam.RoleArgs>;
  replicationPolicy?: Transform<aws.iam.RolePolicyArgs>;
  replication?: Transform<aws.s3.BucketReplicationConfigArgs>;
  vaultKey?: Transform<aws.kms.KeyArgs>;
  vault?: Transform<aws.backup.VaultArgs>;
  vaultLock?: Transform<aws.backup.VaultLockConfigurationArgs>;
  drVaultKey?: Transform<aws.kms.KeyArgs>;
  drVault?: Transform<aws.backup.VaultArgs>;
  plan?: Transform<aws.backup.PlanArgs>;
  backupRole?: Transform<aws.iam.RoleArgs>;
  backupPolicyAttachment?: Transform<aws.iam.RolePolicyAttachmentArgs>;
  tagSelection?: Transform<aws.backup.SelectionArgs>;
  arnSelection?: Transform<aws.backup.SelectionArgs>;
  restoreTestingPlan?: Transform<aws.backup.RestoreTestingPlanArgs>;
  restoreTestingSelection?: Transform<aws.backup.RestoreTestingSelectionArgs>;
}

export interface S3BackupsArgs extends CommonArgs {
  /**
   * Days a backup object (and each noncurrent version) lives in the bucket, and a recovery point in the vault.
   * @default 30 in every environment
   */
  readonly retentionDays?: number;
  /**
   * S3 Object Lock (governance mode, retentionDays) on the bucket. Only at creation: changing it replaces the bucket.
   * @default false in every environment
   */
  readonly objectLock?: boolean;
  /**
   * Vault lock (governance): recovery points cannot be deleted before retentionDays.
   * @default dev: false · staging: false · prod: true
   */
  readonly vaultLock?: boolean;
  /**
   * How often AWS Backup restores the latest RDS recovery point to prove it works.
   * @default dev: "weekly" · staging: "weekly" · prod: "daily"
   */
  readonly restoreTesting?: RestoreTesting;
  /**
   * When the daily backup and the restore tests start (the hourly rule runs every hour).
   * @default dev: daily 05:00 UTC, restore tests 08:00 UTC (Mondays when weekly) · staging: the same · prod: the same
   */
  readonly schedule?: S3BackupsScheduleArgs;
  /**
   * `protect` on the bucket, the vaults and their keys.
   * @default dev: false · staging: true · prod: true
   */
  readonly protect?: boolean;
  /**
   * Resources AWS Backup protects besides those tagged `paved:backup = true`. The length decides the selection, so it is a plain array.
   * @default none: tag selection only
   */
  readonly resourceArns?: readonly pulumi.Input<string>[];
  /**
   * RDS instances whose recovery points are restore-tested.
   * @default none: no restore testing plan
   */
  readonly restoreTestDatabaseArns?: readonly pulumi.Input<string>[];
  /**
   * Subnet group and security groups of restored test databases. Required with
   * restoreTestDatabaseArns (unless restoreTesting is "off"): without it AWS Backup restores into
   * the default VPC, or fails where that was deleted.
   * @default none: required when databases are restore-tested
   */
  readonly restoreTestNetwork?: RestoreTestNetwork;
  /** Replication of the bucket and copies of recovery points to a DR region. */
  readonly disasterRecovery?: BackupsDisasterRecovery;
  /** Per-child escape hatches, run after the defaults and before each child is created. */
  readonly transform?: S3BackupsTransforms;
}
