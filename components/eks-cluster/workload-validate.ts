import { parseCidr, size } from "../../src/cidr";
import { issue, type Issue } from "../../src/issues";
import type { WorkloadArgs } from "./workload-args";

export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const IP_BLOCK = "an IPv4 CIDR on its network boundary, such as \"10.30.128.0/21\"";

/**
 * Why `text` is not an ipBlock CIDR (the allowed half of the message), or undefined: IPv4 (the
 * cluster is IPv4; the VPC CNI ignores IPv6 rules there), no host bits, not 0.0.0.0/0.
 */
export function ipBlockProblem(text: string): string | undefined {
  const c = parseCidr(text);
  if (!c || c.base % size(c) !== 0) return IP_BLOCK;
  return c.prefix === 0 ? "a specific CIDR (never 0.0.0.0/0)" : undefined;
}

/**
 * The Workload's checks of what its settings schema cannot hold: the egress rules, whose ports
 * may be outputs (a data service's port) and which the stack builds, not the stack file.
 */
export function validateWorkload(args: WorkloadArgs): Issue[] {
  const out: Issue[] = [];
  (args.egress ?? []).forEach((r, i) => {
    if (!DNS_LABEL.test(r?.name ?? "")) out.push(issue(`egress[${i}].name`, r?.name, "a lower-case name such as \"database\""));
    if (!Array.isArray(r?.cidrs) || r.cidrs.length === 0) out.push(issue(`egress[${i}].cidrs`, r?.cidrs, "at least one IPv4 CIDR"));
    else {
      r.cidrs.forEach((c, j) => {
        const problem = typeof c === "string" ? ipBlockProblem(c) : IP_BLOCK;
        if (problem !== undefined) out.push(issue(`egress[${i}].cidrs[${j}]`, c, problem));
      });
    }
    if (typeof r?.port === "number" && (!Number.isInteger(r.port) || r.port < 1 || r.port > 65535)) out.push(issue(`egress[${i}].port`, r.port, "an integer 1–65535"));
    if (r?.protocol !== undefined && r.protocol !== "TCP" && r.protocol !== "UDP") out.push(issue(`egress[${i}].protocol`, r.protocol, "\"TCP\" or \"UDP\""));
  });
  return out;
}
