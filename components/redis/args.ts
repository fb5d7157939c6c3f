import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { DataSecurityGroupTransforms } from "../../src/aws/data-security-group";
import type { CommonArgs } from "../../src/component";
import type { Transform } from "../../src/transform";

/** Where the cache lives: a Paved Vpc satisfies this, or pass the two values. */
export interface CacheNetwork {
  readonly vpcId: pulumi.Input<string>;
  /** An ElastiCache subnet group over isolated (or private) subnets. */
  readonly cacheSubnetGroupName: pulumi.Input<string>;
}

export const CACHE_ENGINES = ["valkey", "redis"] as const;
export type CacheEngine = (typeof CACHE_ENGINES)[number];

/**
 * One escape hatch per child role, run after the defaults and before the child is created
 * (securityGroup and ingressRule come from the shared data security group).
 */
export interface RedisTransforms extends DataSecurityGroupTransforms {
  key?: Transform<aws.kms.KeyArgs>;
  /** The Secrets Manager secret that holds the AUTH token. */
  authSecret?: Transform<aws.secretsmanager.SecretArgs>;
  /** The secret's version carrying the drawn token (its value is kept by ignoreChanges). */
  authToken?: Transform<aws.secretsmanager.SecretVersionArgs>;
  parameterGroup?: Transform<aws.elasticache.ParameterGroupArgs>;
  /** The slow-log and engine-log groups. */
  logGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
  replicationGroup?: Transform<aws.elasticache.ReplicationGroupArgs>;
}

export interface RedisArgs extends CommonArgs {
  readonly network: CacheNetwork;
  /**
   * Security groups whose members may connect on 6379 (one ingress rule each).
   * @default none
   */
  readonly allowedSecurityGroupIds?: readonly pulumi.Input<string>[];
  /**
   * "valkey" or "redis" (Redis OSS). Changing it upgrades in place only from redis to valkey.
   * @default "valkey" in every environment
   */
  readonly engine?: CacheEngine;
  /**
   * Engine version.
   * @default valkey: "8.0" · redis: "7.1"
   */
  readonly engineVersion?: string;
  /**
   * Node type (Graviton by default).
   * @default dev: "cache.t4g.micro" · staging: "cache.t4g.small" · prod: "cache.m7g.large"
   */
  readonly nodeType?: string;
  /**
   * Nodes in total: one primary plus replicas. Staging and prod keep at least one replica.
   * @default dev: 1 · staging: 2 · prod: 3
   */
  readonly nodes?: number;
  /**
   * Multi-AZ with automatic failover; requires nodes ≥ 2.
   * @default dev: false · staging: true · prod: true
   */
  readonly highAvailability?: boolean;
  /**
   * Days of daily snapshots kept.
   * @default dev: 1 · staging: 7 · prod: 15
   */
  readonly snapshotRetentionDays?: number;
  /**
   * `protect` on the replication group, its key and its secret.
   * @default dev: false · staging: true · prod: true
   */
  readonly protect?: boolean;
  /**
   * Days CloudWatch keeps the slow and engine logs.
   * @default dev: 14 · staging: 90 · prod: 365
   */
  readonly logRetentionDays?: number;
  /**
   * Daily window (UTC, hh:mm-hh:mm) in which the snapshot starts.
   * @default "04:00-05:00" in every environment
   */
  readonly snapshotWindow?: string;
  /**
   * Weekly maintenance window (UTC, ddd:hh:mm-ddd:hh:mm), after the snapshot window.
   * @default "sun:05:30-sun:06:30" in every environment
   */
  readonly maintenanceWindow?: string;
  /**
   * The replication group id (AWS name, ≤ 40 characters). Changing it replaces the cache.
   * @default "<stack>-<name>", where name is the component's first alias name if it has one
   */
  readonly replicationGroupId?: string;
  /** Per-child escape hatches, run after the defaults and before each child is created. */
  readonly transform?: RedisTransforms;
}
