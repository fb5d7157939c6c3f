import { fenced } from "./markdown-inline";

/** GitHub refuses a comment over 65,536 characters. */
export const COMMENT_LIMIT = 65_536;

/** Sizes are counted in UTF-8 bytes: never fewer than characters, so the limit holds however GitHub counts. */
export const size = (s: string): number => Buffer.byteLength(s, "utf8");

/** Blocks are joined by a blank line, so every heading, table and `</details>` starts and ends a Markdown block. */
const SEPARATOR = "\n\n";
const SEP = SEPARATOR.length;

/**
 * A piece of a document that is whole Markdown on its own: balanced HTML,
 * closed fences, a table with its header. Any subset of blocks, joined by blank
 * lines, renders as written, so dropping or shortening one never breaks another.
 */
export interface Block {
  /** Lower tiers are placed first when the budget is short (0: headings and verdicts). */
  readonly tier: number;
  /** The fullest version of at most `max` bytes; "" when even the shortest does not fit. */
  fit(max: number): string;
  /**
   * A short line that stands in when the block gets no room (where the list is instead):
   * its bytes are set aside before any tier, so it always fits.
   */
  readonly fallback?: string;
}

/** A block that is all or nothing. */
export function fixed(tier: number, markdown: string, fallback?: string): Block {
  return { tier, fit: (max) => (size(markdown) <= max ? markdown : ""), ...(fallback !== undefined ? { fallback } : {}) };
}

export interface TableSpec {
  readonly tier: number;
  /** Lines before the table (a heading, a sentence); kept whenever the block is. */
  readonly lead?: readonly string[];
  /** Wraps the table in `<details>` with this summary (plain HTML-safe text). */
  readonly details?: string;
  /** The header row and the delimiter row. */
  readonly header: readonly [string, string];
  readonly rows: readonly string[];
  /** The note when rows are left out, e.g. "_Truncated: 12 more rows; the full list is in the artifact._". */
  readonly more: (left: number) => string;
  /** The line that stands in when the block gets no room at all (see Block). */
  readonly fallback?: string;
}

/**
 * A table that keeps as many leading rows as fit, then says how many it left
 * out; the `<details>` around it is written whole or not at all.
 */
export function table(spec: TableSpec): Block {
  const open = spec.details !== undefined ? [`<details><summary>${spec.details}</summary>`, ""] : [];
  const close = spec.details !== undefined ? ["", "</details>"] : [];
  const lead = spec.lead ?? [];
  const join = (lines: readonly string[]): string => lines.join("\n");
  const whole = (k: number): string => {
    const shown = spec.rows.slice(0, k);
    // A header with no rows says nothing: with none left, only the note stays.
    const body = k > 0 ? [...spec.header, ...shown] : [];
    const note = k < spec.rows.length ? [...(body.length > 0 ? [""] : []), spec.more(spec.rows.length - k)] : [];
    return join([...lead, ...(lead.length > 0 ? [""] : []), ...open, ...body, ...note, ...close]);
  };
  return {
    tier: spec.tier,
    fit(max) {
      const out = largest(spec.rows.length, whole, max);
      // Folded with no row left, it would hide only a note: the fallback line says as much, unfolded.
      return spec.details !== undefined && spec.rows.length > 0 && out === whole(0) ? "" : out;
    },
    ...(spec.fallback !== undefined ? { fallback: spec.fallback } : {}),
  };
}

/**
 * Verbatim text (an error log) in a fenced block, cut at a line when it does
 * not fit, with a note of what was left out; the fence is always closed.
 */
export function verbatim(tier: number, lead: readonly string[], body: string, more: (lines: number) => string): Block {
  // One very long line (a minified trace) must not cost the whole block.
  const lines = body.replace(/\n+$/, "").split("\n").map((l) => (l.length > 1000 ? `${l.slice(0, 1000)}…` : l));
  const whole = (k: number): string => [
    ...lead, ...(lead.length > 0 ? [""] : []),
    fenced(lines.slice(0, k).join("\n")),
    ...(k < lines.length ? ["", more(lines.length - k)] : []),
  ].join("\n");
  return {
    tier,
    fit: (max) => largest(lines.length, whole, max),
  };
}

/**
 * The version with the most of `n` items that fits in `max` bytes, or "": a
 * binary search, since a version grows with the items it shows (the note of what
 * is left out shrinks by a digit at most).
 */
function largest(n: number, version: (k: number) => string, max: number): string {
  const all = version(n);
  if (size(all) <= max) return all;
  let best = version(0);
  if (size(best) > max) return "";
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const candidate = version(mid);
    if (size(candidate) <= max) {
      best = candidate;
      lo = mid;
    } else hi = mid - 1;
  }
  return best;
}

/**
 * Lays blocks out in their order within `limit` bytes. Each tier in turn shares
 * what is left: blocks that need less than an equal share take what they need
 * and leave the rest to the larger ones, so one stack's long list cannot crowd
 * another stack's stateful change out of the comment.
 */
export function layout(blocks: readonly Block[], limit = COMMENT_LIMIT): string {
  const out = blocks.map(() => "");
  const reserve = blocks.map((b) => (b.fallback !== undefined ? size(b.fallback) + SEP : 0));
  // The final newline, and every fallback's room until its block is placed.
  let left = limit - 1 - reserve.reduce((a, b) => a + b, 0);
  const tiers = [...new Set(blocks.map((b) => b.tier))].sort((a, b) => a - b);
  for (const tier of tiers) {
    const members = blocks.flatMap((b, i) => (b.tier === tier ? [{ b, i, full: b.fit(Number.POSITIVE_INFINITY) }] : []))
      .map((m) => ({ ...m, need: m.full === "" ? 0 : size(m.full) + SEP }))
      .sort((x, y) => x.need - y.need);
    let count = members.length;
    for (const m of members) {
      // A block placed frees its fallback's room, so that room is part of what it may use.
      const share = Math.floor(left / count) + reserve[m.i]!;
      count -= 1;
      if (m.need === 0) continue;
      const text = m.need <= share ? m.full : m.b.fit(share - SEP);
      if (text === "") continue;
      out[m.i] = text;
      left -= size(text) + SEP - reserve[m.i]!;
    }
  }
  return out.map((t, i) => (t === "" ? blocks[i]!.fallback ?? "" : t)).filter((t) => t !== "").join(SEPARATOR) + "\n";
}
