import type { Plan } from "../plan/plan";

/** GitHub refuses comments over 65,536 characters; leave room for the truncation note. */
export const MARKDOWN_LIMIT = 65_536;

const cell = (s: string): string => s.replace(/\|/g, "\\|");

/** A pull-request comment: summary and policy results first, the resource list folded. */
export function renderMarkdown(plan: Plan): string {
  const sum = plan.summary;
  const head: string[] = [
    `### Paved plan: \`${plan.meta.project}/${plan.meta.stack}\`${plan.meta.environment ? ` (${plan.meta.environment})` : ""}`,
    "",
    `**${sum.resources}** resources to create: ${sum.custom} cloud resources, ${sum.components} components, ${sum.protected} protected.`,
    "",
    plan.violations.length === 0
      ? "**Policies:** no violations."
      : `**Policies:** ${sum.mandatoryViolations} mandatory, ${sum.advisoryViolations} advisory violations.`,
    "",
  ];
  if (plan.violations.length > 0) {
    head.push("| level | policy | resource | message |", "|---|---|---|---|");
    for (const v of plan.violations) {
      head.push(`| ${v.enforcementLevel} | ${cell(`${v.pack}/${v.policy}`)} | \`${cell(v.urn.split("::").pop() ?? v.urn)}\` | ${cell(v.message)} |`);
    }
    head.push("");
  }
  const types = ["<details><summary>Resources by type</summary>", "", "| count | type |", "|---:|---|",
    ...Object.entries(sum.byType).map(([t, n]) => `| ${n} | \`${t}\` |`), "", "</details>", ""];
  const list = ["<details><summary>All resources</summary>", "", "| type | name | parent | protect |", "|---|---|---|---|",
    ...plan.all().map((r) => `| \`${r.type}\` | \`${cell(r.name)}\` | ${r.parent ? `\`${cell(r.parent.split("::").pop()!)}\`` : ""} | ${r.options.protect ? "yes" : ""} |`),
    "", "</details>", ""];
  let text = [...head, ...types, ...list].join("\n");
  if (text.length > MARKDOWN_LIMIT) {
    const note = "\n\n_Truncated: the full plan is in the job's JSON artifact._\n</details>\n";
    text = text.slice(0, MARKDOWN_LIMIT - note.length) + note;
  }
  return text;
}
