import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../../src/environment";
import type { Tags } from "../../src/tags";
import type { Transform } from "../../src/transform";

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

export interface S3BackupsTransforms {
  bucket?: Transform<aws.s3.BucketArgs>;
  lifecycle?: Transform<aws.s3.BucketLifecycleConfigurationArgs>;
  vault?: Transform<aws.backup.VaultArgs>;
  plan?: Transform<aws.backup.PlanArgs>;
}

export interface S3BackupsArgs {
  /** dev | staging | prod: picks every default below. */
  readonly environment: Environment;
  /**
   * Days a backup object (and each noncurrent version) lives in the bucket, and a recovery point in the vault.
   * @default dev: 30 · staging: 30 · prod: 30
   */
  readonly retentionDays?: number;
  /**
   * S3 Object Lock (governance mode, retentionDays) on the bucket. Only at creation: changing it replaces the bucket.
   * @default dev: false · staging: false · prod: false
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
  readonly restoreTesting?: "daily" | "weekly" | "off";
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
  /** Name of the service in the `service` tag. @default the component's name */
  readonly service?: string;
  readonly tags?: Tags;
  readonly transform?: S3BackupsTransforms;
}
