import { Plan, type RecordedPlanJson, type RecordedSummary } from "../src/plan/plan";
import { record, type RecordOptions } from "../src/plan/record";
import { planStack, type PlanStackOptions } from "../src/plan/run-stack";
import { resourcesOf, policyResourcesOf } from "./inputs/plan";
import { evaluatePacks, type PolicyConfig, type RulePack, type UnknownCheck, type Violation } from "./model";

/** The plan JSON's summary: what was recorded, and what the packs found. */
export interface PlanSummary extends RecordedSummary {
  readonly mandatoryViolations: number;
  readonly advisoryViolations: number;
  readonly unknownChecks: number;
}

/** The plan JSON (`paved plan --json`): a public contract, documented in the README. Add fields; never rename. */
export interface PlanJson extends Omit<RecordedPlanJson, "summary"> {
  readonly violations: readonly Violation[];
  readonly summary: PlanSummary;
  /** Checks that could not run because a value was unknown (never counted as passing). */
  readonly unknowns: readonly UnknownCheck[];
}

/** A recorded plan with the packs' results on it: what `paved plan` reports and tests assert on. */
export class CheckedPlan extends Plan {
  constructor(
    plan: Plan,
    readonly violations: readonly Violation[],
    readonly unknowns: readonly UnknownCheck[],
  ) {
    super(plan.meta, plan.resources, plan.outputs, plan.opaque, plan.deferred, plan.revealed, plan.resolvedRun);
  }

  override get summary(): PlanSummary {
    return {
      ...super.summary,
      mandatoryViolations: this.violations.filter((v) => v.enforcementLevel === "mandatory").length,
      advisoryViolations: this.violations.filter((v) => v.enforcementLevel === "advisory").length,
      unknownChecks: this.unknowns.length,
    };
  }

  override toJSON(): PlanJson {
    const j = super.toJSON();
    // The documented key order of the plan JSON.
    return {
      stack: j.stack, project: j.project, environment: j.environment, mode: j.mode, resources: j.resources,
      violations: this.violations, summary: this.summary, outputs: j.outputs, unknowns: this.unknowns, opaque: j.opaque,
      ...(j.deferred ? { deferred: j.deferred } : {}), lookups: j.lookups,
    };
  }
}

export interface CheckOptions {
  readonly packs?: readonly RulePack[];
  /** Enforcement overrides, in CrossGuard's policy config shape. */
  readonly policyConfig?: PolicyConfig;
}

/**
 * Runs the packs over a plan, as CrossGuard would over the same resources: the
 * preview's resources, and those only a resolved run found inside applies
 * (checked on that run, reported with a note that a preview does not show them).
 */
export function checkPlan(plan: Plan, options: CheckOptions = {}): CheckedPlan {
  const packs = options.packs ?? [];
  if (packs.length === 0) return new CheckedPlan(plan, [], []);
  const { violations, unknowns } = evaluatePacks(policyResourcesOf(plan), packs, options.policyConfig);
  const extra = new Set((plan.deferred?.resources ?? []).map((r) => r.urn));
  const deferred = plan.resolvedRun && extra.size > 0
    ? evaluatePacks(resourcesOf(plan.resolvedRun.resources, plan.resolvedRun.revealed), packs, options.policyConfig).violations
      .filter((v) => extra.has(v.urn))
      .map((v) => ({ ...v, message: `${v.message} (created inside an apply at deploy time: a preview does not show it; checked on the resolved run)` }))
    : [];
  return new CheckedPlan(plan, [...violations, ...deferred], unknowns);
}

export type RecordCheckedOptions = RecordOptions & CheckOptions;
export type PlanStackCheckedOptions = PlanStackOptions & CheckOptions;

/** `record` (the engine), then the packs. */
export async function recordChecked(program: () => unknown, options: RecordCheckedOptions = {}): Promise<CheckedPlan> {
  return checkPlan(await record(program, options), options);
}

/** `planStack` (the engine), then the packs. */
export async function planStackChecked(options: PlanStackCheckedOptions): Promise<CheckedPlan> {
  return checkPlan(await planStack(options), options);
}
