import type { Environment } from "../../src/environment";

export interface EksSettings {
  readonly version: string;
  readonly instanceTypes: readonly string[];
  readonly min: number;
  readonly max: number;
  readonly os: "AL2023" | "BOTTLEROCKET";
  readonly diskGb: number;
  readonly capacityType: "ON_DEMAND" | "SPOT";
  readonly logRetentionDays: number;
  readonly protect: boolean;
}

/** Every default of EksCluster, per environment. Each passes the policy packs. */
export const EKS_PRESETS = {
  dev: { version: "1.33", instanceTypes: ["t4g.medium"], min: 1, max: 2, os: "AL2023", diskGb: 40, capacityType: "SPOT", logRetentionDays: 14, protect: false },
  staging: { version: "1.33", instanceTypes: ["m7g.large"], min: 2, max: 4, os: "AL2023", diskGb: 40, capacityType: "ON_DEMAND", logRetentionDays: 90, protect: true },
  prod: { version: "1.33", instanceTypes: ["m7g.large"], min: 3, max: 9, os: "AL2023", diskGb: 40, capacityType: "ON_DEMAND", logRetentionDays: 365, protect: true },
} as const satisfies Record<Environment, EksSettings>;

export const LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;
/**
 * The add-ons every cluster runs; amazon-cloudwatch-observability feeds Container Insights
 * (crash-loop alarms); metrics-server, an EKS community add-on in kube-system, serves the
 * metrics API the HPAs read (EKS User Guide, community-addons.adoc: add-on name `metrics-server`).
 */
export const ADDONS = ["vpc-cni", "coredns", "kube-proxy", "eks-pod-identity-agent", "aws-ebs-csi-driver", "amazon-cloudwatch-observability", "metrics-server"] as const;

/**
 * Add-on configuration values. vpc-cni enforces NetworkPolicies only with `enableNetworkPolicy`
 * (the string "true"), from add-on version v1.14.0-eksbuild.3: EKS User Guide, "Restrict Pod
 * network traffic with Kubernetes network policies" (eks-networking-add-ons.adoc).
 */
export const ADDON_CONFIGURATION: Partial<Record<(typeof ADDONS)[number], Record<string, unknown>>> = {
  "vpc-cni": { enableNetworkPolicy: "true" },
};
/** The first vpc-cni add-on version with the network policy agent (same source). */
export const MIN_VPC_CNI_VERSION = [1, 14, 0] as const;
