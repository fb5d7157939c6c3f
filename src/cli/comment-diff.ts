import { why } from "./render-diff";
import type { Change, DiffResult } from "../diff/diff";
import { fixed, table, type Block } from "./markdown-budget";
import { cell, code, plural, text } from "./markdown-inline";
import { summaryLine } from "./render-diff";
import { noRoom } from "./render-markdown";

/** The change gate of one stack in the comment: the verdict, the stateful losses, the rest folded. */
export interface DiffBlocks {
  /** Heading, counts and the gate's verdict (tier 0). */
  readonly head: Block;
  /** Every stateful replacement or deletion, blocked or accepted (tier 1: before any other detail). */
  readonly stateful: Block;
  /** All other changes, folded (tier 3). */
  readonly rest: Block;
}

const LOSSES = new Set(["replace", "delete", "delete-create"]);
const isLoss = (c: Change): boolean => c.stateful && LOSSES.has(c.kind);

export function diffBlocks(d: DiffResult, detail: string): DiffBlocks {
  const losses = d.changes.filter(isLoss);
  const blocked = losses.filter((c) => c.blocking).length;
  const accepted = losses.length - blocked;
  const verdict = blocked > 0
    ? `**:x: ${plural(blocked, "stateful resource")} would be replaced or deleted.** If intended, accept each with a line \`paved-allow: <URN>\` in the pull request's description (\`paved diff --allow URN\`).`
    : `**:white_check_mark: No stateful resource is replaced or deleted${accepted > 0 ? ` without being accepted (${accepted} accepted with \`paved-allow\`)` : ""}.**`;
  const more = (left: number): string => `_Truncated: ${plural(left, "more change")}; the full list is in ${detail}._`;
  const rest = d.changes.filter((c) => !isLoss(c));
  return {
    head: fixed(0, ["### Changes against the base branch", "", `${summaryLine(d)}.`, "", verdict].join("\n")),
    stateful: losses.length === 0 ? fixed(1, "") : table({
      tier: 1,
      lead: [`**Stateful resources replaced or deleted** (${losses.length}):`],
      header: ["| gate | change | type | name | why | URN |", "|---|---|---|---|---|---|"],
      rows: losses.map((c) => `| ${c.blocking ? ":x: blocked" : "accepted"} | ${c.kind} | ${cell(code(c.type))} | ${cell(code(c.name))} | ${cell(text(why(c)))} | ${cell(code(c.oldUrn ?? c.urn))} |`),
      more,
      fallback: noRoom(`${losses.length} stateful replacements or deletions`, detail),
    }),
    rest: rest.length === 0 ? fixed(3, "") : table({
      tier: 3,
      details: `All other changes (${rest.length})`,
      header: ["| change | type | name | details |", "|---|---|---|---|"],
      rows: rest.map((c) => `| ${c.stateful ? "stateful " : ""}${c.kind} | ${cell(code(c.type))} | ${cell(code(c.name))} | ${cell(text(why(c)))} |`),
      more,
      fallback: noRoom(`All other changes (${rest.length})`, detail),
    }),
  };
}
