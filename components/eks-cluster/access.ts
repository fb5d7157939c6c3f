/**
 * Pure rules of EksCluster's access model: who gets an access entry with which
 * EKS access policy, and how the API endpoint is reached.
 */
import { contains, parseCidr, size } from "../../src/cidr";
import { issue, type Issue } from "../../src/issues";
import type { EksApiAccess } from "./args";

/**
 * EKS access policies (not IAM policies): `arn:<partition>:eks::aws:cluster-access-policy/<name>`.
 * Source: EKS User Guide, "Review access policy permissions" (access-policy-reference.adoc),
 * https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html
 */
export const ACCESS_POLICIES = { admin: "AmazonEKSClusterAdminPolicy", view: "AmazonEKSViewPolicy" } as const;
export type AccessLevel = keyof typeof ACCESS_POLICIES;

export function accessPolicyArn(partition: string, level: AccessLevel): string {
  return `arn:${partition}:eks::aws:cluster-access-policy/${ACCESS_POLICIES[level]}`;
}

/**
 * An IAM role ARN: `arn:<partition>:iam::<12-digit account>:role/<path><name>`.
 * Name: 1–64 of `[\w+=,.@-]`; path: `/` or `/…/` of printable ASCII (\u0021–\u007E), at most 512.
 * Sources: IAM User Guide "IAM identifiers" (ARN format) and the IAM API Reference, CreateRole
 * (RoleName and Path patterns). Access entries take a role ARN with a path, never an STS
 * assumed-role ARN (EKS User Guide, "Grant IAM users access to Kubernetes with EKS access entries").
 */
const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role(\/|\/[\x21-\x7E]{1,510}\/)([\w+=,.@-]{1,64})$/;
export const ROLE_EXAMPLE = "an IAM role ARN such as \"arn:aws:iam::123456789012:role/platform-deploy\"";

/** Why `value` is not a role ARN an access entry takes (the allowed half of the message), or undefined. */
export function roleArnProblem(value: string): string | undefined {
  if (/^arn:[^:]+:sts::\d+:assumed-role\//.test(value)) return `${ROLE_EXAMPLE}: the role itself, not an assumed-role session`;
  return ROLE_ARN.test(value) ? undefined : ROLE_EXAMPLE;
}

/** Who gets an access entry. Only plain strings can be compared before the deploy. */
export interface AccessGrants {
  readonly deployRoleArn?: unknown;
  readonly adminRoleArns?: readonly unknown[];
  readonly viewRoleArns?: readonly unknown[];
}

/**
 * A role listed twice ("An IAM principal can't be included in more than one access entry":
 * EKS User Guide, grant-k8s-access.adoc, "Create access entries"). The ARNs' form is the schema's.
 */
export function duplicateGrants(g: AccessGrants): Issue[] {
  const out: Issue[] = [];
  const seen = new Map<string, string>();
  if (typeof g.deployRoleArn === "string") seen.set(g.deployRoleArn, "deployRoleArn");
  for (const key of ["adminRoleArns", "viewRoleArns"] as const) {
    (g[key] ?? []).forEach((arn, i) => {
      const path = `${key}[${i}]`;
      if (typeof arn !== "string") return; // an Output: known only at deploy time
      const first = seen.get(arn);
      if (first) out.push(issue(path, arn, `a role not already in ${first} (EKS allows one access entry per principal)`));
      else seen.set(arn, path);
    });
  }
  return out;
}

/**
 * IPv4 special-purpose blocks (IANA registry, RFC 6890; "reserved addresses" the EKS User Guide
 * says a public access CIDR cannot include: cluster-endpoint.adoc). RFC 1918 and shared space
 * reach the private endpoint instead.
 */
const RESERVED = [
  "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
  "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
].map((t) => parseCidr(t)!);

export const PUBLIC_CIDR = "an IPv4 CIDR such as \"192.30.252.0/22\"";

/** Why `cidr` may not reach the public endpoint (the allowed half of the message), or undefined. */
export function publicCidrProblem(cidr: string): string | undefined {
  const c = parseCidr(cidr);
  if (!c) return PUBLIC_CIDR;
  if (c.base % size(c) !== 0) return "a CIDR on its network boundary (no host bits set)";
  if (c.prefix === 0) return "a specific public CIDR (never 0.0.0.0/0)";
  if (RESERVED.some((r) => contains(r, c) || contains(c, r))) return "a public CIDR outside private and reserved ranges (private ranges reach the private endpoint)";
  return undefined;
}

/** The cluster's endpoint settings for an access mode; the private endpoint is always on (nodes use it). */
export function endpointConfig(access: EksApiAccess): { endpointPrivateAccess: true; endpointPublicAccess: boolean; publicAccessCidrs?: string[] } {
  return access.mode === "public"
    ? { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: [...access.cidrs] }
    : { endpointPrivateAccess: true, endpointPublicAccess: false };
}
