import type * as aws from "@pulumi/aws";
import type { AlarmSpec } from "../../src/alarms";
import type { CommonArgs } from "../../src/component";
import type { Transform } from "../../src/transform";

/**
 * An EventBridge rule a component recommends, as plain data (like an alarm):
 * MonitoringStack creates the rule and sends what it matches to a topic.
 */
export interface EventRuleSpec {
  /** Stable id within the component, e.g. "backup-job-failed". */
  readonly id: string;
  readonly description: string;
  /** The event pattern; values may be outputs (a role ARN), the shape is plain. */
  readonly pattern: Readonly<Record<string, unknown>>;
  /** "page" wakes someone; "notify" waits for working hours. */
  readonly severity: "page" | "notify";
}

/** One component's alarms, as it exposes them. */
export interface AlarmSource {
  /** Name in alarm names, override keys (`<name>/<alarm id>`) and the dashboard. */
  readonly name: string;
  /** "service" sources get a composite "service unhealthy" alarm and a dashboard row. @default "other" */
  readonly kind?: "service" | "database" | "cache" | "backups" | "other";
  readonly alarms: readonly AlarmSpec[];
  /** Events to route to the page or notify topic (job failures), one EventBridge rule each. @default none */
  readonly events?: readonly EventRuleSpec[];
}

export interface Subscriptions {
  /** Email addresses (each confirms by mail). */
  readonly emails?: readonly string[];
  /** HTTPS endpoints: incident tools, chat webhooks behind an HTTPS relay. */
  readonly httpsEndpoints?: readonly string[];
}

export interface AlarmOverride {
  readonly threshold?: number;
  readonly evaluationPeriods?: number;
  /** Drop the alarm entirely. */
  readonly disabled?: boolean;
}

/** One escape hatch per child role, run after the defaults and before the child is created. */
export interface MonitoringStackTransforms {
  /** The KMS key of both topics. */
  key?: Transform<aws.kms.KeyArgs>;
  pageTopic?: Transform<aws.sns.TopicArgs>;
  pageTopicPolicy?: Transform<aws.sns.TopicPolicyArgs>;
  /** Each email and HTTPS subscription of the page topic. */
  pageSubscription?: Transform<aws.sns.TopicSubscriptionArgs>;
  notifyTopic?: Transform<aws.sns.TopicArgs>;
  notifyTopicPolicy?: Transform<aws.sns.TopicPolicyArgs>;
  notifySubscription?: Transform<aws.sns.TopicSubscriptionArgs>;
  /** Every metric alarm, of every source. */
  alarm?: Transform<aws.cloudwatch.MetricAlarmArgs>;
  /** The "service unhealthy" composite alarm of each service. */
  compositeAlarm?: Transform<aws.cloudwatch.CompositeAlarmArgs>;
  eventRule?: Transform<aws.cloudwatch.EventRuleArgs>;
  eventTarget?: Transform<aws.cloudwatch.EventTargetArgs>;
  dashboard?: Transform<aws.cloudwatch.DashboardArgs>;
  budget?: Transform<aws.budgets.BudgetArgs>;
  anomalyMonitor?: Transform<aws.costexplorer.AnomalyMonitorArgs>;
  anomalySubscription?: Transform<aws.costexplorer.AnomalySubscriptionArgs>;
  costAllocationTag?: Transform<aws.costexplorer.CostAllocationTagArgs>;
}

export interface MonitoringStackArgs extends CommonArgs {
  readonly sources: readonly AlarmSource[];
  /**
   * Whether page-severity alarms page (through the page topic); when false they notify.
   * @default dev: false · staging: true · prod: true
   */
  readonly paging?: boolean;
  /** Who hears about page-severity alarms. Not allowed while paging is false (dev never pages). @default none */
  readonly page?: Subscriptions;
  /** Who hears about notify-severity alarms, budgets and cost anomalies. @default none */
  readonly notify?: Subscriptions;
  /**
   * Thresholds by alarm id, for that alarm of every source (an override of `<source>/<alarm id>` wins);
   * given keys are merged into the environment's.
   * @default dev: { "5xx-rate": 5, "latency-p95": 2 } · staging: { "5xx-rate": 2, "latency-p95": 1.5 } · prod: { "5xx-rate": 1, "latency-p95": 1 }
   */
  readonly thresholds?: Readonly<Record<string, number>>;
  /** Per-alarm overrides keyed `<source>/<alarm id>`, e.g. `"web/latency-p95": { threshold: 0.8 }`. @default none */
  readonly overrides?: Readonly<Record<string, AlarmOverride>>;
  /**
   * Monthly cost budget in USD for resources tagged with this environment.
   * @default dev: 200 · staging: 500 · prod: 3000
   */
  readonly monthlyBudgetUsd?: number;
  /**
   * A cost anomaly above this many USD (total impact) notifies.
   * @default dev: 50 · staging: 100 · prod: 250
   */
  readonly anomalyThresholdUsd?: number;
  /**
   * Activate the standard tags (environment, service, owner, cost-center) as cost allocation tags,
   * which the budget and anomaly monitor filter on. Activation is account-wide, idempotent (stacks
   * sharing an account do not conflict) and only allowed in an organization's management account or
   * a standalone account: in a member account set it to false and activate the tags from the
   * management account. Removing it never deactivates the tags (another stack may rely on them).
   * @default true in every environment
   */
  readonly activateCostAllocationTags?: boolean;
  /** Per-child escape hatches, run after the defaults and before each child is created. */
  readonly transform?: MonitoringStackTransforms;
}
