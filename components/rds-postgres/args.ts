import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../../src/environment";
import type { Tags } from "../../src/tags";
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

export interface RdsPostgresTransforms {
  instance?: Transform<aws.rds.InstanceArgs>;
  replica?: Transform<aws.rds.InstanceArgs>;
  parameterGroup?: Transform<aws.rds.ParameterGroupArgs>;
  securityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
  key?: Transform<aws.kms.KeyArgs>;
  logGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
}

export interface RdsPostgresArgs {
  /** dev | staging | prod: picks every default below. */
  readonly environment: Environment;
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
   * @default dev: "16" · staging: "16" · prod: "16"
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
   * @default dev: 30 · staging: 30 · prod: 30
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
   * @default dev: 30 · staging: 30 · prod: 30
   */
  readonly passwordRotationDays?: number;
  /** Master user name. @default "paved_admin" */
  readonly username?: string;
  /** Name of the database created with the instance. @default "app" */
  readonly databaseName?: string;
  /** Automated-backup replication to a DR region. */
  readonly disasterRecovery?: RdsDisasterRecovery;
  /** Name of the service in the `service` tag. @default the component's name */
  /** Name of the service in the `service` tag. @default the component's name */
  readonly service?: string;
  readonly tags?: Tags;
  readonly transform?: RdsPostgresTransforms;
}
