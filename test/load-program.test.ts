import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { isUserError } from "../src/errors";
import { loadProgram, resolveProgram } from "../src/plan/load-program";
import { planStack } from "../src/testing";
import { programProject, REPO } from "./helpers/project";

/*
 * The shapes run in a plain Node process (test/programs/loading/plan-in-node.js,
 * on the build), through planStack like `paved plan`: jest's module system is
 * not Node's. Without --experimental-vm-modules its VM cannot import() ES
 * modules at all, it transpiles .ts itself (ts-jest) instead of the project's
 * typescript, resolves `./x.js` without Node's rules, and ignores deletions
 * from require.cache, so nothing load-program.ts does for those cases would be
 * exercised in-process. Resolution and the errors raised before a run are
 * tested here directly.
 */
const LOADING = path.join(REPO, "test/programs/loading");
const RUNNER = path.join(LOADING, "plan-in-node.js");
const STACK = "pulumi:pulumi:Stack";

interface Described { name: string; message: string; stack?: string; userError: boolean; cause?: Described }
interface RunResult {
  plans: { resources: { urn: string; type: string; name: string; parent: string | null; inputs: Record<string, unknown> }[]; outputs: Record<string, unknown> }[];
  error?: Described;
  cwd: string;
  sourceMapsEnabled: boolean;
}

const runs = new Map<string, Promise<RunResult>>();
function planInNode(dir: string, times = 1): Promise<RunResult> {
  const key = `${dir} ${times}`;
  if (!runs.has(key)) {
    runs.set(key, promisify(execFile)(process.execPath, [RUNNER, dir, String(times)], { cwd: os.tmpdir(), encoding: "utf8", maxBuffer: 1 << 26 })
      .then(({ stdout }) => JSON.parse(stdout) as RunResult));
  }
  return runs.get(key)!;
}

/** The program's own error: record() may report it wrapped (ProgramError, with the original as its cause). */
const original = (e: Described | undefined): Described | undefined => e?.cause ?? e;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "paved-load-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const project = (name: string, files: Record<string, string>, linked = true): string => programProject(tmp, name, files, linked);

interface Shape {
  readonly dir: string;
  readonly project: string;
  /** Type and name of each resource besides the stack. */
  readonly resources: readonly string[];
  readonly outputs: Record<string, unknown>;
}

const SHAPES: readonly Shape[] = [
  {
    dir: "cjs-ts", project: "loading-cjs-ts",
    resources: ["aws:s3/bucket:Bucket::archive", "aws:s3/bucket:Bucket::data", "aws:s3/bucket:Bucket::logs"],
    outputs: { kind: "cjs-ts", dataBucket: expect.anything(), logsBucketArn: expect.anything() },
  },
  {
    dir: "esm-ts", project: "loading-esm-ts",
    resources: ["aws:cloudwatch/logGroup:LogGroup::flow-logs", "aws:ec2/vpc:Vpc::app-vpc", "aws:ec2/subnet:Subnet::app-0", "aws:ec2/subnet:Subnet::app-1"],
    outputs: { regionName: "eu-west-1", account: "111122223333", zoneNames: ["eu-west-1a", "eu-west-1b"], vpcId: expect.anything() },
  },
  {
    dir: "esm-js", project: "loading-esm-js",
    resources: ["aws:s3/bucket:Bucket::assets"],
    outputs: { regionName: "eu-west-1", assetsBucket: expect.stringMatching(/^assets-/) },
  },
  {
    dir: "mts-entry", project: "loading-mts-entry",
    resources: ["aws:sqs/queue:Queue::mts-jobs"],
    outputs: { queueName: expect.anything() },
  },
  {
    dir: "default-export", project: "loading-default-export",
    resources: ["aws:s3/bucket:Bucket::reports"],
    outputs: { regionName: "eu-west-1", reportsBucket: expect.anything() },
  },
  {
    dir: "package-main", project: "loading-package-main",
    resources: ["aws:kms/key:Key::data"],
    outputs: { account: "111122223333", keyArn: expect.anything() },
  },
];

describe("program shapes, planned twice in one process", () => {
  test.each(SHAPES)("$dir", async (shape) => {
    const run = await planInNode(path.join(LOADING, shape.dir), 2);
    expect(run.error).toBeUndefined();
    expect(run.plans).toHaveLength(2);
    const stackUrn = `urn:pulumi:dev::${shape.project}::${STACK}::${shape.project}-dev`;
    for (const plan of run.plans) {
      // Recorded by the engine, so the program used the engine's own @pulumi/pulumi, ES module or not.
      expect(plan.resources.map((r) => r.urn).sort()).toEqual([stackUrn, ...shape.resources.map((r) => `urn:pulumi:dev::${shape.project}::${r}`)].sort());
      expect(plan.resources.filter((r) => r.type !== STACK).every((r) => r.parent === stackUrn)).toBe(true);
      expect(plan.outputs).toEqual(shape.outputs);
    }
    expect(run.plans[1]).toEqual(run.plans[0]);
    // The run leaves the process as it found it.
    expect(run.sourceMapsEnabled).toBe(false);
    expect(fs.realpathSync(run.cwd)).toBe(fs.realpathSync(os.tmpdir()));
  });

  test("what the program's own files give (tags from ./tags.js = tags.ts; zones from a top-level await)", async () => {
    const cjs = (await planInNode(path.join(LOADING, "cjs-ts"), 2)).plans[0]!;
    expect(cjs.resources.find((r) => r.name === "logs")!.inputs.tags).toEqual({ purpose: "logs", "managed-by": "pulumi" });
    const esm = (await planInNode(path.join(LOADING, "esm-ts"), 2)).plans[0]!;
    expect(esm.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet").map((r) => r.inputs.availabilityZone)).toEqual(["eu-west-1a", "eu-west-1b"]);
  });

  test("paved plan runs an ES module TypeScript program end to end", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(REPO, "dist/src/cli/main.js"), "plan", "dev", "--cwd", path.join(LOADING, "esm-ts"), "--json", "-"], { encoding: "utf8" });
    const plan = JSON.parse(stdout) as { project: string; resources: { type: string }[]; outputs: Record<string, unknown> };
    expect(plan.project).toBe("loading-esm-ts");
    expect(plan.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet")).toHaveLength(2);
    expect(plan.outputs.regionName).toBe("eu-west-1");
  });
});

describe("errors of the program point at its TypeScript source", () => {
  test.each(["cjs", "esm"])("an exception thrown by the %s program's own code", async (kind) => {
    const run = await planInNode(path.join(LOADING, `throws-${kind}`));
    const e = original(run.error)!;
    expect(e.message).toBe("retention must be at least 7 days, found 3");
    expect(e.userError).toBe(false);
    // checks.ts line 6 throws; index.ts line 4 calls it. Transpiled lines would differ (CommonJS adds import helpers on top).
    expect(e.stack).toMatch(new RegExp(`throws-${kind}/checks\\.ts:6:\\d+`));
    expect(e.stack).toMatch(new RegExp(`throws-${kind}/index\\.ts:4:\\d+`));
    expect(run.sourceMapsEnabled).toBe(false);
  });

  const BROKEN_QUEUE = 'import * as aws from "@pulumi/aws";\n\nconst q = new aws.sqs.Queue("q", {\n  delaySeconds: ,\n});\nexport const name = q.name;\n';
  test.each([
    ["cjs", {}],
    ["esm", { type: "module" }],
  ])("a syntax error in %s TypeScript is the original SyntaxError, at the .ts line", async (kind, pkg) => {
    const dir = project(`syntax-${kind}`, { "package.json": JSON.stringify({ name: `syntax-${kind}`, ...pkg }), "index.ts": 'import { name } from "./queue.js";\nexport const queue = name;\n', "queue.ts": BROKEN_QUEUE });
    const e = original((await planInNode(dir)).error)!;
    expect(e.name).toBe("SyntaxError");
    expect(e.userError).toBe(false);
    expect(e.message).toContain(`${path.join(dir, "queue.ts")}:4:17 - Expression expected.`);
    expect(e.stack).toContain(`at ${path.join(dir, "queue.ts")}:4:17`);
  });

  test.each([
    ["cjs", {}, /^Cannot find module '\.\/missing\.js'/],
    ["esm", { type: "module" }, /^Cannot find module '.*missing\.js' imported from .*index\.ts$/],
  ])("a missing import in %s TypeScript is Node's own error", async (kind, pkg, message) => {
    const dir = project(`missing-${kind}`, { "package.json": JSON.stringify({ name: `missing-${kind}`, ...pkg }), "index.ts": 'import { nothing } from "./missing.js";\nexport const value = nothing;\n' });
    const e = original((await planInNode(dir)).error)!;
    expect(e.userError).toBe(false);
    expect(e.message.split("\n")[0]).toMatch(message);
    // No loader frame above the program's own: it would make the failure read as Paved's bug.
    const frames = e.stack!.split("\n").filter((l) => /^\s+at /.test(l) && !l.includes("node:"));
    expect(frames[0] ?? "").not.toMatch(/ts-loader|esm-hooks|load-program/);
  });

  test("an ES module with both a default and named exports is refused, as Pulumi does", async () => {
    const dir = project("both-exports", { "package.json": JSON.stringify({ name: "both-exports", type: "module" }), "index.js": "export const a = 1;\nexport default { b: 2 };\n" });
    const e = (await planInNode(dir)).error!;
    expect(e.userError).toBe(true);
    expect(e.message).toMatch(/both a default export and named exports/);
  });

  test("an ES module's plain-object default export is its outputs", async () => {
    const dir = project("default-object", { "package.json": JSON.stringify({ name: "default-object", type: "module" }), "index.mjs": 'export default { greeting: "hello" };\n' }, true);
    const run = await planInNode(dir);
    expect(run.error).toBeUndefined();
    expect(run.plans[0]!.outputs).toEqual({ greeting: "hello" });
  });
});

describe("finding the program, as Pulumi's Node.js host does", () => {
  const files = (name: string, f: Record<string, string>): string => project(`resolve-${name}`, f, false);
  const entry = (dir: string, main = dir) => resolveProgram(main, dir);
  const real = (p: string): string => fs.realpathSync(p);

  test("Pulumi.yaml main a file runs that file, in its directory", () => {
    const dir = files("file", { "src/app.js": "" });
    expect(entry(dir, path.join(dir, "src/app.js"))).toEqual({ file: real(path.join(dir, "src/app.js")), esm: false, pwd: path.join(dir, "src") });
  });

  test("a directory: package.json exports, then main; a named entry that does not exist falls back to the index", () => {
    expect(entry(files("exports", { "package.json": JSON.stringify({ exports: "./a.js", main: "b.js" }), "a.js": "", "b.js": "" })).file).toMatch(/a\.js$/);
    expect(entry(files("exports-dot", { "package.json": JSON.stringify({ exports: { ".": { import: "./i.js", default: "./d.js" } } }), "d.js": "", "i.js": "" })).file).toMatch(/d\.js$/);
    expect(entry(files("main", { "package.json": JSON.stringify({ main: "lib/main.ts" }), "lib/main.ts": "", "index.ts": "" })).file).toMatch(/lib\/main\.ts$/);
    expect(entry(files("main-missing", { "package.json": JSON.stringify({ main: "gone.js" }), "index.js": "" })).file).toMatch(/index\.js$/);
    // An exports map without ".": Pulumi keeps the directory; then require() of it reads main, where import() takes the index.
    const noDot = { "package.json": JSON.stringify({ exports: { "./x": "./x.js" }, main: "m.js" }), "m.js": "", "index.js": "" };
    expect(entry(files("exports-no-dot", noDot)).file).toMatch(/m\.js$/);
    const noDotEsm = { ...noDot, "package.json": JSON.stringify({ type: "module", exports: { "./x": "./x.js" }, main: "m.js" }) };
    expect(entry(files("exports-no-dot-esm", noDotEsm)).file).toMatch(/index\.js$/);
  });

  test("the entry of a package.json above the project (the project has none of its own) is not the program", () => {
    const outer = files("outer", { "package.json": JSON.stringify({ main: "lib.js" }), "lib.js": "", "infra/index.js": "", "infra/Pulumi.yaml": "name: infra\nruntime: nodejs\n" });
    expect(entry(path.join(outer, "infra")).file).toBe(real(path.join(outer, "infra/index.js")));
  });

  test("index files: CommonJS prefers index.js to index.ts; ES modules index.js, .mjs, .ts, .mts", () => {
    expect(entry(files("cjs-index", { "index.ts": "", "index.js": "" })).file).toMatch(/index\.js$/);
    expect(entry(files("cjs-index-ts", { "index.ts": "" })).file).toMatch(/index\.ts$/);
    const esm = (f: Record<string, string>, name: string) => entry(files(name, { "package.json": JSON.stringify({ type: "module" }), ...f }));
    expect(esm({ "index.mjs": "", "index.ts": "" }, "esm-mjs")).toMatchObject({ esm: true, file: expect.stringMatching(/index\.mjs$/) });
    expect(esm({ "index.mts": "", "index.ts": "" }, "esm-ts")).toMatchObject({ esm: true, file: expect.stringMatching(/index\.ts$/) });
  });

  test("ES module by package.json type, or by an .mjs/.mts entry", () => {
    const dir = files("mts", { "main.mts": "", "main.cts": "" });
    expect(entry(dir, path.join(dir, "main.mts")).esm).toBe(true);
    expect(entry(dir, path.join(dir, "main.cts")).esm).toBe(false);
  });

  test("a missing entry, or TypeScript without a typescript package, is the user's to fix", () => {
    const empty = files("empty", {});
    const caught = (f: () => unknown): unknown => {
      try {
        f();
      } catch (e) {
        return e;
      }
      throw new Error("expected an error");
    };
    for (const e of [caught(() => loadProgram(empty, empty)), caught(() => loadProgram(path.join(empty, "nope.js"), empty))]) {
      expect(isUserError(e)).toBe(true);
      expect((e as Error).message).toMatch(/Cannot find the program/);
    }
    const ts = files("no-typescript", { "index.ts": "export const a = 1;\n" });
    const e = caught(() => loadProgram(ts, ts));
    expect(isUserError(e)).toBe(true);
    expect((e as Error).message).toMatch(/no typescript package/);
  });
});

describe("in-process (jest's module system, as the other test files use it)", () => {
  test("a CommonJS program that exports an async function: called, its result is the outputs", async () => {
    const plan = await planStack({ dir: path.join(LOADING, "package-main"), stack: "dev" });
    expect(plan.all("aws:kms/key:Key").map((r) => r.urn)).toEqual(["urn:pulumi:dev::loading-package-main::aws:kms/key:Key::data"]);
    expect(plan.outputs).toEqual({ account: "111122223333", keyArn: expect.anything() });
  });
});
