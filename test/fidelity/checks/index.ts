import { errorRateCountsElb5xx, dashboardLayout, liveTrafficAcrossDeployments, replicationLagOnEveryMember, storageAlarmFollowsAutoscaling } from "./alarm-semantics";
import { apiConstraints } from "./api-constraints";
import { autoscalersCanAct, eksAddonNames, eksApiReachable, kubernetesSchemas, networkPoliciesEnforced } from "./kubernetes";
import { alarmMetricsExist } from "./metrics";
import type { Check } from "./types";
import { backupEventPatterns, backupEventsCurrent, circuitBreakerOnRollingOnly, costTagsActivated, logGroupsPrecreated, notificationsReachSomeone } from "./wiring";

export { iamActions } from "./iam";
export type { Check, FidelityResource, Finding } from "./types";

/** Every synchronous fidelity check, by name (the IAM check is async: it reads the service reference). */
export const CHECKS: Readonly<Record<string, Check>> = {
  apiConstraints, alarmMetricsExist, errorRateCountsElb5xx, liveTrafficAcrossDeployments, storageAlarmFollowsAutoscaling,
  replicationLagOnEveryMember, dashboardLayout, kubernetesSchemas, eksAddonNames, eksApiReachable, networkPoliciesEnforced, autoscalersCanAct,
  backupEventsCurrent, backupEventPatterns, notificationsReachSomeone, costTagsActivated, circuitBreakerOnRollingOnly, logGroupsPrecreated,
};
