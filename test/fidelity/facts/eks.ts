/** EKS facts the fidelity suite checks against, with where each was read (2026-12-01). */

/**
 * Add-on names EKS accepts in CreateAddon. AWS add-ons: "The Amazon EKS add-on name is `...`"
 * in latest/ug/workloads/eks-add-ons.adoc of github.com/awsdocs/amazon-eks-user-guide
 * (commit 4d52b4d0, 2024-12-18); community add-ons: latest/ug/workloads/community-addons.adoc
 * (added 2025, "Add-on name" rows).
 */
export const EKS_ADDON_NAMES: readonly string[] = [
  "adot", "amazon-cloudwatch-observability", "aws-ebs-csi-driver", "aws-efs-csi-driver", "aws-guardduty-agent",
  "aws-mountpoint-s3-csi-driver", "coredns", "eks-node-monitoring-agent", "eks-pod-identity-agent", "kube-proxy",
  "snapshot-controller", "vpc-cni",
  "metrics-server", "kube-state-metrics", "prometheus-node-exporter", "cert-manager", "external-dns", "fluent-bit",
];

/**
 * The VPC CNI enforces NetworkPolicy only with `{"enableNetworkPolicy": "true"}` in the
 * add-on's configuration values (a string): latest/ug/networking/eks-networking-add-ons.adoc
 * ("Configure your cluster for Kubernetes network policies"). Without it, a NetworkPolicy
 * is accepted by the API server and enforced by nothing.
 */
export const NETWORK_POLICY_SWITCH = { addon: "vpc-cni", key: "enableNetworkPolicy", value: "true" } as const;

/**
 * An HPA needs a metrics source (latest/ug/workloads/horizontal-pod-autoscaler.adoc: "requires
 * that a metrics source (such as the Kubernetes metrics server) is installed"); the metrics
 * server serves the resource metrics API that Resource metrics of an HPA read.
 */
export const METRICS_SERVER_NAMES: readonly string[] = ["metrics-server"];

/**
 * Node autoscalers for managed node groups and Auto Mode, by what the plan shows of them:
 * a Deployment or add-on of that name, or the cluster's computeConfig (Auto Mode).
 * latest/ug/nodes/autoscaling.adoc lists Karpenter and the Cluster Autoscaler.
 */
export const NODE_AUTOSCALER_NAMES: readonly string[] = ["cluster-autoscaler", "karpenter"];
