import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Transform } from "../../src/transform";
import type { EgressRule } from "./workload-spec";

export type { EgressRule } from "./workload-spec";

/** One escape hatch per child role, run after the defaults and before the child is created. */
export interface WorkloadTransforms {
  deployment?: Transform<k8s.apps.v1.DeploymentArgs>;
  service?: Transform<k8s.core.v1.ServiceArgs>;
  horizontalPodAutoscaler?: Transform<k8s.autoscaling.v2.HorizontalPodAutoscalerArgs>;
  podDisruptionBudget?: Transform<k8s.policy.v1.PodDisruptionBudgetArgs>;
  ingressPolicy?: Transform<k8s.networking.v1.NetworkPolicyArgs>;
  egressPolicy?: Transform<k8s.networking.v1.NetworkPolicyArgs>;
}

/**
 * A Workload's args. No `environment`, `service` or `tags`: its defaults do not vary by
 * environment, and Kubernetes objects carry labels, not AWS tags.
 */
export interface WorkloadArgs {
  /** Namespace to run in (one of EksCluster's restricted namespaces). */
  readonly namespace: string;
  readonly image: string;
  /** Container port, 1–65535. */
  readonly port: number;
  /** How many pods the HorizontalPodAutoscaler keeps. @default { min: 2, max: 6 } in every environment */
  readonly replicas?: {
    /** @default 2 in every environment */
    readonly min?: number;
    /** @default 6 in every environment */
    readonly max?: number;
  };
  /** Non-zero uid the container runs as. @default 10001 in every environment */
  readonly runAsUser?: number;
  /** CPU request. @default "250m" in every environment */
  readonly cpu?: string;
  /** Memory request and limit. @default "256Mi" in every environment */
  readonly memory?: string;
  /** Readiness and liveness probe path. @default "/health" in every environment */
  readonly healthPath?: string;
  /** Plain environment variables. @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** Rejected when true: workloads never run privileged. @default false in every environment */
  readonly privileged?: boolean;
  /** Rejected when true: workloads never escalate privileges. @default false in every environment */
  readonly allowPrivilegeEscalation?: boolean;
  /** The cluster's name, for the crash-loop alarm's dimensions. @default none: no alarm */
  readonly clusterName?: pulumi.Input<string>;
  /**
   * Who else may connect to `port` (a NetworkPolicy; the namespace denies all other ingress).
   * Pods of the workload's own namespace always may.
   * @default only pods of the same namespace, in every environment
   */
  readonly ingress?: {
    /** Other namespaces whose pods may connect. @default none */
    readonly namespaces?: readonly string[];
    /** CIDRs that may connect, e.g. a load balancer's subnets. @default none */
    readonly cidrs?: readonly string[];
  };
  /**
   * Destinations outside the cluster the pods may connect to, e.g. the database and cache
   * subnets on their ports (a NetworkPolicy; the namespace denies all other egress but DNS).
   * @default none: DNS only, in every environment
   */
  readonly egress?: readonly EgressRule[];
  /** Per-child escape hatches, run after the defaults and before each child is created. */
  readonly transform?: WorkloadTransforms;
}
