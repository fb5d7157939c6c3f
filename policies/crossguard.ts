import type { EnforcementLevel } from "./model";
import { undecidedOf, type PolicyResource, type Rule, type RulePack } from "./model";

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

function fromStackResource(r: CrossGuardResource, inputs: Record<string, unknown> | undefined): PolicyResource {
  return {
    type: r.type,
    name: r.name,
    urn: r.urn,
    // CrossGuard gives stack policies outputs only; the inputs come from this preview's Analyze calls when
    // there were any, so stack rules see what `paved check` shows them (props = inputs, state = outputs).
    props: inputs ?? r.props,
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
 *
 * The engine calls Analyze with each resource's inputs as it is registered, then
 * AnalyzeStack once with every resource's outputs, on the same pack process
 * (pulumi/pulumi pkg/resource/deploy/step_generator.go: analyzeAll, AnalyzeResources).
 * Resource policies remember the inputs by URN for the stack policies: in a preview an
 * omitted input (a default port) is an unknown output, which would stop a stack rule.
 */
export function toCrossGuard(pack: RulePack): Array<CrossGuardResourcePolicy | CrossGuardStackPolicy> {
  const inputs = new Map<string, Record<string, unknown>>();
  return pack.rules.map((rule: Rule) => {
    const base = { name: rule.id, description: rule.description, enforcementLevel: rule.enforcement };
    if (rule.kind === "stack") {
      return {
        ...base,
        validateStack: (args, report) => {
          const findings = rule.checkStack(args.resources.map((r) => fromStackResource(r, inputs.get(r.urn))));
          for (const f of findings) report(f.message, f.urn);
          // CrossGuard reports a policy that throws its UnknownValueError as "can't run during preview":
          // after the decided findings, so only the undecided resources are lost.
          const [first] = undecidedOf(findings);
          if (first !== undefined) throw first;
        },
      } satisfies CrossGuardStackPolicy;
    }
    return {
      ...base,
      validateResource: (args, report) => {
        inputs.set(args.urn, args.props);
        if (!rule.types.includes(args.type)) return;
        // CrossGuard unwraps secrets before policies run (deserializeProperties(..., false) in
        // @pulumi/policy server.js), so nothing here can tell a secret from a plain value.
        for (const message of rule.check({ type: args.type, name: args.name, urn: args.urn, props: args.props })) report(message);
      },
    } satisfies CrossGuardResourcePolicy;
  });
}
