/**
 * The fidelity suite: every planned resource of the three stacks checked against
 * facts from AWS and Kubernetes (test/fidelity/facts and the registry packages the
 * checks read), not against our own code. Each check is proven able to fail in
 * checks.test.ts.
 */
import { program } from "../../stacks/program";
import { planStack } from "../../src/testing";
import type { RecordedResource } from "../../src/testing";
import { REPO } from "../helpers/project";
import { CHECKS, iamActions } from "./checks";
import { policyDocuments } from "./checks/iam";
import { alarmMetrics } from "./checks/metrics";
import { constrainedValueCount } from "./checks/api-constraints";

const plans = new Map<string, Promise<readonly RecordedResource[]>>();
// Resolved: ARNs and names the checks compare are computed outputs, unknown in a preview.
const resourcesOf = (stack: string) => {
  if (!plans.has(stack)) plans.set(stack, planStack({ dir: REPO, stack, program, mode: "resolve" }).then((p) => p.all()));
  return plans.get(stack)!;
};

describe.each(["dev", "staging", "prod"])("stack %s", (stack) => {
  test.each(Object.keys(CHECKS))("%s", async (name) => {
    expect(CHECKS[name]!(await resourcesOf(stack))).toEqual([]);
  });

  test("iamActions", async () => {
    expect(await iamActions(await resourcesOf(stack))).toEqual([]);
  });

  test("the checks had something to read (a plan without alarms or policies would pass them all)", async () => {
    const resources = await resourcesOf(stack);
    expect(resources.flatMap(policyDocuments).length).toBeGreaterThan(15);
    expect(resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm").flatMap((a) => alarmMetrics(a).metrics).length).toBeGreaterThan(20);
    expect(resources.filter((r) => r.type.startsWith("kubernetes:")).length).toBeGreaterThan(5);
    expect(constrainedValueCount(resources)).toBeGreaterThan(100);
  });
});
