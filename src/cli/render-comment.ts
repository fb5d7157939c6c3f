import { diffBlocks, type DiffBlocks } from "./comment-diff";
import { stackFiles, type Failure, type StackOutcome } from "./comment-inputs";
import { COMMENT_LIMIT, fixed, layout, table, verbatim, type Block } from "./markdown-budget";
import { cell, code, fenced, plural } from "./markdown-inline";
import { noRoom, orderedPlanBlocks, planBlocks, type PlanView } from "./render-markdown";

/** The first line of every Paved comment: the comment workflow finds and updates it by this. */
export const COMMENT_MARKER = "<!-- paved-plan -->";

export interface CommentOptions {
  /** The workflow run, linked for the full detail. */
  readonly runUrl?: string;
  /** The artifact the run uploads the files to. @default "paved-plans" */
  readonly artifact?: string;
  /** @default COMMENT_LIMIT (GitHub's 65,536) */
  readonly limit?: number;
}

const PLAN_EXITS: Readonly<Record<number, string>> = {
  2: "the input or the program is at fault",
  3: "Paved failed or the plan never finished",
};
const DIFF_EXITS: Readonly<Record<number, string>> = {
  2: "the input is at fault",
  3: "Paved failed",
};

const exitText = (f: Failure, meanings: Readonly<Record<number, string>>): string =>
  f.exit === undefined ? "" : ` (exit ${f.exit}${meanings[f.exit] ? `: ${meanings[f.exit]}` : ""})`;

function policies(plan: PlanView): string {
  const s = plan.summary;
  if (s.mandatoryViolations > 0) return `:x: ${s.mandatoryViolations} mandatory${s.advisoryViolations > 0 ? `, ${s.advisoryViolations} advisory` : ""}`;
  const gaps = s.opaque > 0 || s.unknownChecks > 0 || (plan.mode === "preview" && plan.deferred?.ran !== true);
  if (s.advisoryViolations > 0) return `:warning: ${s.advisoryViolations} advisory`;
  return gaps ? ":warning: none in what was checked" : ":white_check_mark: none";
}

/** One line per stack, so a reviewer sees every verdict before any detail. */
function overview(stacks: readonly StackOutcome[]): Block {
  const rows = stacks.map((s) => {
    const plan = s.plan.kind === "planned" ? `:white_check_mark: ${plural(s.plan.plan.summary.resources, "resource")}` : `:x: ${s.plan.exit === undefined ? "did not run" : `failed (exit ${s.plan.exit})`}`;
    const pol = s.plan.kind === "planned" ? policies(s.plan.plan) : "not checked";
    let changes = "not compared";
    let stateful = "—";
    if (s.diff.kind === "diffed") {
      const c = s.diff.diff.counts;
      const parts = ([["add", "added"], ["delete", "deleted"], ["update", "updated"], ["replace", "replaced"], ["delete-create", "deleted and created"]] as const)
        .filter(([k]) => c[k] > 0).map(([k, word]) => `${c[k]} ${word}`);
      changes = parts.length > 0 ? parts.join(", ") : "no changes";
      const losses = s.diff.diff.changes.filter((x) => x.stateful && x.kind !== "add" && x.kind !== "update");
      const blocked = losses.filter((x) => x.blocking).length;
      stateful = losses.length === 0 ? "none" : [blocked > 0 ? `:x: ${blocked} blocked` : "", losses.length - blocked > 0 ? `${losses.length - blocked} accepted` : ""].filter(Boolean).join(", ");
    } else if (s.diff.kind === "failed") {
      changes = `:x: the gate failed${s.diff.exit === undefined ? "" : ` (exit ${s.diff.exit})`}`;
    }
    return `| ${cell(code(s.stack))} | ${plan} | ${pol} | ${changes} | ${stateful} |`;
  });
  return table({
    tier: 0,
    header: ["| stack | plan | policies | changes against the base branch | stateful replaced or deleted |", "|---|---|---|---|---|"],
    rows,
    more: (left) => `_Truncated: ${plural(left, "more stack")}._`,
  });
}

/** Where the files are: linked once, at the top; the notes further down name the artifact only. */
function where(o: CommentOptions, link = false): string {
  const artifact = code(o.artifact ?? "paved-plans");
  return link && o.runUrl ? `the ${artifact} artifact of [the workflow run](${o.runUrl})` : `the ${artifact} artifact`;
}

/** A failed step: its heading, what it means for the stack, and the start of its error output. */
function failure(heading: string, meaning: string, f: Failure, logFile: string, o: CommentOptions): Block {
  const lead = [heading, "", `${meaning.charAt(0).toUpperCase()}${meaning.slice(1)}.`];
  if (f.log === "") {
    const log = o.runUrl ? `[the workflow run](${o.runUrl})` : "the workflow run";
    return fixed(0, [...lead, "", f.exit === undefined ? `The log of ${log} says why.` : `It wrote no error output; see the log of ${log}.`].join("\n"));
  }
  return verbatim(0, lead, f.log, (left) => `_Truncated: ${plural(left, "more line")}; the whole output is in ${code(logFile)} in ${where(o)}._`);
}

function stackBlocks(s: StackOutcome, o: CommentOptions): Block[] {
  const f = stackFiles(s.stack);
  const out: Block[] = [fixed(0, `## ${code(s.stack)}`)];
  if (s.plan.kind === "failed") {
    const why = `${s.plan.reason}: nothing of this stack was checked and its changes were not compared with the base branch`;
    out.push(failure(`### :x: The plan of ${code(s.stack)} ${s.plan.exit === undefined ? "did not run" : "failed"}${exitText(s.plan, PLAN_EXITS)}`, why, s.plan, f.log, o));
    return out;
  }
  const detail = (file: string): string => `${code(file)} in ${where(o)}`;
  let diff: DiffBlocks | undefined;
  if (s.diff.kind === "diffed") {
    diff = diffBlocks(s.diff.diff, detail(f.diff));
    out.push(diff.head, diff.stateful);
  } else if (s.diff.kind === "failed") out.push(failure(`### :x: The change gate failed${exitText(s.diff, DIFF_EXITS)}`, `${s.diff.reason}; the changes of this stack were not gated`, s.diff, f.diffLog, o));
  else {
    out.push(fixed(0, `### Changes against the base branch\n\nNot compared: ${s.diff.reason}${s.diff.exit === undefined ? "" : ` (exit ${s.diff.exit})`}.`));
    if (s.diff.log !== "") out.push(verbatim(3, ["The base branch's plan said:"], s.diff.log, (left) => `_Truncated: ${plural(left, "more line")}; the whole output is in ${code(f.baseLog)} in ${where(o)}._`));
  }
  const plan = orderedPlanBlocks(planBlocks(s.plan.plan, { detail: detail(f.plan) }));
  // Reading order: verdicts, failures and stateful losses, then the detail, folded lists last.
  out.push(...plan.slice(0, 6), ...(diff ? [diff.rest] : []), plan[6]!);
  if (s.plan.graph !== undefined) {
    out.push(fixed(3, ["<details><summary>Component diagram</summary>", "", fenced(s.plan.graph.trimEnd(), "mermaid"), "", "</details>"].join("\n"),
      noRoom("The component diagram (Mermaid)", detail(f.graph))));
  }
  out.push(plan[7]!);
  return out;
}

/**
 * The one pull-request comment for every stack, within GitHub's limit: the
 * verdicts of all stacks first, then each stack with its stateful losses and
 * policy failures ahead of any detail. When the comment is short of room, the
 * detail goes first (all resources, then the counts per type, then other
 * changes and diagrams), each list shortened with a note of where the rest is.
 */
export function renderComment(stacks: readonly StackOutcome[], o: CommentOptions = {}): string {
  // The title's mark is the worst of all stacks, so a collapsed or notification view still shows it.
  const bad = stacks.some((s) => s.plan.kind === "failed" || s.diff.kind === "failed" ||
    (s.plan.kind === "planned" && s.plan.plan.summary.mandatoryViolations > 0) || (s.diff.kind === "diffed" && s.diff.diff.blocking > 0));
  const title = [
    COMMENT_MARKER,
    `## ${bad ? ":x: " : ""}Paved: the offline plan and change gate of ${plural(stacks.length, "stack")}`,
  ].join("\n");
  const blocks: Block[] = [
    fixed(-1, title),
    overview(stacks),
    fixed(0, `The plan JSON, text report and Mermaid diagram of each stack, and each diff, are in ${where(o, true)}.`),
    ...stacks.flatMap((s) => stackBlocks(s, o)),
  ];
  return layout(blocks, o.limit ?? COMMENT_LIMIT);
}
