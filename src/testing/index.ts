/**
 * The offline plan engine for unit tests: run a program or a component under
 * Pulumi's mock runtime with realistic AWS answers, then assert on what was
 * recorded. This is the same engine `paved plan` uses.
 * @module paved/testing
 */
export { MOCK_ACCOUNT } from "../plan/record";
export type { RecordedPlanJson, RecordedSummary, PlanJsonResource, DeferredSearch, LookupRecord, PlanMeta, PlanMode, Plan as RecordedPlan } from "../plan/plan";
export type { OpaqueEntry } from "../plan/opaque";
export type { RecordOptions as EngineRecordOptions } from "../plan/record";
export type { PlanStackOptions as EnginePlanStackOptions } from "../plan/run-stack";
export { SECRET, UNKNOWN } from "../plan/sanitize";
export { availabilityZones, KNOWN_REGIONS } from "../plan/regions";
export type { RecordedResource, ResourceOptionsRecord, RevealedInputs } from "../plan/types";
// record/planStack run the program on the engine, then the packs given (none by default): what `paved plan` reports.
export {
  recordChecked as record, planStackChecked as planStack, CheckedPlan as Plan, checkPlan,
  type RecordCheckedOptions as RecordOptions, type PlanStackCheckedOptions as PlanStackOptions, type PlanJson, type PlanSummary, type CheckOptions,
} from "../../policies/report";
export type { ResourceRule, StackRule, Rule, RulePack, PolicyResource, PolicyConfig, UnknownCheck, Violation, EnforcementLevel } from "../../policies/model";
export { UNKNOWN_VALUE, UnknownValueError, evaluatePacks } from "../../policies/model";
export { urnDrift, formatUrnList, type UrnDrift } from "./urns";
