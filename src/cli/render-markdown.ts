import { coverageGaps } from "./render-coverage";
import type { CheckedPlan } from "../../policies/report";
import type { RulePack, Violation } from "../../policies/model";
import type { OpaqueEntry } from "../plan/opaque";
import type { DeferredSearch } from "../plan/plan";
import { COMMENT_LIMIT, fixed, layout, table, type Block } from "./markdown-budget";
import { cell, code, plural, text } from "./markdown-inline";

/** GitHub refuses comments over 65,536 characters. */
export const MARKDOWN_LIMIT = COMMENT_LIMIT;

const STACK = "pulumi:pulumi:Stack";

/** What the Markdown reads of a plan: the plan JSON's fields (a PlanJson is one), so a comment can be built from the files. */
export interface PlanView {
  readonly stack: string;
  readonly project: string;
  readonly environment: string | null;
  readonly mode: string;
  readonly resources: readonly { readonly urn: string; readonly type: string; readonly name: string; readonly parent: string | null; readonly custom: boolean; readonly protect: boolean }[];
  readonly violations: readonly Violation[];
  readonly summary: {
    readonly resources: number; readonly custom: number; readonly components: number; readonly protected: number;
    readonly byType: Readonly<Record<string, number>>;
    readonly mandatoryViolations: number; readonly advisoryViolations: number; readonly unknownChecks: number; readonly opaque: number;
  };
  readonly unknowns: readonly unknown[];
  readonly opaque: readonly OpaqueEntry[];
  readonly deferred?: DeferredSearch;
}

export interface PlanBlockOptions {
  /** The packs that ran, named in the all-clear line. */
  readonly packs?: readonly string[];
  /** Where the whole of a shortened list is, for its note: "the plan JSON (`paved plan --json`)". */
  readonly detail: string;
}

/** One stack's plan as blocks, in reading order; their tiers say what stays when the comment is short. */
export interface PlanBlocks {
  /** Title, counts, mode, the policy verdict (tier 0). */
  readonly head: Block;
  /** Mandatory violations (tier 1: a failure comes before any detail). */
  readonly mandatory: Block;
  /** Advisory violations, parts not checked, resources created at deploy time, one row per component (tier 2). */
  readonly advisory: Block;
  readonly opaque: Block;
  readonly deferred: Block;
  readonly components: Block;
  /** Folded: counts per type (tier 4) and every resource (tier 5). */
  readonly byType: Block;
  readonly all: Block;
}

const short = (urn: string): string => urn.split("::").pop() ?? urn;
const truncated = (detail: string) => (left: number): string => `_Truncated: ${plural(left, "more row")}; the full list is in ${detail}._`;
/** What stands in for a list that got no room at all. */
export const noRoom = (what: string, detail: string): string => `_${what}: no room in this comment; see ${detail}._`;

export function policiesLine(plan: PlanView, packs: readonly string[] = []): string {
  const sum = plan.summary;
  const gaps = coverageGaps(plan);
  if (plan.violations.length > 0) {
    return `**Policies:** ${sum.mandatoryViolations > 0 ? ":x:" : ":warning:"} ${sum.mandatoryViolations} mandatory, ${sum.advisoryViolations} advisory violations.`;
  }
  if (gaps.length > 0) return `**Policies:** :warning: no violations in what was checked (${gaps.join(", ")})${packs.length ? `; packs ${packs.join(", ")}` : ""}.`;
  return `**Policies:** :white_check_mark: no violations${packs.length ? ` (${packs.join(", ")})` : ""}.`;
}

function head(plan: PlanView, packs: readonly string[]): Block {
  const sum = plan.summary;
  const lines = [
    `### Paved plan: ${code(`${plan.project}/${plan.stack}`)}${plan.environment ? ` (${text(plan.environment)})` : ""}`,
    "",
    `**${sum.resources}** resources to create: ${sum.custom} cloud resources in ${sum.components} components, ${sum.protected} protected.`,
    `Mode: ${plan.mode === "preview" ? "preview (provider-computed values unknown, as in `pulumi preview`)" : "resolved from mocks"}.`,
    policiesLine(plan, packs),
    ...(plan.unknowns.length > 0 ? [`${plural(plan.unknowns.length, "check")} could not run (a value is unknown until apply).`] : []),
    ...(plan.opaque.length > 0 ? [`**Not checked:** ${plural(plan.opaque.length, "part")} the offline plan cannot see inside (listed below); check them with \`paved check\` on a real \`pulumi preview --json\`.`] : []),
    ...(plan.deferred?.ran === false ? [`**Not checked:** resources the program creates inside apply callbacks (the resolved run that finds them failed: ${text(plan.deferred.error ?? "unknown error")}).`] : []),
  ];
  // A backslash ends each line with a hard break: outside GitHub's comments, soft breaks run the lines together.
  const [title, blank, ...body] = lines;
  return fixed(0, [title, blank, body.join("\\\n")].join("\n"));
}

function violations(plan: PlanView, level: "mandatory" | "advisory", tier: number, detail: string): Block {
  const list = plan.violations.filter((v) => v.enforcementLevel === level);
  if (list.length === 0) return fixed(tier, "");
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  return table({
    tier,
    lead: [`**${level === "mandatory" ? ":x: Mandatory" : ":warning: Advisory"} violations** (${list.length})${level === "mandatory" ? ": each fails the plan." : ""}`],
    header: ["| policy | type | resource | message |", "|---|---|---|---|"],
    rows: list.map((v) => `| ${cell(code(`${v.pack}/${v.policy}`))} | ${cell(code(byUrn.get(v.urn)?.type ?? ""))} | ${cell(code(short(v.urn)))} | ${cell(text(v.message))} |`),
    more: truncated(detail),
    fallback: noRoom(`${list.length} ${level} violations`, detail),
  });
}

/** The component a resource belongs to: its nearest ancestor that is a component (not the stack), as the diagram counts. */
function ownerOf(urn: string | null, byUrn: ReadonlyMap<string, PlanView["resources"][number]>): PlanView["resources"][number] | undefined {
  for (let cur = urn ? byUrn.get(urn) : undefined; cur; cur = cur.parent ? byUrn.get(cur.parent) : undefined) {
    if (!cur.custom && cur.type !== STACK) return cur;
  }
  return undefined;
}

/** One row per component, keyed by URN (two components may share a name); each counts its own resources, a nested component's are in its row. */
function components(plan: PlanView, detail: string): Block {
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const rows = new Map<string, { count: number; protected: number }>();
  for (const r of plan.resources) if (!r.custom && r.type !== STACK) rows.set(r.urn, { count: 0, protected: 0 });
  const top = { count: 0, protected: 0 };
  for (const r of plan.resources) {
    if (!r.custom) continue;
    const owner = ownerOf(r.parent, byUrn);
    const row = owner ? rows.get(owner.urn)! : top;
    row.count += 1;
    if (r.protect) row.protected += 1;
  }
  const lines = [...rows.entries()].map(([urn, n]) => {
    const c = byUrn.get(urn)!;
    const outer = ownerOf(c.parent, byUrn);
    return `| ${cell(code(c.name))}${outer ? ` (in ${cell(code(outer.name))})` : ""} | ${cell(code(c.type))} | ${n.count} | ${n.protected} |`;
  });
  if (top.count > 0) lines.push(`| _top level (in no component)_ | — | ${top.count} | ${top.protected} |`);
  return table({
    tier: 2, header: ["| component | type | resources | protected |", "|---|---|---:|---:|"], rows: lines,
    more: truncated(detail), fallback: noRoom(`${rows.size} components`, detail),
  });
}

function opaque(plan: PlanView, detail: string): Block {
  if (plan.opaque.length === 0) return fixed(2, "");
  return table({
    tier: 2,
    lead: [`**Not checked** (${plan.opaque.length}):`],
    header: ["| type | resource | why |", "|---|---|---|"],
    rows: plan.opaque.map((o) => `| ${cell(code(o.type))} | ${cell(code(short(o.urn)))} | ${cell(text(o.reason))} |`),
    more: truncated(detail),
    fallback: noRoom(`${plan.opaque.length} parts not checked`, detail),
  });
}

function deferred(plan: PlanView, detail: string): Block {
  const list = plan.deferred?.ran === true ? plan.deferred.resources : [];
  if (list.length === 0) return fixed(2, "");
  return table({
    tier: 2,
    lead: [`**Created at deploy time** (${list.length}; inside apply callbacks: a real preview does not show them, checked on a resolved run):`],
    header: ["| type | resource |", "|---|---|"],
    rows: list.map((r) => `| ${cell(code(r.type))} | ${cell(code(short(r.urn)))} |`),
    more: truncated(detail),
    fallback: noRoom(`${list.length} resources created at deploy time`, detail),
  });
}

/** The blocks of one stack's plan; inputs and outputs are never shown, so no value (secret or not) reaches a comment. */
export function planBlocks(plan: PlanView, o: PlanBlockOptions): PlanBlocks {
  const types = Object.entries(plan.summary.byType);
  const all = plan.resources.filter((r) => r.type !== STACK);
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  return {
    head: head(plan, o.packs ?? []),
    mandatory: violations(plan, "mandatory", 1, o.detail),
    advisory: violations(plan, "advisory", 2, o.detail),
    opaque: opaque(plan, o.detail),
    deferred: deferred(plan, o.detail),
    components: components(plan, o.detail),
    byType: table({
      tier: 4, details: `Resources by type (${types.length})`, header: ["| count | type |", "|---:|---|"],
      rows: types.map(([t, n]) => `| ${n} | ${cell(code(t))} |`), more: truncated(o.detail),
      fallback: noRoom(`Resources by type (${types.length})`, o.detail),
    }),
    all: table({
      tier: 5, details: `All resources (${all.length})`, header: ["| type | name | parent | protect |", "|---|---|---|---|"],
      rows: all.map((r) => {
        const parent = r.parent ? byUrn.get(r.parent) : undefined;
        return `| ${cell(code(r.type))} | ${cell(code(r.name))} | ${parent && parent.type !== STACK ? cell(code(parent.name)) : ""} | ${r.protect ? "yes" : ""} |`;
      }),
      more: truncated(o.detail),
      fallback: noRoom(`All resources (${all.length})`, o.detail),
    }),
  };
}

/** The blocks in reading order: the verdict and failures first, details folded last. */
export function orderedPlanBlocks(b: PlanBlocks): Block[] {
  return [b.head, b.mandatory, b.advisory, b.opaque, b.deferred, b.components, b.byType, b.all];
}

/**
 * One stack's plan as a pull-request comment (`paved plan --markdown`): the
 * verdict first, violations next, details folded, within GitHub's limit.
 */
export function renderMarkdown(plan: CheckedPlan, packs: readonly RulePack[] = []): string {
  const blocks = planBlocks(plan.toJSON(), { packs: packs.map((p) => p.name), detail: "the plan JSON (`paved plan --json`)" });
  return layout(orderedPlanBlocks(blocks), MARKDOWN_LIMIT);
}
