import type * as k8s from "@pulumi/kubernetes";

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

export function labelsOf(name: string): Record<string, string> {
  return { "app.kubernetes.io/name": name, "app.kubernetes.io/managed-by": "paved" };
}

export function deploymentSpec(w: WorkloadSpec): k8s.types.input.apps.v1.DeploymentSpec {
  const labels = labelsOf(w.name);
  const probe = (initialDelaySeconds: number) => ({ httpGet: { path: w.healthPath, port: "http" }, initialDelaySeconds, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 });
  return {
    replicas: w.replicas.min,
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
  return { type: "ClusterIP", selector: labelsOf(w.name), ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }] };
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
