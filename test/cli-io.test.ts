import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeTargets } from "../src/cli/output-targets";
import { spawnCliAsync } from "./helpers/cli";
import { programProject } from "./helpers/project";

/**
 * What the built CLI writes, and where, as a user's pipeline reads it: a document on stdout is
 * the document alone, whatever the program prints; output files are written all or nothing; a
 * target that cannot be written is refused before the plan runs.
 */

let tmp: string;
let dir: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "paved-cli-io-"));
  const index = 'import * as aws from "@pulumi/aws";\n\nconsole.log("hello from the program");\n' +
    'process.stdout.write("raw write\\n");\nnew aws.s3.Bucket("b", { bucket: "data" });\nnew aws.sqs.Queue("q", {});\n';
  dir = programProject(tmp, "io", { "index.ts": index });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test("plan --json -: stdout is the plan JSON alone (the program's console output goes to stderr), with the resources it recorded", async () => {
  const r = await spawnCliAsync(["plan", "dev", "--cwd", dir, "--json", "-"]);
  // 1: the bare bucket and queue break mandatory rules (encryption, access), as the JSON says.
  expect(r.code).toBe(1);
  const plan = JSON.parse(r.out) as { resources: { type: string; custom: boolean }[]; summary: { custom: number; mandatoryViolations: number } };
  expect(plan.summary.mandatoryViolations).toBeGreaterThan(0);
  expect(plan.resources.filter((x) => x.custom).map((x) => x.type).sort()).toEqual(["aws:s3/bucket:Bucket", "aws:sqs/queue:Queue"]);
  expect(plan.summary.custom).toBe(2);
  expect(r.err).toContain("hello from the program");
  expect(r.err).toContain("raw write");
  expect(r.err).toContain("Verdict");
});

test("plan --json -: what a program's timer prints after the plan has ended goes to stderr too, never after the JSON", async () => {
  const late = programProject(tmp, "late", { "index.ts": 'import * as aws from "@pulumi/aws";\n\nsetTimeout(() => console.log("late timer output"), 300);\nnew aws.sns.Topic("t", { kmsMasterKeyId: "alias/x" });\n' });
  const r = await spawnCliAsync(["plan", "dev", "--cwd", late, "--json", "-"]);
  expect(() => JSON.parse(r.out)).not.toThrow();
  expect(r.out).not.toContain("late timer output");
  expect(r.err).toContain("late timer output");
});

test("plan without a document on stdout: the program's output and the report stay on stdout", async () => {
  const r = await spawnCliAsync(["plan", "dev", "--cwd", dir]);
  expect(r.code).toBe(1);
  expect(r.out).toContain("hello from the program");
  expect(r.out).toContain("Verdict");
});

test("a document that cannot be written leaves every output file of the previous run as it was (exit 2, naming the flag)", async () => {
  const out = path.join(tmp, "out-a");
  fs.mkdirSync(out);
  const json = path.join(out, "plan.json");
  fs.writeFileSync(json, "previous run\n");
  // A file name longer than any file system allows: the plan runs, then the write fails.
  const markdown = path.join(out, `${"m".repeat(300)}.md`);
  const r = await spawnCliAsync(["plan", "dev", "--cwd", dir, "--json", json, "--markdown", markdown]);
  expect(r.code).toBe(2);
  expect(r.err).toContain(`--markdown: cannot write ${markdown}: its name is too long (ENAMETOOLONG); no output file was changed.`);
  expect(fs.readFileSync(json, "utf8")).toBe("previous run\n");
  expect(fs.readdirSync(out)).toEqual(["plan.json"]);
});

test("every document is written when all can be: the JSON, markdown and graph of one plan, and no temporary file beside them", async () => {
  const out = path.join(tmp, "out-b", "nested");
  const r = await spawnCliAsync(["plan", "dev", "--cwd", dir, "--json", path.join(out, "p.json"), "--markdown", path.join(out, "p.md"), "--graph", path.join(out, "p.dot")]);
  expect(r.code).toBe(1);
  expect(fs.readdirSync(out).sort()).toEqual(["p.dot", "p.json", "p.md"]);
  expect((JSON.parse(fs.readFileSync(path.join(out, "p.json"), "utf8")) as { summary: { custom: number } }).summary.custom).toBe(2);
});

test.each([
  ["a file where a folder must be made", (t: string) => { fs.writeFileSync(path.join(t, "afile"), "x"); return ["--json", path.join(t, "afile", "plan.json")]; },
    (t: string) => `--json ${path.join(t, "afile", "plan.json")}: ${path.join(t, "afile")} is a file, so no folder can be made there`],
  ["the same file for two documents", (t: string) => ["--json", path.join(t, "same.out"), "--markdown", path.join(t, ".", "same.out")],
    (t: string) => `--json and --markdown: found the same file ${path.join(t, "same.out")} for both; allowed one document per file`],
])("%s is refused before the plan runs: exit 2, nothing on stdout, nothing written", async (_what, args, says) => {
  const t = fs.mkdtempSync(path.join(tmp, "refuse-"));
  const argv = args(t);
  const before = fs.readdirSync(t);
  const r = await spawnCliAsync(["plan", "dev", "--cwd", dir, ...argv]);
  expect(r.code).toBe(2);
  expect(r.out).toBe("");
  expect(r.err).toContain(says(t));
  expect(r.err).not.toContain("hello from the program");
  expect(fs.readdirSync(t)).toEqual(before);
});

test("a rename that fails after others succeeded says which files were already replaced, and leaves no temporary file", () => {
  // In-process: checkTargets would refuse a folder as a target before any work, so writeTargets is called alone.
  const t = fs.mkdtempSync(path.join(tmp, "rename-"));
  const first = path.join(t, "a.json");
  const folder = path.join(t, "b.md");
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, "keep"), "x");
  expect(() => writeTargets([{ flag: "json", target: first, text: "new\n" }, { flag: "markdown", target: folder, text: "# md\n" }]))
    .toThrow(new RegExp(`^--markdown: cannot write ${folder}: .*; already replaced: ${first}\\.$`));
  expect(fs.readFileSync(first, "utf8")).toBe("new\n");
  expect(fs.readdirSync(t).sort()).toEqual(["a.json", "b.md"]);
});
