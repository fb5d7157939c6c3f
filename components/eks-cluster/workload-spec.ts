import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Pure builders of a Workload's Kubernetes objects: PSS "restricted" security
 * contexts, resources, probes, zone spreading, a 25 %/25 % rolling update.
 */
export interface WorkloadSpec {
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly port: number;
  readonly replicas: { readonly min: number; readonly max: number };
  readonly runAsUser: number;
  readonly cpu: string;
  readonly memory: string;
  readonly cpuLimit?: string;
  readonly memoryLimit: string;
  readonly healthPath: string;
  readonly env: Readonly<Record<string, string>>;
}

/** A destination outside the cluster that a workload's pods may connect to. */
export interface EgressRule {
  /** What it is, e.g. "database": names the rule in errors. */
  readonly name: string;
  readonly cidrs: readonly string[];
  readonly port: pulumi.Input<number>;
  /** @default "TCP" */
  readonly protocol?: "TCP" | "UDP";
}

/** Who may open connections to the workload's port, besides pods of its own namespace. */
export interface IngressSources {
  readonly namespaces: readonly string[];
  readonly cidrs: readonly string[];
}

export function labelsOf(name: string): Record<string, string> {
  return { "app.kubernetes.io/name": name, "app.kubernetes.io/managed-by": "paved" };
}

export function deploymentSpec(w: WorkloadSpec): k8s.types.input.apps.v1.DeploymentSpec {
  const labels = labelsOf(w.name);
  const probe = (initialDelaySeconds: number) => ({ httpGet: { path: w.healthPath, port: "http" }, initialDelaySeconds, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 });
  // No `replicas`: the HPA owns the count, and a pinned value would reset it on every deploy.
  return {
    selector: { matchLabels: labels },
    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } },
    template: {
      metadata: { labels },
      spec: {
        automountServiceAccountToken: false,
        securityContext: { runAsNonRoot: true, runAsUser: w.runAsUser, runAsGroup: w.runAsUser, fsGroup: w.runAsUser, seccompProfile: { type: "RuntimeDefault" } },
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: labels } },
          { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: labels } },
        ],
        containers: [{
          name: w.name,
          image: w.image,
          ports: [{ name: "http", containerPort: w.port, protocol: "TCP" }],
          env: Object.entries(w.env).map(([name, value]) => ({ name, value })),
          resources: {
            requests: { cpu: w.cpu, memory: w.memory },
            limits: { memory: w.memoryLimit, ...(w.cpuLimit ? { cpu: w.cpuLimit } : {}) },
          },
          securityContext: {
            runAsNonRoot: true,
            runAsUser: w.runAsUser,
            allowPrivilegeEscalation: false,
            privileged: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
          },
          readinessProbe: probe(5),
          livenessProbe: probe(15),
          volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
        }],
        volumes: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }],
      },
    },
  };
}

export function serviceSpec(w: WorkloadSpec): k8s.types.input.core.v1.ServiceSpec {
  // The service port equals the container port: the VPC CNI enforces NetworkPolicies only then
  // (EKS User Guide, cni-network-policy considerations: "the service port must be the same as the container port").
  return { type: "ClusterIP", selector: labelsOf(w.name), ports: [{ name: "http", port: w.port, targetPort: "http", protocol: "TCP" }] };
}

export function hpaSpec(w: WorkloadSpec): k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerSpec {
  const target = (name: string, utilization: number) => ({ type: "Resource", resource: { name, target: { type: "Utilization", averageUtilization: utilization } } });
  return {
    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: w.name },
    minReplicas: w.replicas.min,
    maxReplicas: w.replicas.max,
    metrics: [target("cpu", 70), target("memory", 80)],
    behavior: { scaleDown: { stabilizationWindowSeconds: 300 }, scaleUp: { stabilizationWindowSeconds: 0 } },
  };
}

export function pdbSpec(w: WorkloadSpec): k8s.types.input.policy.v1.PodDisruptionBudgetSpec {
  return w.replicas.min > 1
    ? { minAvailable: Math.max(1, Math.floor(w.replicas.min / 2)), selector: { matchLabels: labelsOf(w.name) } }
    : { maxUnavailable: 1, selector: { matchLabels: labelsOf(w.name) } };
}

/**
 * Ingress to the workload's port: from pods of its own namespace (its callers; the Service is
 * ClusterIP, so nothing outside the cluster reaches it unless a load balancer targets pod IPs,
 * which `sources.cidrs` is for), plus the namespaces and CIDRs given. Kubelet probes come from the
 * node's IP, which the VPC CNI's policy agent always allows (aws/aws-network-policy-agent PR #65).
 */
export function ingressPolicySpec(w: WorkloadSpec, sources: IngressSources): k8s.types.input.networking.v1.NetworkPolicySpec {
  return {
    podSelector: { matchLabels: labelsOf(w.name) },
    policyTypes: ["Ingress"],
    ingress: [{
      from: [
        { podSelector: {} },
        ...sources.namespaces.map((ns) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } })),
        ...sources.cidrs.map((cidr) => ({ ipBlock: { cidr } })),
      ],
      ports: [{ protocol: "TCP", port: w.port }],
    }],
  };
}

/** Egress from the workload's pods to each destination's CIDRs on its port; DNS is the namespace's allow-dns. */
export function egressPolicySpec(w: WorkloadSpec, rules: readonly EgressRule[]): k8s.types.input.networking.v1.NetworkPolicySpec {
  return {
    podSelector: { matchLabels: labelsOf(w.name) },
    policyTypes: ["Egress"],
    egress: rules.map((r) => ({ to: r.cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: r.protocol ?? "TCP", port: r.port }] })),
  };
}
