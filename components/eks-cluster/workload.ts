import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../../src/alarms";
import { ArgError } from "../../src/errors";
import { validateWorkloadArgs, type WorkloadArgs } from "./workload-validate";
import { crashLoopAlarm } from "./workload-alarms";
import { deploymentSpec, egressPolicySpec, hpaSpec, ingressPolicySpec, pdbSpec, serviceSpec, type WorkloadSpec } from "./workload-spec";

export { validateWorkloadArgs, type WorkloadArgs } from "./workload-validate";
export type { EgressRule } from "./workload-spec";

/**
 * A stateless HTTP workload: Deployment (its replica count left to the HPA), Service,
 * HorizontalPodAutoscaler (CPU 70 %, memory 80 %, fed by metrics-server),
 * PodDisruptionBudget and NetworkPolicies (ingress to its port, egress to the given
 * destinations), hardened to the Pod Security Standards "restricted" profile.
 * Asking for root or privilege is an error.
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
    // The namespace denies everything but DNS; these open the workload's port and its egress.
    const sources = { namespaces: args.ingress?.namespaces ?? [], cidrs: args.ingress?.cidrs ?? [] };
    new k8s.networking.v1.NetworkPolicy(`${name}-ingress`, { metadata: { ...metadata, name: `${name}-ingress` }, spec: ingressPolicySpec(w, sources) }, child);
    if ((args.egress ?? []).length > 0) {
      new k8s.networking.v1.NetworkPolicy(`${name}-egress`, { metadata: { ...metadata, name: `${name}-egress` }, spec: egressPolicySpec(w, args.egress ?? []) }, child);
    }
    this.serviceName = name;
    this.alarms = args.clusterName === undefined ? [] : [crashLoopAlarm({ workload: name, namespace: args.namespace, clusterName: args.clusterName })];
    this.registerOutputs({});
  }
}
