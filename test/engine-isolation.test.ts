import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { getStore } from "../src/plan/runtime-internals";
import { record } from "../src/testing";
import { spawnCliAsync } from "./helpers/cli";
import { programProject, REPO } from "./helpers/project";

/*
 * What a plan leaves behind, and what it takes from others. Failures raised in
 * apply callbacks reach Node's unhandledRejection, which jest's sandbox keeps
 * from an in-process run: those cases run the built CLI (or the built engine)
 * in a process of its own. What a plan leaves in the process is checked here.
 */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "paved-isolation-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const project = (name: string, files: Record<string, string>): string => programProject(tmp, name, files);

/** `file:line:column` of the `new Error` in `file`'s text: where V8 (with source maps) places the throw. */
function throwSite(file: string, text: string): string {
  const lines = text.split("\n");
  const line = lines.findIndex((l) => l.includes("new Error("));
  return `${file}:${line + 1}:${lines[line]!.indexOf("new Error(") + 1}`;
}

interface ApplyCase {
  readonly name: string;
  readonly files: Record<string, string>;
  /** The file whose `new Error` is the throw the message must point at. */
  readonly throws: string;
  /** The message's first line after "paved: ". */
  readonly message: string;
}

const COMPONENT = `import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

export class Net extends pulumi.ComponentResource {
  constructor(name: string, cidr: string) {
    super("acme:net:Net", name, {}, {});
    const vpc = new aws.ec2.Vpc(\`\${name}-vpc\`, { cidrBlock: cidr }, { parent: this });
    // Validation on a value a preview knows: the callback runs, and throws.
    vpc.cidrBlock.apply((c) => {
      if (!c.endsWith("/16")) throw new Error(\`cidr \${c} is not a /16\`);
      return c;
    });
    this.registerOutputs({});
  }
}
`;

const APPLY_CASES: readonly ApplyCase[] = [
  {
    name: "an apply that throws in a component's constructor",
    files: { "component.ts": COMPONENT, "index.ts": 'import { Net } from "./component";\n\nnew Net("n", "10.0.0.0/24");\n' },
    throws: "component.ts",
    message: "the program failed: cidr 10.0.0.0/24 is not a /16",
  },
  {
    name: "an apply that throws at the program's top level",
    files: { "index.ts": 'import * as aws from "@pulumi/aws";\n\nconst bucket = new aws.s3.Bucket("b", { bucket: "data" });\nbucket.bucket.apply((n) => {\n  throw new Error(`bucket ${n} is taken`);\n});\n' },
    throws: "index.ts",
    message: "the program failed: bucket data is taken",
  },
  {
    name: "a rejected promise passed as a resource input",
    files: { "index.ts": 'import * as aws from "@pulumi/aws";\n\nasync function bucketName(): Promise<string> {\n  throw new Error("no name for the bucket");\n}\nnew aws.s3.Bucket("b", { bucket: bucketName() });\n' },
    throws: "index.ts",
    message: 'the program failed: error serializing property "bucket": no name for the bucket',
  },
  {
    name: "an apply that throws in a stack output",
    files: { "index.ts": 'import * as aws from "@pulumi/aws";\n\nconst bucket = new aws.s3.Bucket("b", { bucket: "data" });\nexport const url = bucket.bucket.apply((n) => {\n  throw new Error(`no url for ${n}`);\n});\n' },
    throws: "index.ts",
    message: "the program failed: no url for data",
  },
];

describe("paved plan fails on errors raised inside apply callbacks and promises (exit 2), at the program's .ts line", () => {
  test.concurrent.each(APPLY_CASES.map((c, i) => ({ ...c, dir: `apply-${i}` })))("$name", async (c) => {
    const dir = project(c.dir, c.files);
    const r = await spawnCliAsync(["plan", "dev", "--cwd", dir]);
    // 2: the program's own error (src/cli/plan-command.ts); a crash or a silent pass would be 1, 3 or 0.
    expect({ code: r.code, err: r.err }).toEqual({ code: 2, err: `paved: ${c.message}\n    at ${throwSite(c.throws, c.files[c.throws]!)}\n` });
    expect(r.out).not.toContain("Verdict");
  });
});

test("an apply that rejects after the plan ended overturns the printed verdict: exit 2 with the error, never a crash's exit 1", async () => {
  const index = 'import * as pulumi from "@pulumi/pulumi";\nimport * as aws from "@pulumi/aws";\n\nnew aws.s3.Bucket("b", { bucket: "data" });\n' +
    "// Nothing awaits this: the plan ends before the timer fires.\n" +
    'pulumi.output(new Promise<string>((resolve) => setTimeout(() => resolve("late"), 300))).apply((v) => {\n  throw new Error(`checked ${v}, too late`);\n});\n';
  const dir = project("late-apply", { "index.ts": index });
  const r = await spawnCliAsync(["plan", "dev", "--cwd", dir]);
  expect(r.out).toContain("Verdict");
  expect(r.code).toBe(2);
  expect(r.err).toContain("paved: after the plan ended, the program failed too: checked late, too late");
  expect(r.err).toContain("so the verdict above does not hold (exit 2)");
  expect(r.err).not.toContain("internal error");
});

describe("a plan that never settles ends with the engine's incomplete error (exit 3), not a silent 0", () => {
  test.concurrent.each([
    {
      name: "a resource input waiting on a promise nothing resolves",
      index: 'import * as aws from "@pulumi/aws";\n\nconst name = new Promise<string>(() => {});\nnew aws.sqs.Queue("jobs", { name });\nnew aws.sqs.Queue("jobs-dlq");\n',
      pending: '\n  - "jobs" [aws:sqs/queue:Queue], waiting on its input "name"\n',
    },
    {
      name: "a stack output waiting on a promise nothing resolves",
      index: 'import * as aws from "@pulumi/aws";\n\nnew aws.sqs.Queue("jobs");\nexport const url = new Promise<string>(() => {});\n',
      pending: "(no resource registration was pending, so a stack output or the program's own promise never settled)",
    },
  ].map((c, i) => ({ ...c, dir: `stuck-${i}` })))("$name", async (c) => {
    const r = await spawnCliAsync(["plan", "dev", "--cwd", project(c.dir, { "index.ts": c.index })]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/^paved: the plan never finished: /);
    expect(r.err).toContain(c.pending);
    // Only the engine's precise message, not the CLI's fallback for a process that ran out of work.
    expect(r.err).not.toContain("internal error");
    expect(r.err).not.toContain("jobs-dlq");
    expect(r.out).not.toContain("Verdict");
  });
});

/** An object's identity as a short label, so that a diff shows "which one", not the object. */
const ids = new WeakMap<object, string>();
let nextId = 1;
function idOf(o: unknown): string {
  if (typeof o !== "object" || o === null) return String(o);
  if (!ids.has(o)) ids.set(o, `${o.constructor.name} #${nextId++}`);
  return ids.get(o)!;
}

/** Everything of the process and the Pulumi runtime that a plan changes while it runs. */
function processState(): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: unknown };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const resource = require("@pulumi/pulumi/resource") as { Resource: { stackTrace: unknown } };
  const store = getStore() as { config: Record<string, string>; settings: { monitor: unknown; options: Record<string, unknown> }; stackResource: unknown };
  return {
    unhandledRejection: process.listeners("unhandledRejection"),
    beforeExit: process.listeners("beforeExit"),
    sourceMapsEnabled: process.sourceMapsEnabled,
    config: pulumi.runtime.allConfig(),
    // The raw map holds the secret keys too.
    rawConfig: { ...store.config },
    stack: pulumi.getStack(),
    project: pulumi.getProject(),
    dryRun: pulumi.runtime.isDryRun(),
    monitor: idOf(store.settings.monitor),
    stackResource: idOf(store.stackResource),
    debuggablePromise: debuggable.debuggablePromise,
    stackTrace: resource.Resource.stackTrace,
  };
}

describe("a plan leaves the process as it found it", () => {
  const outcomes: readonly { name: string; program: () => unknown; settle?: true; error: RegExp }[] = [
    { name: "passes", program: () => new aws.s3.Bucket("ok"), error: /^$/ },
    { name: "fails in the program", program: () => { new aws.s3.Bucket("half"); throw new Error("the program threw"); }, error: /the program threw/ },
    { name: "fails after an await", program: async () => { new aws.s3.Bucket("half"); await new Promise((r) => setTimeout(r, 10)); throw new Error("the program rejected"); }, error: /the program rejected/ },
    // A failing apply or stack output also rejects SDK promises nobody awaits, which jest fails a test on: the CLI cases above run those.
    { name: "never settles", program: () => new aws.sqs.Queue("stuck", { name: new Promise<string>(() => undefined) }), settle: true, error: /the plan never finished/ },
  ];
  test.each(outcomes.flatMap((o, i) => [false, true].map((maps) => ({ ...o, maps, stack: `iso-${i}-${maps}` }))))(
    "a plan that $name (source maps on before: $maps)",
    async ({ program, settle, error, maps, stack }) => {
      const mapsBefore = process.sourceMapsEnabled;
      process.setSourceMapsEnabled(maps);
      try {
        const before = processState();
        let during: Record<string, unknown> = {};
        const run = record(() => {
          during = processState();
          return program();
        }, { stack, project: "isolated", config: { "isolated:token": "t0ken" }, secretKeys: ["isolated:token"], projectDir: tmp });
        if (settle) {
          // beforeExit never fires inside jest: drive the idle path the way Node would.
          await new Promise((r) => setTimeout(r, 50));
          process.emit("beforeExit", 0);
        }
        const failure = await run.then(() => "", (e: unknown) => (e instanceof Error ? e.message : String(e)));
        expect(failure).toMatch(error);
        expect(processState()).toEqual(before);
        // The same keys read differently while the plan ran, so the comparison above can tell.
        expect(during).toMatchObject({ sourceMapsEnabled: true, config: { "isolated:token": "t0ken" }, stack, project: "isolated", dryRun: true });
        expect(during.unhandledRejection).toHaveLength((before.unhandledRejection as unknown[]).length + 1);
      } finally {
        process.setSourceMapsEnabled(mapsBefore);
      }
    },
  );

  test("the next plan sees no registration, config key, stack or project of the ones before it", async () => {
    await record(() => new aws.s3.Bucket("r1"), { stack: "other", project: "elsewhere", config: { "paved:x": "other" } });
    // Resolved by the second plan: the first plan's callback then registers after the first plan returned.
    let release: (value: string) => void = () => undefined;
    const late = new Promise<string>((resolve) => (release = resolve));
    // Same stack and project as the plan after it: its r1 would be a duplicate URN if it were still registered.
    const first = await record(() => {
      new aws.s3.Bucket("r1");
      pulumi.output(late).apply((n) => new aws.s3.Bucket(`${n}-from-first`));
    }, { config: { "paved:x": "1", "aws:region": "eu-west-1" }, secretKeys: ["paved:x"] });
    expect(first.all().map((r) => r.name)).toEqual(["r1"]);
    await expect(record(() => {
      new aws.s3.Bucket("r1");
      throw new Error("a failed plan in between");
    })).rejects.toThrow("a failed plan in between");

    let seen: Record<string, unknown> = {};
    const second = await record(async () => {
      new aws.s3.Bucket("r1");
      seen = { x: new pulumi.Config("paved").get("x"), config: pulumi.runtime.allConfig(), stack: pulumi.getStack(), project: pulumi.getProject() };
      release("late");
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(second.all().map((r) => r.urn)).toEqual(["urn:pulumi:test::paved::aws:s3/bucket:Bucket::r1"]);
    expect(seen).toEqual({ x: undefined, config: {}, stack: "test", project: "paved" });
  });
});

describe("plans started together run one after the other", () => {
  const slow = (events: string[]) => async (): Promise<void> => {
    events.push("a starts");
    new aws.s3.Bucket("a1");
    await new Promise((r) => setTimeout(r, 50));
    new aws.s3.Bucket("a2");
    events.push("a ends");
  };
  // In-process, b fails in its own code after an await; its failing apply (an unhandled rejection) runs in plain Node below.
  const fails = (events: string[]) => async (): Promise<void> => {
    events.push("b starts");
    new aws.s3.Bucket("b1");
    await new Promise((r) => setTimeout(r, 10));
    throw new Error("b's own error");
  };

  test("a keeps only its resources, b fails with its own error, and b starts after a has finished", async () => {
    const events: string[] = [];
    const [a, b] = await Promise.allSettled([record(slow(events), { stack: "a" }), record(fails(events), { stack: "b" })]);
    expect(events).toEqual(["a starts", "a ends", "b starts"]);
    expect(a.status === "fulfilled" ? a.value.all().map((r) => r.urn) : a.reason).toEqual([
      "urn:pulumi:a::paved::aws:s3/bucket:Bucket::a1", "urn:pulumi:a::paved::aws:s3/bucket:Bucket::a2",
    ]);
    expect(b.status === "rejected" ? String(b.reason) : "b passed").toMatch(/^ProgramError: the program failed: b's own error\n/);
  });

  test("a failed plan lets the next one run", async () => {
    const events: string[] = [];
    const [b, a] = await Promise.allSettled([record(fails(events), { stack: "b" }), record(slow(events), { stack: "a" })]);
    expect(events).toEqual(["b starts", "a starts", "a ends"]);
    expect(b.status).toBe("rejected");
    expect(a.status === "fulfilled" ? a.value.all().map((r) => r.name) : a.reason).toEqual(["a1", "a2"]);
  });

  test("in a process of its own, b's unhandled rejection (an apply nobody awaits) fails b, not a", async () => {
    // Node's unhandledRejection, which jest keeps from in-process runs: the built engine in plain Node.
    const script = path.join(tmp, "concurrent.js");
    fs.writeFileSync(script, `"use strict";
const { record } = require(${JSON.stringify(path.join(REPO, "dist/src/plan/record.js"))});
const aws = require(${JSON.stringify(require.resolve("@pulumi/aws"))});
const a = async () => {
  new aws.s3.Bucket("a1");
  await new Promise((r) => setTimeout(r, 100));
  new aws.s3.Bucket("a2");
};
const b = () => {
  new aws.s3.Bucket("b1").bucket.apply((n) => { throw new Error("b's own error (" + n + ")"); });
};
Promise.allSettled([record(a, { stack: "a" }), record(b, { stack: "b" })]).then((results) => {
  process.stdout.write(JSON.stringify(results.map((r) => r.status === "fulfilled" ? { urns: r.value.all().map((x) => x.urn) } : { error: String(r.reason) })));
});
`);
    const { stdout } = await promisify(execFile)(process.execPath, [script], { cwd: tmp, encoding: "utf8" });
    expect(JSON.parse(stdout)).toEqual([
      { urns: ["urn:pulumi:a::paved::aws:s3/bucket:Bucket::a1", "urn:pulumi:a::paved::aws:s3/bucket:Bucket::a2"] },
      { error: expect.stringMatching(/^ProgramError: the program failed: b's own error \(b1-[0-9a-f]{7}\)/) },
    ]);
  });
});

