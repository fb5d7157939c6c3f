#!/usr/bin/env node
// Extracts the facts test/fidelity checks against from AWS's published API models
// (github.com/aws/api-models-aws): length, pattern and enum constraints of the API
// members that Pulumi properties are sent as, and AWS Backup's supported vault events.
// Usage: node scripts/extract-api-facts.js <git dir of api-models-aws>
// Writes test/fidelity/facts/api-models.json (committed; re-run to refresh).
const { execFileSync } = require("node:child_process");
const { writeFileSync } = require("node:fs");
const path = require("node:path");

const gitDir = process.argv[2];
if (!gitDir) {
  console.error("usage: node scripts/extract-api-facts.js <git dir of aws/api-models-aws>");
  process.exit(2);
}
const git = (...args) => execFileSync("git", ["--git-dir", gitDir, ...args], { maxBuffer: 1 << 30 }).toString();

// Pulumi resource property → the API member it is sent as ("a.b[].c": [] walks a list).
const MAP = [
  ["aws:eks/cluster:Cluster", "name", "eks", "CreateClusterRequest", "name"],
  ["aws:eks/cluster:Cluster", "accessConfig.authenticationMode", "eks", "CreateAccessConfigRequest", "authenticationMode"],
  ["aws:eks/cluster:Cluster", "upgradePolicy.supportType", "eks", "UpgradePolicyRequest", "supportType"],
  ["aws:eks/nodeGroup:NodeGroup", "capacityType", "eks", "CreateNodegroupRequest", "capacityType"],
  ["aws:eks/addon:Addon", "resolveConflictsOnCreate", "eks", "CreateAddonRequest", "resolveConflicts"],
  ["aws:eks/addon:Addon", "resolveConflictsOnUpdate", "eks", "CreateAddonRequest", "resolveConflicts"],
  ["aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "accessScope.type", "eks", "AccessScope", "type"],
  ["aws:backup/vault:Vault", "name", "backup", "CreateBackupVaultInput", "BackupVaultName"],
  ["aws:backup/plan:Plan", "rules[].ruleName", "backup", "BackupRuleInput", "RuleName"],
  ["aws:backup/vaultNotifications:VaultNotifications", "backupVaultEvents[]", "backup", "BackupVaultEvents", null],
  ["aws:iam/role:Role", "name", "iam", "CreateRoleRequest", "RoleName"],
  ["aws:iam/policy:Policy", "name", "iam", "CreatePolicyRequest", "PolicyName"],
  ["aws:cloudwatch/metricAlarm:MetricAlarm", "name", "cloudwatch", "PutMetricAlarmInput", "AlarmName"],
  ["aws:cloudwatch/metricAlarm:MetricAlarm", "comparisonOperator", "cloudwatch", "PutMetricAlarmInput", "ComparisonOperator"],
  ["aws:cloudwatch/metricAlarm:MetricAlarm", "statistic", "cloudwatch", "PutMetricAlarmInput", "Statistic"],
  ["aws:cloudwatch/compositeAlarm:CompositeAlarm", "alarmName", "cloudwatch", "PutCompositeAlarmInput", "AlarmName"],
  ["aws:cloudwatch/logGroup:LogGroup", "name", "cloudwatch-logs", "CreateLogGroupRequest", "logGroupName"],
  ["aws:cloudwatch/logGroup:LogGroup", "logGroupClass", "cloudwatch-logs", "CreateLogGroupRequest", "logGroupClass"],
  ["aws:kms/alias:Alias", "name", "kms", "CreateAliasRequest", "AliasName"],
  ["aws:kms/key:Key", "customerMasterKeySpec", "kms", "CreateKeyRequest", "KeySpec"],
  ["aws:kms/key:Key", "keyUsage", "kms", "CreateKeyRequest", "KeyUsage"],
  ["aws:wafv2/webAcl:WebAcl", "name", "wafv2", "CreateWebACLRequest", "Name"],
  ["aws:wafv2/webAcl:WebAcl", "visibilityConfig.metricName", "wafv2", "VisibilityConfig", "MetricName"],
  ["aws:wafv2/webAcl:WebAcl", "rules[].name", "wafv2", "Rule", "Name"],
  ["aws:wafv2/webAcl:WebAcl", "rules[].visibilityConfig.metricName", "wafv2", "VisibilityConfig", "MetricName"],
  ["aws:budgets/budget:Budget", "name", "budgets", "Budget", "BudgetName"],
  ["aws:budgets/budget:Budget", "budgetType", "budgets", "Budget", "BudgetType"],
  ["aws:budgets/budget:Budget", "timeUnit", "budgets", "Budget", "TimeUnit"],
  ["aws:budgets/budget:Budget", "notifications[].notificationType", "budgets", "Notification", "NotificationType"],
  ["aws:costexplorer/anomalyMonitor:AnomalyMonitor", "monitorType", "cost-explorer", "AnomalyMonitor", "MonitorType"],
  ["aws:costexplorer/anomalyMonitor:AnomalyMonitor", "monitorDimension", "cost-explorer", "AnomalyMonitor", "MonitorDimension"],
  ["aws:costexplorer/anomalySubscription:AnomalySubscription", "frequency", "cost-explorer", "AnomalySubscription", "Frequency"],
  ["aws:secretsmanager/secret:Secret", "name", "secrets-manager", "CreateSecretRequest", "Name"],
  ["aws:ecr/repository:Repository", "name", "ecr", "CreateRepositoryRequest", "repositoryName"],
  ["aws:ecr/repository:Repository", "imageTagMutability", "ecr", "CreateRepositoryRequest", "imageTagMutability"],
  ["aws:ecs/service:Service", "launchType", "ecs", "CreateServiceRequest", "launchType"],
  ["aws:ecs/service:Service", "propagateTags", "ecs", "CreateServiceRequest", "propagateTags"],
  ["aws:ecs/service:Service", "schedulingStrategy", "ecs", "CreateServiceRequest", "schedulingStrategy"],
  ["aws:ecs/service:Service", "deploymentController.type", "ecs", "DeploymentController", "type"],
  ["aws:ecs/taskDefinition:TaskDefinition", "networkMode", "ecs", "RegisterTaskDefinitionRequest", "networkMode"],
  ["aws:ecs/taskDefinition:TaskDefinition", "runtimePlatform.cpuArchitecture", "ecs", "RuntimePlatform", "cpuArchitecture"],
  ["aws:ecs/taskDefinition:TaskDefinition", "runtimePlatform.operatingSystemFamily", "ecs", "RuntimePlatform", "operatingSystemFamily"],
  ["aws:lb/listener:Listener", "protocol", "elastic-load-balancing-v2", "CreateListenerInput", "Protocol"],
  ["aws:lb/targetGroup:TargetGroup", "targetType", "elastic-load-balancing-v2", "CreateTargetGroupInput", "TargetType"],
  ["aws:lb/targetGroup:TargetGroup", "protocol", "elastic-load-balancing-v2", "CreateTargetGroupInput", "Protocol"],
  ["aws:lb/loadBalancer:LoadBalancer", "loadBalancerType", "elastic-load-balancing-v2", "CreateLoadBalancerInput", "Type"],
];

const models = new Map();
function model(service) {
  if (!models.has(service)) {
    const file = git("ls-tree", "-r", "--name-only", "HEAD", `${service}/service`).trim().split("\n").find((p) => p.endsWith(".json"));
    if (!file) throw new Error(`no model for ${service}`);
    const shapes = JSON.parse(git("show", `HEAD:${file}`)).shapes;
    models.set(service, { file, shapes, ns: Object.keys(shapes)[0].split("#")[0] });
  }
  return models.get(service);
}
const enumValues = (shape) => (shape?.type === "enum" ? Object.values(shape.members).map((m) => m.traits["smithy.api#enumValue"]) : undefined);

const constraints = MAP.map(([token, property, service, shapeName, member]) => {
  const m = model(service);
  const shape = m.shapes[`${m.ns}#${shapeName}`];
  if (!shape) throw new Error(`${service}: no shape ${shapeName}`);
  let target = shape;
  let traits = {};
  if (member) {
    const mem = shape.members?.[member];
    if (!mem) throw new Error(`${service}#${shapeName}: no member ${member}`);
    target = m.shapes[mem.target] ?? {};
    traits = { ...(target.traits ?? {}), ...(mem.traits ?? {}) };
  }
  if (target.type === "list") target = m.shapes[target.member.target] ?? {};
  const length = traits["smithy.api#length"];
  const out = { token, property, source: `${m.file}#${shapeName}${member ? `$${member}` : ""}` };
  if (length) out.length = { min: length.min ?? 0, max: length.max ?? null };
  if (traits["smithy.api#pattern"]) out.pattern = traits["smithy.api#pattern"];
  const values = enumValues(target) ?? enumValues(m.shapes[target.target]);
  if (values) out.enum = values;
  if (!out.length && !out.pattern && !out.enum) throw new Error(`${token} ${property}: the model has no constraint for ${shapeName}$${member}`);
  return out;
});

// PutBackupVaultNotifications documents which events are still sent; the enum also keeps deprecated ones.
const backup = model("backup");
const doc = backup.shapes[`${backup.ns}#PutBackupVaultNotificationsInput`].members.BackupVaultEvents.traits["smithy.api#documentation"];
const supported = [...doc.split("<note>")[0].matchAll(/<code>([A-Z0-9_]+)<\/code>/g)].map((x) => x[1]);
const allEvents = enumValues(backup.shapes[`${backup.ns}#BackupVaultEvent`]);
const state = (name) => enumValues(backup.shapes[`${backup.ns}#${name}`]);

const commit = git("rev-parse", "HEAD").trim();
const date = git("log", "-1", "--format=%cI", "HEAD").trim();
const facts = {
  source: { repository: "https://github.com/aws/api-models-aws", commit, date },
  constraints,
  backup: {
    source: `${backup.file}#PutBackupVaultNotificationsInput$BackupVaultEvents (documentation)`,
    vaultEvents: allEvents,
    supportedVaultEvents: supported,
    jobStates: { "Backup Job State Change": state("BackupJobState"), "Copy Job State Change": state("CopyJobState"), "Restore Job State Change": state("RestoreJobStatus") },
  },
};
const out = path.join(__dirname, "..", "test", "fidelity", "facts", "api-models.json");
writeFileSync(out, JSON.stringify(facts, null, 2) + "\n");
console.log(`wrote ${constraints.length} constraints and ${supported.length} supported vault events to ${out} (models at ${commit.slice(0, 12)}, ${date})`);
