import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../../src/alarms";
import { ArgError } from "../../src/errors";
import { checkInt, issue, type Issue } from "../../src/issues";
import { deploymentSpec, hpaSpec, pdbSpec, serviceSpec, type WorkloadSpec } from "./workload-spec";

export interface WorkloadArgs {
  /** Namespace to run in (one of EksCluster's restricted namespaces). */
  readonly namespace: string;
  readonly image: string;
  /** Container port, 1–65535. */
  readonly port: number;
  /** @default { min: 2, max: 6 } */
  readonly replicas?: { readonly min: number; readonly max: number };
  /** Non-zero uid the container runs as. @default 10001 */
  readonly runAsUser?: number;
  /** CPU request. @default "250m" */
  readonly cpu?: string;
  /** Memory request and limit. @default "256Mi" */
  readonly memory?: string;
  /** Readiness and liveness probe path. @default "/health" */
  readonly healthPath?: string;
  /** Plain environment variables. @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** Rejected: workloads never run privileged. */
  readonly privileged?: boolean;
  /** Rejected: workloads never escalate privileges. */
  readonly allowPrivilegeEscalation?: boolean;
  /** The cluster's name, for the crash-loop alarm's dimensions. @default none: no alarm */
  readonly clusterName?: pulumi.Input<string>;
}

const QUANTITY = /^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/;

export function validateWorkloadArgs(args: WorkloadArgs): Issue[] {
  const out: Issue[] = [];
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(args.namespace ?? "")) out.push(issue("namespace", args.namespace, "a namespace name"));
  if (typeof args.image !== "string" || args.image === "") out.push(issue("image", args.image, "an image reference"));
  if (!Number.isInteger(args.port) || args.port < 1 || args.port > 65535) out.push(issue("port", args.port, "an integer 1–65535"));
  if (args.runAsUser !== undefined && (!Number.isInteger(args.runAsUser) || args.runAsUser <= 0)) {
    out.push(issue("runAsUser", args.runAsUser, "a non-zero uid (workloads never run as root)"));
  }
  if (args.privileged === true) out.push(issue("privileged", true, "false (workloads never run privileged)"));
  if (args.allowPrivilegeEscalation === true) out.push(issue("allowPrivilegeEscalation", true, "false"));
  if (args.replicas) {
    out.push(...checkInt("replicas.min", args.replicas.min, 1, 1000), ...checkInt("replicas.max", args.replicas.max, 1, 1000));
    if (args.replicas.min > args.replicas.max) out.push(issue("replicas.min", args.replicas.min, `at most replicas.max (${args.replicas.max})`));
  }
  for (const [k, v] of [["cpu", args.cpu], ["memory", args.memory]] as const) if (v !== undefined && !QUANTITY.test(v)) out.push(issue(k, v, "a Kubernetes quantity such as \"250m\" or \"256Mi\""));
  return out;
}

/**
 * A stateless HTTP workload: Deployment, Service, HorizontalPodAutoscaler
 * (CPU 70 %, memory 80 %) and PodDisruptionBudget, hardened to the Pod
 * Security Standards "restricted" profile. Asking for root or privilege is an error.
 */
export class Workload extends pulumi.ComponentResource {
  public readonly serviceName: string;
  /** Pod crash loops (Container Insights), as data for MonitoringStack; empty without clusterName. */
  public readonly alarms: readonly AlarmSpec[];

  constructor(name: string, args: WorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
    const issues = validateWorkloadArgs(args);
    if (issues.length > 0) throw new ArgError("Workload", name, issues.map((i) => `${i.path}: ${i.message}`));
    super("paved:k8s:Workload", name, {}, opts);
    const w: WorkloadSpec = {
      name, namespace: args.namespace, image: args.image, port: args.port,
      replicas: args.replicas ?? { min: 2, max: 6 }, runAsUser: args.runAsUser ?? 10001,
      cpu: args.cpu ?? "250m", memory: args.memory ?? "256Mi", memoryLimit: args.memory ?? "256Mi",
      healthPath: args.healthPath ?? "/health", env: args.env ?? {},
    };
    const metadata = { name, namespace: args.namespace, labels: { "app.kubernetes.io/name": name, "app.kubernetes.io/managed-by": "paved" } };
    const child = { parent: this };
    const deployment = new k8s.apps.v1.Deployment(`${name}-deployment`, { metadata, spec: deploymentSpec(w) }, child);
    new k8s.core.v1.Service(`${name}-service`, { metadata, spec: serviceSpec(w) }, child);
    new k8s.autoscaling.v2.HorizontalPodAutoscaler(`${name}-hpa`, { metadata, spec: hpaSpec(w) }, { ...child, dependsOn: [deployment] });
    new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, { metadata, spec: pdbSpec(w) }, child);
    this.serviceName = name;
    this.alarms = args.clusterName === undefined ? [] : [{
      id: `crash-loop-${name}`, description: `${name}: containers restarting (crash loop)`,
      namespace: "ContainerInsights", metricName: "pod_number_of_container_restarts",
      dimensions: { ClusterName: args.clusterName, Namespace: args.namespace, PodName: name },
      statistic: "Maximum", periodSeconds: 300, evaluationPeriods: 2, threshold: 3, comparison: "GreaterThanThreshold",
      severity: "page", treatMissingData: "notBreaching",
    }];
    this.registerOutputs({});
  }
}
