import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { DataSecurityGroupTransforms } from "../../src/aws/data-security-group";
import type { CommonArgs } from "../../src/component";
import type { Transform } from "../../src/transform";

/** Where the database lives: a Paved Vpc satisfies this, or pass the two values. */
export interface RdsNetwork {
  readonly vpcId: pulumi.Input<string>;
  /** An RDS subnet group over isolated (or private) subnets. */
  readonly dbSubnetGroupName: pulumi.Input<string>;
}

export interface RdsDisasterRecovery {
  /** A provider for the DR region; automated backups are replicated there, encrypted with a key created there. */
  readonly provider: pulumi.ProviderResource;
  /**
   * Days the replicated backups are kept.
   * @default the backupRetentionDays in effect
   */
  readonly retentionDays?: number;
}

/** The CAs RDS signs server certificates with (RDS user guide, "Certificate authorities"); rds-ca-2019 has expired. */
export const RDS_CA_CERTIFICATES = ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"] as const;
export type RdsCaCertificate = (typeof RDS_CA_CERTIFICATES)[number];

export interface RdsPerformanceInsightsArgs {
  /**
   * Days Performance Insights keeps its data: 7 (the free tier), a number of months times 31 (31–713), or 731.
   * @default 7 in every environment
   */
  readonly retentionDays?: number;
}

/**
 * One escape hatch per child role, run after the defaults and before the child is created
 * (securityGroup and ingressRule come from the shared data security group).
 */
export interface RdsPostgresTransforms extends DataSecurityGroupTransforms {
  key?: Transform<aws.kms.KeyArgs>;
  parameterGroup?: Transform<aws.rds.ParameterGroupArgs>;
  /** The primary's log groups (postgresql, upgrade). */
  logGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
  /** Each read replica's log groups. */
  replicaLogGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
  monitoringRole?: Transform<aws.iam.RoleArgs>;
  monitoringPolicy?: Transform<aws.iam.RolePolicyAttachmentArgs>;
  instance?: Transform<aws.rds.InstanceArgs>;
  secretRotation?: Transform<aws.secretsmanager.SecretRotationArgs>;
  failedLoginFilter?: Transform<aws.cloudwatch.LogMetricFilterArgs>;
  replica?: Transform<aws.rds.InstanceArgs>;
  drKey?: Transform<aws.kms.KeyArgs>;
  drBackupReplication?: Transform<aws.rds.InstanceAutomatedBackupsReplicationArgs>;
}

export interface RdsPostgresArgs extends CommonArgs {
  readonly network: RdsNetwork;
  /**
   * Security groups whose members may connect on 5432 (one ingress rule each). The list's length
   * decides how many rules exist, so it is a plain array.
   * @default none: nothing can connect until you add one
   */
  readonly allowedSecurityGroupIds?: readonly pulumi.Input<string>[];
  /** Private CIDRs that may connect (e.g. the VPC's), only when given; 0.0.0.0/0 is rejected. */
  readonly allowedCidrBlocks?: readonly string[];
  /**
   * The instance's identifier (AWS name). Changing it replaces the database.
   * @default "<stack>-<name>", where name is the component's first alias name if it has one
   */
  readonly identifier?: string;
  /**
   * Postgres major version; minor versions upgrade automatically in the maintenance window.
   * @default "16" in every environment
   */
  readonly engineVersion?: string;
  /**
   * Instance class (Graviton by default).
   * @default dev: "db.t4g.micro" · staging: "db.t4g.medium" · prod: "db.m7g.large"
   */
  readonly instanceClass?: string;
  /**
   * Initial gp3 storage in GiB; storage autoscaling grows it up to maxAllocatedStorageGb.
   * @default dev: 20 · staging: 50 · prod: 100
   */
  readonly allocatedStorageGb?: number;
  /**
   * Ceiling for storage autoscaling in GiB, for the primary and each replica. Equal to
   * allocatedStorageGb turns autoscaling off; otherwise RDS wants it at least 10 % above.
   * @default dev: 50 · staging: 200 · prod: 1000
   */
  readonly maxAllocatedStorageGb?: number;
  /**
   * A standby in a second AZ. Changing it restarts nothing but takes a snapshot.
   * @default dev: false · staging: true · prod: true
   */
  readonly multiAz?: boolean;
  /**
   * Days of automated backups (point-in-time recovery window), 1–35.
   * @default 30 in every environment
   */
  readonly backupRetentionDays?: number;
  /**
   * Daily backup window (UTC, hh:mm-hh:mm).
   * @default "03:00-04:00" in every environment
   */
  readonly backupWindow?: string;
  /**
   * Weekly maintenance window (UTC, ddd:hh:mm-ddd:hh:mm), after the backup window.
   * @default "sun:04:30-sun:05:30" in every environment
   */
  readonly maintenanceWindow?: string;
  /**
   * Deletion protection on the instance.
   * @default dev: false · staging: true · prod: true
   */
  readonly deletionProtection?: boolean;
  /**
   * `protect` on the instance, its key and its log groups: Pulumi refuses to delete or replace them.
   * @default dev: false · staging: true · prod: true
   */
  readonly protect?: boolean;
  /**
   * Read replicas for reporting, same posture as the primary (own encrypted, retained log groups,
   * same storage ceiling, lag and low-disk alarms).
   * @default dev: 0 · staging: 0 · prod: 1
   */
  readonly readReplicas?: number;
  /**
   * Days CloudWatch keeps the exported postgres and upgrade logs.
   * @default dev: 14 · staging: 90 · prod: 365
   */
  readonly logRetentionDays?: number;
  /**
   * Enhanced monitoring interval in seconds (1, 5, 10, 15, 30 or 60).
   * @default dev: 60 · staging: 60 · prod: 15
   */
  readonly monitoringIntervalSeconds?: number;
  /**
   * Days between rotations of the RDS-managed master password.
   * @default 30 in every environment
   */
  readonly passwordRotationDays?: number;
  /** Master user name. @default "paved_admin" in every environment */
  readonly username?: string;
  /** Name of the database created with the instance. @default "app" in every environment */
  readonly databaseName?: string;
  /**
   * The CA that signs the instance's server certificate (clients verify TLS against it).
   * @default "rds-ca-rsa2048-g1" in every environment
   */
  readonly caCertificate?: RdsCaCertificate;
  /**
   * Performance Insights, always on and encrypted with the component's key, on the primary and the replicas.
   * @default each field's default below
   */
  readonly performanceInsights?: RdsPerformanceInsightsArgs;
  /** Automated-backup replication to a DR region. */
  readonly disasterRecovery?: RdsDisasterRecovery;
  /** Per-child escape hatches, run after the defaults and before each child is created. */
  readonly transform?: RdsPostgresTransforms;
}
