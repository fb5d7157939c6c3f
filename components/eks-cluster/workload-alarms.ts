import type * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../../src/alarms";

/**
 * The crash-loop alarm of a Workload: new container restarts, summed over its pods.
 *
 * `pod_number_of_container_restarts` (namespace ContainerInsights, dimensions PodName, Namespace,
 * ClusterName: CloudWatch User Guide, "Amazon EKS and Kubernetes Container Insights metrics") is
 * not a running total: the CloudWatch agent emits, per pod and collection, the restarts since its
 * previous collection (never negative): amazon-contributing/opentelemetry-collector-contrib and
 * open-telemetry/opentelemetry-collector-contrib, receiver/awscontainerinsightreceiver/internal/stores/
 * podstore.go `addStatus` (also aws/amazon-cloudwatch-agent plugins/processors/k8sdecorator/stores/podstore.go).
 * So the increase over a window is its Sum, which drops back to 0 when restarts stop (the alarm
 * clears); Maximum of a per-minute delta hardly ever exceeds 1 and would never fire.
 * PodName is the Deployment's name for Deployment pods (podstore.go `addPodOwnersAndPodName`).
 *
 * Fires when containers restarted in each of two consecutive 10-minute windows: a crash loop
 * backs off to one restart every 5 minutes (plus start-up time), so every window of a sustained
 * loop has at least one; a single restart (an OOM, a node drain) does not page.
 */
export function crashLoopAlarm(o: { workload: string; namespace: string; clusterName: pulumi.Input<string> }): AlarmSpec {
  return {
    id: `crash-loop-${o.workload}`,
    description: `${o.workload}: containers restarting in each of the last two 10-minute windows (crash loop)`,
    namespace: "ContainerInsights",
    metricName: "pod_number_of_container_restarts",
    dimensions: { ClusterName: o.clusterName, Namespace: o.namespace, PodName: o.workload },
    statistic: "Sum",
    periodSeconds: 600,
    evaluationPeriods: 2,
    threshold: 1,
    comparison: "GreaterThanOrEqualToThreshold",
    severity: "page",
    treatMissingData: "notBreaching",
  };
}
