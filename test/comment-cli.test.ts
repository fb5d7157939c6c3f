import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { balanced, CLI, planInto, render, type Item, type Rendered, type Section } from "./fixtures/comment/helpers";

/** `paved comment` through the built CLI: its arguments, and every way a stack's files can be missing or broken. */

const tmp = (name: string): string => fs.mkdtempSync(path.join(os.tmpdir(), `paved-comment-cli-${name}-`));
const paved = (...argv: string[]): { code: number | null; out: string; err: string } => {
  const r = spawnSync(process.execPath, [CLI, ...argv], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const write = (dir: string, files: Record<string, string>): string => {
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
};
const section = (r: Rendered, title: string): Section => r.sections.find((s) => s.title === title) ?? { title, items: [] };
const texts = (s: Section, kind: Item["kind"]): string[] => s.items.flatMap((i) => (i.kind === kind && "text" in i ? [i.text] : []));

/** A real plan of a small program: an open database port, an unencrypted topic, and a name made to break Markdown. */
const NASTY = "evil|`name`<details>@octocat";
let planJson = "";
beforeAll(async () => {
  const project = write(tmp("project"), {
    "Pulumi.yaml": "name: p\nruntime: nodejs\n",
    "Pulumi.dev.yaml": "config:\n  aws:region: eu-west-1\n",
    "index.js": [
      `const aws = require(${JSON.stringify(require.resolve("@pulumi/aws"))});`,
      `new aws.ec2.SecurityGroup("db", { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }] });`,
      `new aws.sns.Topic(${JSON.stringify(NASTY)}, {});`,
    ].join("\n"),
  });
  const dir = tmp("plan");
  const r = await planInto(dir, "dev", project);
  expect(r.code).toBe(1); // mandatory violations: a finished plan
  planJson = fs.readFileSync(path.join(dir, "dev.json"), "utf8");
}, 60_000);

describe("paved comment: arguments", () => {
  test("paved --help lists it; --help prints its usage", () => {
    expect(paved("--help").out).toMatch(/^ {2}comment DIR {10}the one pull-request comment for every stack/m);
    const r = paved("comment", "--help");
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toMatch(/^Usage: paved comment DIR \[--stack NAME\]\.\.\. \[--run-url URL\] \[--artifact NAME\] \[--out FILE\]\n/);
    expect(r.out).toContain("Exit codes: 0 the comment was written");
  });

  test.each([
    [[], /^paved: paved comment takes one DIR, the folder of the plans; found none\.\n\nUsage: paved comment/],
    [["a", "b"], /^paved: paved comment takes one DIR, the folder of the plans; found "a" "b"\./],
    [["/nonexistent/plans"], /^paved: DIR \/nonexistent\/plans: cannot read it: there is no such file \(ENOENT\)\n$/],
    [["--bogus", "x"], /^paved: --bogus: unknown option; allowed for paved comment: --stack NAME, --run-url URL, --artifact NAME, --out FILE, -h\/--help\n/],
    [["x", "--out", ""], /^paved: --out: found an empty file name; allowed a path, or "-" for stdout\n$/],
  ])("paved comment %j exits 2 with the reason", (argv, message) => {
    const r = paved("comment", ...argv);
    expect(r).toMatchObject({ code: 2, out: "" });
    expect(r.err).toMatch(message);
  });

  test("a file for DIR, an empty DIR, and bad names are refused, each naming what it found and what is allowed", () => {
    const file = path.join(tmp("file"), "plans");
    fs.writeFileSync(file, "");
    expect(paved("comment", file)).toMatchObject({ code: 2, err: `paved: DIR ${file}: it is a file; allowed the folder the workflow writes the plans to\n` });
    const empty = tmp("empty");
    expect(paved("comment", empty)).toMatchObject({ code: 2, err: `paved: DIR ${empty}: found no stack's files (S.exit or S.json); allowed a folder written by the pull-request workflow, or name the stacks with --stack.\n` });
    const r = paved("comment", empty, "--stack", "../etc", "--run-url", "javascript:alert(1)", "--artifact", "a b");
    expect(r.code).toBe(2);
    expect(r.err.split("\n").slice(0, 3)).toEqual([
      'paved: --run-url: found "javascript:alert(1)"; allowed an http(s) URL without spaces or brackets',
      '--artifact: found "a b"; allowed an artifact name of letters, digits, "_", "-" and "."',
      '--stack: found "../etc"; allowed a stack name of letters, digits, "_", "-" and "."',
    ]);
  });
});

describe("paved comment: what a stack's files say", () => {
  test("without --stack it finds the stacks in DIR, sorted, and writes to stdout; a named stack with no files did not run", () => {
    const dir = write(tmp("found"), { "prod.json": planJson, "dev.exit": "2\n", "dev.err": "paved: Invalid stack config (1 problem):\n  - paved:vpc.azCount: found \"three\"; allowed an integer 1–6\n", "base-prod.json": "{}" });
    const found = paved("comment", dir);
    expect(found).toMatchObject({ code: 0, err: "" });
    const r = render(found.out);
    expect(r.sections.map((s) => s.title).slice(1)).toEqual(["dev", "prod"]);
    expect(texts(section(r, "dev"), "code")).toEqual([expect.stringContaining('paved:vpc.azCount: found "three"')]);
    const named = render(paved("comment", dir, "--stack", "prod", "--stack", "qa").out);
    expect(named.sections.map((s) => s.title).slice(1)).toEqual(["prod", "qa"]);
    expect(texts(section(named, "qa"), "h3")).toEqual(["h3::x: The plan of qa did not run"]);
  });

  test("a plan with violations: mandatory ones first, before the components; names cannot break the Markdown", () => {
    const dir = write(tmp("violations"), { "dev.json": planJson, "dev.exit": "1\n" });
    const out = paved("comment", dir, "--out", path.join(dir, "comment.md"));
    expect(out).toMatchObject({ code: 0, out: "", err: "" });
    const r = render(fs.readFileSync(path.join(dir, "comment.md"), "utf8"));
    expect(balanced(r.detailsTags)).toBe(true);
    const dev = section(r, "dev");
    const tables = dev.items.flatMap((i) => (i.kind === "table" ? [i.table] : []));
    const header = (t: (typeof tables)[number]): string => t.header.join(" | ");
    expect(tables.map(header)).toEqual([
      "policy | type | resource | message", "policy | type | resource | message", "component | type | resources | protected", "count | type", "type | name | parent | protect",
    ]);
    // This repo's policy config makes customer-managed keys mandatory: sns-cmk is one of them.
    const violations = (JSON.parse(planJson) as { violations: { pack: string; policy: string; enforcementLevel: string; urn: string }[] }).violations;
    const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory");
    expect(mandatory.map((v) => v.policy)).toEqual(["no-public-data-ports", "sns-encrypted", "sns-cmk"]);
    expect(texts(dev, "paragraph").filter((t) => /violations \(\d\)/.test(t))).toEqual([":x: Mandatory violations (3): each fails the plan.", ":warning: Advisory violations (2)"]);
    expect(tables[0]!.rows.map((x) => x.cells.slice(0, 3))).toEqual(mandatory.map((v) => [`${v.pack}/${v.policy}`, v.urn.split("::")[2], v.urn.split("::").pop()]));
    expect(tables[0]!.rows[1]!.cells[2]).toBe(NASTY);
    // The name is one cell of one row, shown as written, and opened no <details>.
    expect(tables[4]!.rows.find((x) => x.cells[1] === NASTY)?.cells).toHaveLength(4);
    expect(r.detailsTags).toEqual(["<details>", "</details>", "<details>", "</details>"]);
    // Only inside <code>, where GitHub links no mention.
    expect(r.html).toContain("@octocat");
    expect(r.html.replace(/<code>[^<]*<\/code>/g, "")).not.toContain("@octocat");
    const overview = r.sections[0]!.items.find((i) => i.kind === "table");
    expect(overview).toMatchObject({ table: { rows: [{ cells: ["dev", ":white_check_mark: 2 resources", ":x: 3 mandatory, 2 advisory", "not compared", "—"] }] } });
  });

  test("unreadable files become that stack's failure, never a missing comment", () => {
    const dir = write(tmp("broken"), {
      "a.exit": "0\n", "a.json": "{ not json",
      "b.exit": "segfault\n",
      "c.exit": "0\n", "c.json": JSON.stringify({ stack: "c", resources: [{ urn: 1 }] }),
      "d.exit": "3\n", "d.err": "\u001b[31mpaved: internal error\u001b[39m\r  registered 3 resources…\rpaved: the plan never finished\n```\nnot a fence\n",
    });
    const r = render(paved("comment", dir).out);
    expect(texts(section(r, "a"), "paragraph")[0]).toMatch(/^The plan finished but its JSON cannot be read: .*a\.json: not valid JSON .*; expected a Paved plan JSON/);
    expect(texts(section(r, "b"), "paragraph")[0]).toBe('b.exit holds "segfault", not an exit code: nothing of this stack was checked and its changes were not compared with the base branch.');
    expect(texts(section(r, "c"), "paragraph")[0]).toMatch(/^The plan finished but its JSON cannot be read: c\.json is not a Paved plan JSON \(`paved plan --json`\): project: /);
    const d = section(r, "d");
    expect(texts(d, "h3")).toEqual(["h3::x: The plan of d failed (exit 3: Paved failed or the plan never finished)"]);
    // Colours and the progress line gone; a fence in the log stays inside the code block.
    expect(texts(d, "code")).toEqual(["paved: the plan never finished\n```\nnot a fence\n"]);
  });

  test("a failed gate shows its error; a base that did not plan says there is nothing to compare, and why", () => {
    const dir = write(tmp("gate"), {
      "dev.json": planJson, "dev.exit": "1\n", "base-dev.json": planJson, "diff-dev.exit": "2\n",
      "diff-dev.err": "paved: --allow urn:pulumi:dev::p::aws:s3/bucket:Bucket::gone: found no change of this resource in the diff\n",
      "prod.json": planJson, "prod.exit": "1\n", "base-prod.exit": "2\n", "base-prod.err": "paved: Invalid stack config (1 problem)\n",
      "qa.json": planJson, "qa.exit": "1\n",
    });
    const r = render(paved("comment", dir).out);
    const dev = section(r, "dev");
    expect(texts(dev, "h3")[0]).toBe("h3::x: The change gate failed (exit 2: the input is at fault)");
    expect(texts(dev, "code")).toEqual([expect.stringContaining("found no change of this resource in the diff")]);
    const prod = section(r, "prod");
    expect(texts(prod, "paragraph")).toEqual(expect.arrayContaining([
      "Not compared: the base branch's plan of this stack failed, so there is nothing to compare with (not this pull request's fault) (exit 2).",
      "The base branch's plan said:",
    ]));
    expect(texts(prod, "code")).toEqual(["paved: Invalid stack config (1 problem)\n"]);
    expect(texts(section(r, "qa"), "paragraph")).toContain("Not compared: the base branch was not planned (the run's log says why).");
    const overview = r.sections[0]!.items.find((i) => i.kind === "table");
    expect(overview).toMatchObject({ table: { rows: [{ cells: expect.arrayContaining([":x: the gate failed (exit 2)"]) }, {}, {}] } });
  });
});
