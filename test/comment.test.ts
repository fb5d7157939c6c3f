import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import type { PlanJson } from "../src/testing";
import { balanced, cli, diffInto, planInto, readPlan, render, REPO, touchEvery, writeJson, type Item, type Rendered, type Section, type Table } from "./fixtures/comment/helpers";

/**
 * The pull-request comment as reviewers read it: real plans (the three stacks, and
 * one of 50 services) through the built CLI, a change that touches every resource,
 * `paved diff` and `paved comment` as the workflow runs them, the result rendered
 * by markdown-it and its structure read from the rendered tokens.
 */

const LIMIT = 65_536;
const STACKS = ["dev", "staging", "prod"] as const;
const RUN = "https://github.com/acme/paved/actions/runs/42";
type Resource = (r: PlanJson["resources"][number]) => PlanJson["resources"][number] | undefined;
const tmp = (name: string): string => fs.mkdtempSync(path.join(os.tmpdir(), `paved-comment-${name}-`));

/** The Pulumi project of this repo with other stack files: the compiled program, the given configs. */
function project(stacks: Record<string, unknown>): string {
  const dir = tmp("project");
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify({ name: "paved", runtime: "nodejs", main: path.join(REPO, "dist/stacks/index.js") }));
  for (const [stack, config] of Object.entries(stacks)) fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify({ config }));
  return dir;
}
const prodConfig = (): Record<string, unknown> => (parse(fs.readFileSync(path.join(REPO, "Pulumi.prod.yaml"), "utf8")) as { config: Record<string, unknown> }).config;

/** The real plan of a stack as the base, and the pull request's plan: it, with every resource touched and `edit` applied. */
async function baseAndChange(dir: string, stack: string, cwd: string, edit: Parameters<typeof touchEvery>[1]): Promise<PlanJson> {
  const r = await planInto(dir, stack, cwd);
  expect({ stack, code: r.code, err: r.err }).toEqual({ stack, code: 0, err: "" });
  fs.renameSync(path.join(dir, `${stack}.json`), path.join(dir, `base-${stack}.json`));
  fs.writeFileSync(path.join(dir, `base-${stack}.exit`), "0\n");
  const changed = touchEvery(readPlan(path.join(dir, `base-${stack}.json`)), edit);
  writeJson(path.join(dir, `${stack}.json`), changed);
  return changed;
}

const section = (r: Rendered, stack: string): Section => {
  const s = r.sections.find((x) => x.title === stack);
  if (!s) throw new Error(`no h2 "${stack}": ${r.sections.map((x) => x.title).join(", ")}`);
  return s;
};
const tableWith = (s: Section, first: string): { table: Table; at: number } => {
  const at = s.items.findIndex((i) => i.kind === "table" && i.table.header[0] === first);
  if (at < 0) throw new Error(`${s.title}: no table with a "${first}" column`);
  return { table: (s.items[at] as Extract<Item, { kind: "table" }>).table, at };
};
const indexOf = (s: Section, kind: Item["kind"], pattern: RegExp): number =>
  s.items.findIndex((i) => i.kind === kind && pattern.test("text" in i ? i.text : ""));

/** Every structural promise of the comment, for any scenario. */
function expectWellFormed(comment: string): Rendered {
  expect(comment.length).toBeLessThanOrEqual(LIMIT);
  expect(Buffer.byteLength(comment)).toBeLessThanOrEqual(LIMIT);
  expect(comment.split("\n")[0]).toBe("<!-- paved-plan -->");
  const r = render(comment);
  expect(r.preamble).toEqual([{ kind: "html", text: "<!-- paved-plan -->\n" }]);
  expect(r.detailsTags.length).toBeGreaterThan(0);
  expect(balanced(r.detailsTags)).toBe(true);
  // The original bug: a heading right after `</details>` is swallowed into the HTML block as text.
  expect(r.swallowed).toEqual([]);
  return r;
}

/**
 * One row per component (two named "main" are two rows), in registration order, with
 * its type, each counting its own resources; what is in no component (the explicit
 * DR-region provider) is one last row.
 */
function expectComponentRows(s: Section, plan: PlanJson): void {
  const { table } = tableWith(s, "component");
  const components = plan.resources.filter((r) => !r.custom && r.type !== "pulumi:pulumi:Stack");
  const stack = plan.resources.find((r) => r.type === "pulumi:pulumi:Stack")!;
  const top = plan.resources.filter((r) => r.custom && r.parent === stack.urn).length;
  const rows = table.rows.map((row) => row.cells);
  expect(rows.map((c) => c[1])).toEqual([...components.map((c) => c.type), ...(top > 0 ? ["—"] : [])]);
  expect(rows.filter((c) => c[0] === "main").length).toBeGreaterThan(1);
  expect(new Set(rows.map((c) => `${c[0]} ${c[1]}`)).size).toBe(rows.length);
  expect(rows.some((c) => c[1] === "" || c[0] === "")).toBe(false);
  // Counted from the resources: the pull request's plans here are edited copies, their summaries not recomputed.
  expect(rows.reduce((n, c) => n + Number(c[2]), 0)).toBe(plan.resources.filter((r) => r.custom).length);
  if (top > 0) expect(rows[rows.length - 1]).toEqual(["top level (in no component)", "—", String(top), "0"]);
}

describe("paved comment: three stacks, a change that touches every resource", () => {
  const dir = tmp("three");
  const plans: Record<string, PlanJson> = {};
  const urns: Record<string, string> = {};
  let comment = "";
  let r: Rendered;
  /** Applies `to` to the one resource of that type and name, and notes its URN. */
  const change = (stack: string, type: string, name: string, to: Resource): Parameters<typeof touchEvery>[1] =>
    (x) => (x.type === type && x.name === name ? ((urns[stack] = x.urn), to(x)) : x);

  beforeAll(async () => {
    // dev: a KMS key replaced and accepted; staging: the backup bucket deleted; prod: the database replaced.
    const edits: Record<string, Parameters<typeof touchEvery>[1]> = {
      dev: change("dev", "aws:kms/key:Key", "main-flow-logs-key", (x) => ({ ...x, inputs: { ...x.inputs, keySpec: "RSA_4096" } })),
      staging: change("staging", "aws:s3/bucket:Bucket", "main-bucket", () => undefined),
      prod: change("prod", "aws:rds/instance:Instance", "main-db", (x) => ({ ...x, inputs: { ...x.inputs, identifier: "prod-main-v2" } })),
    };
    await Promise.all(STACKS.map(async (s) => (plans[s] = await baseAndChange(dir, s, REPO, edits[s]))));
    const diffs = await Promise.all(STACKS.map((s) => diffInto(dir, s, s === "dev" ? [urns.dev!] : [])));
    expect(diffs.map((d) => d.code)).toEqual([0, 1, 1]);
    const run = await cli(["comment", dir, "--stack", "dev", "--stack", "staging", "--stack", "prod", "--run-url", RUN, "--out", path.join(dir, "comment.md")]);
    expect(run).toMatchObject({ code: 0, err: "" });
    comment = fs.readFileSync(path.join(dir, "comment.md"), "utf8");
    r = expectWellFormed(comment);
  }, 180_000);

  test("every change is in the diffs, so the whole detail would be far over GitHub's limit", () => {
    const changes = STACKS.reduce((n, s) => n + (JSON.parse(fs.readFileSync(path.join(dir, `diff-${s}.json`), "utf8")) as { changes: unknown[] }).changes.length, 0);
    expect(changes).toBeGreaterThan(500);
    expect(comment).toContain("_Truncated:");
    expect(comment).toContain(`the \`paved-plans\` artifact of [the workflow run](${RUN})`);
  });

  test("headings render as headings: the title and one <h2> per stack, <h3> sections in each", () => {
    expect(r.sections.map((s) => s.title)).toEqual([":x: Paved: the offline plan and change gate of 3 stacks", ...STACKS]);
    for (const s of STACKS) {
      expect(r.html).toContain(`<h2><code>${s}</code></h2>`);
      const h3 = section(r, s).items.filter((i) => i.kind === "h3").map((i) => (i as { text: string }).text);
      expect(h3).toEqual(["h3:Changes against the base branch", `h3:Paved plan: paved/${s} (${s})`]);
    }
  });

  test("the overview gives every stack's verdict first", () => {
    const { table } = tableWith(r.sections[0]!, "stack");
    expect(table.rows.map((x) => [x.cells[0], x.cells[1]!.startsWith(":white_check_mark:"), x.cells[4]])).toEqual([
      ["dev", true, "1 accepted"], ["staging", true, ":x: 1 blocked"], ["prod", true, ":x: 1 blocked"],
    ]);
  });

  test("stateful replacements and deletions come first in each stack, with the URN to allow", () => {
    for (const s of STACKS) {
      const sec = section(r, s);
      const stateful = tableWith(sec, "gate");
      expect(stateful.table.rows.map((x) => [x.cells[0], x.cells[1], x.cells[5]])).toEqual([
        [s === "dev" ? "accepted" : ":x: blocked", s === "staging" ? "delete" : "replace", urns[s]],
      ]);
      const plan = indexOf(sec, "h3", /Paved plan/);
      const rest = indexOf(sec, "html", /All other changes/);
      expect(stateful.at).toBeLessThan(plan);
      expect(plan).toBeLessThan(rest);
    }
  });

  test("one table row per component, keyed by URN, with its type and its own resources", () => {
    for (const s of STACKS) expectComponentRows(section(r, s), plans[s]!);
  });

  test("the Mermaid diagram of each stack is in the comment when it fits, folded", () => {
    for (const s of STACKS) {
      const code = section(r, s).items.find((i) => i.kind === "code" && i.info === "mermaid");
      expect(code).toMatchObject({ text: expect.stringMatching(/^flowchart LR\n/) });
    }
  });

  test("no input or output value reaches the comment", () => {
    expect(comment).not.toMatch(/vpc-[0-9a-f]{17}|\[secret\]|10\.\d+\.\d+\.\d+\/\d+/);
  });
});

describe("paved comment: a 50-service stack, a failed plan and one that never ran", () => {
  const dir = tmp("fifty");
  let big: PlanJson;
  let rdsUrn = "";
  let r: Rendered;

  beforeAll(async () => {
    const config = prodConfig();
    const web = (config["paved:services"] as Record<string, unknown>).web;
    config["paved:services"] = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`svc-${String(i + 1).padStart(2, "0")}`, web]));
    delete (config["paved:monitoring"] as Record<string, unknown>).overrides; // they name the "web" service
    const bad = { ...prodConfig(), "paved:vpc": { cidrBlock: "10.30.0.0/16", azCount: "three" } };
    const cwd = project({ big: config, staging: bad });
    const [changed, failed] = await Promise.all([
      baseAndChange(dir, "big", cwd, (x) => {
        if (x.type !== "aws:rds/instance:Instance" || x.name !== "main-db") return x;
        rdsUrn = x.urn;
        return { ...x, inputs: { ...x.inputs, identifier: "big-main-v2" } };
      }),
      planInto(dir, "staging", cwd),
    ]);
    big = changed;
    expect(failed.code).toBe(2);
    expect((await diffInto(dir, "big")).code).toBe(1);
    const run = await cli(["comment", dir, "--stack", "big", "--stack", "staging", "--stack", "prod", "--run-url", RUN]);
    expect(run).toMatchObject({ code: 0, err: "" });
    r = expectWellFormed(run.out);
  }, 240_000);

  test("the big stack keeps its stateful replacement and every component row within the limit", () => {
    expect(big.resources.filter((x) => x.type === "paved:compute:EcsService")).toHaveLength(50);
    const sec = section(r, "big");
    expect(tableWith(sec, "gate").table.rows.map((x) => x.cells[5])).toEqual([rdsUrn]);
    expectComponentRows(sec, big);
  });

  test("a failed plan is a section with its exit code and error, not a stale all-clear", () => {
    const sec = section(r, "staging");
    expect(sec.items[0]).toEqual({ kind: "h3", text: "h3::x: The plan of staging failed (exit 2: the input or the program is at fault)" });
    const log = sec.items.find((i) => i.kind === "code");
    expect(log).toMatchObject({ text: expect.stringContaining("Invalid stack config") });
    expect((log as { text: string }).text).toContain("paved:vpc.azCount");
    expect(sec.items.some((i) => i.kind === "table")).toBe(false);
  });

  test("a stack with no files says its plan did not run", () => {
    const sec = section(r, "prod");
    expect(sec.items[0]).toMatchObject({ kind: "h3", text: "h3::x: The plan of prod did not run" });
    expect(sec.items[1]).toMatchObject({ kind: "paragraph", text: expect.stringContaining("the job stopped before it") });
  });

  test("the overview and the title say so before any detail", () => {
    expect(r.sections[0]!.title).toMatch(/^:x: /);
    const { table } = tableWith(r.sections[0]!, "stack");
    expect(table.rows.map((x) => x.cells.slice(0, 3))).toEqual([
      ["big", `:white_check_mark: ${big.summary.resources} resources`, ":white_check_mark: none"],
      ["staging", ":x: failed (exit 2)", "not checked"],
      ["prod", ":x: did not run", "not checked"],
    ]);
  });
});
