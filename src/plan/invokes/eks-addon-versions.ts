/**
 * The latest Amazon EKS add-on version per Kubernetes version, from the EKS
 * User Guide's version tables:
 * - vpc-cni: "Assign IPs to Pods with the Amazon VPC CNI" → Amazon VPC CNI versions;
 * - coredns: "Manage CoreDNS for DNS in Amazon EKS clusters" → CoreDNS versions;
 * - kube-proxy: "Manage kube-proxy in Amazon EKS clusters" → kube-proxy versions;
 * - aws-ebs-csi-driver: "Retrieve IAM information about an Amazon EKS add-on"
 *   (describe-addon-versions sample for Kubernetes 1.30).
 * Each table is one snapshot of its page; AWS publishes newer builds over time.
 */
export const EKS_ADDON_VERSIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "vpc-cni": {
    "1.27": "v1.20.1-eksbuild.3", "1.28": "v1.20.1-eksbuild.3", "1.29": "v1.20.1-eksbuild.3", "1.30": "v1.20.1-eksbuild.3",
    "1.31": "v1.20.1-eksbuild.3", "1.32": "v1.20.1-eksbuild.3", "1.33": "v1.20.1-eksbuild.3",
  },
  coredns: {
    "1.28": "v1.10.1-eksbuild.38", "1.29": "v1.11.4-eksbuild.24", "1.30": "v1.11.4-eksbuild.24", "1.31": "v1.11.4-eksbuild.24",
    "1.32": "v1.11.4-eksbuild.24", "1.33": "v1.12.4-eksbuild.1", "1.34": "v1.12.4-eksbuild.1",
  },
  "kube-proxy": {
    "1.28": "v1.28.15-eksbuild.31", "1.29": "v1.29.15-eksbuild.16", "1.30": "v1.30.14-eksbuild.8", "1.31": "v1.31.13-eksbuild.2",
    "1.32": "v1.32.9-eksbuild.2", "1.33": "v1.33.5-eksbuild.2", "1.34": "v1.34.1-eksbuild.2",
  },
  "aws-ebs-csi-driver": { "1.30": "v1.31.0-eksbuild.1" },
};

/** The Kubernetes version a cluster looked up by name is given: the newest the tables above cover. */
export const NEWEST_EKS_VERSION = "1.34";

export function addonVersion(addon: string, kubernetesVersion: string): string | undefined {
  const table = Object.prototype.hasOwnProperty.call(EKS_ADDON_VERSIONS, addon) ? EKS_ADDON_VERSIONS[addon] : undefined;
  if (table === undefined) return undefined;
  // "1.31" and "1.31.2" both mean the 1.31 minor.
  const minor = /^(\d+\.\d+)/.exec(kubernetesVersion)?.[1] ?? kubernetesVersion;
  return Object.prototype.hasOwnProperty.call(table, minor) ? table[minor] : undefined;
}
