export type EnforcementLevel = "mandatory" | "advisory" | "disabled";

/** One finding of a rule: the plan JSON's `violations[]` entries. */
export interface Violation {
  readonly pack: string;
  readonly policy: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly urn: string;
  readonly message: string;
}

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
  /**
   * Plaintext of this resource's secrets (and the strings inside them), when the
   * source has it: rules decide on the plaintext, as CrossGuard does in-process;
   * the evaluator removes these strings from every message, so none is printed.
   */
  readonly secretValues?: readonly string[];
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

const UNDECIDED: unique symbol = Symbol("paved.undecided");

/** Findings of a stack rule, with the reads that left some resources undecided (each an UnknownValueError). */
export function withUndecided(findings: StackFinding[], undecided: readonly unknown[]): StackFinding[] {
  if (undecided.length > 0) Object.defineProperty(findings, UNDECIDED, { value: undecided, enumerable: false });
  return findings;
}

/** The undecided reads `withUndecided` attached to a stack rule's findings (none for a plain array). */
export function undecidedOf(findings: readonly StackFinding[]): readonly unknown[] {
  return (findings as { [UNDECIDED]?: readonly unknown[] })[UNDECIDED] ?? [];
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
  /** Why it is unknown, when it is not a preview unknown (an encrypted or masked secret). */
  readonly reason?: string;
}

/** Marks a value unknown during preview, in the props handed to rules. */
export const UNKNOWN_VALUE: unique symbol = Symbol.for("paved.unknownValue");

/**
 * A secret whose plaintext the source does not carry (ciphertext in a stack
 * export, "[secret]" in a plan JSON). Reading it throws like an unknown value,
 * with the reason, so the check is reported as undecided, never passed.
 */
export class HiddenSecret {
  constructor(readonly reason: string) {}
}

/** Thrown when a rule reads an unknown value; the evaluator (or CrossGuard) turns it into an "unknown" result. */
export class UnknownValueError extends Error {
  /** `urn`: the resource whose value it was, so a stack rule's unknown names a resource, not the rule. */
  constructor(readonly path: string, readonly urn?: string, readonly reason?: string) {
    super(reason ? `value unknown (${reason}): ${path}` : `value unknown during preview: ${path}`);
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
      if (v instanceof HiddenSecret) throw new UnknownValueError(at, urn, v.reason);
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

/** Placeholder for a secret's plaintext in messages. */
export const REDACTED = "[secret]";

/**
 * Removes secrets' plaintext from a message: each secret string in quotes
 * (how messages show found values), and bare when long enough to be a
 * credential (a short one, bare, would eat the rule's own words such as "root").
 */
export function redactSecrets(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret === "") continue;
    out = out.split(JSON.stringify(secret)).join(REDACTED);
    if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  return out;
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
  // Secrets of the resource a message is about, and every long secret of the stack (a stack rule may quote another resource).
  const secretsOf = new Map(resources.filter((r) => r.secretValues?.length).map((r) => [r.urn, r.secretValues!] as const));
  const longSecrets = [...secretsOf.values()].flat().filter((v) => v.length >= 8);
  const redact = secretsOf.size === 0 ? (_urn: string, m: string) => m : (urn: string, m: string) => redactSecrets(m, [...(secretsOf.get(urn) ?? []), ...longSecrets]);
  for (const pack of packs) {
    for (const rule of pack.rules) {
      const enforcementLevel = levelOf(rule, config);
      if (enforcementLevel === "disabled") continue;
      const report = (urn: string, message: string): void => {
        violations.push({ pack: pack.name, policy: rule.id, enforcementLevel, urn, message: redact(urn, message) });
      };
      const attempt = (urn: string, run: () => void): void => {
        try {
          run();
        } catch (e) {
          if (isUnknownError(e)) {
            const u = e as UnknownValueError;
            unknowns.push({ pack: pack.name, policy: rule.id, urn: u.urn ?? urn, path: u.path ?? e.message, ...(u.reason ? { reason: u.reason } : {}) });
          }
          else report(urn, `rule failed to evaluate: ${(e as Error).message}`);
        }
      };
      if (rule.kind === "stack") {
        const at = `urn:pulumi:stack::${pack.name}::${rule.id}`;
        attempt(at, () => {
          const findings = rule.checkStack(guarded);
          for (const f of findings) report(f.urn, f.message);
          // Resources the rule could not decide, each on its own: the rest of its findings stand.
          for (const e of undecidedOf(findings)) attempt(at, () => { throw e; });
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
