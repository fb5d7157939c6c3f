import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../../src/alarms";
import { ArgError } from "../../src/errors";
import { validateWorkloadArgs, type WorkloadArgs } from "./workload-validate";
import { deploymentSpec, hpaSpec, pdbSpec, serviceSpec, type WorkloadSpec } from "./workload-spec";

export { validateWorkloadArgs, type WorkloadArgs } from "./workload-validate";


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
