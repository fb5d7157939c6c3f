import type { CheckedPlan as Plan } from "../../policies/report";
import type { Style } from "./style";

/** One line on how the program ran, so nobody mistakes a preview's unknowns for values (or the reverse). */
export function modeLine(plan: Plan): string {
  return plan.mode === "preview"
    ? "Mode: preview (as `pulumi preview`: ids, ARNs and other values the provider computes on create are unknown; `apply` on them did not run). --resolve fills them from the mocks."
    : "Mode: resolved (every output answered by the mocks, as if created; a real preview would not know ids and ARNs yet).";
}

/** The parts of the program no policy looked at, and where to check them instead. */
export function renderOpaque(plan: Plan, s: Style): string[] {
  if (plan.opaque.length === 0) return [];
  const out = ["", s.yellow(s.bold(`Not checked: ${plan.opaque.length} part${plan.opaque.length === 1 ? "" : "s"} of the program the offline plan cannot see inside`))];
  for (const o of plan.opaque) out.push(`  ${o.type}  ${o.urn}`, s.dim(`      ${o.reason}`));
  out.push(s.dim("  Check them with `paved check --state` on a real `pulumi preview --json` or `pulumi stack export`; `--fail-on-opaque` makes this plan fail (exit 4)."));
  return out;
}

/** Resources only `pulumi up` creates (inside applies), and whether they could be looked for. */
export function renderDeferred(plan: Plan, s: Style): string[] {
  const d = plan.deferred;
  if (d === undefined) {
    return plan.mode === "preview" ? ["", s.dim("Resources the program would create inside apply callbacks were not looked for (--skip-deferred).")] : [];
  }
  if (!d.ran) {
    return ["", s.yellow(s.bold("Not checked: resources the program creates inside apply callbacks")),
      s.dim(`  A preview skips apply on unknown values; the resolved run that looks for what they create failed: ${d.error ?? "unknown error"}`)];
  }
  if (d.resources.length === 0) return [];
  const out = ["", s.bold(`Created at deploy time: ${d.resources.length} resource${d.resources.length === 1 ? "" : "s"} the program registers inside apply callbacks`),
    s.dim("  A real `pulumi preview` does not show these; they were found and checked on a resolved run (--resolve).")];
  for (const r of d.resources) out.push(`  ${r.type}  ${r.urn}`);
  return out;
}

/** Lookups answered offline: built-in answers are realistic but invented, so a mistyped name still "finds" something. */
export function renderLookups(plan: Plan, s: Style): string[] {
  const all = plan.meta.lookups ?? [];
  if (all.length === 0) return [];
  const builtin = all.filter((l) => l.source === "builtin");
  const line = `Lookups: ${all.length} invoke${all.length === 1 ? "" : "s"} answered offline` +
    ` (${builtin.length} invented by Paved's built-in mocks, ${all.length - builtin.length} from the mocks file)`;
  const tokens = [...new Set(builtin.map((l) => l.token))];
  return ["", s.dim(line), ...(tokens.length > 0 ? [s.dim(`  built-in: ${tokens.join(", ")}; give real values in paved.mocks.json where they matter`)] : [])];
}

/** What the plan did not look at; empty only when every part was seen and every check ran. The report and the PR comment share it. */
export function coverageGaps(plan: {
  readonly summary: { readonly opaque: number; readonly unknownChecks: number };
  readonly mode: string;
  readonly deferred?: { readonly ran: boolean } | undefined;
}): string[] {
  const sum = plan.summary;
  const gaps: string[] = [];
  if (sum.opaque > 0) gaps.push(`${sum.opaque} part${sum.opaque === 1 ? "" : "s"} not checked`);
  if (sum.unknownChecks > 0) gaps.push(`${sum.unknownChecks} check${sum.unknownChecks === 1 ? "" : "s"} could not run`);
  if (plan.mode === "preview" && plan.deferred?.ran !== true) gaps.push("resources created inside apply callbacks were not looked for");
  return gaps;
}

/** The verdict: "no violations" only when every part was seen and every check ran. */
export function verdict(plan: Plan, s: Style): string {
  const sum = plan.summary;
  if (sum.mandatoryViolations > 0) return s.red(`Verdict: FAIL (${sum.mandatoryViolations} mandatory violation${sum.mandatoryViolations === 1 ? "" : "s"})`);
  const gaps = coverageGaps(plan);
  if (gaps.length === 0) return s.green("Verdict: pass (every resource was seen and every check ran)");
  return s.yellow(`Verdict: no mandatory violation in what was checked; ${gaps.join(", ")}`);
}
