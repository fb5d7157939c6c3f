import type * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec, Dimensions } from "../../src/alarms";

export interface ServiceIdentity {
  /** Name for descriptions (a plain value). */
  readonly label: string;
  readonly cluster: pulumi.Input<string>;
  readonly service: pulumi.Input<string>;
  /** ALB ARN suffix (the LoadBalancer dimension), known after creation. */
  readonly loadBalancer: pulumi.Input<string>;
  /**
   * ARN suffixes of every target group the service's traffic can be in: one for rolling
   * deployments, both for blue/green, canary and linear, where ECS swaps which one is
   * production on every deployment.
   */
  readonly targetGroups: readonly pulumi.Input<string>[];
  readonly certificateArn: pulumi.Input<string>;
}

/*
 * What AWS/ApplicationELB publishes per dimension set (checked 2026-12 against
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 * and aws-cdk-lib's generated ApplicationELBMetrics, which lists the same sets):
 * - RequestCount, HTTPCode_Target_5XX_Count, TargetResponseTime: LoadBalancer alone, or per TargetGroup.
 * - HTTPCode_ELB_5XX_Count: LoadBalancer (and AvailabilityZone) only, never per TargetGroup.
 * - HealthyHostCount, UnHealthyHostCount: only with TargetGroup (TargetGroup+LoadBalancer[+AvailabilityZone]).
 * So load-balancer-level metrics stay true however ECS swaps the groups, and host counts
 * must be summed over every group the service can be in.
 */
const NS = "AWS/ApplicationELB";

/** One metric per target group, summed: a host count of the whole service wherever its traffic is. */
export function acrossTargetGroups(metricName: "HealthyHostCount" | "UnHealthyHostCount", statistic: string, id: ServiceIdentity, prefix: string): {
  readonly expression: string;
  readonly metrics: Record<string, { namespace: string; metricName: string; dimensions: Dimensions; statistic: string }>;
} {
  const metrics = Object.fromEntries(id.targetGroups.map((tg, i) => [`${prefix}_${i + 1}`, {
    namespace: NS, metricName, dimensions: { LoadBalancer: id.loadBalancer, TargetGroup: tg }, statistic,
  }]));
  // FILL: the idle group may publish nothing (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html).
  return { expression: Object.keys(metrics).map((k) => `FILL(${k}, 0)`).join(" + "), metrics };
}

/**
 * 5xx of the whole load balancer: the targets' and the load balancer's own (502/503/504
 * when tasks crash or none is healthy), over every request including those the load
 * balancer answered itself. RequestCount leaves out requests rejected before a target is
 * chosen (some 503s and 500s, per the ALB metrics page above), so the ELB 5xx are added to
 * the denominator too: the rate stays within 0–100 %.
 */
export function errorRateMath(loadBalancer: pulumi.Input<string>): NonNullable<AlarmSpec["math"]> {
  return {
    expression: "IF((FILL(requests, 0) + FILL(elb5xx, 0)) > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / (FILL(requests, 0) + FILL(elb5xx, 0)), 0)",
    metrics: { ...fiveXxMetrics(loadBalancer), requests: { namespace: NS, metricName: "RequestCount", dimensions: { LoadBalancer: loadBalancer }, statistic: "Sum" } },
  };
}

/** The targets' and the load balancer's own 5xx counts, load-balancer wide. */
function fiveXxMetrics(loadBalancer: pulumi.Input<string>): NonNullable<AlarmSpec["math"]>["metrics"] {
  const lb = { LoadBalancer: loadBalancer };
  return {
    target5xx: { namespace: NS, metricName: "HTTPCode_Target_5XX_Count", dimensions: lb, statistic: "Sum" },
    elb5xx: { namespace: NS, metricName: "HTTPCode_ELB_5XX_Count", dimensions: lb, statistic: "Sum" },
  };
}

/** 5xx count of the whole load balancer (targets' and its own), for deployment rollback. */
export function errorCountMath(loadBalancer: pulumi.Input<string>): NonNullable<AlarmSpec["math"]> {
  return { expression: "FILL(target5xx, 0) + FILL(elb5xx, 0)", metrics: fiveXxMetrics(loadBalancer) };
}

/**
 * Recommended alarms of a service, as data: 5xx rate, p95 latency, healthy hosts, running
 * tasks, CPU, memory, certificate expiry. Every load-balancer alarm watches the load
 * balancer as a whole or every target group, so it still watches live traffic after ECS
 * swaps the production group.
 */
export function serviceAlarms(id: ServiceIdentity, minTasks: number): AlarmSpec[] {
  const lb = { LoadBalancer: id.loadBalancer };
  const svc = { ClusterName: id.cluster, ServiceName: id.service };
  const common = { periodSeconds: 60, evaluationPeriods: 5 } as const;
  return [
    {
      ...common, id: "5xx-rate", description: `${id.label}: more than 1 % of requests answered 5xx (by the tasks or the load balancer)`,
      namespace: NS, metricName: "5xxRate", dimensions: lb, statistic: "Sum", threshold: 1,
      comparison: "GreaterThanThreshold", severity: "page", treatMissingData: "notBreaching",
      math: errorRateMath(id.loadBalancer),
    },
    { ...common, id: "latency-p95", description: `${id.label}: p95 latency above 1 s`, namespace: NS, metricName: "TargetResponseTime", dimensions: lb, statistic: "p95", threshold: 1, comparison: "GreaterThanThreshold", severity: "page", treatMissingData: "notBreaching" },
    {
      ...common, id: "no-healthy-hosts", description: `${id.label}: no healthy task behind the load balancer`,
      namespace: NS, metricName: "HealthyHosts", dimensions: lb, statistic: "Minimum", threshold: 1, comparison: "LessThanThreshold",
      severity: "page", treatMissingData: "breaching", math: acrossTargetGroups("HealthyHostCount", "Minimum", id, "healthy"),
    },
    { ...common, id: "tasks-below-min", description: `${id.label}: fewer running tasks than the minimum (${minTasks})`, namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount", dimensions: svc, statistic: "Minimum", threshold: minTasks, comparison: "LessThanThreshold", severity: "page", treatMissingData: "breaching" },
    { ...common, id: "cpu-high", description: `${id.label}: CPU above 80 %`, namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions: svc, statistic: "Average", threshold: 80, comparison: "GreaterThanThreshold", severity: "notify", treatMissingData: "missing" },
    {
      id: "certificate-expiry", description: `${id.label}: the HTTPS certificate expires in under 30 days`, namespace: "AWS/CertificateManager",
      metricName: "DaysToExpiry", dimensions: { CertificateArn: id.certificateArn }, statistic: "Minimum", periodSeconds: 86400, evaluationPeriods: 1,
      threshold: 30, comparison: "LessThanThreshold", severity: "notify", treatMissingData: "missing",
    },
    { ...common, id: "memory-high", description: `${id.label}: memory above 80 %`, namespace: "AWS/ECS", metricName: "MemoryUtilization", dimensions: svc, statistic: "Average", threshold: 80, comparison: "GreaterThanThreshold", severity: "notify", treatMissingData: "missing" },
  ];
}

/** A metric-math alarm's queries, in the shape aws.cloudwatch.MetricAlarm takes. */
export function metricQueries(math: NonNullable<AlarmSpec["math"]>, label: string, periodSeconds: number): {
  id: string; expression?: string; label?: string; returnData: boolean;
  metric?: { namespace: string; metricName: string; dimensions: Dimensions; stat: string; period: number };
}[] {
  return [
    { id: "result", expression: math.expression, label, returnData: true },
    ...Object.entries(math.metrics).map(([qid, m]) => ({
      id: qid, returnData: false, metric: { namespace: m.namespace, metricName: m.metricName, dimensions: m.dimensions, stat: m.statistic, period: periodSeconds },
    })),
  ];
}

/**
 * Requests per healthy task per minute, over the whole load balancer and every target
 * group: what ALBRequestCountPerTarget measures, but for the service rather than for one
 * group (that predefined metric takes exactly one target group in its resource label,
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PredefinedMetricSpecification.html,
 * and goes to 0 once ECS moves traffic to the other group). Target tracking accepts
 * metric math (TargetTrackingMetricDataQuery, application-auto-scaling 2016-02-06 model).
 */
export function requestsPerTaskMetrics(id: ServiceIdentity): {
  id: string; expression?: string; label?: string; returnData: boolean;
  metricStat?: { metric: { namespace: string; metricName: string; dimensions: { name: string; value: pulumi.Input<string> }[] }; stat: string };
}[] {
  const hosts = acrossTargetGroups("HealthyHostCount", "Average", id, "healthy");
  const dims = (d: Dimensions) => Object.entries(d).map(([name, value]) => ({ name, value }));
  return [
    { id: "requests", returnData: false, metricStat: { metric: { namespace: NS, metricName: "RequestCount", dimensions: dims({ LoadBalancer: id.loadBalancer }) }, stat: "Sum" } },
    ...Object.entries(hosts.metrics).map(([qid, m]) => ({
      id: qid, returnData: false, metricStat: { metric: { namespace: m.namespace, metricName: m.metricName, dimensions: dims(m.dimensions) }, stat: m.statistic },
    })),
    { id: "hosts", expression: hosts.expression, returnData: false },
    { id: "per_task", expression: "IF(hosts > 0, FILL(requests, 0) / hosts, 0)", label: "Requests per healthy task per minute", returnData: true },
  ];
}
