import { UNKNOWN } from "./sanitize";
import type { EnforcementLevel, RecordedResource, Violation } from "./types";

/** What a resource rule sees: the resource's inputs, with preview unknowns as `undefined`. */
export interface PolicyResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Record<string, unknown>;
}

/** A rule is a plain object: the CrossGuard packs and `paved plan` call the same `check`. */
export interface ResourceRule {
  readonly id: string;
  readonly description: string;
  readonly enforcement: EnforcementLevel;
  /** Exact type tokens the rule applies to. */
  readonly types: readonly string[];
  /** Returns one message per problem; an empty list means compliant. */
  readonly check: (r: PolicyResource) => string[];
}

export interface RulePack {
  readonly name: string;
  readonly rules: readonly ResourceRule[];
}

function withoutUnknowns(value: unknown): unknown {
  if (value === UNKNOWN) return undefined;
  if (Array.isArray(value)) return value.map(withoutUnknowns);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutUnknowns(v)]));
}

export function toPolicyResource(r: RecordedResource): PolicyResource {
  return { type: r.type, name: r.name, urn: r.urn, props: withoutUnknowns(r.inputs) as Record<string, unknown> };
}

/**
 * Runs every rule of every pack over the recorded cloud resources. A rule that
 * throws is reported as a violation of that rule, never as a crash of the plan.
 */
export function evaluatePacks(resources: readonly RecordedResource[], packs: readonly RulePack[]): Violation[] {
  const out: Violation[] = [];
  for (const pack of packs) {
    for (const rule of pack.rules) {
      if (rule.enforcement === "disabled") continue;
      for (const r of resources) {
        if (!r.custom || r.options.read || !rule.types.includes(r.type)) continue;
        let messages: string[];
        try {
          messages = rule.check(toPolicyResource(r));
        } catch (e) {
          messages = [`rule failed to evaluate: ${(e as Error).message}`];
        }
        for (const message of messages) {
          out.push({ pack: pack.name, policy: rule.id, enforcementLevel: rule.enforcement, urn: r.urn, message });
        }
      }
    }
  }
  return out;
}
