import facts from "../facts/api-models.json";
import { type Check, type FidelityResource, type Finding, isRecord, ofType, parseJson, valuesAt } from "./types";

const ACTIVATING_TAGS = "https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/activating-tags.html";
const CIRCUIT_BREAKER = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html";
const RDS_LOGS = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html";

const arnOf = (r: FidelityResource) => (r.outputs && typeof r.outputs.arn === "string" ? r.outputs.arn : undefined);

/** Vault notifications subscribe only events AWS still sends (the API model marks the rest deprecated). */
export const backupEventsCurrent: Check = (resources) => ofType(resources, "aws:backup/vaultNotifications:VaultNotifications").flatMap((n) =>
  valuesAt(n.inputs, "backupVaultEvents[]").filter((e) => !facts.backup.supportedVaultEvents.includes(String(e))).map((e) => ({
    check: "events", urn: n.urn, message: `${String(e)} is deprecated and never sent; AWS sends ${facts.backup.supportedVaultEvents.join(", ")} (${facts.backup.source})`,
  })));

/** EventBridge rules on AWS Backup match detail types and job states the service emits. */
export const backupEventPatterns: Check = (resources) => ofType(resources, "aws:cloudwatch/eventRule:EventRule").flatMap((rule) => {
  const pattern = parseJson(rule.inputs.eventPattern);
  if (!isRecord(pattern) || !valuesAt(pattern, "source[]").includes("aws.backup")) return [];
  const states = facts.backup.jobStates as Record<string, readonly string[]>;
  const out: Finding[] = [];
  for (const type of valuesAt(pattern, "detail-type[]").map(String)) {
    const known = states[type];
    if (!known) { out.push({ check: "events", urn: rule.urn, message: `detail-type "${type}" is not one AWS Backup emits (${Object.keys(states).join(", ")})` }); continue; }
    for (const field of ["detail.state[]", "detail.status[]"]) {
      for (const s of valuesAt(pattern, field)) {
        if (typeof s === "string" && !known.includes(s)) out.push({ check: "events", urn: rule.urn, message: `${type}: state "${s}" does not exist (${known.join(", ")})` });
      }
    }
  }
  return out;
});

/** Every SNS topic something notifies (alarms, vault notifications, EventBridge, budgets) has a subscriber. */
export const notificationsReachSomeone: Check = (resources) => {
  const subscribed = new Set(ofType(resources, "aws:sns/topicSubscription:TopicSubscription").map((s) => String(s.inputs.topic)));
  const senders: Array<{ r: FidelityResource; arns: unknown[] }> = [
    ...ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").map((r) => ({ r, arns: valuesAt(r.inputs, "alarmActions[]") })),
    ...ofType(resources, "aws:cloudwatch/compositeAlarm:CompositeAlarm").map((r) => ({ r, arns: valuesAt(r.inputs, "alarmActions[]") })),
    ...ofType(resources, "aws:backup/vaultNotifications:VaultNotifications").map((r) => ({ r, arns: [r.inputs.snsTopicArn] })),
    ...ofType(resources, "aws:cloudwatch/eventTarget:EventTarget").map((r) => ({ r, arns: [r.inputs.arn] })),
    ...ofType(resources, "aws:budgets/budget:Budget").map((r) => ({ r, arns: valuesAt(r.inputs, "notifications[].subscriberSnsTopicArns[]") })),
  ];
  const topics = new Map(ofType(resources, "aws:sns/topic:Topic").flatMap((t) => (arnOf(t) ? [[arnOf(t)!, t] as const] : [])));
  const out: Finding[] = [];
  for (const { r, arns } of senders) {
    for (const arn of new Set(arns.map(String))) {
      if (topics.has(arn) && !subscribed.has(arn)) out.push({ check: "notifications", urn: r.urn, message: `notifies ${topics.get(arn)!.name} (${arn}), which has no subscription: nobody hears it` });
    }
  }
  return out;
};

/** Tag keys that budgets and cost anomaly monitors filter on are activated as cost allocation tags. */
export const costTagsActivated: Check = (resources) => {
  const active = new Set(ofType(resources, "aws:costexplorer/costAllocationTag:CostAllocationTag")
    .filter((t) => t.inputs.status === "Active").map((t) => String(t.inputs.tagKey)));
  const out: Finding[] = [];
  const need = (r: FidelityResource, key: string) => {
    if (!active.has(key)) out.push({ check: "cost-tags", urn: r.urn, message: `filters on tag "${key}", which is not activated as a cost allocation tag in the plan: Budgets and Cost Explorer see no spend under it (${ACTIVATING_TAGS})` });
  };
  for (const b of ofType(resources, "aws:budgets/budget:Budget")) {
    for (const f of valuesAt(b.inputs, "costFilters[]").filter(isRecord)) {
      if (f.name !== "TagKeyValue") continue;
      for (const v of valuesAt(f, "values[]")) need(b, String(v).replace(/^user:/, "").split("$")[0]!);
    }
  }
  for (const m of ofType(resources, "aws:costexplorer/anomalyMonitor:AnomalyMonitor")) {
    const spec = parseJson(m.inputs.monitorSpecification);
    const keys = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (isRecord(v)) { if (isRecord(v.Tags) && typeof v.Tags.Key === "string") keys.add(v.Tags.Key); Object.values(v).forEach(walk); }
    };
    walk(spec);
    keys.forEach((k) => need(m, k));
  }
  return out;
};

/** ECS applies the deployment circuit breaker to rolling deployments only. */
export const circuitBreakerOnRollingOnly: Check = (resources) => ofType(resources, "aws:ecs/service:Service").flatMap((s) => {
  const strategy = valuesAt(s.inputs, "deploymentConfiguration.strategy")[0] ?? "ROLLING";
  const controller = valuesAt(s.inputs, "deploymentController.type")[0] ?? "ECS";
  const on = valuesAt(s.inputs, "deploymentCircuitBreaker.enable")[0] === true;
  return on && (strategy !== "ROLLING" || controller !== "ECS") ? [{
    check: "deployments", urn: s.urn, message: `deployment circuit breaker set on a ${String(controller)} ${String(strategy)} deployment; ECS applies it to rolling deployments only, so it protects nothing (${CIRCUIT_BREAKER})`,
  }] : [];
});

/** Log groups a service writes to are created by the stack (retention, KMS) before the service creates them bare. */
export const logGroupsPrecreated: Check = (resources) => {
  const groups = new Set(ofType(resources, "aws:cloudwatch/logGroup:LogGroup").map((g) => String(g.inputs.name)));
  const out: Finding[] = [];
  for (const db of ofType(resources, "aws:rds/instance:Instance")) {
    for (const log of valuesAt(db.inputs, "enabledCloudwatchLogsExports[]")) {
      const name = `/aws/rds/instance/${String(db.inputs.identifier)}/${String(log)}`;
      if (!groups.has(name)) out.push({ check: "log-groups", urn: db.urn, message: `exports ${String(log)} logs to ${name}, which the plan does not create: RDS creates it unencrypted with no expiry (${RDS_LOGS})` });
    }
  }
  for (const c of ofType(resources, "aws:eks/cluster:Cluster")) {
    const name = `/aws/eks/${String(c.inputs.name)}/cluster`;
    if (valuesAt(c.inputs, "enabledClusterLogTypes[]").length > 0 && !groups.has(name)) out.push({ check: "log-groups", urn: c.urn, message: `control-plane logs go to ${name}, which the plan does not create` });
  }
  return out;
};
