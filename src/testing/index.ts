/**
 * The offline plan engine for unit tests: run a program or a component under
 * Pulumi's mock runtime with realistic AWS answers, then assert on what was
 * recorded. This is the same engine `paved plan` uses.
 */
export { record, MOCK_ACCOUNT, type RecordOptions } from "../plan/record";
export { planStack, type PlanStackOptions } from "../plan/run-stack";
export { Plan, type PlanJson, type PlanJsonResource, type PlanSummary } from "../plan/plan";
export { SECRET, UNKNOWN } from "../plan/sanitize";
export { availabilityZones, KNOWN_REGIONS } from "../regions";
export type { RecordedResource, ResourceOptionsRecord, Violation, EnforcementLevel } from "../plan/types";
export type { ResourceRule, StackRule, Rule, RulePack, PolicyResource, PolicyConfig, UnknownCheck } from "../plan/policy";
export { UNKNOWN_VALUE, UnknownValueError, evaluatePacks } from "../plan/policy";
export { urnDrift, formatUrnList, type UrnDrift } from "./urns";
