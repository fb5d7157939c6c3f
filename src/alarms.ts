import type * as pulumi from "@pulumi/pulumi";

/** Dimension values may be outputs (a load balancer's ARN suffix); the list itself is always plain. */
export type Dimensions = Readonly<Record<string, pulumi.Input<string>>>;

/**
 * A recommended alarm, as plain data: components say what to watch, and
 * MonitoringStack (or your own code) turns it into a CloudWatch alarm.
 */
export interface AlarmSpec {
  /** Stable id within the component, e.g. "cpu-high". */
  readonly id: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Dimensions;
  /** A statistic, or a percentile such as "p95". */
  readonly statistic: "Average" | "Maximum" | "Minimum" | "Sum" | "SampleCount" | `p${number}`;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly threshold: number;
  readonly comparison: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold" | "LessThanOrEqualToThreshold";
  /** "page" wakes someone; "notify" waits for working hours. */
  readonly severity: "page" | "notify";
  readonly treatMissingData: "breaching" | "notBreaching" | "ignore" | "missing";
  /**
   * Metric math instead of the single metric above (which then names the result):
   * `expression` over the metrics keyed by id, e.g. "100 * errors / requests".
   */
  readonly math?: {
    readonly expression: string;
    readonly metrics: Readonly<Record<string, { readonly namespace: string; readonly metricName: string; readonly dimensions: Dimensions; readonly statistic: string }>>;
  };
}
