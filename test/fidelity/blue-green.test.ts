/**
 * ECS-native blue/green, canary and linear deployments move production traffic from one
 * target group to the other on every deployment (the alternate group becomes production:
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-how-it-works.html).
 * This test plays two deployments in a row on the planned listener rule and checks that
 * every alarm of the service (its recommended alarms and its own deployment alarms) and
 * every scaling policy still watches live traffic: through load-balancer-level metrics,
 * or through every target group that carries traffic.
 *
 * It also checks each AWS/ApplicationELB metric is used with a dimension set ALB publishes,
 * so that "dropping the TargetGroup dimension" cannot pass for a host count that has none.
 */
import * as pulumi from "@pulumi/pulumi";
import { EcsService, type DeployStrategy, type EcsServiceArgs } from "../../components/ecs-service";
import { ALL_PACKS } from "../../policies/rules";
import type { AlarmSpec } from "../../src/alarms";
import { record, type Plan, type RecordedResource } from "../../src/testing";

/*
 * Dimension sets AWS/ApplicationELB publishes, per metric (sorted names). Source:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 * ("Metric dimensions for Application Load Balancers" and each metric's Dimensions), as
 * listed by aws-cdk-lib's generated ApplicationELBMetrics (elasticloadbalancingv2-canned-metrics).
 * Checked 2026-12. Host counts exist only per target group; ELB-generated 5xx never are.
 */
const LB = "LoadBalancer", TG = "TargetGroup", AZ = "AvailabilityZone";
const PUBLISHED: Readonly<Record<string, readonly (readonly string[])[]>> = {
  RequestCount: [[LB], [LB, TG]],
  HTTPCode_Target_5XX_Count: [[LB], [AZ, LB], [LB, TG], [AZ, LB, TG]],
  HTTPCode_ELB_5XX_Count: [[LB], [AZ, LB]],
  TargetResponseTime: [[LB], [AZ, LB], [LB, TG], [AZ, LB, TG]],
  HealthyHostCount: [[LB, TG], [AZ, LB, TG]],
  UnHealthyHostCount: [[LB, TG], [AZ, LB, TG]],
  RequestCountPerTarget: [[TG], [LB, TG]],
};

interface MetricRef { readonly namespace: string; readonly metricName: string; readonly dimensions: Readonly<Record<string, string>> }
interface Watcher { readonly what: string; readonly metrics: readonly MetricRef[] }

const network = { vpcId: "vpc-0abc", publicSubnetIds: ["subnet-pub-1", "subnet-pub-2"], privateSubnetIds: ["subnet-app-1", "subnet-app-2"] };
const base = { clusterName: "apps", network, image: { reference: "public.ecr.aws/nginx/nginx:1.27" }, port: 8080, certificate: { arn: "arn:aws:acm:eu-west-1:111122223333:certificate/abc" } };

/** Plans a prod service and resolves its alarm specs (their dimensions are outputs). */
async function planService(strategy: DeployStrategy): Promise<{ plan: Plan; specs: AlarmSpec[] }> {
  let specs: AlarmSpec[] = [];
  const args: EcsServiceArgs = { ...base, environment: "prod", deployment: { strategy } };
  const plan = await record(() => {
    const svc = new EcsService("web", args);
    pulumi.output(svc.alarms as unknown as pulumi.Input<AlarmSpec[]>).apply((resolved) => { specs = resolved as unknown as AlarmSpec[]; });
  }, { mode: "resolve", stack: "prod", config: { "aws:region": "eu-west-1" }, packs: ALL_PACKS });
  return { plan, specs };
}

const ref = (namespace: unknown, metricName: unknown, dimensions: unknown): MetricRef =>
  ({ namespace: String(namespace), metricName: String(metricName), dimensions: (dimensions ?? {}) as Record<string, string> });
const dimsOf = (list: unknown): Record<string, string> =>
  Object.fromEntries(((list ?? []) as Array<{ name: string; value: string }>).map((d) => [d.name, d.value]));

function specWatcher(spec: AlarmSpec): Watcher {
  const metrics = spec.math
    ? Object.values(spec.math.metrics).map((m) => ref(m.namespace, m.metricName, m.dimensions))
    : [ref(spec.namespace, spec.metricName, spec.dimensions)];
  return { what: `alarm spec ${spec.id}`, metrics };
}

function alarmWatcher(alarm: RecordedResource): Watcher {
  const i = alarm.inputs;
  const queries = (i.metricQueries ?? []) as Array<{ metric?: { namespace: string; metricName: string; dimensions?: Record<string, string> } }>;
  const metrics = queries.length > 0
    ? queries.flatMap((q) => q.metric ? [ref(q.metric.namespace, q.metric.metricName, q.metric.dimensions)] : [])
    : [ref(i.namespace, i.metricName, i.dimensions)];
  return { what: `MetricAlarm ${alarm.name}`, metrics };
}

/** A scaling policy's metrics; ALBRequestCountPerTarget names its one target group in the resource label. */
function policyWatcher(policy: RecordedResource, lbSuffix: string): Watcher {
  const c = policy.inputs.targetTrackingScalingPolicyConfiguration as Record<string, unknown>;
  const predefined = c.predefinedMetricSpecification as { predefinedMetricType: string; resourceLabel?: string } | undefined;
  const custom = c.customizedMetricSpecification as Record<string, unknown> | undefined;
  let metrics: MetricRef[] = [];
  if (predefined?.predefinedMetricType === "ALBRequestCountPerTarget") {
    const label = String(predefined.resourceLabel);
    metrics = [ref("AWS/ApplicationELB", "RequestCountPerTarget", { LoadBalancer: lbSuffix, TargetGroup: label.slice(label.indexOf("targetgroup/")) })];
  } else if (custom) {
    const list = (custom.metrics ?? []) as Array<{ metricStat?: { metric: { namespace: string; metricName: string; dimensions?: unknown } } }>;
    metrics = list.length > 0
      ? list.flatMap((m) => m.metricStat ? [ref(m.metricStat.metric.namespace, m.metricStat.metric.metricName, dimsOf(m.metricStat.metric.dimensions))] : [])
      : [ref(custom.namespace, custom.metricName, dimsOf(custom.dimensions))];
  }
  return { what: `scaling policy ${policy.name}`, metrics };
}

/** ECS's traffic shift on the production rule: all weight moves to the other group (canary/linear pass through mixed weights). */
type Weights = ReadonlyMap<string, number>;
function shift(weights: Weights, toNew: number): Weights {
  const [current, next] = [...weights.entries()].sort((a, b) => b[1] - a[1]).map(([arn]) => arn);
  return new Map([[current!, 100 - toNew], [next!, toNew]]);
}

/** The target groups that carry traffic for given weights, as metric dimension values (ARN suffixes). */
const live = (weights: Weights, suffixOf: ReadonlyMap<string, string>) => [...weights].filter(([, w]) => w > 0).map(([arn]) => suffixOf.get(arn)!);

/** Why a watcher misses live traffic, or undefined when it watches it. */
function missesLiveTraffic(w: Watcher, liveGroups: readonly string[]): string | undefined {
  const alb = w.metrics.filter((m) => m.namespace === "AWS/ApplicationELB");
  const groups = new Set(alb.flatMap((m) => m.dimensions.TargetGroup !== undefined ? [m.dimensions.TargetGroup] : []));
  if (groups.size === 0) return undefined; // load-balancer-level (or not an ALB metric): true whatever group is production
  const missing = liveGroups.filter((g) => !groups.has(g));
  return missing.length > 0 ? `${w.what} watches ${[...groups].join(", ")} but traffic is in ${missing.join(", ")}` : undefined;
}

describe.each(["blueGreen", "canary", "linear"] as const)("%s: two deployments in a row", (strategy) => {
  let plan: Plan;
  let watchers: Watcher[];
  let suffixOf: Map<string, string>;
  let initial: Weights;

  beforeAll(async () => {
    const planned = await planService(strategy);
    plan = planned.plan;
    const lbSuffix = String(plan.one("aws:lb/loadBalancer:LoadBalancer", "web-alb").outputs.arnSuffix);
    suffixOf = new Map(plan.all("aws:lb/targetGroup:TargetGroup").map((tg) => [String(tg.outputs.arn), String(tg.outputs.arnSuffix)]));
    const rule = plan.one("aws:lb/listenerRule:ListenerRule", "web-production");
    const forward = (rule.inputs.actions as Array<{ forward: { targetGroups: Array<{ arn: string; weight: number }> } }>)[0]!.forward;
    initial = new Map(forward.targetGroups.map((g) => [g.arn, g.weight]));
    watchers = [
      ...planned.specs.map(specWatcher),
      ...plan.all("aws:cloudwatch/metricAlarm:MetricAlarm").map(alarmWatcher),
      ...plan.all("aws:appautoscaling/policy:Policy").map((p) => policyWatcher(p, lbSuffix)),
    ];
  });

  test("the simulation starts from what was planned: two target groups, all traffic on one", () => {
    expect(suffixOf.size).toBe(2);
    expect([...initial.values()].sort()).toEqual([0, 100]);
    expect(watchers.length).toBeGreaterThanOrEqual(7 + 2 + 3); // recommended alarms, deployment alarms, scaling policies
  });

  test("every alarm and scaling policy watches live traffic before, during and after each deployment", () => {
    // Deployment 1 shifts traffic to the alternate group (through a canary/linear step), deployment 2 shifts it back.
    const states: Array<[string, Weights]> = [["before any deployment", initial]];
    let w = initial;
    for (const n of [1, 2]) {
      states.push([`during deployment ${n} (10 % shifted)`, shift(w, 10)]);
      w = shift(w, 100);
      states.push([`after deployment ${n}`, w]);
    }
    const problems = states.flatMap(([when, weights]) =>
      watchers.flatMap((watcher) => {
        const miss = missesLiveTraffic(watcher, live(weights, suffixOf));
        return miss ? [`${when}: ${miss}`] : [];
      }));
    expect(problems).toEqual([]);
  });

  test("every load balancer metric is used with a dimension set ALB publishes", () => {
    const problems = watchers.flatMap((w) => w.metrics.filter((m) => m.namespace === "AWS/ApplicationELB").flatMap((m) => {
      const keys = Object.keys(m.dimensions).sort();
      const sets = PUBLISHED[m.metricName];
      if (!sets) return [`${w.what}: ${m.metricName} is not in the table of published ALB metrics`];
      return sets.some((s) => [...s].sort().join() === keys.join()) ? [] : [`${w.what}: ${m.metricName} by {${keys.join(", ")}} is not published`];
    }));
    expect(problems).toEqual([]);
  });

  test("no circuit breaker (rolling only, per the ECS API reference); the deployment alarms are the service's rollback trigger", () => {
    const svc = plan.one("aws:ecs/service:Service", "web-service");
    expect(svc.inputs.deploymentCircuitBreaker).toEqual({ enable: false, rollback: false });
    const names = plan.all("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.outputs.name).sort();
    expect([...(svc.inputs.alarms as { alarmNames: string[] }).alarmNames].sort()).toEqual(names);
    expect(names.length).toBeGreaterThan(0);
  });

  test("passes every policy pack", () => {
    expect(plan.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });
});

test("the error rate counts the load balancer's own 5xx, over requests that include them", async () => {
  const { specs } = await planService("rolling");
  const rate = specs.find((s) => s.id === "5xx-rate")!;
  expect(Object.values(rate.math!.metrics).map((m) => [m.metricName, Object.keys(m.dimensions)])).toEqual([
    ["HTTPCode_Target_5XX_Count", ["LoadBalancer"]], ["HTTPCode_ELB_5XX_Count", ["LoadBalancer"]], ["RequestCount", ["LoadBalancer"]],
  ]);
  expect(rate.math!.expression).toContain("(FILL(target5xx, 0) + FILL(elb5xx, 0)) / (FILL(requests, 0) + FILL(elb5xx, 0))");
});
