/**
 * The add-ons every cluster runs; amazon-cloudwatch-observability feeds Container Insights
 * (crash-loop alarms); metrics-server, an EKS community add-on in kube-system, serves the
 * metrics API the HPAs read (EKS User Guide, community-addons.adoc: add-on name `metrics-server`).
 */
export const ADDONS = ["vpc-cni", "coredns", "kube-proxy", "eks-pod-identity-agent", "aws-ebs-csi-driver", "amazon-cloudwatch-observability", "metrics-server"] as const;
export type Addon = (typeof ADDONS)[number];

/**
 * Add-on configuration values. vpc-cni enforces NetworkPolicies only with `enableNetworkPolicy`
 * (the string "true"), from add-on version v1.14.0-eksbuild.3: EKS User Guide, "Restrict Pod
 * network traffic with Kubernetes network policies" (eks-networking-add-ons.adoc).
 */
export const ADDON_CONFIGURATION: Partial<Record<Addon, Record<string, unknown>>> = {
  "vpc-cni": { enableNetworkPolicy: "true" },
};
/** The first vpc-cni add-on version with the network policy agent (same source). */
export const MIN_VPC_CNI_VERSION = [1, 14, 0] as const;

/** Whether an add-on version such as "v1.19.2-eksbuild.1" is at least `min` (major.minor.patch). */
export function atLeast(version: unknown, min: readonly [number, number, number]): boolean {
  const m = typeof version === "string" ? /^v(\d+)\.(\d+)\.(\d+)(-eksbuild\.(\d+))?$/.exec(version) : null;
  if (!m) return false;
  const v = [Number(m[1]), Number(m[2]), Number(m[3])];
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i]! > min[i]!;
  // v1.14.0 itself needs eksbuild.3 or later.
  return Number(m[5] ?? 0) >= 3;
}
