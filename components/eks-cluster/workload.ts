import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../../src/alarms";
import { PavedComponent, type CommonArgs } from "../../src/component";
import type { WorkloadArgs, WorkloadTransforms } from "./workload-args";
import { crashLoopAlarm } from "./workload-alarms";
import { WORKLOAD_SETTINGS, type WorkloadSettings } from "./workload-settings";
import { deploymentSpec, egressPolicySpec, hpaSpec, ingressPolicySpec, labelsOf, pdbSpec, serviceSpec, type WorkloadSpec } from "./workload-spec";
import { validateWorkload } from "./workload-validate";

// `& Partial<CommonArgs>`: the base reads environment, service and tags, which a Workload never has
// (WorkloadArgs alone shares no key with them, and TypeScript rejects such a "weak" match).
/**
 * A stateless HTTP workload: Deployment (its replica count left to the HPA), Service,
 * HorizontalPodAutoscaler (CPU 70 %, memory 80 %, fed by metrics-server),
 * PodDisruptionBudget and NetworkPolicies (ingress to its port, egress to the given
 * destinations), hardened to the Pod Security Standards "restricted" profile.
 * Asking for root or privilege is an error.
 */
export class Workload extends PavedComponent<WorkloadSettings, WorkloadTransforms, WorkloadArgs & Partial<CommonArgs>> {
  public readonly serviceName: string;
  /** Pod crash loops (Container Insights), as data for MonitoringStack; empty without clusterName. */
  public readonly alarms: readonly AlarmSpec[];

  constructor(name: string, args: WorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
    // No environment: the presets are equal, and the children are Kubernetes objects (no AWS provider to check).
    super({ type: "paved:k8s:Workload", settings: WORKLOAD_SETTINGS, validate: validateWorkload, defaultEnvironment: "prod", aws: false }, name, args, opts);
    const s = this.settings;
    const w: WorkloadSpec = {
      name, namespace: args.namespace, image: args.image, port: args.port,
      replicas: s.replicas, runAsUser: s.runAsUser,
      cpu: s.cpu, memory: s.memory, memoryLimit: s.memory,
      healthPath: s.healthPath, env: s.env,
    };
    // Fresh metadata per child: a transform may change it in place.
    const metadata = (objectName = name) => ({ name: objectName, namespace: args.namespace, labels: labelsOf(name) });
    const deployment = this.create("deployment", k8s.apps.v1.Deployment, `${name}-deployment`, { metadata: metadata(), spec: deploymentSpec(w) });
    this.create("service", k8s.core.v1.Service, `${name}-service`, { metadata: metadata(), spec: serviceSpec(w) });
    this.create("horizontalPodAutoscaler", k8s.autoscaling.v2.HorizontalPodAutoscaler, `${name}-hpa`, { metadata: metadata(), spec: hpaSpec(w) },
      this.child({ dependsOn: [deployment] }));
    this.create("podDisruptionBudget", k8s.policy.v1.PodDisruptionBudget, `${name}-pdb`, { metadata: metadata(), spec: pdbSpec(w) });
    // The namespace denies everything but DNS; these open the workload's port and its egress.
    this.create("ingressPolicy", k8s.networking.v1.NetworkPolicy, `${name}-ingress`, { metadata: metadata(`${name}-ingress`), spec: ingressPolicySpec(w, s.ingress) });
    if ((args.egress ?? []).length > 0) {
      this.create("egressPolicy", k8s.networking.v1.NetworkPolicy, `${name}-egress`, { metadata: metadata(`${name}-egress`), spec: egressPolicySpec(w, args.egress ?? []) });
    }
    this.serviceName = name;
    this.alarms = args.clusterName === undefined ? [] : [crashLoopAlarm({ workload: name, namespace: args.namespace, clusterName: args.clusterName })];
    this.registerOutputs({});
  }
}
