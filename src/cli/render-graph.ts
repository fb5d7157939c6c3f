import type { Plan } from "../plan/plan";
import type { RecordedResource } from "../plan/types";
import { plural } from "./markdown-inline";

const STACK = "pulumi:pulumi:Stack";

/** The component a resource belongs to: its nearest ancestor that is a component (not the stack). */
function ownerOf(r: RecordedResource, byUrn: Map<string, RecordedResource>): RecordedResource | undefined {
  let cur: RecordedResource | undefined = r;
  while (cur) {
    if (!cur.custom && cur.type !== STACK) return cur;
    cur = cur.parent ? byUrn.get(cur.parent) : undefined;
  }
  return undefined;
}

const nodeId = (i: number): string => `c${i}`;
const label = (s: string): string => s.replace(/"/g, "#quot;");

/**
 * A Mermaid flowchart of the plan's components, with an edge A → B when
 * something in A depends on something in B (an input or dependsOn).
 */
export function renderGraph(plan: Plan): string {
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const components = plan.resources.filter((r) => !r.custom && r.type !== STACK);
  const index = new Map(components.map((c, i) => [c.urn, i]));
  const counts = new Map<string, number>();
  const edges = new Set<string>();
  for (const r of plan.resources) {
    const owner = ownerOf(r, byUrn);
    if (!owner) continue;
    if (r.custom) counts.set(owner.urn, (counts.get(owner.urn) ?? 0) + 1);
    for (const dep of r.dependencies) {
      const target = byUrn.get(dep);
      const other = target ? ownerOf(target, byUrn) : undefined;
      if (other && other.urn !== owner.urn) edges.add(`${nodeId(index.get(owner.urn)!)} --> ${nodeId(index.get(other.urn)!)}`);
    }
  }
  const lines = ["flowchart LR"];
  components.forEach((c, i) => lines.push(`  ${nodeId(i)}["${label(c.name)}<br/><small>${label(c.type)} · ${plural(counts.get(c.urn) ?? 0, "resource")}</small>"]`));
  lines.push(...[...edges].sort().map((e) => `  ${e}`));
  return lines.join("\n") + "\n";
}
