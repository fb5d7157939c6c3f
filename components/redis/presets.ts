import type { Environment } from "../../src/environment";
import type { CacheEngine } from "./args";

export interface RedisSettings {
  readonly engine: CacheEngine;
  readonly nodeType: string;
  readonly nodes: number;
  readonly highAvailability: boolean;
  readonly snapshotRetentionDays: number;
  readonly protect: boolean;
  readonly logRetentionDays: number;
}

/** Every default of Redis, per environment. Each passes the policy packs. */
export const REDIS_PRESETS = {
  dev: { engine: "valkey", nodeType: "cache.t4g.micro", nodes: 1, highAvailability: false, snapshotRetentionDays: 1, protect: false, logRetentionDays: 14 },
  staging: { engine: "valkey", nodeType: "cache.t4g.small", nodes: 2, highAvailability: true, snapshotRetentionDays: 7, protect: true, logRetentionDays: 90 },
  prod: { engine: "valkey", nodeType: "cache.m7g.large", nodes: 3, highAvailability: true, snapshotRetentionDays: 15, protect: true, logRetentionDays: 365 },
} as const satisfies Record<Environment, RedisSettings>;

export const DEFAULT_VERSIONS: Readonly<Record<CacheEngine, string>> = { valkey: "8.0", redis: "7.1" };
