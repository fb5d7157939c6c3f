import type { PolicyResource, ResourceRule, StackRule } from "../model";
import { TAGGABLE_AWS_TYPES } from "./taggable-aws-types";
import { decideEach, environmentTag, isRecord, known, num, refersTo } from "./util";

export const logRetention: ResourceRule = {
  id: "log-retention",
  description: "Log groups keep logs for a set number of days, never forever. Fix: set `retentionInDays` (Paved presets: 14 / 90 / 365).",
  enforcement: "advisory",
  types: ["aws:cloudwatch/logGroup:LogGroup"],
  check: (r) => ((num(r.props.retentionInDays) ?? 0) > 0 ? [] : [`retentionInDays: found ${JSON.stringify(r.props.retentionInDays ?? null)} (never expire); allowed a number of days`]),
};

/** Per type: the checks that keep a prod resource from being deleted with its data. */
const PROD_GUARDS: Readonly<Record<string, (p: Record<string, unknown>) => string[]>> = {
  // Read replicas hold no data of their own: they need no final snapshot.
  "aws:rds/instance:Instance": (p) => p.replicateSourceDb !== undefined ? [] : [
    ...(p.deletionProtection === true ? [] : ["deletionProtection: found not true; allowed true"]),
    ...(p.skipFinalSnapshot === true ? ["skipFinalSnapshot: found true; allowed false with a finalSnapshotIdentifier"] : []),
  ],
  "aws:rds/cluster:Cluster": (p) => [
    ...(p.deletionProtection === true ? [] : ["deletionProtection: found not true; allowed true"]),
    ...(p.skipFinalSnapshot === true ? ["skipFinalSnapshot: found true; allowed false with a finalSnapshotIdentifier"] : []),
  ],
  "aws:elasticache/replicationGroup:ReplicationGroup": (p) => ((num(p.snapshotRetentionLimit) ?? 0) > 0 && p.finalSnapshotIdentifier !== undefined
    ? [] : ["snapshotRetentionLimit / finalSnapshotIdentifier: found no snapshots kept on deletion; allowed retention > 0 and a final snapshot"]),
  "aws:dynamodb/table:Table": (p) => (p.deletionProtectionEnabled === true ? [] : ["deletionProtectionEnabled: found not true; allowed true"]),
  "aws:lb/loadBalancer:LoadBalancer": (p) => (p.enableDeletionProtection === true ? [] : ["enableDeletionProtection: found not true; allowed true"]),
};

export const prodDeletionProtection: ResourceRule = {
  id: "prod-deletion-protection",
  description: "Stateful resources tagged environment=prod have deletion protection and keep a final snapshot. Fix: set the flags the message names (Paved's prod presets do).",
  enforcement: "advisory",
  types: Object.keys(PROD_GUARDS),
  check: (r) => (environmentTag(r) === "prod" ? PROD_GUARDS[r.type]!(r.props) : []),
};

export const REQUIRED_TAGS = ["environment", "service", "owner", "cost-center"] as const;

/**
 * Every taggable AWS resource (TAGGABLE_AWS_TYPES, generated from @pulumi/aws) and any other
 * aws:* resource that has tags: one that declares none is flagged too, not skipped.
 */
export const requiredTags: StackRule = {
  kind: "stack",
  id: "required-tags",
  description: `Taggable AWS resources carry the ${REQUIRED_TAGS.join(", ")} tags, for ownership and cost reports. Fix: pass them in the component's \`tags\` or the provider's defaultTags.`,
  enforcement: "advisory",
  // Each resource on its own: one resource whose tags are unknown leaves only that resource undecided.
  checkStack: (all) => decideEach(all.filter((r) => r.type.startsWith("aws:")), (r) => {
    // tagsAll (outputs) includes the provider's default tags; an unknown one falls back to the resource's own.
    const all_ = known(() => r.state?.tagsAll);
    const own = r.props.tags;
    if (!isRecord(all_) && !isRecord(own) && !TAGGABLE_AWS_TYPES.has(r.type)) return [];
    const tags = (isRecord(all_) ? all_ : isRecord(own) ? own : {}) as Record<string, unknown>;
    const absent = REQUIRED_TAGS.filter((t) => typeof tags[t] !== "string" || tags[t] === "");
    return absent.length > 0 ? [{ urn: r.urn, message: `tags: found no ${absent.join(", ")}; allowed all of ${REQUIRED_TAGS.join(", ")}` }] : [];
  }),
};

export const vpcFlowLogs: StackRule = {
  kind: "stack",
  id: "vpc-flow-logs",
  description: "Every VPC has a flow log. Fix: add an aws.ec2.FlowLog for the VPC (Paved's Vpc does, with an encrypted log group).",
  enforcement: "advisory",
  checkStack: (all) => {
    const logs = all.filter((r) => r.type === "aws:ec2/flowLog:FlowLog");
    return all.filter((r) => r.type === "aws:ec2/vpc:Vpc")
      .filter((vpc: PolicyResource) => !logs.some((l) => refersTo(l, "vpcId", vpc)))
      .map((vpc) => ({ urn: vpc.urn, message: "flow logs: found none for this VPC; allowed a FlowLog with trafficType ALL" }));
  },
};
