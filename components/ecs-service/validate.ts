import { definedOnly } from "../../src/environment";
import { checkInt, issue, type Issue } from "../../src/issues";
import { isLogRetention, LOG_RETENTION_DAYS } from "../../src/retention";
import { isRootUser } from "../../src/users";
import { checkBool, checkOneOf, validateCommon } from "../../src/validate-common";
import { DEPLOY_STRATEGIES, type EcsServiceArgs } from "./args";
import { checkImageReference } from "./image";
import { ECS_SERVICE_PRESETS, FARGATE_CPUS, fargateMemoryOptions, type EcsServiceSettings } from "./presets";

export function resolveServiceSettings(args: EcsServiceArgs): EcsServiceSettings {
  return { ...ECS_SERVICE_PRESETS[args.environment], ...definedOnly({
    cpu: args.cpu, memoryMiB: args.memoryMiB, architecture: args.architecture, user: args.user,
    minTasks: args.scaling?.min, maxTasks: args.scaling?.max, cpuTarget: args.scaling?.cpuTarget,
    memoryTarget: args.scaling?.memoryTarget, requestsPerTarget: args.scaling?.requestsPerTarget,
    strategy: args.deployment?.strategy, bakeMinutes: args.deployment?.bakeMinutes,
    logRetentionDays: args.logRetentionDays, wafCountOnly: args.wafCountOnly, rateLimit: args.rateLimit,
  }) };
}

export function validateServiceArgs(args: EcsServiceArgs, s: EcsServiceSettings): Issue[] {
  const out = validateCommon(args);
  if (!Number.isInteger(args.port) || args.port < 1 || args.port > 65535) out.push(issue("port", args.port, "an integer 1–65535"));
  out.push(...checkImage(args));
  const cert = args.certificate as Record<string, unknown> | undefined;
  if (!cert || (cert.arn === undefined && (typeof cert.domainName !== "string" || cert.zoneId === undefined))) {
    out.push(issue("certificate", cert, "{ arn } of an ACM certificate, or { domainName, zoneId } to issue one"));
  }
  if (!(FARGATE_CPUS as readonly number[]).includes(s.cpu)) out.push(issue("cpu", s.cpu, FARGATE_CPUS.join(", ")));
  else if (!fargateMemoryOptions(s.cpu).includes(s.memoryMiB)) {
    const options = fargateMemoryOptions(s.cpu);
    out.push(issue("memoryMiB", s.memoryMiB, `with cpu ${s.cpu}: ${options[0]}–${options[options.length - 1]} in steps of ${options[1]! - options[0]!}`));
  }
  out.push(...checkOneOf("architecture", args.architecture, ["ARM64", "X86_64"]));
  if (!/^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?$/.test(s.user)) out.push(issue("user", s.user, "uid[:gid] or name[:group], e.g. \"1000:1000\""));
  else if (isRootUser(s.user) && args.allowRootUser !== true) {
    out.push(issue("user", s.user, "a non-root uid such as \"1000:1000\" (set allowRootUser: true to run as root on purpose)"));
  }
  out.push(...checkInt("scaling.min", s.minTasks, 1, 1000), ...checkInt("scaling.max", s.maxTasks, 1, 1000));
  if (s.minTasks > s.maxTasks) out.push(issue("scaling.min", s.minTasks, `at most scaling.max (${s.maxTasks})`));
  if (args.environment === "prod" && s.minTasks < 2) out.push(issue("scaling.min", s.minTasks, "at least 2 in prod (one task per AZ survives an AZ loss)"));
  out.push(...checkInt("scaling.cpuTarget", s.cpuTarget, 10, 95), ...checkInt("scaling.memoryTarget", s.memoryTarget, 10, 95));
  out.push(...checkInt("scaling.requestsPerTarget", s.requestsPerTarget, 1, 1_000_000));
  out.push(...checkOneOf("deployment.strategy", args.deployment?.strategy, DEPLOY_STRATEGIES));
  out.push(...checkInt("deployment.bakeMinutes", s.bakeMinutes, 0, 1440));
  if (args.deployment?.percent !== undefined) out.push(...checkInt("deployment.percent", args.deployment.percent, 1, 99));
  if (!isLogRetention(s.logRetentionDays)) out.push(issue("logRetentionDays", s.logRetentionDays, `one of ${LOG_RETENTION_DAYS.join(", ")}`));
  out.push(...checkInt("rateLimit", s.rateLimit, 10, 2_000_000_000));
  if (args.healthCheckPath !== undefined && !args.healthCheckPath.startsWith("/")) out.push(issue("healthCheckPath", args.healthCheckPath, "a path starting with /"));
  for (const name of Object.keys(args.environmentVariables ?? {})) {
    if (/(secret|password|token|api_?key)/i.test(name)) out.push(issue(`environmentVariables.${name}`, name, "no secrets in plain environment variables; pass it in `secrets` as an ARN"));
  }
  if (args.internal === true && args.network?.cidrBlock === undefined) out.push(issue("network.cidrBlock", undefined, "the VPC's CIDR block when internal is true"));
  out.push(...checkBool("allowRootUser", args.allowRootUser), ...checkBool("writableTmp", args.writableTmp), ...checkBool("internal", args.internal));
  return out;
}

/** Exactly one image source, each well-formed (the build context's existence is checked where files are read). */
function checkImage(args: EcsServiceArgs): Issue[] {
  const image = args.image as Record<string, unknown> | undefined;
  const given = (["reference", "context", "promoteFrom"] as const).filter((k) => typeof image?.[k] === "string" && image[k] !== "");
  if (given.length !== 1) {
    return [issue("image", image, "exactly one of { reference: \"repo/name:tag\" }, { context: \"./app\" } or { promoteFrom: \"org/project/stack\" }")];
  }
  if (given[0] === "reference") return checkImageReference(String(image!.reference), args.environment);
  if (given[0] === "promoteFrom" && !/^[\w.-]+\/[\w.-]+\/[\w.-]+$/.test(String(image!.promoteFrom))) {
    return [issue("image.promoteFrom", image!.promoteFrom, "a fully qualified stack name org/project/stack")];
  }
  if (given[0] === "context") {
    const ids = image!.pullAccountIds;
    if (ids !== undefined && (!Array.isArray(ids) || ids.some((id) => typeof id !== "string" || !/^\d{12}$/.test(id)))) {
      return [issue("image.pullAccountIds", ids, "a list of 12-digit AWS account ids")];
    }
  }
  return [];
}
