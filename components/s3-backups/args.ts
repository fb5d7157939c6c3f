import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../../src/environment";
import type { Tags } from "../../src/tags";
import type { Transform } from "../../src/transform";

export interface BackupsDisasterRecovery {
  /** A provider for the DR region: a replica bucket and a copy vault are created there. */
  readonly provider: pulumi.ProviderResource;
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
  /** Replication of the bucket and copies of recovery points to a DR region. */
  readonly disasterRecovery?: BackupsDisasterRecovery;
  /** Name of the service in the `service` tag. @default the component's name */
  readonly service?: string;
  readonly tags?: Tags;
  readonly transform?: S3BackupsTransforms;
}
