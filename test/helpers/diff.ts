import type { DiffResource } from "../../src/diff/diff";
import type { Plan } from "../../src/testing";

/** A plan's resources as `paved diff` reads them from its JSON. */
export function loadDiffDocumentFromJson(plan: Plan): DiffResource[] {
  return plan.toJSON().resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))
    .map((r) => ({ urn: r.urn, type: r.type, name: r.name, inputs: r.inputs, aliases: r.aliases }));
}
