import type { EnforcementLevel, Violation } from "./types";

/**
 * What a rule sees of a resource, whatever the source: a recorded plan, a
 * `pulumi stack export`, a plan JSON, or CrossGuard at preview time.
 */
export interface PolicyResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** Inputs (what the program asked for). Reading a value unknown at preview throws UnknownValueError. */
  readonly props: Record<string, unknown>;
  /** Outputs, when the source has them (stack exports, recorded plans); stack rules prefer them. */
  readonly state?: Record<string, unknown>;
  /** The cloud id, when the source has it. */
  readonly id?: string;
  readonly parent?: string;
  readonly dependencies?: readonly string[];
  /** Input property → URNs its value came from (follows references even when ids are unknown). */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

interface RuleBase {
  /** Stable id: the CrossGuard policy name and the key in policy config. */
  readonly id: string;
  /** What the rule guards and how to fix a violation. */
  readonly description: string;
  /** Default level; policy config can change it. */
  readonly enforcement: EnforcementLevel;
}

/** A rule on one resource at a time, like a CrossGuard ResourceValidationPolicy. */
export interface ResourceRule extends RuleBase {
  readonly kind?: "resource";
  /** Exact type tokens the rule applies to. */
  readonly types: readonly string[];
  /** One message per problem; none means compliant. */
  readonly check: (r: PolicyResource) => string[];
}

export interface StackFinding {
  readonly urn: string;
  readonly message: string;
}

/** A rule over the whole stack, like a CrossGuard StackValidationPolicy: it can follow references. */
export interface StackRule extends RuleBase {
  readonly kind: "stack";
  readonly checkStack: (resources: readonly PolicyResource[]) => StackFinding[];
}

export type Rule = ResourceRule | StackRule;

export interface RulePack {
  readonly name: string;
  readonly description: string;
  readonly rules: readonly Rule[];
}

/** CrossGuard's policy config shape: `{ "all": "advisory", "<rule>": "disabled" | { enforcementLevel } }`. */
export type PolicyConfig = Readonly<Record<string, EnforcementLevel | { readonly enforcementLevel?: EnforcementLevel }>>;

/** A check that could not run because a value it needs is unknown (preview): reported, never a pass. */
export interface UnknownCheck {
  readonly pack: string;
  readonly policy: string;
  readonly urn: string;
  /** The property path that was unknown. */
  readonly path: string;
}

/** Marks a value unknown during preview, in the props handed to rules. */
export const UNKNOWN_VALUE: unique symbol = Symbol.for("paved.unknownValue");

/** Thrown when a rule reads an unknown value; the evaluator (or CrossGuard) turns it into an "unknown" result. */
export class UnknownValueError extends Error {
  /** `urn`: the resource whose value it was, so a stack rule's unknown names a resource, not the rule. */
  constructor(readonly path: string, readonly urn?: string) {
    super(`value unknown during preview: ${path}`);
    this.name = "UnknownValueError";
  }
}

/**
 * Wraps props so that reading an unknown value throws, as CrossGuard's own
 * proxy does: a rule can never mistake "unknown" for "absent" and pass.
 */
export function guardUnknowns<T extends object>(value: T, path = "", urn?: string): T {
  return new Proxy(value, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop === "symbol") return v;
      const at = path ? `${path}.${prop}` : prop;
      if (v === UNKNOWN_VALUE) throw new UnknownValueError(at, urn);
      const desc = Object.getOwnPropertyDescriptor(target, prop);
      if (desc && "value" in desc && desc.configurable === false && desc.writable === false) return v;
      return v !== null && typeof v === "object" ? guardUnknowns(v as object, at, urn) : v;
    },
  });
}

export function levelOf(rule: Rule, config: PolicyConfig | undefined): EnforcementLevel {
  const own = config?.[rule.id] ?? config?.all;
  if (own === undefined) return rule.enforcement;
  return typeof own === "string" ? own : own.enforcementLevel ?? rule.enforcement;
}

export interface Evaluation {
  readonly violations: Violation[];
  readonly unknowns: UnknownCheck[];
}

function isUnknownError(e: unknown): e is { path?: string; message: string } {
  // CrossGuard's own UnknownValueError has the same name, so rules behave the same under both.
  return e instanceof UnknownValueError || (e instanceof Error && e.name === "UnknownValueError");
}

/**
 * Runs every rule of every pack. A rule that reads an unknown value yields an
 * "unknown" result; a rule that crashes is reported as a violation of itself.
 */
export function evaluatePacks(resources: readonly PolicyResource[], packs: readonly RulePack[], config?: PolicyConfig): Evaluation {
  const violations: Violation[] = [];
  const unknowns: UnknownCheck[] = [];
  const guarded = resources.map((r) => ({ ...r, props: guardUnknowns(r.props, "", r.urn), state: r.state && guardUnknowns(r.state, "", r.urn) }));
  for (const pack of packs) {
    for (const rule of pack.rules) {
      const enforcementLevel = levelOf(rule, config);
      if (enforcementLevel === "disabled") continue;
      const report = (urn: string, message: string): void => {
        violations.push({ pack: pack.name, policy: rule.id, enforcementLevel, urn, message });
      };
      const attempt = (urn: string, run: () => void): void => {
        try {
          run();
        } catch (e) {
          if (isUnknownError(e)) unknowns.push({ pack: pack.name, policy: rule.id, urn: (e as UnknownValueError).urn ?? urn, path: (e as UnknownValueError).path ?? e.message });
          else report(urn, `rule failed to evaluate: ${(e as Error).message}`);
        }
      };
      if (rule.kind === "stack") {
        attempt(`urn:pulumi:stack::${pack.name}::${rule.id}`, () => {
          for (const f of rule.checkStack(guarded)) report(f.urn, f.message);
        });
        continue;
      }
      for (const r of guarded) {
        if (!rule.types.includes(r.type)) continue;
        attempt(r.urn, () => {
          for (const m of rule.check(r)) report(r.urn, m);
        });
      }
    }
  }
  return { violations, unknowns };
}
