import type * as pulumi from "@pulumi/pulumi";
import { checkInt, issue, type Issue } from "../../src/issues";
import { parseCidr, size } from "../vpc/cidr";
import type { EgressRule } from "./workload-spec";

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
  /**
   * Who else may connect to `port` (a NetworkPolicy; the namespace denies all other ingress).
   * Pods of the workload's own namespace always may.
   * @default only pods of the same namespace, in every environment
   */
  readonly ingress?: { readonly namespaces?: readonly string[]; readonly cidrs?: readonly string[] };
  /**
   * Destinations outside the cluster the pods may connect to, e.g. the database and cache
   * subnets on their ports (a NetworkPolicy; the namespace denies all other egress but DNS).
   * @default none: DNS only, in every environment
   */
  readonly egress?: readonly EgressRule[];
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
  (args.ingress?.namespaces ?? []).forEach((ns, i) => { if (!DNS_LABEL.test(ns ?? "")) out.push(issue(`ingress.namespaces[${i}]`, ns, "a namespace name")); });
  (args.ingress?.cidrs ?? []).forEach((c, i) => out.push(...checkCidr(`ingress.cidrs[${i}]`, c)));
  (args.egress ?? []).forEach((r, i) => {
    if (!DNS_LABEL.test(r?.name ?? "")) out.push(issue(`egress[${i}].name`, r?.name, "a lower-case name such as \"database\""));
    if (!Array.isArray(r?.cidrs) || r.cidrs.length === 0) out.push(issue(`egress[${i}].cidrs`, r?.cidrs, "at least one IPv4 CIDR"));
    else r.cidrs.forEach((c, j) => out.push(...checkCidr(`egress[${i}].cidrs[${j}]`, c)));
    if (typeof r?.port === "number" && (!Number.isInteger(r.port) || r.port < 1 || r.port > 65535)) out.push(issue(`egress[${i}].port`, r.port, "an integer 1–65535"));
    if (r?.protocol !== undefined && r.protocol !== "TCP" && r.protocol !== "UDP") out.push(issue(`egress[${i}].protocol`, r.protocol, "\"TCP\" or \"UDP\""));
  });
  return out;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** An ipBlock CIDR: IPv4 (the cluster is IPv4; the VPC CNI ignores IPv6 rules there), no host bits, not 0.0.0.0/0. */
function checkCidr(path: string, text: unknown): Issue[] {
  const c = typeof text === "string" ? parseCidr(text) : undefined;
  if (!c || c.base % size(c) !== 0) return [issue(path, text, "an IPv4 CIDR on its network boundary, such as \"10.30.128.0/21\"")];
  return c.prefix === 0 ? [issue(path, text, "a specific CIDR (never 0.0.0.0/0)")] : [];
}

