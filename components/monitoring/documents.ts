import type { AlarmSpec } from "../../src/alarms";
import { physicalName } from "../../src/naming";
import type { StandardTags } from "../../src/tags";

/** Where the topic lives, and (when events route to it) the prefix of the EventBridge rules that may publish. */
export interface TopicPolicyContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** Names of this stack's rules start with it; without it EventBridge gets no statement. */
  readonly eventRulePrefix?: string;
}

/**
 * Topic policy: CloudWatch, Budgets and Cost Anomaly Detection of this account may publish, and
 * (with eventRulePrefix) this stack's EventBridge rules; only over TLS.
 */
export function alertTopicPolicy(topicArn: string, c: TopicPolicyContext): string {
  const statements: object[] = [{
    Sid: "AwsServicesPublish", Effect: "Allow",
    Principal: { Service: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com", "costalerts.amazonaws.com"] },
    Action: "SNS:Publish", Resource: topicArn, Condition: { StringEquals: { "aws:SourceAccount": c.accountId } },
  }];
  if (c.eventRulePrefix !== undefined) {
    // EventBridge sets aws:SourceArn to the rule's ARN and aws:SourceAccount to its account
    // (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-conditions.html);
    // default-bus rule ARNs are arn:<partition>:events:<region>:<account>:rule/<name>
    // (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions).
    statements.push({
      Sid: "EventBridgeRulesPublish", Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "SNS:Publish", Resource: topicArn,
      Condition: {
        StringEquals: { "aws:SourceAccount": c.accountId },
        ArnLike: { "aws:SourceArn": `arn:${c.partition}:events:${c.region}:${c.accountId}:rule/${c.eventRulePrefix}*` },
      },
    });
  }
  statements.push({ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "SNS:Publish", Resource: topicArn, Condition: { Bool: { "aws:SecureTransport": "false" } } });
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * Adds to a key policy the statement EventBridge needs to publish to topics the key encrypts.
 * Without conditions: SNS documents that aws:SourceAccount/SourceArn in the KMS policy are not
 * supported for EventBridge-to-encrypted-topic delivery; the topic policy restricts instead
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
 */
export function withEventBridgeKeyStatement(keyPolicyJson: string): string {
  const doc = JSON.parse(keyPolicyJson) as { Version: string; Statement: object[] };
  return JSON.stringify({
    ...doc,
    Statement: [...doc.Statement, {
      Sid: "EventBridgePublishesToEncryptedTopics", Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: "*",
    }],
  });
}

/**
 * EventBridge rule name: at most 64 of [.-_A-Za-z0-9]
 * (api-models-aws eventbridge/service/2015-10-07/eventbridge-2015-10-07.json, shape RuleName).
 */
export const RULE_NAME_MAX = 64;
export function eventRuleName(identity: string, source: string, id: string): string {
  return physicalName([identity, source, id], RULE_NAME_MAX);
}

/**
 * The tag filter of the monthly budget: TagKeyValue values are "user:<key>$<value>" for
 * user-defined tags (example in @pulumi/aws budgets/budget.d.ts, "user:business-unit$human_resources").
 */
export function budgetCostFilters(environment: string): Array<{ name: string; values: string[] }> {
  return [{ name: "TagKeyValue", values: [`user:environment$${environment}`] }];
}

/** The anomaly monitor's specification: this environment's tag. */
export function anomalyMonitorSpecification(environment: string): string {
  return JSON.stringify({ Tags: { Key: "environment", Values: [environment], MatchOptions: ["EQUALS"] } });
}

/**
 * Tag keys Paved activates for cost allocation: the standard tags every resource carries
 * (src/tags.ts StandardTags), which include every key the budget and anomaly filters use.
 */
export const COST_ALLOCATION_TAG_KEYS = ["environment", "service", "owner", "cost-center"] as const satisfies ReadonlyArray<keyof StandardTags>;

/** The composite rule "any of these alarms": a page for a service means one thing. */
export function anyOf(alarmNames: readonly string[]): string {
  return alarmNames.map((n) => `ALARM("${n}")`).join(" OR ");
}

type Resolved = Omit<AlarmSpec, "dimensions"> & { dimensions: Record<string, string> };

/** A metric widget line for the dashboard, from an alarm's (resolved) metric. */
function metricLine(a: Resolved, region: string): unknown[] {
  return [a.namespace, a.metricName, ...Object.entries(a.dimensions).flat(), { stat: a.statistic, region }];
}

export interface DashboardRow {
  readonly title: string;
  readonly alarms: readonly Resolved[];
}

/**
 * CloudWatch dashboards are a grid 24 columns wide; a widget's x is 0–23, its width 1–24 and
 * x + width may not pass the edge; y is any integer ≥ 0 and height 1–1000
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html).
 */
export const DASHBOARD_COLUMNS = 24;
const STATUS_HEIGHT = 4;
const METRIC_SIZE = 6;
const PER_LINE = DASHBOARD_COLUMNS / METRIC_SIZE;

export interface Placement {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Where each row's metric widgets go: below the status widget, four per line, a row wrapping
 * onto as many lines as it needs and the next row starting below its last line.
 */
export function layoutRows(widgetsPerRow: readonly number[], top = STATUS_HEIGHT): Placement[][] {
  let y = top;
  return widgetsPerRow.map((count) => {
    const placed = Array.from({ length: count }, (_, i) => ({
      x: (i % PER_LINE) * METRIC_SIZE, y: y + Math.floor(i / PER_LINE) * METRIC_SIZE, width: METRIC_SIZE, height: METRIC_SIZE,
    }));
    y += Math.ceil(count / PER_LINE) * METRIC_SIZE;
    return placed;
  });
}

/** A dashboard: an alarm status widget, then one row of metric widgets per source. */
export function dashboardBody(rows: readonly DashboardRow[], alarmArns: readonly string[], region: string): string {
  const widgets: object[] = [{
    type: "alarm", x: 0, y: 0, width: DASHBOARD_COLUMNS, height: STATUS_HEIGHT,
    properties: { title: "Alarm status", alarms: [...alarmArns] },
  }];
  const plain = rows.map((row) => row.alarms.filter((a) => !a.math));
  const layout = layoutRows(plain.map((p) => p.length));
  plain.forEach((alarms, r) => alarms.forEach((a, i) => widgets.push({
    type: "metric", ...layout[r]![i]!,
    properties: { title: `${rows[r]!.title}: ${a.metricName}`, region, metrics: [metricLine(a, region)], view: "timeSeries", stat: a.statistic, period: a.periodSeconds },
  })));
  return JSON.stringify({ widgets });
}
