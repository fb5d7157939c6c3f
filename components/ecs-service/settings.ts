import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { Environment } from "../../src/environment";
import { issue, type Issue } from "../../src/issues";
import { logRetention } from "../../src/retention";
import { bool, input, int, list, map, object, oneOf, oneOfNumbers, str, text, type SettingsSpec } from "../../src/settings";
import { isRootUser } from "../../src/users";
import { ARCHITECTURES, DEPLOY_STRATEGIES, type Architecture, type DeployStrategy, type ImageSource } from "./args";
import { defaultHealthCheck } from "./container";
import { checkImageReference } from "./image";

/** The CPU units Fargate accepts. */
export const FARGATE_CPUS = [256, 512, 1024, 2048, 4096, 8192, 16384] as const;

/** The CPU/memory pairs Fargate accepts (memory in MiB). */
export function fargateMemoryOptions(cpu: number): number[] {
  const range = (from: number, to: number, step: number) => Array.from({ length: (to - from) / step + 1 }, (_v, i) => from + i * step);
  switch (cpu) {
    case 256: return [512, 1024, 2048];
    case 512: return range(1024, 4096, 1024);
    case 1024: return range(2048, 8192, 1024);
    case 2048: return range(4096, 16384, 1024);
    case 4096: return range(8192, 30720, 1024);
    case 8192: return range(16384, 61440, 4096);
    case 16384: return range(32768, 122880, 8192);
    default: return [];
  }
}

const USER = /^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?$/;
const STACK_NAME = /^[\w.-]+\/[\w.-]+\/[\w.-]+$/;
/** Names that look like a secret: such values belong in `secrets`, by ARN. */
const SECRET_NAME = /(secret|password|token|api_?key)/i;

/** Exactly one image source. A value no source fits (or a wrong type inside one) gets the union's message; a bad value inside the one that fits gets its own. */
const image = z.union([
  object({
    reference: str("an image reference repository[:tag][@sha256:<64 hex>]")
      .describe("An image to run: repo@sha256:<digest>, or repo:tag (not \"latest\" outside dev)."),
  }),
  object({
    context: str("a directory with the Dockerfile").describe("A directory to build and push to ECR, tagged by a hash of its content."),
    dockerfile: str("a path to the Dockerfile").describe("The Dockerfile, when not <context>/Dockerfile.").optional(),
    buildArgs: map(z.string({ error: "a string" }), "a map of build-arg names to strings").describe("Docker build args.").optional(),
    pullAccountIds: list(text(/^\d{12}$/, "a 12-digit AWS account id"), "a list of 12-digit AWS account ids")
      .describe("Accounts that may pull these images, to promote them from another account.").optional(),
  }),
  object({
    promoteFrom: text(STACK_NAME, "a fully qualified stack name org/project/stack")
      .describe("Run the digest another stack's service runs (its serviceImages output), e.g. org/project/staging."),
  }),
], { error: "exactly one of { reference: \"repo/name:tag\" }, { context: \"./app\" } or { promoteFrom: \"org/project/stack\" }" });

/** The settings with a preset: each optional. */
const PRESET_SCHEMA = object({
  cpu: oneOfNumbers(FARGATE_CPUS).describe("Fargate CPU units."),
  memoryMiB: int(512, 122880).describe("Fargate memory in MiB; a valid pair with cpu."),
  architecture: oneOf(ARCHITECTURES).describe("CPU architecture of the task."),
  user: text(USER, "uid[:gid] or name[:group], e.g. \"1000:1000\"").describe("uid:gid the container runs as (never root)."),
  allowRootUser: bool().describe("Escape hatch: let the container run as root (the non-root pack still reports it)."),
  writableTmp: bool().describe("Mount a writable, task-local /tmp."),
  healthCheckPath: text(/^\//, "a path starting with /").describe("Load-balancer health check path."),
  healthCheckCommand: list(str(), "a command in exec form, e.g. [\"CMD\", \"/bin/check\"]").describe("Container health check command (exec form)."),
  environmentVariables: map(z.string({ error: "a string" }), "a map of variable names to strings").describe("Plain environment variables (no secrets)."),
  secrets: map(input(str("a Secrets Manager or SSM parameter ARN")), "a map of variable names to secret ARNs")
    .describe("Env var name → Secrets Manager or SSM parameter ARN."),
  internal: bool().describe("An internal load balancer in the private subnets instead of a public one."),
  scaling: object({
    min: int(1, 1000).describe("Fewest tasks.").optional(),
    max: int(1, 1000).describe("Most tasks.").optional(),
    cpuTarget: int(10, 95).describe("Target CPU percent.").optional(),
    memoryTarget: int(10, 95).describe("Target memory percent.").optional(),
    requestsPerTarget: int(1, 1_000_000).describe("Target requests per task per minute.").optional(),
  }),
  deployment: object({
    strategy: oneOf(DEPLOY_STRATEGIES).describe("rolling, or ECS-native blueGreen, canary or linear.").optional(),
    percent: int(1, 99).describe("Traffic percent of the canary step, or of each linear step.").optional(),
    bakeMinutes: int(0, 1440).describe("Minutes to watch each step and the new revision.").optional(),
  }),
  logRetentionDays: logRetention().describe("Days CloudWatch keeps the container logs."),
  wafCountOnly: bool().describe("WAF rules only count, never block."),
  rateLimit: int(10, 2_000_000_000).describe("Requests per 5 minutes from one IP before WAF blocks it."),
  deletionProtection: bool().describe("Deletion protection on the load balancer."),
}).partial();

/** What an EcsService caller (or an entry of `paved:services`) may set: image and port are required. */
export const ECS_SERVICE_SCHEMA = object({
  image: image.describe("The image: { reference }, { context } to build, or { promoteFrom } another stack."),
  port: int(1, 65535).describe("Container port, 1–65535."),
  ...PRESET_SCHEMA.shape,
});

export interface EcsServiceSettings {
  readonly image: ImageSource;
  readonly port: number;
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly architecture: Architecture;
  readonly user: string;
  readonly allowRootUser: boolean;
  readonly writableTmp: boolean;
  readonly healthCheckPath: string;
  /** The given command, or a wget of the health check path on the port. */
  readonly healthCheckCommand: readonly string[];
  readonly environmentVariables: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, pulumi.Input<string>>>;
  readonly internal: boolean;
  readonly scaling: {
    readonly min: number;
    readonly max: number;
    readonly cpuTarget: number;
    readonly memoryTarget: number;
    readonly requestsPerTarget: number;
  };
  readonly deployment: { readonly strategy: DeployStrategy; readonly percent: number; readonly bakeMinutes: number };
  readonly logRetentionDays: number;
  readonly wafCountOnly: boolean;
  readonly rateLimit: number;
  readonly deletionProtection: boolean;
}

/** What has a preset: every setting but those each caller gives (image, port) or that derive from them. */
export type EcsServicePreset = Omit<EcsServiceSettings, "image" | "port" | "healthCheckCommand">;

const common = {
  architecture: "ARM64", user: "1000:1000", allowRootUser: false, writableTmp: false, healthCheckPath: "/health",
  environmentVariables: {}, secrets: {}, internal: false, rateLimit: 2000,
} as const;
const targets = { cpuTarget: 70, memoryTarget: 80, requestsPerTarget: 1000 } as const;

/** Every default of EcsService, per environment. Each passes the policy packs. */
export const ECS_SERVICE_PRESETS = {
  dev: {
    ...common, cpu: 256, memoryMiB: 512, scaling: { min: 1, max: 2, ...targets },
    deployment: { strategy: "rolling", percent: 10, bakeMinutes: 5 }, logRetentionDays: 14, wafCountOnly: true, deletionProtection: false,
  },
  staging: {
    ...common, cpu: 512, memoryMiB: 1024, scaling: { min: 2, max: 4, ...targets },
    deployment: { strategy: "rolling", percent: 10, bakeMinutes: 10 }, logRetentionDays: 90, wafCountOnly: false, deletionProtection: false,
  },
  prod: {
    ...common, cpu: 1024, memoryMiB: 2048, scaling: { min: 2, max: 10, ...targets },
    deployment: { strategy: "rolling", percent: 10, bakeMinutes: 15 }, logRetentionDays: 365, wafCountOnly: false, deletionProtection: true,
  },
} as const satisfies Record<Environment, EcsServicePreset>;

const PRESETS: Readonly<Record<Environment, EcsServicePreset>> = ECS_SERVICE_PRESETS;

function serviceRules(s: EcsServiceSettings, environment: Environment): Issue[] {
  const out: Issue[] = [];
  if ("reference" in s.image) out.push(...checkImageReference(s.image.reference, environment));
  const options = fargateMemoryOptions(s.cpu);
  if (!options.includes(s.memoryMiB)) {
    out.push(issue("memoryMiB", s.memoryMiB, `with cpu ${s.cpu}: ${options[0]}–${options[options.length - 1]} in steps of ${options[1]! - options[0]!}`));
  }
  if (isRootUser(s.user) && !s.allowRootUser) {
    out.push(issue("user", s.user, "a non-root uid such as \"1000:1000\" (set allowRootUser: true to run as root on purpose)"));
  }
  if (s.scaling.min > s.scaling.max) out.push(issue("scaling.min", s.scaling.min, `at most scaling.max (${s.scaling.max})`));
  if (environment === "prod" && s.scaling.min < 2) out.push(issue("scaling.min", s.scaling.min, "at least 2 in prod (one task per AZ survives an AZ loss)"));
  for (const name of Object.keys(s.environmentVariables)) {
    if (SECRET_NAME.test(name)) out.push(issue(`environmentVariables.${name}`, name, "no secrets in plain environment variables; pass it in `secrets` as an ARN"));
  }
  return out;
}

export const ECS_SERVICE_SETTINGS: SettingsSpec<typeof ECS_SERVICE_SCHEMA, EcsServiceSettings> = {
  component: "EcsService",
  schema: ECS_SERVICE_SCHEMA,
  // The schema requires image and port, so every resolved settings has them and the
  // health check command derived from them; no preset can hold them.
  presets: PRESETS as Readonly<Record<Environment, EcsServiceSettings>>,
  example: { image: { reference: "public.ecr.aws/nginx/nginx:1.27" }, port: 8080 },
  derive: (s, given) => ({ ...s, healthCheckCommand: given.healthCheckCommand ?? defaultHealthCheck(s.port, s.healthCheckPath) }),
  rules: serviceRules,
};

/** What an EcsCluster caller may set. */
export const ECS_CLUSTER_SCHEMA = object({
  spot: bool().describe("Fargate Spot carries the default capacity strategy."),
}).partial();

export interface EcsClusterSettings {
  readonly spot: boolean;
}

/** Every default of EcsCluster, per environment. */
export const ECS_CLUSTER_PRESETS = {
  dev: { spot: true },
  staging: { spot: false },
  prod: { spot: false },
} as const satisfies Record<Environment, EcsClusterSettings>;

export const ECS_CLUSTER_SETTINGS: SettingsSpec<typeof ECS_CLUSTER_SCHEMA, EcsClusterSettings> = {
  component: "EcsCluster",
  schema: ECS_CLUSTER_SCHEMA,
  presets: ECS_CLUSTER_PRESETS,
};
