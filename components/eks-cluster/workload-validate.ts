import type * as pulumi from "@pulumi/pulumi";
import { checkInt, issue, type Issue } from "../../src/issues";

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
  /** Rejected when true: workloads never run privileged. @default false */
  readonly privileged?: boolean;
  /** Rejected when true: workloads never escalate privileges. @default false */
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

