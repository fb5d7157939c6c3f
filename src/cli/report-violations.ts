import type { Rule, RulePack, UnknownCheck, Violation } from "../../policies/model";
import type { Style } from "./style";

/** Violations grouped by pack, each with the resource, the message and how to fix it. */
export function renderViolations(violations: readonly Violation[], unknowns: readonly UnknownCheck[], packs: readonly RulePack[], s: Style, partial = false): string {
  const rules = new Map<string, Rule>(packs.flatMap((p) => p.rules.map((r) => [`${p.name}/${r.id}`, r] as const)));
  const out: string[] = [];
  const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
  // "No violations" is a claim about everything; with unseen parts or skipped checks it is only about what ran.
  const none = partial || unknowns.length > 0 ? s.yellow("no violations in what was checked") : s.green("no violations");
  out.push(s.bold(`Policies: ${violations.length === 0 ? none : `${mandatory} mandatory, ${violations.length - mandatory} advisory violations`}`) +
    ` (${packs.map((p) => p.name).join(", ") || "no packs"})`);
  for (const pack of packs) {
    const mine = violations.filter((v) => v.pack === pack.name);
    if (mine.length === 0) continue;
    out.push("", s.bold(pack.name));
    for (const v of mine) {
      const level = v.enforcementLevel === "mandatory" ? s.red("mandatory") : s.yellow(v.enforcementLevel);
      out.push(`  ${level}  ${v.policy}  ${v.urn}`, `      ${v.message}`);
      const fix = rules.get(`${v.pack}/${v.policy}`)?.description;
      if (fix) out.push(s.dim(`      ${fix}`));
    }
  }
  if (unknowns.length > 0) {
    const secretsOnly = unknowns.every((u) => u.reason !== undefined);
    const why = secretsOnly ? "a value they read is not readable here" : "a value they read is unknown until the resource exists (preview), or not readable here";
    out.push("", s.yellow(`${unknowns.length} checks could not run: ${why}.`));
    for (const u of unknowns.slice(0, 20)) out.push(s.dim(`  ${u.pack}/${u.policy}  ${u.urn}  (${u.path}${u.reason ? `: ${u.reason}` : ""})`));
    if (unknowns.length > 20) out.push(s.dim(`  … and ${unknowns.length - 20} more`));
  }
  return out.join("\n") + "\n";
}

