import { fixed, layout, size, table, verbatim, type Block } from "../src/cli/markdown-budget";
import { cell, code, text } from "../src/cli/markdown-inline";
import { balanced, render } from "./fixtures/comment/helpers";

/** The budget and the escaping under the comment, checked on what markdown-it renders. */

const rows = (n: number, width = 40): string[] => Array.from({ length: n }, (_, i) => `| ${String(i).padStart(width, "x")} | y |`);
const list = (tier: number, n: number, details?: string, fallback?: string): Block =>
  table({ tier, header: ["| a | b |", "|---|---|"], rows: rows(n), more: (left) => `_Truncated: ${left} more._`, ...(details ? { details } : {}), ...(fallback ? { fallback } : {}) });

describe("layout", () => {
  test.each([300, 2_000, 65_536])("never exceeds the limit (%i bytes), and what it keeps renders whole", (limit) => {
    const blocks = [
      fixed(0, "## title"), list(1, 500), list(1, 3), list(3, 2_000, "Details one", "_Details one: elsewhere._"),
      verbatim(0, ["### log"], "line\n".repeat(5_000), (left) => `_${left} more lines._`), list(5, 10_000, "Details two", "_Details two: elsewhere._"),
    ];
    const out = layout(blocks, limit);
    expect(size(out)).toBeLessThanOrEqual(limit);
    const r = render(out);
    expect(balanced(r.detailsTags)).toBe(true);
    expect(r.swallowed).toEqual([]);
  });

  test("a tier is placed whole before the next gets anything; within a tier, a short list is never crowded out by a long one", () => {
    const out = layout([list(3, 50, "Later"), list(1, 10_000), list(1, 2)], 3_000);
    const tables = render(out).sections.flatMap((s) => s.items).concat(render(out).preamble).filter((i) => i.kind === "table");
    // The two-row list is whole; the long one has the rest; the later tier got no room.
    expect(tables.map((t) => (t.kind === "table" ? t.table.rows.length : 0))).toEqual([expect.any(Number), 2]);
    expect(out).not.toContain("Later");
    expect(out).toMatch(/_Truncated: \d+ more\._/);
  });

  test("long lists of one tier share the room equally (one stack's list cannot crowd out another's)", () => {
    const out = layout([list(1, 10_000), list(1, 20_000), list(1, 30_000)], 6_000);
    const shown = render(out).preamble.flatMap((i) => (i.kind === "table" ? [i.table.rows.length] : []));
    expect(shown).toHaveLength(3);
    for (const n of shown) expect(Math.abs(n - shown[0]!)).toBeLessThanOrEqual(1);
    expect(shown[0]).toBeGreaterThan(30);
  });

  test("a block with no room leaves its fallback line, whose room was set aside", () => {
    const out = layout([list(0, 10_000), list(5, 100, "All of it", "_All of it: in the artifact._")], 1_500);
    expect(size(out)).toBeLessThanOrEqual(1_500);
    expect(out.trimEnd().endsWith("_All of it: in the artifact._")).toBe(true);
    expect(layout([list(5, 3, "All of it", "_All of it: in the artifact._")], 1_500)).not.toContain("in the artifact");
  });

  test("a log keeps its start, its fence closed even when the log holds fences", () => {
    const log = ["paved: Invalid stack config (1 problem):", "```", "~~~", ...Array.from({ length: 2_000 }, (_, i) => `line ${i}`)].join("\n");
    const out = layout([verbatim(0, ["### failed"], log, (left) => `_${left} more lines._`)], 1_000);
    const items = render(out).preamble;
    expect(items.map((i) => i.kind)).toEqual(["h3", "code", "paragraph"]);
    expect(items[1]).toMatchObject({ text: expect.stringMatching(/^paved: Invalid stack config \(1 problem\):\n```\n~~~\nline 0\n/) });
    expect(items[2]).toMatchObject({ text: expect.stringMatching(/^\d+ more lines\.$/) });
  });
});

describe("inline Markdown", () => {
  const names = ["plain", "a|b", "`tick`", "``double``", "<details>", "a\nb", "*em* _u_ [l](x)", "@octocat"];

  test.each(names)("the name %j is one code span of exactly itself, in one table cell", (name) => {
    const out = `| name | n |\n|---|---|\n| ${cell(code(name))} | 1 |\n`;
    const r = render(out);
    const t = r.preamble.find((i) => i.kind === "table");
    expect(t).toMatchObject({ kind: "table", table: { rows: [{ cells: [name.replace(/\n/g, " "), "1"] }] } });
    expect(r.detailsTags).toEqual([]);
  });

  test("free text is shown as written: no HTML, no emphasis, no links, no mention", () => {
    const message = "found <details> *open* _x_ [a](b) | c `d` # e; ask @octocat or ops@example.com";
    const r = render(`${text(message)}\n`);
    const p = r.preamble[0];
    expect(p).toMatchObject({ kind: "paragraph" });
    // The zero-width space after "@" is all that differs, so no user is notified.
    expect((p as { text: string }).text.replace(/\u200b/g, "")).toBe(message);
    expect((p as { text: string }).text).toContain("ask @\u200boctocat or ops@example.com");
    expect(r.html).not.toMatch(/<details>|<em>|<a |<code>/);
  });
});
