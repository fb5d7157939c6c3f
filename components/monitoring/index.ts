import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../../src/alarms";
import { accountContext } from "../../src/aws/account";
import { keyPolicy, rotatingKeyArgs } from "../../src/aws/kms";
import { PavedComponent } from "../../src/component";
import { issue, type Issue } from "../../src/issues";
import type { MonitoringStackArgs, MonitoringStackTransforms, Subscriptions } from "./args";
import {
  COST_ALLOCATION_TAG_KEYS, alertTopicPolicy, anomalyMonitorSpecification, anyOf, budgetCostFilters, dashboardBody, eventRuleName, withEventBridgeKeyStatement,
} from "./documents";
import { MONITORING_SETTINGS, overrideIssues, thresholdIssues, type MonitoringSettings } from "./settings";

export type { MonitoringStackArgs, MonitoringStackTransforms, AlarmSource, Subscriptions, AlarmOverride, EventRuleSpec } from "./args";
export type { MonitoringSettings } from "./settings";
export { COST_ALLOCATION_TAG_KEYS, layoutRows, DASHBOARD_COLUMNS } from "./documents";

const EVENT_ID = /^[a-z][a-z0-9-]*$/;

/** Checks of the sources (the program's, not settings) and of the keys that must name their alarms. */
function validateSources(args: MonitoringStackArgs, s: MonitoringSettings): Issue[] {
  // A JavaScript caller may pass anything; `as unknown` keeps Array.isArray from widening the elements to any.
  if (!Array.isArray(args.sources as unknown)) return [issue("sources", args.sources, "a list of alarm sources ({ name, alarms, events? })")];
  const out: Issue[] = [];
  const ids = args.sources.map((src) => ({ name: src.name, alarmIds: src.alarms.map((a) => a.id) }));
  out.push(...overrideIssues(s.overrides, ids), ...thresholdIssues(args.thresholds, ids));
  const names = args.sources.map((src) => src.name);
  if (new Set(names).size !== names.length) out.push(issue("sources", names, "distinct source names"));
  args.sources.forEach((src, i) => {
    const eventIds = (src.events ?? []).map((e) => e.id);
    if (new Set(eventIds).size !== eventIds.length) out.push(issue(`sources[${i}].events`, eventIds, "distinct event ids"));
    eventIds.forEach((id, j) => { if (!EVENT_ID.test(id)) out.push(issue(`sources[${i}].events[${j}].id`, id, "lower-case letters, digits and hyphens")); });
  });
  return out;
}

/**
 * What every environment watches: the components' recommended alarms turned
 * into CloudWatch alarms (thresholds from the preset and your overrides), a
 * composite "service unhealthy" alarm per service so a page means one thing,
 * EventBridge rules for the events the components name (backup job failures),
 * encrypted page and notify topics, a dashboard, a monthly budget with
 * forecast alerts and cost-anomaly alerts, and (in one stack per payer account)
 * the activation of the cost allocation tags those filter on.
 */
export class MonitoringStack extends PavedComponent<MonitoringSettings, MonitoringStackTransforms, MonitoringStackArgs> {
  public readonly pageTopicArn: pulumi.Output<string>;
  public readonly notifyTopicArn: pulumi.Output<string>;
  public readonly dashboardName: pulumi.Output<string>;
  /** Names of every alarm created, composite ones included. */
  public readonly alarmNames: pulumi.Output<string[]>;
  /** Names of the EventBridge rules that route the sources' events to the topics. */
  public readonly eventRuleNames: pulumi.Output<string[]>;

  constructor(name: string, args: MonitoringStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super({ type: "paved:observability:MonitoringStack", settings: MONITORING_SETTINGS, validate: validateSources }, name, args, opts);
    const s = this.settings;
    const identity = this.physicalName(40);
    const account = accountContext(this);

    const hasEvents = args.sources.some((src) => (src.events ?? []).length > 0);
    // Rules are named `${identity}-<source>-<id>`; the topic policies let exactly those publish.
    const eventRulePrefix = hasEvents ? `${identity}-` : undefined;
    const key = this.create("key", aws.kms.Key, `${name}-key`, rotatingKeyArgs(
      `Encrypts the alert topics of ${identity}`,
      account.apply((c) => {
        const policy = keyPolicy(c, { services: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com", "costalerts.amazonaws.com"] });
        return hasEvents ? withEventBridgeKeyStatement(policy) : policy;
      }),
      this.tags(`${name}-key`)));
    const topic = (role: "page" | "notify", subs: Subscriptions | undefined) => {
      const t = this.create(`${role}Topic`, aws.sns.Topic, `${name}-${role}`, { kmsMasterKeyId: key.arn, tags: this.tags(`${name}-${role}`) });
      this.create(`${role}TopicPolicy`, aws.sns.TopicPolicy, `${name}-${role}-policy`, {
        arn: t.arn,
        // The topic's ARN from its (auto-)name, known in a first preview, so the policy packs can read this policy there.
        policy: pulumi.all([t.name, account]).apply(([topicName, c]) =>
          alertTopicPolicy(`arn:${c.partition}:sns:${c.region}:${c.accountId}:${topicName}`, { ...c, ...(eventRulePrefix ? { eventRulePrefix } : {}) })),
      });
      (subs?.emails ?? []).forEach((email, i) =>
        this.create(`${role}Subscription`, aws.sns.TopicSubscription, `${name}-${role}-email-${i + 1}`, { topic: t.arn, protocol: "email", endpoint: email }));
      (subs?.httpsEndpoints ?? []).forEach((url, i) =>
        this.create(`${role}Subscription`, aws.sns.TopicSubscription, `${name}-${role}-https-${i + 1}`, { topic: t.arn, protocol: "https", endpoint: url }));
      return t;
    };
    const page = topic("page", s.paging ? s.page : undefined);
    const notify = topic("notify", s.notify);
    const pageTarget = s.paging ? page.arn : notify.arn;

    const alarms: aws.cloudwatch.MetricAlarm[] = [];
    const composites: aws.cloudwatch.CompositeAlarm[] = [];
    const eventRules: aws.cloudwatch.EventRule[] = [];
    const rows: Array<{ title: string; specs: AlarmSpec[] }> = [];
    for (const source of args.sources) {
      const specs = source.alarms.filter((a) => !s.overrides?.[`${source.name}/${a.id}`]?.disabled);
      const isService = source.kind === "service";
      const members: aws.cloudwatch.MetricAlarm[] = [];
      for (const spec of specs) {
        const o = s.overrides?.[`${source.name}/${spec.id}`] ?? {};
        const threshold = o.threshold ?? s.thresholds[spec.id] ?? spec.threshold;
        // Inside a service, the composite pages; its members only notify.
        const target = spec.severity === "page" && !isService ? pageTarget : notify.arn;
        const alarm = this.create("alarm", aws.cloudwatch.MetricAlarm, `${name}-${source.name}-${spec.id}`, {
          name: `${identity}-${source.name}-${spec.id}`,
          alarmDescription: spec.description,
          comparisonOperator: spec.comparison,
          threshold,
          evaluationPeriods: o.evaluationPeriods ?? spec.evaluationPeriods,
          treatMissingData: spec.treatMissingData,
          alarmActions: [target],
          okActions: [target],
          ...metricOf(spec),
          tags: this.tags(`${name}-${source.name}-${spec.id}`),
        });
        alarms.push(alarm);
        if (spec.severity === "page") members.push(alarm);
      }
      if (isService && members.length > 0) {
        composites.push(this.create("compositeAlarm", aws.cloudwatch.CompositeAlarm, `${name}-${source.name}-unhealthy`, {
          alarmName: `${identity}-${source.name}-unhealthy`,
          alarmDescription: `${source.name} is unhealthy: ${members.length} signals (errors, latency, availability) combined`,
          alarmRule: pulumi.all(members.map((m) => m.name)).apply(anyOf),
          alarmActions: [pageTarget],
          okActions: [pageTarget],
          tags: this.tags(`${name}-${source.name}-unhealthy`),
        }));
      }
      rows.push({ title: source.name, specs });
      for (const ev of source.events ?? []) {
        const ruleName = `${name}-${source.name}-${ev.id}`;
        const rule = this.create("eventRule", aws.cloudwatch.EventRule, ruleName, {
          name: eventRuleName(identity, source.name, ev.id),
          description: ev.description.slice(0, 512),
          eventPattern: pulumi.output(ev.pattern).apply((p) => JSON.stringify(p)),
          tags: this.tags(ruleName),
        });
        this.create("eventTarget", aws.cloudwatch.EventTarget, `${ruleName}-target`, {
          rule: rule.name,
          arn: ev.severity === "page" ? pageTarget : notify.arn,
        });
        eventRules.push(rule);
      }
    }

    const resolvedRows = pulumi.all(rows.map((row) => pulumi.all(row.specs.map((spec) =>
      pulumi.all(spec.dimensions).apply((dimensions) => ({ ...spec, dimensions: dimensions as Record<string, string> })))).apply((alarmsOfRow) => ({ title: row.title, alarms: alarmsOfRow }))));
    const dashboard = this.create("dashboard", aws.cloudwatch.Dashboard, `${name}-dashboard`, {
      dashboardName: identity,
      dashboardBody: pulumi.all([resolvedRows, pulumi.all([...alarms, ...composites].map((a) => a.arn)), account.region])
        .apply(([r, arns, region]) => dashboardBody(r, arns, region)),
    });

    this.create("budget", aws.budgets.Budget, `${name}-budget`, {
      name: `${identity}-monthly`,
      budgetType: "COST",
      limitAmount: String(s.monthlyBudgetUsd),
      limitUnit: "USD",
      timeUnit: "MONTHLY",
      costFilters: budgetCostFilters(this.environment),
      notifications: [
        { comparisonOperator: "GREATER_THAN", threshold: 80, thresholdType: "PERCENTAGE", notificationType: "ACTUAL", subscriberSnsTopicArns: [notify.arn] },
        { comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE", notificationType: "FORECASTED", subscriberSnsTopicArns: [notify.arn] },
      ],
      tags: this.tags(`${name}-budget`),
    });
    // A custom monitor over this environment's tag: the account's single SERVICE monitor stays free for others.
    const monitor = this.create("anomalyMonitor", aws.costexplorer.AnomalyMonitor, `${name}-anomalies`, {
      name: `${identity}-costs`,
      monitorType: "CUSTOM",
      monitorSpecification: anomalyMonitorSpecification(this.environment),
      tags: this.tags(`${name}-anomalies`),
    });
    this.create("anomalySubscription", aws.costexplorer.AnomalySubscription, `${name}-anomaly-alerts`, {
      name: `${identity}-cost-anomalies`,
      frequency: "IMMEDIATE",
      monitorArnLists: [monitor.arn],
      subscribers: [{ type: "SNS", address: notify.arn }],
      thresholdExpression: { dimension: { key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE", matchOptions: ["GREATER_THAN_OR_EQUAL"], values: [String(s.anomalyThresholdUsd)] } },
      tags: this.tags(`${name}-anomaly-alerts`),
    });

    // Budgets and Cost Explorer only see user-defined tags once activated in the payer account
    // (https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/custom-tags.html). Activation is
    // account-wide and idempotent (UpdateCostAllocationTagsStatus, api-models-aws
    // cost-explorer/service/2017-10-25), so it is kept on delete: another stack may rely on it.
    if (s.activateCostAllocationTags) {
      for (const tagKey of COST_ALLOCATION_TAG_KEYS) {
        this.create("costAllocationTag", aws.costexplorer.CostAllocationTag, `${name}-cost-tag-${tagKey}`, { tagKey, status: "Active" }, this.child({ retainOnDelete: true }));
      }
    }

    this.pageTopicArn = page.arn;
    this.notifyTopicArn = notify.arn;
    this.dashboardName = dashboard.dashboardName;
    this.alarmNames = pulumi.all([...alarms.map((a) => a.name), ...composites.map((c) => c.alarmName)]);
    this.eventRuleNames = pulumi.all(eventRules.map((r) => r.name));
    this.registerOutputs({
      pageTopicArn: this.pageTopicArn, notifyTopicArn: this.notifyTopicArn, dashboardName: this.dashboardName, alarmNames: this.alarmNames, eventRuleNames: this.eventRuleNames,
    });
  }
}

/** The metric part of an alarm: one metric (with a percentile as extended statistic) or metric math. */
function metricOf(spec: AlarmSpec): Partial<aws.cloudwatch.MetricAlarmArgs> {
  if (spec.math) {
    return {
      metricQueries: [
        { id: "result", expression: spec.math.expression, label: spec.metricName, returnData: true },
        ...Object.entries(spec.math.metrics).map(([id, m]) => ({
          id, returnData: false,
          metric: { namespace: m.namespace, metricName: m.metricName, dimensions: m.dimensions, stat: m.statistic, period: spec.periodSeconds },
        })),
      ],
    };
  }
  const percentile = /^p\d+(\.\d+)?$/.test(spec.statistic);
  return {
    namespace: spec.namespace,
    metricName: spec.metricName,
    dimensions: spec.dimensions,
    period: spec.periodSeconds,
    ...(percentile ? { extendedStatistic: spec.statistic } : { statistic: spec.statistic }),
  };
}
