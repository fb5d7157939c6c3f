import type { Style } from "./style";
import type { Change, ChangeKind, DiffResult } from "../diff/diff";

const TITLES: Readonly<Record<ChangeKind, string>> = {
  replace: "Replaced (a replace-forcing input changed)",
  delete: "Deleted",
  "delete-create": "Deleted and created again (no alias links the old URN to the new one)",
  add: "Added",
  update: "Updated in place",
};

/** Why a change is what it is: the text output and the pull-request comment say it the same way. */
export function why(c: Change): string {
  if (c.kind === "replace") return `${c.replaceBy.join(", ")} forces replacement`;
  if (c.kind === "delete-create") return `was ${c.oldUrn ?? "?"}`;
  if (c.kind === "delete") return "no longer in the program";
  if (c.kind === "update") return [c.oldUrn ? `renamed from ${c.oldUrn.split("::").pop()} (alias)` : "", c.paths.join(", ")].filter(Boolean).join("; ");
  return "";
}

export function summaryLine(d: DiffResult): string {
  const c = d.counts;
  return `${c.add} added, ${c.delete} deleted, ${c.update} updated, ${c.replace} replaced, ${c["delete-create"]} deleted and created`;
}

export function renderDiffText(d: DiffResult, s: Style): string {
  const out = [s.bold(`Changes: ${summaryLine(d)}`)];
  const blocking = d.changes.filter((c) => c.blocking);
  if (blocking.length > 0) {
    out.push("", s.red(s.bold(`Stateful resources replaced or deleted: ${blocking.length} (each needs --allow URN)`)));
    for (const c of blocking) out.push(`  ${s.red(c.kind)}  ${c.type}  ${s.bold(c.name)}  ${why(c)}`, s.dim(`      ${c.oldUrn ?? c.urn}`));
  }
  for (const kind of ["replace", "delete", "delete-create", "add", "update"] as const) {
    const list = d.changes.filter((c) => c.kind === kind && !c.blocking);
    if (list.length === 0) continue;
    out.push("", s.bold(TITLES[kind]));
    for (const c of list) out.push(`  ${c.stateful ? s.yellow("stateful ") : ""}${c.type}  ${c.name}${why(c) ? `  ${s.dim(why(c))}` : ""}`);
  }
  if (d.changes.length === 0) out.push("", s.green("No changes."));
  return out.join("\n") + "\n";
}

/** The gate as a pull-request comment: blocking changes first, the rest folded. */
export function renderDiffMarkdown(d: DiffResult): string {
  const out = [`### Paved diff`, "", summaryLine(d), ""];
  const blocking = d.changes.filter((c) => c.blocking);
  out.push(blocking.length > 0 ? `**:x: ${blocking.length} stateful resources would be replaced or deleted.** Accept each with \`--allow <URN>\` if intended.` : "**:white_check_mark: No stateful resource is replaced or deleted.**", "");
  if (blocking.length > 0) {
    out.push("| change | type | name | why |", "|---|---|---|---|");
    for (const c of blocking) out.push(`| ${c.kind} | \`${c.type}\` | \`${c.name}\` | ${why(c).replace(/\|/g, "\\|")} |`);
    out.push("");
  }
  const rest = d.changes.filter((c) => !c.blocking);
  if (rest.length > 0) {
    out.push("<details><summary>All other changes</summary>", "", "| change | type | name | details |", "|---|---|---|---|");
    for (const c of rest) out.push(`| ${c.kind} | \`${c.type}\` | \`${c.name}\` | ${why(c).replace(/\|/g, "\\|")} |`);
    out.push("", "</details>", "");
  }
  return out.join("\n");
}
