import { z } from "zod";
import type { Environment } from "../../src/environment";
import { issue } from "../../src/issues";
import { bool, int, list, map, object, positive, str, text, type SettingsSpec } from "../../src/settings";
import { explained } from "./settings";
import { DNS_LABEL, IP_BLOCK, ipBlockProblem } from "./workload-validate";

const QUANTITY = /^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/;
const QUANTITY_WORDS = "a Kubernetes quantity such as \"250m\" or \"256Mi\"";
const NON_ROOT = "a non-zero uid (workloads never run as root)";
const namespaceName = text(DNS_LABEL, "a namespace name");

/** What a Workload caller (or a workload of `paved:kubernetes`) may set. */
export const WORKLOAD_SCHEMA = object({
  namespace: namespaceName.describe("Namespace to run in (one of the cluster's namespaces)."),
  image: str("an image reference").describe("The container image."),
  port: int(1, 65535).describe("Container port, 1–65535."),
  replicas: object({
    min: int(1, 1000).describe("Fewest pods the HPA keeps.").optional(),
    max: int(1, 1000).describe("Most pods the HPA adds.").optional(),
  }).describe("How many pods the HorizontalPodAutoscaler keeps.").optional(),
  runAsUser: positive(NON_ROOT).int({ error: NON_ROOT }).describe("Non-zero uid the container runs as.").optional(),
  cpu: text(QUANTITY, QUANTITY_WORDS).describe("CPU request.").optional(),
  memory: text(QUANTITY, QUANTITY_WORDS).describe("Memory request and limit.").optional(),
  healthPath: text(/^\/\S*$/, "an absolute path such as \"/health\"").describe("Readiness and liveness probe path.").optional(),
  env: map(z.string({ error: "a string" }), "a map of variable names to string values").describe("Plain environment variables.").optional(),
  privileged: bool().refine((v) => !v, { error: "false (workloads never run privileged)" }).describe("Rejected when true.").optional(),
  allowPrivilegeEscalation: bool().refine((v) => !v, { error: "false" }).describe("Rejected when true.").optional(),
  ingress: object({
    namespaces: list(namespaceName, "a list of namespace names").describe("Other namespaces whose pods may connect.").optional(),
    cidrs: list(explained(IP_BLOCK, ipBlockProblem), "a list of IPv4 CIDRs").describe("CIDRs that may connect, e.g. a load balancer's subnets.").optional(),
  }).describe("Who else may connect to the port; pods of the same namespace always may.").optional(),
});

/** The settings in effect; namespace, image and port (required, no defaults) are read from the args. */
export interface WorkloadSettings {
  readonly replicas: { readonly min: number; readonly max: number };
  readonly runAsUser: number;
  readonly cpu: string;
  readonly memory: string;
  readonly healthPath: string;
  readonly env: Readonly<Record<string, string>>;
  readonly privileged: boolean;
  readonly allowPrivilegeEscalation: boolean;
  readonly ingress: { readonly namespaces: readonly string[]; readonly cidrs: readonly string[] };
}

// A Workload's defaults do not vary by environment: one table, three times.
const DEFAULTS = {
  replicas: { min: 2, max: 6 }, runAsUser: 10001, cpu: "250m", memory: "256Mi", healthPath: "/health", env: {},
  privileged: false, allowPrivilegeEscalation: false, ingress: { namespaces: [], cidrs: [] },
} as const satisfies WorkloadSettings;

export const WORKLOAD_PRESETS = { dev: DEFAULTS, staging: DEFAULTS, prod: DEFAULTS } as const satisfies Record<Environment, WorkloadSettings>;

export const WORKLOAD_SETTINGS: SettingsSpec<typeof WORKLOAD_SCHEMA, WorkloadSettings> = {
  component: "Workload",
  schema: WORKLOAD_SCHEMA,
  presets: WORKLOAD_PRESETS,
  example: { namespace: "apps", image: "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine", port: 8080 },
  rules: (s) => (s.replicas.min > s.replicas.max ? [issue("replicas.min", s.replicas.min, `at most replicas.max (${s.replicas.max})`)] : []),
};
