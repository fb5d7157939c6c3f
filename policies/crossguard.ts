import type { Policies, PolicyResource as CgResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { PolicyResource, Rule, RulePack } from "../src/plan/policy";

function fromStackResource(r: CgResource): PolicyResource {
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
export function toCrossGuard(pack: RulePack): Policies {
  return pack.rules.map((rule: Rule) => {
    const base = { name: rule.id, description: rule.description, enforcementLevel: rule.enforcement };
    if (rule.kind === "stack") {
      const policy: StackValidationPolicy = {
        ...base,
        validateStack: (args, report) => {
          for (const f of rule.checkStack(args.resources.map(fromStackResource))) report(f.message, f.urn);
        },
      };
      return policy;
    }
    const policy: ResourceValidationPolicy = {
      ...base,
      validateResource: (args, report) => {
        if (!rule.types.includes(args.type)) return;
        for (const message of rule.check({ type: args.type, name: args.name, urn: args.urn, props: args.props })) report(message);
      },
    };
    return policy;
  });
}
