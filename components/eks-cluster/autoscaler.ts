/**
 * Node autoscaling: the Kubernetes Cluster Autoscaler, as plain objects.
 *
 * Why Cluster Autoscaler, not Karpenter or EKS Auto Mode: the nodes are managed node groups on
 * our hardened launch template (IMDSv2 hop 1, encrypted gp3), and EKS already tags their Auto
 * Scaling groups for Cluster Autoscaler discovery. Karpenter would replace those groups with its
 * own NodePools/EC2NodeClass and ships as a Helm chart (CRDs, webhooks) that the offline plan and
 * the packs cannot see into; Auto Mode replaces the node groups, launch template and core add-ons
 * with AWS-run ones. Cluster Autoscaler is one Deployment, its RBAC and an IAM role: every object
 * is registered here, planned and checked like the rest.
 *
 * Sources: kubernetes/autoscaler, cluster-autoscaler/cloudprovider/aws/README.md (IAM policy,
 * auto-discovery tags, AWS_REGION) and examples/cluster-autoscaler-autodiscover.yaml (RBAC,
 * flags), at tag cluster-autoscaler-1.33.6; EKS User Guide, managed-node-groups.adoc ("Amazon EKS
 * tags managed node group resources so that they are configured to use the Kubernetes Cluster Autoscaler").
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

export const AUTOSCALER_NAME = "cluster-autoscaler";
export const AUTOSCALER_NAMESPACE = "kube-system";

/**
 * Cluster Autoscaler release per Kubernetes minor: its minor must match the cluster's.
 * Latest patch tags of kubernetes/autoscaler (git tags cluster-autoscaler-1.x.y, 2026-08),
 * published as registry.k8s.io/autoscaling/cluster-autoscaler:v1.x.y for amd64 and arm64 (Makefile ALL_ARCH).
 */
export const AUTOSCALER_RELEASES: Readonly<Record<string, string>> = {
  "1.30": "1.30.7", "1.31": "1.31.5", "1.32": "1.32.7", "1.33": "1.33.6", "1.34": "1.34.5", "1.35": "1.35.2",
};

export function autoscalerImage(kubernetesVersion: string): string | undefined {
  const release = AUTOSCALER_RELEASES[kubernetesVersion];
  return release ? `registry.k8s.io/autoscaling/cluster-autoscaler:v${release}` : undefined;
}

/** Tag keys Cluster Autoscaler discovers node groups by; EKS puts both on a managed node group's ASG. */
export function discoveryTags(clusterName: string): readonly [string, string] {
  return ["k8s.io/cluster-autoscaler/enabled", `k8s.io/cluster-autoscaler/${clusterName}`];
}

/**
 * The README's "full features" policy, with the two write actions limited to the ASGs that carry
 * this cluster's discovery tag (any value: only the key is EKS's contract).
 */
export function autoscalerPolicy(clusterName: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Discover",
        Effect: "Allow",
        Action: [
          "autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeLaunchConfigurations",
          "autoscaling:DescribeScalingActivities", "ec2:DescribeImages", "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplateVersions",
          "ec2:GetInstanceTypesFromInstanceRequirements", "eks:DescribeNodegroup",
        ],
        Resource: "*",
      },
      {
        Sid: "ScaleOwnGroups",
        Effect: "Allow",
        Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
        Resource: "*",
        Condition: { StringLike: { [`aws:ResourceTag/${discoveryTags(clusterName)[1]}`]: "*" } },
      },
    ],
  });
}

const labels = { "app.kubernetes.io/name": AUTOSCALER_NAME, "app.kubernetes.io/managed-by": "paved" };
// Fresh labels per object: a transform may change them in place.
const metadata = (namespaced: boolean) => ({ name: AUTOSCALER_NAME, labels: { ...labels }, ...(namespaced ? { namespace: AUTOSCALER_NAMESPACE } : {}) });
const read = ["watch", "list", "get"];

/** The ClusterRole of the upstream example (autodiscover), unchanged. */
export function autoscalerClusterRoleRules(): k8s.types.input.rbac.v1.PolicyRule[] {
  return [
    { apiGroups: [""], resources: ["events", "endpoints"], verbs: ["create", "patch"] },
    { apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"] },
    { apiGroups: [""], resources: ["pods/status"], verbs: ["update"] },
    { apiGroups: [""], resources: ["endpoints"], resourceNames: [AUTOSCALER_NAME], verbs: ["get", "update"] },
    { apiGroups: [""], resources: ["nodes"], verbs: [...read, "update"] },
    { apiGroups: [""], resources: ["namespaces", "pods", "services", "replicationcontrollers", "persistentvolumeclaims", "persistentvolumes"], verbs: read },
    { apiGroups: ["extensions"], resources: ["replicasets", "daemonsets"], verbs: read },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: ["watch", "list"] },
    { apiGroups: ["apps"], resources: ["statefulsets", "replicasets", "daemonsets"], verbs: read },
    { apiGroups: ["resource.k8s.io"], resources: ["deviceclasses", "resourceslices", "resourceclaims"], verbs: read },
    { apiGroups: ["storage.k8s.io"], resources: ["storageclasses", "csinodes", "csidrivers", "csistoragecapacities", "volumeattachments"], verbs: read },
    { apiGroups: ["batch", "extensions"], resources: ["jobs"], verbs: ["get", "list", "watch", "patch"] },
    { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create"] },
    { apiGroups: ["coordination.k8s.io"], resourceNames: [AUTOSCALER_NAME], resources: ["leases"], verbs: ["get", "update"] },
  ];
}

/** The namespaced Role of the upstream example: its status and priority-expander ConfigMaps. */
export function autoscalerRoleRules(): k8s.types.input.rbac.v1.PolicyRule[] {
  return [
    { apiGroups: [""], resources: ["configmaps"], verbs: ["create", "list", "watch"] },
    { apiGroups: [""], resources: ["configmaps"], resourceNames: ["cluster-autoscaler-status", "cluster-autoscaler-priority-expander"], verbs: ["delete", "get", "update", "watch"] },
  ];
}

export const autoscalerMetadata = metadata;

/**
 * The Deployment: the upstream example's flags, hardened to PSS "restricted" (the image is
 * distroless/static:nonroot, which carries its CA bundle, so the example's hostPath mount is
 * dropped). AWS_REGION is set because pods cannot reach IMDS (hop limit 1); credentials come from
 * Pod Identity. Local-storage pods (our workloads' emptyDir /tmp) must not block scale-down.
 */
export function autoscalerDeploymentSpec(o: { clusterName: string; region: pulumi.Input<string>; image: string }): k8s.types.input.apps.v1.DeploymentSpec {
  const [enabled, owned] = discoveryTags(o.clusterName);
  return {
    replicas: 1,
    selector: { matchLabels: { ...labels } },
    template: {
      metadata: { labels: { ...labels } },
      spec: {
        priorityClassName: "system-cluster-critical",
        serviceAccountName: AUTOSCALER_NAME,
        securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } },
        containers: [{
          name: AUTOSCALER_NAME,
          image: o.image,
          command: [
            "/cluster-autoscaler", "--cloud-provider=aws", `--node-group-auto-discovery=asg:tag=${enabled},${owned}`,
            "--expander=least-waste", "--balance-similar-node-groups", "--skip-nodes-with-local-storage=false", "--stderrthreshold=info", "--v=2",
          ],
          env: [{ name: "AWS_REGION", value: o.region }],
          resources: { requests: { cpu: "100m", memory: "600Mi" }, limits: { memory: "600Mi" } },
          securityContext: {
            runAsNonRoot: true, runAsUser: 65534, allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
          },
        }],
      },
    },
  };
}
