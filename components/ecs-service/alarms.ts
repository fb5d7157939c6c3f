import type * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../../src/alarms";

export interface ServiceIdentity {
  /** Name for descriptions (a plain value). */
  readonly label: string;
  readonly cluster: pulumi.Input<string>;
  readonly service: pulumi.Input<string>;
  /** ALB and target group ARN suffixes (the metric dimensions), known after creation. */
  readonly loadBalancer: pulumi.Input<string>;
  readonly targetGroup: pulumi.Input<string>;
  readonly certificateArn: pulumi.Input<string>;
}

/** Recommended alarms of a service, as data: 5xx rate, p95 latency, healthy hosts, running tasks, CPU, memory, certificate expiry. */
export function serviceAlarms(id: ServiceIdentity, minTasks: number): AlarmSpec[] {
  const lb = { LoadBalancer: id.loadBalancer, TargetGroup: id.targetGroup };
  const svc = { ClusterName: id.cluster, ServiceName: id.service };
  const common = { periodSeconds: 60, evaluationPeriods: 5 } as const;
  return [
    {
      ...common, id: "5xx-rate", description: `${id.label}: more than 1 % of requests answered 5xx`,
      namespace: "AWS/ApplicationELB", metricName: "5xxRate", dimensions: lb, statistic: "Sum", threshold: 1,
      comparison: "GreaterThanThreshold", severity: "page", treatMissingData: "notBreaching",
      math: {
        expression: "100 * errors / MAX([requests, 1])",
        metrics: {
          errors: { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_Target_5XX_Count", dimensions: lb, statistic: "Sum" },
          requests: { namespace: "AWS/ApplicationELB", metricName: "RequestCount", dimensions: lb, statistic: "Sum" },
        },
      },
    },
    { ...common, id: "latency-p95", description: `${id.label}: p95 latency above 1 s`, namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime", dimensions: lb, statistic: "p95", threshold: 1, comparison: "GreaterThanThreshold", severity: "page", treatMissingData: "notBreaching" },
    { ...common, id: "no-healthy-hosts", description: `${id.label}: no healthy task behind the load balancer`, namespace: "AWS/ApplicationELB", metricName: "HealthyHostCount", dimensions: lb, statistic: "Minimum", threshold: 1, comparison: "LessThanThreshold", severity: "page", treatMissingData: "breaching" },
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
