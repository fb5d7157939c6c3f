import type { EnforcementLevel } from "../src/plan/types";
import type { PolicyResource, Rule, RulePack } from "../src/plan/policy";

/*
 * The shapes below are the parts of @pulumi/policy's types that the adapter
 * uses, written out so that `paved/policies` type-checks without @pulumi/policy
 * installed; they are assignable to its `Policies`.
 */
type ReportViolation = (message: string, urn?: string) => void;

interface CrossGuardResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Record<string, unknown>;
  readonly parent?: { readonly urn: string };
  readonly dependencies: ReadonlyArray<{ readonly urn: string }>;
  readonly propertyDependencies: Readonly<Record<string, ReadonlyArray<{ readonly urn: string }>>>;
}

interface PolicyBase {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
}

export interface CrossGuardResourcePolicy extends PolicyBase {
  readonly validateResource: (args: { type: string; name: string; urn: string; props: Record<string, unknown> }, report: ReportViolation) => void;
}

export interface CrossGuardStackPolicy extends PolicyBase {
  readonly validateStack: (args: { resources: readonly CrossGuardResource[] }, report: ReportViolation) => void;
}

function fromStackResource(r: CrossGuardResource): PolicyResource {
  return {
    type: r.type,
    name: r.name,
    urn: r.urn,
    // Stack policies see outputs; rules that follow references read `state` first.
    props: r.props,
    state: r.props,
    parent: r.parent?.urn,
    dependencies: r.dependencies.map((d) => d.urn),
    propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, deps]) => [k, deps.map((d) => d.urn)])),
  };
}

/**
 * Wraps each rule as a CrossGuard policy. Reading an unknown value inside a
 * rule throws CrossGuard's own UnknownValueError, which CrossGuard reports as
 * "can't run during preview" rather than a pass or a violation.
 */
export function toCrossGuard(pack: RulePack): Array<CrossGuardResourcePolicy | CrossGuardStackPolicy> {
  return pack.rules.map((rule: Rule) => {
    const base = { name: rule.id, description: rule.description, enforcementLevel: rule.enforcement };
    if (rule.kind === "stack") {
      return {
        ...base,
        validateStack: (args, report) => {
          for (const f of rule.checkStack(args.resources.map(fromStackResource))) report(f.message, f.urn);
        },
      } satisfies CrossGuardStackPolicy;
    }
    return {
      ...base,
      validateResource: (args, report) => {
        if (!rule.types.includes(args.type)) return;
        for (const message of rule.check({ type: args.type, name: args.name, urn: args.urn, props: args.props })) report(message);
      },
    } satisfies CrossGuardResourcePolicy;
  });
}
