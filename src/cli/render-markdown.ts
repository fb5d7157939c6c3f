import type { CheckedPlan as Plan } from "../../policies/report";
import type { RulePack } from "../../policies/model";
import type { RecordedResource } from "../plan/types";
import { coverageGaps } from "./render-coverage";

/** GitHub refuses comments over 65,536 characters. */
export const MARKDOWN_LIMIT = 65_536;

const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const short = (urn: string): string => urn.split("::").pop() ?? urn;

function componentOf(r: RecordedResource, byUrn: Map<string, RecordedResource>): RecordedResource | undefined {
  let cur: RecordedResource | undefined = r.parent ? byUrn.get(r.parent) : undefined;
  while (cur && (cur.custom || cur.type === "pulumi:pulumi:Stack")) cur = cur.parent ? byUrn.get(cur.parent) : undefined;
  return cur;
}

/**
 * A pull-request comment: summary first (counts per component, policy
 * results), violations next, details folded. Inputs are never shown, so no
 * value (secret or not) reaches the comment; it never exceeds GitHub's limit.
 */
export function renderMarkdown(plan: Plan, packs: readonly RulePack[] = []): string {
  const sum = plan.summary;
  const gaps = coverageGaps(plan);
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const perComponent = new Map<string, { type: string; count: number; protected: number }>();
  for (const r of plan.all()) {
    if (!r.custom) continue;
    const c = componentOf(r, byUrn);
    const key = c ? c.name : "(top level)";
    const row = perComponent.get(key) ?? { type: c?.type ?? "", count: 0, protected: 0 };
    row.count += 1;
    if (r.options.protect) row.protected += 1;
    perComponent.set(key, row);
  }
  const head: string[] = [
    `### Paved plan: \`${plan.meta.project}/${plan.meta.stack}\`${plan.meta.environment ? ` (${plan.meta.environment})` : ""}`,
    "",
    `**${sum.resources}** resources to create: ${sum.custom} cloud resources in ${sum.components} components, ${sum.protected} protected.`,
    `Mode: ${plan.mode === "preview" ? "preview (provider-computed values unknown, as in `pulumi preview`)" : "resolved from mocks"}.`,
    plan.violations.length === 0
      ? gaps.length > 0
        ? `**Policies:** :warning: no violations in what was checked (${gaps.join(", ")})${packs.length ? `; packs ${packs.map((p) => p.name).join(", ")}` : ""}.`
        : `**Policies:** :white_check_mark: no violations${packs.length ? ` (${packs.map((p) => p.name).join(", ")})` : ""}.`
      : `**Policies:** ${sum.mandatoryViolations > 0 ? ":x:" : ":warning:"} ${sum.mandatoryViolations} mandatory, ${sum.advisoryViolations} advisory violations.`,
    ...(plan.unknowns.length > 0 ? [`${plan.unknowns.length} checks could not run (a value is unknown until apply).`] : []),
    ...(plan.opaque.length > 0 ? [
      `**Not checked:** ${plan.opaque.length} part${plan.opaque.length === 1 ? "" : "s"} the offline plan cannot see inside:`, "",
      ...plan.opaque.map((o) => `- \`${cell(o.type)}\` \`${cell(short(o.urn))}\`: ${cell(o.reason)}`),
      "", "Check them with `paved check` on a real `pulumi preview --json`.",
    ] : []),
    ...(plan.deferred?.ran === false ? [`**Not checked:** resources the program creates inside apply callbacks (the resolved run that finds them failed: ${cell(plan.deferred.error ?? "unknown error")}).`] : []),
    ...(plan.deferred?.ran === true && plan.deferred.resources.length > 0 ? [
      `**Created at deploy time** (inside apply callbacks; a real preview does not show them, checked on a resolved run): ${plan.deferred.resources.map((r) => `\`${cell(short(r.urn))}\``).join(", ")}.`,
    ] : []),
    "",
    "| component | type | resources | protected |", "|---|---|---:|---:|",
    ...[...perComponent.entries()].map(([name, r]) => `| \`${cell(name)}\` | \`${r.type}\` | ${r.count} | ${r.protected} |`),
    "",
  ];
  if (plan.violations.length > 0) {
    head.push("| level | policy | resource | message |", "|---|---|---|---|");
    for (const v of plan.violations) head.push(`| ${v.enforcementLevel} | ${cell(`${v.pack}/${v.policy}`)} | \`${cell(short(v.urn))}\` | ${cell(v.message)} |`);
    head.push("");
  }
  const types = ["<details><summary>Resources by type</summary>", "", "| count | type |", "|---:|---|",
    ...Object.entries(sum.byType).map(([t, n]) => `| ${n} | \`${t}\` |`), "", "</details>", ""];
  const list = ["<details><summary>All resources</summary>", "", "| type | name | parent | protect |", "|---|---|---|---|",
    ...plan.all().map((r) => `| \`${r.type}\` | \`${cell(r.name)}\` | ${r.parent ? `\`${cell(short(r.parent))}\`` : ""} | ${r.options.protect ? "yes" : ""} |`),
    "", "</details>", ""];
  let text = [...head, ...types, ...list].join("\n");
  if (text.length > MARKDOWN_LIMIT) {
    const note = "\n\n_Truncated: the comment reached GitHub's size limit; the full plan is in the job's JSON artifact._\n</details>\n";
    text = text.slice(0, MARKDOWN_LIMIT - note.length) + note;
  }
  return text;
}
