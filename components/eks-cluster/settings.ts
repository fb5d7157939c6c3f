import { z } from "zod";
import type { Environment } from "../../src/environment";
import { issue, type Issue } from "../../src/issues";
import { logRetention } from "../../src/retention";
import { bool, checked, input, int, list, object, oneOf, text, type SettingsSpec } from "../../src/settings";
import { duplicateGrants, publicCidrProblem, PUBLIC_CIDR, ROLE_EXAMPLE, roleArnProblem } from "./access";
import { ADDONS, atLeast, MIN_VPC_CNI_VERSION, type Addon } from "./addons";
import { CAPACITY_TYPES, NODE_OS, type EksApiAccess } from "./args";
import { AUTOSCALER_RELEASES, autoscalerImage } from "./autoscaler";

/**
 * A string `problem` accepts; otherwise the words `problem` returns (one check with several
 * ways to fail, each with its own "allowed"), and `allowed` when it is not a string at all.
 */
export function explained(allowed: string, problem: (v: string) => string | undefined): z.ZodString {
  return z.string({ error: allowed }).superRefine((v, ctx) => {
    const p = problem(v);
    if (p !== undefined) ctx.addIssue({ code: "custom", message: p });
  });
}

const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const ADDON_VERSION = /^v\d+\.\d+\.\d+(-eksbuild\.\d+)?$/;
const AT_LEAST_ONE_CIDR = "at least one public CIDR such as \"192.30.252.0/22\" (a public endpoint is never open to all)";

const roleArn = explained(ROLE_EXAMPLE, roleArnProblem);
const roleArns = (what: string) => list(input(roleArn), "a list of IAM role ARNs").describe(what).optional();
const namespaceName = checked((ns) => K8S_NAME.test(ns) && ns.length <= 63 && !ns.startsWith("kube-"), "a DNS-label name (at most 63 characters), not kube-*");
const namespaceList = (what: string) => list(namespaceName, "a list of namespace names such as [\"apps\"]").describe(what).optional();
const addonVersion = (addon: Addon) => addon === "vpc-cni"
  ? checked((v) => atLeast(v, MIN_VPC_CNI_VERSION), `v${MIN_VPC_CNI_VERSION.join(".")}-eksbuild.3 or later (network policy support)`)
  : text(ADDON_VERSION, "an add-on version such as \"v1.19.2-eksbuild.1\"");

/** What an EksCluster caller (or `paved:kubernetes`) may set. */
export const EKS_SCHEMA = object({
  version: text(/^1\.(2[89]|3\d)$/, "a supported Kubernetes minor such as \"1.33\"").describe("Kubernetes minor version, e.g. 1.33.").optional(),
  apiAccess: z.discriminatedUnion("mode", [
    object({ mode: z.literal("private") }).describe("Private endpoint only: the deploy runs inside the VPC (self-hosted runner)."),
    object({
      mode: z.literal("public"),
      cidrs: list(explained(PUBLIC_CIDR, publicCidrProblem), AT_LEAST_ONE_CIDR).min(1, { error: AT_LEAST_ONE_CIDR })
        .describe("Public CIDRs that may reach the API (never 0.0.0.0/0)."),
    }).describe("A public endpoint too, reachable only from these CIDRs."),
  ], { error: "\"private\" or \"public\"" }).describe("How the deploy and people reach the Kubernetes API.").optional(),
  // Required: without an access entry for the deploy role no in-cluster object can be applied.
  deployRoleArn: roleArn.describe("IAM role that runs pulumi up (the workflow's AWS_ROLE_ARN): gets cluster-admin access."),
  adminRoleArns: roleArns("IAM roles with cluster-admin access."),
  viewRoleArns: roleArns("IAM roles with read-only access (AmazonEKSViewPolicy)."),
  nodes: object({
    instanceTypes: list(text(INSTANCE_TYPE, "an instance type such as \"m7g.large\""), "a list of instance types such as [\"m7g.large\"]")
      .min(1, { error: "at least one instance type such as \"m7g.large\"" }).describe("Instance types of the managed node group.").optional(),
    min: int(1, 450).describe("Fewest nodes (also the desired size at creation).").optional(),
    max: int(1, 450).describe("Most nodes Cluster Autoscaler may add.").optional(),
    os: oneOf(NODE_OS).describe("Node OS (AMI family).").optional(),
    diskGb: int(20, 16384).describe("Root volume size in GiB (gp3, encrypted).").optional(),
    capacityType: oneOf(CAPACITY_TYPES).describe("On-demand or spot nodes.").optional(),
  }).describe("The managed node group.").optional(),
  namespaces: namespaceList("Namespaces for applications: PSS restricted, default-deny network policies."),
  fargateNamespaces: namespaceList("Namespaces whose pods also run on Fargate."),
  addonVersions: object(Object.fromEntries(ADDONS.map((a) => [a, addonVersion(a).optional()])) as Record<Addon, z.ZodOptional<z.ZodString>>)
    .describe("Add-on versions by name; unset ones take the cluster version's default.").optional(),
  logRetentionDays: logRetention().describe("Days CloudWatch keeps the control-plane logs.").optional(),
  protect: bool().describe("`protect` on the cluster and its key.").optional(),
});

/** The settings in effect; the access grants (no defaults) are read from the args. */
export interface EksSettings {
  readonly version: string;
  readonly apiAccess: EksApiAccess;
  readonly nodes: {
    readonly instanceTypes: readonly string[];
    readonly min: number;
    readonly max: number;
    readonly os: (typeof NODE_OS)[number];
    readonly diskGb: number;
    readonly capacityType: (typeof CAPACITY_TYPES)[number];
  };
  readonly namespaces: readonly string[];
  readonly fargateNamespaces: readonly string[];
  readonly addonVersions: Readonly<Partial<Record<Addon, string>>>;
  readonly logRetentionDays: number;
  readonly protect: boolean;
}

const common = { apiAccess: { mode: "private" }, namespaces: ["apps"], fargateNamespaces: [], addonVersions: {} } as const;

/** Every default of EksCluster, per environment. Each passes the policy packs. */
export const EKS_PRESETS = {
  dev: {
    ...common, version: "1.33", logRetentionDays: 14, protect: false,
    nodes: { instanceTypes: ["t4g.medium"], min: 1, max: 2, os: "AL2023", diskGb: 40, capacityType: "SPOT" },
  },
  staging: {
    ...common, version: "1.33", logRetentionDays: 90, protect: true,
    nodes: { instanceTypes: ["m7g.large"], min: 2, max: 4, os: "AL2023", diskGb: 40, capacityType: "ON_DEMAND" },
  },
  prod: {
    ...common, version: "1.33", logRetentionDays: 365, protect: true,
    nodes: { instanceTypes: ["m7g.large"], min: 3, max: 9, os: "AL2023", diskGb: 40, capacityType: "ON_DEMAND" },
  },
} as const satisfies Record<Environment, EksSettings>;

export const EKS_SETTINGS: SettingsSpec<typeof EKS_SCHEMA, EksSettings> = {
  component: "EksCluster",
  schema: EKS_SCHEMA,
  presets: EKS_PRESETS,
  example: { deployRoleArn: "arn:aws:iam::123456789012:role/platform-deploy" },
  rules: (s, environment, given) => {
    const out: Issue[] = [];
    if (!autoscalerImage(s.version)) out.push(issue("version", s.version, `a minor with a Cluster Autoscaler release (${Object.keys(AUTOSCALER_RELEASES).join(", ")})`));
    if (s.nodes.min > s.nodes.max) out.push(issue("nodes.min", s.nodes.min, `at most nodes.max (${s.nodes.max})`));
    if (environment === "prod" && s.nodes.min < 3) out.push(issue("nodes.min", s.nodes.min, "at least 3 in prod (a node per AZ)"));
    // Each namespace is one Kubernetes object: a name listed twice would register it twice and fail in the engine.
    for (const key of ["namespaces", "fargateNamespaces"] as const) {
      const twice = s[key].filter((ns, i) => s[key].indexOf(ns) !== i);
      if (twice.length > 0) out.push(issue(key, s[key], `each namespace once (${[...new Set(twice)].map((n) => JSON.stringify(n)).join(", ")} listed more than once)`));
    }
    out.push(...duplicateGrants(given));
    return out;
  },
};
