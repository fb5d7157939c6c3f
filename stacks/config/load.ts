import { resolveServiceSettings, validateServiceArgs } from "../../components/ecs-service/validate";
import { resolveEksSettings, validateEksArgs } from "../../components/eks-cluster/validate";
import { validateWorkloadArgs } from "../../components/eks-cluster/workload-validate";
import { resolveRdsSettings, validateRdsArgs } from "../../components/rds-postgres/validate";
import { resolveRedisSettings, validateRedisArgs } from "../../components/redis/validate";
import { resolveBackupSettings, validateBackupArgs } from "../../components/s3-backups/validate";
import { VPC_SETTINGS } from "../../components/vpc/settings";
import { isEnvironment } from "../../src/environment";
import { ConfigError } from "../../src/errors";
import { show, type Issue } from "../../src/issues";
import { describeZodIssues, resolveSettings } from "../../src/settings";
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
    const args = { environment, network: { vpcId: "vpc", dbSubnetGroupName: "subnets" }, ...v } as Parameters<typeof validateRdsArgs>[0];
    return safely(() => validateRdsArgs(args, resolveRdsSettings(args)));
  },
  cache: (v, environment) => {
    const args = { environment, network: { vpcId: "vpc", cacheSubnetGroupName: "subnets" }, ...v } as Parameters<typeof validateRedisArgs>[0];
    return safely(() => validateRedisArgs(args, resolveRedisSettings(args)));
  },
  kubernetes: (v, environment) => {
    const { workloads, ...cluster } = v as { workloads?: Record<string, Record<string, unknown>> };
    const args = { environment, network: { vpcId: "v", privateSubnetIds: [] }, ...cluster } as unknown as Parameters<typeof validateEksArgs>[0];
    const issues = safely(() => validateEksArgs(args, resolveEksSettings(args)));
    const namespaces = (cluster as { namespaces?: string[] }).namespaces ?? ["apps"];
    for (const [name, w] of Object.entries(workloads ?? {})) {
      if (w === null || typeof w !== "object") continue;
      issues.push(...safely(() => validateWorkloadArgs(w as never)).map((i) => ({ ...i, path: `workloads.${name}.${i.path}` })));
      if (typeof w.namespace === "string" && !namespaces.includes(w.namespace)) {
        issues.push({ path: `workloads.${name}.namespace`, message: `found ${JSON.stringify(w.namespace)}; allowed one of the cluster's namespaces (${namespaces.join(", ")})` });
      }
    }
    return issues;
  },
  backups: (v, environment) => {
    const args = { environment, ...v } as Parameters<typeof validateBackupArgs>[0];
    return safely(() => validateBackupArgs(args, resolveBackupSettings(args)));
  },
};

/** A value of the wrong type can make a range check throw; the schema already reports it. */
function safely(check: () => Issue[]): Issue[] {
  try {
    return check();
  } catch {
    return [];
  }
}
/** Namespaces the program reads besides its own; others are typos or leftovers. */
const OTHER_NAMESPACES = ["aws", "pulumi"];
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

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
export function parseStackConfig(flat: Readonly<Record<string, string>>): StackConfig {
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
  if (region === undefined || !REGION.test(region)) {
    problems.push(`aws:region: found ${region === undefined ? "nothing (required)" : show(region)}; allowed an AWS region such as "eu-west-1"`);
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
      const args = {
        environment, clusterName: "c", network: { vpcId: "v", publicSubnetIds: [], privateSubnetIds: [], cidrBlock: "10.0.0.0/16" },
        certificate: { arn: "arn" }, ...v,
      } as unknown as Parameters<typeof validateServiceArgs>[0];
      for (const i of safely(() => validateServiceArgs(args, resolveServiceSettings(args)))) semantic.push({ ...i, path: `services.${svc}.${i.path}` });
    }
  }
  for (const [section, validate] of Object.entries(SECTION_VALIDATORS)) {
    const value = raw[section];
    if (value === null || typeof value !== "object" || Array.isArray(value) || broken(section)) continue;
    semantic.push(...validate(value as Record<string, unknown>, environment)
      .filter((i) => i.path !== "environment")
      .map((i) => ({ ...i, path: `${section}.${i.path}` })));
  }
  if (raw.drRegion !== undefined && (typeof raw.drRegion !== "string" || !REGION.test(raw.drRegion) || raw.drRegion === region)) {
    problems.push(`${NAMESPACE}:drRegion: found ${show(raw.drRegion)}; allowed an AWS region other than aws:region (${region ?? "unset"})`);
  }
  for (const i of semantic) problems.push(`${keyPath(i.path)}: ${i.message}`);
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return { ...parsed.data, region: region! };
}
