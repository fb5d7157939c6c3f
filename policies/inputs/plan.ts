import type { Plan } from "../../src/plan/plan";
import { SECRET, UNKNOWN } from "../../src/plan/sanitize";
import type { RecordedResource, RevealedInputs } from "../../src/plan/types";
import { UNKNOWN_VALUE, type PolicyResource } from "../model";

function hasMarker(value: unknown): boolean {
  if (value === UNKNOWN || value === SECRET) return true;
  if (value === null || typeof value !== "object") return false;
  return Array.isArray(value) ? value.some(hasMarker) : Object.values(value).some(hasMarker);
}

/** Plan values that a rule cannot know: preview unknowns and masked secrets. Copies only what holds one. */
export function markUnknowns(value: unknown): unknown {
  if (!hasMarker(value)) return value;
  if (value === UNKNOWN || value === SECRET) return UNKNOWN_VALUE;
  if (Array.isArray(value)) return value.map(markUnknowns);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, markUnknowns(v)]));
}

/**
 * The cloud resources of a plan as the policy rules see them: inputs as props, outputs as
 * state (the same fields a plan JSON carries, so `paved check` on it reads what `paved plan`
 * read). Secrets the plan holds in memory are decided on (CrossGuard sees their plaintext
 * too) and redacted from messages.
 */
export function policyResourcesOf(plan: Plan): PolicyResource[] {
  return resourcesOf(plan.resources, plan.revealed);
}

export function resourcesOf(recorded: readonly RecordedResource[], revealed?: ReadonlyMap<string, RevealedInputs>): PolicyResource[] {
  return recorded
    .filter((r) => r.custom && !r.options.read && !r.type.startsWith("pulumi:providers:"))
    .map((r) => ({
      type: r.type,
      name: r.name,
      urn: r.urn,
      props: markUnknowns(revealed?.get(r.urn)?.inputs ?? r.inputs) as Record<string, unknown>,
      ...(revealed?.get(r.urn)?.secrets.length ? { secretValues: revealed.get(r.urn)!.secrets } : {}),
      state: markUnknowns(r.outputs) as Record<string, unknown>,
      id: r.id,
      parent: r.parent,
      dependencies: r.dependencies,
      propertyDependencies: r.propertyDependencies,
    }));
}
