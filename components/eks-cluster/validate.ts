import { definedOnly } from "../../src/environment";
import { checkInt, issue, type Issue } from "../../src/issues";
import { isLogRetention, LOG_RETENTION_DAYS } from "../../src/retention";
import { checkBool, checkOneOf, validateCommon } from "../../src/validate-common";
import { validateApiAccess, validateGrants } from "./access";
import type { EksClusterArgs } from "./args";
import { AUTOSCALER_RELEASES, autoscalerImage } from "./autoscaler";
import { ADDONS, EKS_PRESETS, MIN_VPC_CNI_VERSION, type EksSettings } from "./presets";

export function resolveEksSettings(args: EksClusterArgs): EksSettings {
  const n = args.nodes ?? {};
  return { ...EKS_PRESETS[args.environment], ...definedOnly({
    version: args.version, instanceTypes: n.instanceTypes, min: n.min, max: n.max, os: n.os, diskGb: n.diskGb,
    capacityType: n.capacityType, logRetentionDays: args.logRetentionDays, protect: args.protect,
  }) };
}

const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function validateEksArgs(args: EksClusterArgs, s: EksSettings): Issue[] {
  const out = validateCommon(args);
  if (!/^1\.(2[89]|3\d)$/.test(s.version)) out.push(issue("version", s.version, "a supported Kubernetes minor such as \"1.33\""));
  else if (!autoscalerImage(s.version)) out.push(issue("version", s.version, `a minor with a Cluster Autoscaler release (${Object.keys(AUTOSCALER_RELEASES).join(", ")})`));
  out.push(...validateApiAccess(args.apiAccess), ...validateGrants(args));
  if (s.instanceTypes.length === 0 || s.instanceTypes.some((t) => !/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(t))) out.push(issue("nodes.instanceTypes", s.instanceTypes, "instance types such as [\"m7g.large\"]"));
  out.push(...checkInt("nodes.min", s.min, 1, 450), ...checkInt("nodes.max", s.max, 1, 450), ...checkInt("nodes.diskGb", s.diskGb, 20, 16384));
  if (s.min > s.max) out.push(issue("nodes.min", s.min, `at most nodes.max (${s.max})`));
  if (args.environment === "prod" && s.min < 3) out.push(issue("nodes.min", s.min, "at least 3 in prod (a node per AZ)"));
  out.push(...checkOneOf("nodes.os", args.nodes?.os, ["AL2023", "BOTTLEROCKET"]), ...checkOneOf("nodes.capacityType", args.nodes?.capacityType, ["ON_DEMAND", "SPOT"]));
  for (const ns of [...(args.namespaces ?? []), ...(args.fargateNamespaces ?? [])]) {
    if (!K8S_NAME.test(ns) || ns.length > 63 || ns.startsWith("kube-")) out.push(issue("namespaces", ns, "DNS-label names, not kube-*"));
  }
  for (const [name, version] of Object.entries(args.addonVersions ?? {})) {
    if (!(ADDONS as readonly string[]).includes(name)) out.push(issue(`addonVersions.${name}`, name, ADDONS.join(", ")));
    if (name === "vpc-cni" && !atLeast(version, MIN_VPC_CNI_VERSION)) out.push(issue("addonVersions.vpc-cni", version, `v${MIN_VPC_CNI_VERSION.join(".")}-eksbuild.3 or later (network policy support)`));
  }
  if (!isLogRetention(s.logRetentionDays)) out.push(issue("logRetentionDays", s.logRetentionDays, `one of ${LOG_RETENTION_DAYS.join(", ")}`));
  out.push(...checkBool("protect", args.protect));
  return out;
}

/** Whether an add-on version such as "v1.19.2-eksbuild.1" is at least `min` (major.minor.patch). */
export function atLeast(version: unknown, min: readonly [number, number, number]): boolean {
  const m = typeof version === "string" ? /^v(\d+)\.(\d+)\.(\d+)(-eksbuild\.(\d+))?$/.exec(version) : null;
  if (!m) return false;
  const v = [Number(m[1]), Number(m[2]), Number(m[3])];
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i]! > min[i]!;
  // v1.14.0 itself needs eksbuild.3 or later.
  return Number(m[5] ?? 0) >= 3;
}
