import type { Environment } from "../../src/environment";
import { issue } from "../../src/issues";
import { logRetention } from "../../src/retention";
import { bool, checked, int, object, oneOf, text, type SettingsSpec } from "../../src/settings";
import { CACHE_ENGINES, type CacheEngine } from "./args";

/** The version each engine gets when none is given. */
export const DEFAULT_VERSIONS: Readonly<Record<CacheEngine, string>> = { valkey: "8.0", redis: "7.1" };
const GROUP_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const WINDOW = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
const WEEKLY = /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/;

/** What a Redis caller (or `paved:cache`) may set. */
export const REDIS_SCHEMA = object({
  replicationGroupId: checked((v) => v.length <= 40 && GROUP_ID.test(v), "1–40 lower-case letters, digits and single hyphens, starting with a letter")
    .describe("The replication group id (AWS name); changing it replaces the cache."),
  engine: oneOf(CACHE_ENGINES).describe("valkey or redis (Redis OSS)."),
  engineVersion: text(/^\d+\.\d+$/, "major.minor, e.g. \"8.0\"").describe("Engine version (valkey: 8.0, redis: 7.1 by default)."),
  nodeType: text(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "an ElastiCache node type such as \"cache.t4g.small\"").describe("ElastiCache node type, e.g. cache.t4g.small."),
  nodes: int(1, 6).describe("Primary plus replicas (1–6)."),
  highAvailability: bool().describe("Multi-AZ with automatic failover; needs nodes ≥ 2."),
  snapshotRetentionDays: int(1, 35).describe("Days of daily snapshots kept."),
  snapshotWindow: text(WINDOW, "hh:mm-hh:mm in UTC, e.g. \"04:00-05:00\"").describe("Daily snapshot window (UTC)."),
  maintenanceWindow: text(WEEKLY, "ddd:hh:mm-ddd:hh:mm in UTC, e.g. \"sun:05:30-sun:06:30\"").describe("Weekly maintenance window (UTC)."),
  protect: bool().describe("`protect` on the replication group, its key and its secret."),
  logRetentionDays: logRetention().describe("Days CloudWatch keeps the slow and engine logs."),
}).partial();

export interface RedisSettings {
  /** Given only by the caller; otherwise "<stack>-<first name>" (the component computes it). */
  readonly replicationGroupId?: string;
  readonly engine: CacheEngine;
  /** The given version, else the engine's default (DEFAULT_VERSIONS). */
  readonly engineVersion: string;
  readonly nodeType: string;
  readonly nodes: number;
  readonly highAvailability: boolean;
  readonly snapshotRetentionDays: number;
  readonly snapshotWindow: string;
  readonly maintenanceWindow: string;
  readonly protect: boolean;
  readonly logRetentionDays: number;
}

const common = {
  engine: "valkey", engineVersion: DEFAULT_VERSIONS.valkey, snapshotWindow: "04:00-05:00", maintenanceWindow: "sun:05:30-sun:06:30",
} as const;

/** Every default of Redis, per environment. Each passes the policy packs. */
export const REDIS_PRESETS = {
  dev: { ...common, nodeType: "cache.t4g.micro", nodes: 1, highAvailability: false, snapshotRetentionDays: 1, protect: false, logRetentionDays: 14 },
  staging: { ...common, nodeType: "cache.t4g.small", nodes: 2, highAvailability: true, snapshotRetentionDays: 7, protect: true, logRetentionDays: 90 },
  prod: { ...common, nodeType: "cache.m7g.large", nodes: 3, highAvailability: true, snapshotRetentionDays: 15, protect: true, logRetentionDays: 365 },
} as const satisfies Record<Environment, RedisSettings>;

export const REDIS_SETTINGS: SettingsSpec<typeof REDIS_SCHEMA, RedisSettings> = {
  component: "Redis",
  schema: REDIS_SCHEMA,
  presets: REDIS_PRESETS,
  // A version follows the engine in effect unless one is given: engine "redis" alone means 7.1.
  derive: (s, given) => (given.engineVersion === undefined ? { ...s, engineVersion: DEFAULT_VERSIONS[s.engine] } : s),
  // Staging and prod presets turn highAvailability on, so one node there needs highAvailability: false on purpose.
  rules: (s) => (s.highAvailability && s.nodes < 2 ? [issue("nodes", s.nodes, "at least 2 with highAvailability (a primary and a replica in another AZ)")] : []),
};
