import { ECS_SERVICE_SETTINGS } from "../../components/ecs-service/settings";
import { EKS_SETTINGS } from "../../components/eks-cluster/settings";
import { WORKLOAD_SETTINGS } from "../../components/eks-cluster/workload-settings";
import { MONITORING_SETTINGS, overrideIssues, thresholdIssues } from "../../components/monitoring/settings";
import { RDS_POSTGRES_SETTINGS } from "../../components/rds-postgres/settings";
import { REDIS_SETTINGS } from "../../components/redis/settings";
import { S3_BACKUPS_SETTINGS } from "../../components/s3-backups/settings";
import { VPC_SETTINGS } from "../../components/vpc/settings";
import { awsRegions } from "../../src/aws/regions";
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { isEnvironment, type Environment } from "../../src/environment";
import { ConfigError } from "../../src/errors";
import { show, type Issue } from "../../src/issues";
import { describeZodIssues, resolveSettings, type SettingsSpec } from "../../src/settings";
import { stackAlarmSources } from "./alarm-sources";
import { pavedConfigSchema, type StackConfig } from "./schema";
import { closest } from "../../src/suggest";

const NAMESPACE = "paved";

/**
 * Range and cross-field checks of each section, by the component that owns it,
 * on the raw values (types are zod's job; a value of the wrong type is skipped here).
 */
const SECTION_VALIDATORS: Readonly<Record<string, (section: Record<string, unknown>, environment: "dev" | "staging" | "prod") => Issue[]>> = {
  vpc: (v, environment) => {
    const r = resolveSettings(VPC_SETTINGS, environment, v);
    return r.ok ? [] : [...r.issues];
  },
  database: (v, environment) => {
    const r = resolveSettings(RDS_POSTGRES_SETTINGS, environment, v);
    return r.ok ? [] : [...r.issues];
  },
  cache: (v, environment) => {
    const r = resolveSettings(REDIS_SETTINGS, environment, v);
    return r.ok ? [] : [...r.issues];
  },
  kubernetes: (v, environment) => {
    const { workloads, ...cluster } = v as { workloads?: Record<string, unknown> };
    const r = resolveSettings(EKS_SETTINGS, environment, cluster);
    const issues = r.ok ? [] : [...r.issues];
    // Stack-only rule: a workload runs in one of the cluster's namespaces.
    // The section's types are valid here (else it is skipped), so its namespaces stand even when a rule failed.
    const namespaces = (cluster as { namespaces?: readonly string[] }).namespaces ?? EKS_SETTINGS.presets[environment].namespaces;
    for (const [name, w] of Object.entries(workloads ?? {})) {
      const wr = resolveSettings(WORKLOAD_SETTINGS, environment, w);
      if (!wr.ok) issues.push(...wr.issues.map((i) => ({ ...i, path: `workloads.${name}.${i.path}` })));
      const namespace = (w as { namespace?: unknown }).namespace;
      if (typeof namespace === "string" && !namespaces.includes(namespace)) {
        issues.push({ path: `workloads.${name}.namespace`, message: `found ${JSON.stringify(namespace)}; allowed one of the cluster's namespaces (${namespaces.join(", ")})` });
      }
    }
    return issues;
  },
  backups: (v, environment) => {
    const r = resolveSettings(S3_BACKUPS_SETTINGS, environment, v);
    return r.ok ? [] : [...r.issues];
  },
  monitoring: (v, environment) => {
    const r = resolveSettings(MONITORING_SETTINGS, environment, v);
    return r.ok ? [] : [...r.issues];
  },
};

/**
 * `paved:monitoring.overrides` and `thresholds` name alarms of the sources the program wires: checked
 * here, with the other sections, before anything is registered. A section whose settings do not
 * resolve contributes its presets' alarms (its own problems are reported anyway).
 */
function alarmKeyIssues(raw: Record<string, unknown>, environment: Environment, stack: string): Issue[] {
  const monitoring = (raw.monitoring ?? {}) as { overrides?: Record<string, unknown>; thresholds?: Record<string, unknown> };
  if (monitoring.overrides === undefined && monitoring.thresholds === undefined) return [];
  const settled = <S extends object>(spec: SettingsSpec<z.ZodObject, S>, given: unknown): S => {
    const r = resolveSettings(spec, environment, given);
    return r.ok ? r.settings : spec.presets[environment];
  };
  const services = Object.entries((raw.services ?? {}) as Record<string, unknown>)
    .map(([name, v]) => ({ name, minTasks: settled(ECS_SERVICE_SETTINGS, v).scaling.min }));
  const workloads = Object.entries(((raw.kubernetes ?? {}) as { workloads?: Record<string, { namespace?: unknown }> }).workloads ?? {})
    .map(([name, w]) => ({ name, namespace: String(w.namespace) }));
  const sources = stackAlarmSources({ stack, services, workloads, database: settled(RDS_POSTGRES_SETTINGS, raw.database), cache: settled(REDIS_SETTINGS, raw.cache) });
  return [...overrideIssues(monitoring.overrides, sources), ...thresholdIssues(monitoring.thresholds, sources)].map((i) => ({ ...i, path: `monitoring.${i.path}` }));
}

/** Namespaces the program reads besides its own; others are typos or leftovers. */
const OTHER_NAMESPACES = ["aws", "pulumi"];
/** What a region key must hold: a region the AWS provider knows, with the nearest one for a typo. */
function regionIssue(key: string, value: unknown, other?: string): string | undefined {
  if (typeof value === "string" && awsRegions().includes(value) && value !== other) return undefined;
  const hint = typeof value === "string" ? closest(value, awsRegions()) : undefined;
  const found = value === undefined ? "nothing (required)" : show(value);
  return `${key}: found ${found}; allowed a region the AWS provider knows${other ? ` other than aws:region (${other})` : ""}` +
    `${hint && hint !== value ? ` (did you mean "${hint}"?)` : ""}, e.g. eu-west-1, us-east-1, cn-north-1, us-gov-west-1`;
}

/** Pulumi hands config values over as strings; objects and lists arrive as JSON. */
function decode(value: string): unknown {
  const trimmed = value.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value;
    }
  }
  return value;
}

/** `paved:vpc.azCount` for the section path "vpc.azCount". */
function keyPath(path: string): string {
  return `${NAMESPACE}:${path}`;
}

/**
 * Parses the stack's flat config map (as `pulumi.runtime.allConfig()` returns
 * it) into typed settings. Reports every problem at once, each with its YAML
 * key path, what was found and what is allowed; throws a ConfigError if any.
 */
export function parseStackConfig(flat: Readonly<Record<string, string>>, stack: string = pulumi.getStack()): StackConfig {
  const problems: string[] = [];
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const [ns, name] = key.split(":", 2) as [string, string | undefined];
    if (ns === NAMESPACE && name) raw[name] = decode(value);
    else if (!OTHER_NAMESPACES.includes(ns)) {
      const hint = closest(ns, [NAMESPACE, ...OTHER_NAMESPACES]);
      problems.push(`${key}: unknown config namespace "${ns}"${hint ? ` (did you mean "${hint}:${name ?? ""}"?)` : ""}; allowed: ${NAMESPACE}:*, ${OTHER_NAMESPACES.map((n) => `${n}:*`).join(", ")}`);
    }
  }
  const region = flat["aws:region"];
  const badRegion = regionIssue("aws:region", region);
  if (badRegion) {
    problems.push(badRegion);
  }

  const parsed = pavedConfigSchema.safeParse(raw);
  const typeIssues = parsed.success ? [] : describeZodIssues(pavedConfigSchema, raw, parsed.error.issues);
  for (const i of typeIssues) problems.push(`${keyPath(i.path)}: ${i.message}`);
  // Cross-field rules run on the sections whose values have the right types and ranges.
  const broken = (prefix: string) => typeIssues.some((i) => i.path === prefix || i.path.startsWith(`${prefix}.`) || i.path.startsWith(`${prefix}[`));
  const environment = isEnvironment(raw.environment) ? raw.environment : "dev";
  const semantic: Issue[] = [];
  if (raw.services === undefined || (typeof raw.services === "object" && raw.services !== null && Object.keys(raw.services).length === 0)) {
    problems.push(`${NAMESPACE}:services: found nothing; allowed a map of at least one service (name → { image, port, ... })`);
  } else if (typeof raw.services === "object" && raw.services !== null) {
    for (const [svc, value] of Object.entries(raw.services)) {
      if (value === null || typeof value !== "object" || broken(`services.${svc}`)) continue;
      const v = value as Record<string, unknown>;
      if (v.certificateArn === undefined && raw.dns === undefined) {
        problems.push(`${NAMESPACE}:services.${svc}.certificateArn: found nothing; allowed an ACM certificate ARN, or set ${NAMESPACE}:dns to issue one`);
      }
      // The network, cluster and certificate come from the stack, not the config: the settings are what there is to check.
      const r = resolveSettings(ECS_SERVICE_SETTINGS, environment, v);
      if (!r.ok) semantic.push(...r.issues.map((i) => ({ ...i, path: `services.${svc}.${i.path}` })));
    }
  }
  for (const [section, validate] of Object.entries(SECTION_VALIDATORS)) {
    // The program builds every section's component: an absent section is its presets, and must be complete (kubernetes.deployRoleArn).
    const value = raw[section] ?? {};
    if (value === null || typeof value !== "object" || Array.isArray(value) || broken(section)) continue;
    semantic.push(...validate(value as Record<string, unknown>, environment)
      .filter((i) => i.path !== "environment")
      .map((i) => ({ ...i, path: `${section}.${i.path}` })));
  }
  const badDr = raw.drRegion === undefined ? undefined : regionIssue(`${NAMESPACE}:drRegion`, raw.drRegion, region ?? "unset");
  if (badDr) {
    problems.push(badDr);
  }
  if (!broken("monitoring.overrides") && !broken("monitoring.thresholds") && !(broken("monitoring") && typeof raw.monitoring !== "object")) semantic.push(...alarmKeyIssues(raw, environment, stack));
  for (const i of semantic) problems.push(`${keyPath(i.path)}: ${i.message}`);
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return { ...parsed.data, region: region! };
}
