import { definedOnly } from "../../src/environment";
import { checkInt, issue, type Issue } from "../../src/issues";
import { isLogRetention, LOG_RETENTION_DAYS } from "../../src/retention";
import { checkBool, checkOneOf, validateCommon } from "../../src/validate-common";
import { CACHE_ENGINES, type RedisArgs } from "./args";
import { REDIS_PRESETS, type RedisSettings } from "./presets";

export function resolveRedisSettings(args: RedisArgs): RedisSettings {
  return { ...REDIS_PRESETS[args.environment], ...definedOnly({
    engine: args.engine, nodeType: args.nodeType, nodes: args.nodes, highAvailability: args.highAvailability,
    snapshotRetentionDays: args.snapshotRetentionDays, protect: args.protect, logRetentionDays: args.logRetentionDays,
  }) };
}

export function validateRedisArgs(args: RedisArgs, s: RedisSettings): Issue[] {
  const out = validateCommon(args);
  if (!args.network || args.network.vpcId === undefined || args.network.cacheSubnetGroupName === undefined) {
    out.push(issue("network", args.network, "{ vpcId, cacheSubnetGroupName }, e.g. a Paved Vpc"));
  }
  out.push(...checkOneOf("engine", args.engine, CACHE_ENGINES));
  if (args.engineVersion !== undefined && !/^\d+\.\d+$/.test(args.engineVersion)) out.push(issue("engineVersion", args.engineVersion, "major.minor, e.g. \"8.0\""));
  if (!/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(s.nodeType)) out.push(issue("nodeType", s.nodeType, "an ElastiCache node type such as \"cache.t4g.small\""));
  out.push(...checkInt("nodes", s.nodes, 1, 6));
  // Staging and prod presets turn highAvailability on, so one node there needs highAvailability: false on purpose.
  if (s.highAvailability && s.nodes < 2) out.push(issue("nodes", s.nodes, "at least 2 with highAvailability (a primary and a replica in another AZ)"));
  out.push(...checkInt("snapshotRetentionDays", s.snapshotRetentionDays, 1, 35));
  if (!isLogRetention(s.logRetentionDays)) out.push(issue("logRetentionDays", s.logRetentionDays, `one of ${LOG_RETENTION_DAYS.join(", ")}`));
  if (args.replicationGroupId !== undefined && (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(args.replicationGroupId) || args.replicationGroupId.length > 40)) {
    out.push(issue("replicationGroupId", args.replicationGroupId, "1–40 lower-case letters, digits and single hyphens, starting with a letter"));
  }
  out.push(...checkBool("highAvailability", args.highAvailability), ...checkBool("protect", args.protect));
  return out;
}
