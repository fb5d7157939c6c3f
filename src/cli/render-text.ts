import type { CheckedPlan as Plan } from "../../policies/report";
import type { RulePack } from "../../policies/model";
import { coverageGaps, modeLine, renderDeferred, renderLookups, renderOpaque, verdict } from "./render-coverage";
import { renderViolations } from "./report-violations";
import type { RecordedResource } from "../plan/types";
import { plain, type Style } from "./style";

function tree(plan: Plan, s: Style): string[] {
  const lines: string[] = [];
  const children = new Map<string | undefined, RecordedResource[]>();
  for (const r of plan.resources) {
    const list = children.get(r.parent) ?? [];
    list.push(r);
    children.set(r.parent, list);
  }
  const walk = (r: RecordedResource, prefix: string, last: boolean, top: boolean): void => {
    const branch = top ? "" : last ? "└─ " : "├─ ";
    const marks = [r.options.protect ? s.yellow("[protect]") : "", r.options.read ? s.dim("[read]") : ""].filter(Boolean).join(" ");
    lines.push(`${s.green("+")} ${prefix}${branch}${s.dim(r.type)}  ${s.bold(r.name)}${marks ? `  ${marks}` : ""}`);
    const kids = children.get(r.urn) ?? [];
    const nextPrefix = top ? "" : prefix + (last ? "   " : "│  ");
    kids.forEach((k, i) => walk(k, nextPrefix, i === kids.length - 1, false));
  };
  const roots = children.get(undefined) ?? [];
  roots.forEach((r, i) => walk(r, "", i === roots.length - 1, true));
  return lines;
}

/**
 * An output as one line. A string (an ARN, a URL) is never cut: half an ARN is worse than a
 * long line. A long list or map is summarised by its size and keys; the plan JSON has it whole.
 */
export function formatValue(v: unknown): string {
  if (typeof v === "string") return v;
  const text = JSON.stringify(v) ?? String(v);
  if (text.length <= 120) return text;
  if (Array.isArray(v)) return `[${v.length} items] (whole in --json)`;
  const keys = Object.keys(v as object);
  const shown = keys.slice(0, 8).join(", ");
  return `{${keys.length} keys: ${shown}${keys.length > 8 ? ", …" : ""}} (whole in --json)`;
}

/** The preview-like report: tree, counts per type, policy results, outputs. */
export function renderText(plan: Plan, packs: readonly RulePack[], s: Style = plain): string {
  const sum = plan.summary;
  const env = plan.meta.environment ? `, environment ${plan.meta.environment}` : "";
  const out: string[] = [s.bold(`Offline plan of ${plan.meta.project}/${plan.meta.stack}${env}`), s.dim(modeLine(plan)), ""];
  out.push(...tree(plan, s), "");
  // Reads (`.get`, StackReference) look up what exists; they are not created.
  const reads = plan.all().filter((r) => r.options.read).length;
  out.push(s.bold(`Resources: ${sum.resources - reads} to create${reads > 0 ? `, ${reads} read` : ""}`) +
    ` (${sum.custom - reads} cloud resources, ${sum.components} component${sum.components === 1 ? "" : "s"}, ${sum.protected} protected)`);
  const width = Math.max(...Object.values(sum.byType).map((n) => String(n).length), 1);
  for (const [type, n] of Object.entries(sum.byType)) out.push(`  ${String(n).padStart(width)}  ${type}`);
  out.push("");
  out.push(renderViolations(plan.violations, plan.unknowns, packs, s, coverageGaps(plan).length > 0).trimEnd());
  out.push(...renderOpaque(plan, s));
  out.push(...renderDeferred(plan, s));
  out.push(...renderLookups(plan, s));
  const outputs = Object.entries(plan.outputs);
  if (outputs.length > 0) {
    out.push("", s.bold("Outputs:"));
    for (const [k, v] of outputs) out.push(`  ${k}: ${formatValue(v)}`);
  }
  out.push("", s.bold(verdict(plan, s)));
  return out.join("\n") + "\n";
}
