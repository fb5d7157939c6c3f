import type { Plan } from "../plan/plan";

export interface UrnDrift {
  /** Pinned URNs that are gone and that no resource lists as an alias: `pulumi up` would delete them. */
  readonly lost: string[];
  /** URNs that are not pinned yet: new resources (or renames without an alias). */
  readonly unpinned: string[];
}

/**
 * Compares a plan's URNs with a pinned list. Child names are public API: a
 * refactor that changes a URN must ship an alias, or the old resource is
 * deleted and a new one created.
 */
export function urnDrift(plan: Plan, pinned: readonly string[]): UrnDrift {
  const current = new Set(plan.resources.map((r) => r.urn));
  const aliased = new Set(plan.resources.flatMap((r) => r.options.aliases));
  const pinnedSet = new Set(pinned);
  return {
    lost: pinned.filter((u) => !current.has(u) && !aliased.has(u)),
    unpinned: [...current].filter((u) => !pinnedSet.has(u)),
  };
}

/** The URN list as pinned on disk: one per line, sorted. */
export function formatUrnList(plan: Plan): string {
  return plan.resources.map((r) => r.urn).sort().join("\n") + "\n";
}
