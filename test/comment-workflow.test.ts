import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { balanced, cli, readPlan, render, REPO, writeJson, type Rendered } from "./fixtures/comment/helpers";

/**
 * The pull-request workflows around `paved comment`, run for real: the plan job's own
 * shell scripts (as GitHub runs them, bash -eo pipefail) on this repo with a broken
 * stack, then the comment workflow's github-script on what they left, against a
 * recording stand-in for GitHub's API.
 */

interface Step { name?: string; uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, unknown>; "continue-on-error"?: boolean }
interface Job { if?: string; steps: Step[] }
interface Workflow { jobs: Record<string, Job> }

const DIR = path.join(REPO, ".github", "workflows");
const read = (file: string): Workflow => parse(fs.readFileSync(path.join(DIR, file), "utf8")) as Workflow;
const pr = read("pull-request.yml");
const commentWf = read("pull-request-comment.yml");
const steps = pr.jobs.plan!.steps;
const find = (test: (s: Step) => boolean, what: string): { step: Step; at: number } => {
  const at = steps.findIndex(test);
  if (at < 0) throw new Error(`pull-request.yml's plan job has no step that ${what}`);
  return { step: steps[at]!, at };
};
const base = find((s) => s.name === "Plan the base branch", "plans the base branch");
const gate = find((s) => s.name === "Plan this pull request and gate its changes", "plans the pull request");
const assemble = find((s) => /dist\/src\/cli\/main\.js comment /.test(s.run ?? ""), "runs paved comment");
const upload = find((s) => (s.uses ?? "").startsWith("actions/upload-artifact@"), "uploads the artifact");

describe("pull-request.yml: the comment is assembled whatever happened before", () => {
  test("after the plan, with if: always(), and uploaded with if: always(); a base that does not plan does not stop the job", () => {
    expect(base.at).toBeLessThan(gate.at);
    expect(gate.at).toBeLessThan(assemble.at);
    expect(assemble.at).toBeLessThan(upload.at);
    expect(assemble.step.if).toBe("always()");
    expect(upload.step.if).toBe("always()");
    expect(upload.step.with).toEqual({ name: "paved-plans", path: "plans/" });
    expect(base.step["continue-on-error"]).toBe(true);
    expect(assemble.step.run).toContain("--out plans/comment.md");
  });

  test("no expression is pasted into a script: event data comes in through env", () => {
    for (const s of steps) expect({ step: s.name ?? s.uses, run: s.run ?? "" }).toEqual({ step: s.name ?? s.uses, run: expect.not.stringContaining("${{") });
    expect(gate.step.env).toEqual({ PR_BODY: "${{ github.event.pull_request.body }}" });
  });

  test("pull-request-comment.yml reads that artifact, even when it is missing, and skips superseded runs", () => {
    const job = commentWf.jobs.comment!;
    expect(job.if).toContain("github.event.workflow_run.conclusion != 'cancelled'");
    const download = job.steps.find((s) => (s.uses ?? "").startsWith("actions/download-artifact@"))!;
    expect(download["continue-on-error"]).toBe(true);
    expect(download.with).toMatchObject({ name: upload.step.with!.name, path: "plans", "run-id": "${{ github.event.workflow_run.id }}" });
    expect(job.steps.find((s) => (s.uses ?? "").startsWith("actions/github-script@"))!.env).toEqual({ PLANS_DIR: "plans" });
  });
});

/** The repository as the plan job sees it, with staging's config broken. */
function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paved-workflow-"));
  for (const f of ["dist", "node_modules", "policies", "package.json", "Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml"]) fs.symlinkSync(path.join(REPO, f), path.join(dir, f));
  const staging = parse(fs.readFileSync(path.join(REPO, "Pulumi.staging.yaml"), "utf8")) as { config: Record<string, Record<string, unknown>> };
  staging.config["paved:vpc"] = { ...staging.config["paved:vpc"], azCount: "three" };
  fs.writeFileSync(path.join(dir, "Pulumi.staging.yaml"), stringify(staging));
  return dir;
}

/** A step's script as GitHub runs it: `bash --noprofile --norc -eo pipefail`. */
const runStep = (step: Step, cwd: string, env: Record<string, string>) =>
  spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run!], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env }, maxBuffer: 64 * 1024 * 1024 });

const RUN_URL = "https://github.com/acme/paved/actions/runs/99";

describe("the plan job's scripts on a broken stack config, and the comment it leaves", () => {
  const ws = workspace();
  const plans = path.join(ws, "plans");
  const urn = (name: string, type: string): string => `urn:pulumi:dev::paved::paved:data:S3Backups$${type}::${name}`;
  const gone = { bucket: urn("old-bucket", "aws:s3/bucket:Bucket"), logs: urn("old-logs", "aws:cloudwatch/logGroup:LogGroup") };
  let status: number | null = null;
  let comment = "";
  let r: Rendered;

  beforeAll(async () => {
    // The base branch's dev plan: today's, with a bucket and a log group this pull request removes (the base step needs git and the network).
    fs.mkdirSync(plans);
    const planned = await cli(["plan", "dev", "--policy-config", path.join(REPO, "policies/paved-stacks/encryption.json"), "--json", path.join(plans, "base-dev.json")]);
    expect(planned.code).toBe(0);
    const plan = readPlan(path.join(plans, "base-dev.json"));
    const bucket = plan.resources.find((x) => x.type === "aws:s3/bucket:Bucket")!;
    writeJson(path.join(plans, "base-dev.json"), { ...plan, resources: [...plan.resources,
      { ...bucket, urn: gone.bucket, name: "old-bucket" }, { ...bucket, urn: gone.logs, name: "old-logs", type: "aws:cloudwatch/logGroup:LogGroup" }] });
    // A description as GitHub sends it (CRLF), accepting one of the two deletions.
    const gated = runStep(gate.step, ws, { PR_BODY: `Tidy up the backups.\r\n\r\npaved-allow: ${gone.logs}\r\n` });
    status = gated.status;
    const assembled = runStep(assemble.step, ws, { RUN_URL });
    expect({ code: assembled.status, err: assembled.stderr }).toEqual({ code: 0, err: "" });
    comment = fs.readFileSync(path.join(plans, "comment.md"), "utf8");
    r = render(comment);
  }, 240_000);

  test("the gate fails the job, and every stack's outcome is kept for the comment", () => {
    expect(status).toBe(1);
    const exit = (f: string): string => fs.readFileSync(path.join(plans, f), "utf8").trim();
    expect([exit("dev.exit"), exit("staging.exit"), exit("prod.exit"), exit("diff-dev.exit")]).toEqual(["0", "2", "0", "1"]);
    expect(fs.readFileSync(path.join(plans, "staging.err"), "utf8")).toContain("paved:vpc.azCount");
    for (const f of ["dev.json", "dev.mmd", "dev.txt", "prod.json", "diff-dev.json"]) expect(fs.existsSync(path.join(plans, f))).toBe(true);
    expect(fs.existsSync(path.join(plans, "staging.json"))).toBe(false);
  });

  test("the comment replaces the last one with the failure, and gates what it can", () => {
    expect(comment.length).toBeLessThanOrEqual(65_536);
    expect(balanced(r.detailsTags)).toBe(true);
    expect(r.sections.map((s) => s.title)).toEqual([":x: Paved: the offline plan and change gate of 3 stacks", "dev", "staging", "prod"]);
    const staging = r.sections[2]!;
    expect(staging.items[0]).toEqual({ kind: "h3", text: "h3::x: The plan of staging failed (exit 2: the input or the program is at fault)" });
    expect(staging.items.find((i) => i.kind === "code")).toMatchObject({ text: expect.stringContaining('paved:vpc.azCount: found "three"') });
    const stateful = r.sections[1]!.items.find((i) => i.kind === "table" && i.table.header[0] === "gate");
    expect(stateful).toMatchObject({ table: { rows: [{ cells: [":x: blocked", "delete", "aws:s3/bucket:Bucket", "old-bucket", "no longer in the program", gone.bucket] }, { cells: ["accepted", "delete", "aws:cloudwatch/logGroup:LogGroup", "old-logs", "no longer in the program", gone.logs] }] } });
    expect(r.sections[3]!.items).toContainEqual({ kind: "paragraph", text: "Not compared: the base branch was not planned (the run's log says why)." });
    expect(comment).toContain(`[the workflow run](${RUN_URL})`);
  });

  describe("pull-request-comment.yml's script posts it", () => {
    const script = String(commentWf.jobs.comment!.steps.find((s) => (s.uses ?? "").startsWith("actions/github-script@"))!.with!.script);
    const marker = "<!-- paved-plan -->";
    interface Comment { id: number; user: { login: string }; body: string }
    interface Call { method: string; params: Record<string, unknown> }

    /** Runs the script as actions/github-script does (an async function of require, github, context, core) against a recording API. */
    async function post(plansDir: string, existing: Comment[], runOver: Record<string, unknown> = {}, open: { number: number; head: { sha: string } }[] = []): Promise<{ calls: Call[]; info: string[] }> {
      const calls: Call[] = [];
      const info: string[] = [];
      const record = (method: string, result: unknown = undefined) => async (params: Record<string, unknown>) => (calls.push({ method, params }), result);
      const github = {
        paginate: async (fn: (p: Record<string, unknown>) => Promise<unknown>, params: Record<string, unknown>) => fn(params),
        rest: {
          pulls: { list: record("pulls.list", open) },
          issues: { listComments: record("issues.listComments", existing), updateComment: record("issues.updateComment"), createComment: record("issues.createComment") },
        },
      };
      const run = {
        pull_requests: [{ number: 7 }], head_sha: "abcdef0123456789", head_branch: "tidy", head_repository: { owner: { login: "someone" } },
        html_url: RUN_URL, conclusion: "failure", ...runOver,
      };
      const context = { repo: { owner: "acme", repo: "paved" }, payload: { workflow_run: run } };
      const core = { info: (m: string) => info.push(m) };
      const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
      const saved = process.env.PLANS_DIR;
      process.env.PLANS_DIR = plansDir;
      try {
        await new AsyncFunction("require", "github", "context", "core", script)(require, github, context, core);
      } finally {
        if (saved === undefined) delete process.env.PLANS_DIR;
        else process.env.PLANS_DIR = saved;
      }
      return { calls: calls.filter((c) => c.method !== "issues.listComments"), info };
    }
    const mine: Comment = { id: 5, user: { login: "github-actions[bot]" }, body: `${marker}\n## Paved: … no violations` };
    const forged: Comment = { id: 4, user: { login: "mallory" }, body: `${marker}\nnot ours` };

    test("updates its own comment with what the plan job assembled (never someone else's that starts alike)", async () => {
      const { calls } = await post(plans, [forged, mine]);
      expect(calls).toEqual([{ method: "issues.updateComment", params: { owner: "acme", repo: "paved", comment_id: 5, body: comment } }]);
    });

    test("creates it on the first run", async () => {
      const { calls } = await post(plans, [forged]);
      expect(calls).toEqual([{ method: "issues.createComment", params: { owner: "acme", repo: "paved", issue_number: 7, body: comment } }]);
    });

    test.each([
      ["no artifact", () => path.join(ws, "no-such-folder"), "the run ended before it assembled the comment (its paved-plans artifact has no comment.md)"],
      ["a comment.md not written by paved comment", () => folder("# anything\n"), "its comment.md was not written by `paved comment`"],
      ["a comment over GitHub's limit", () => folder(`${marker}\n${"x".repeat(70_000)}`), "its comment.md has 70020 characters, over GitHub's 65536"],
    ])("with %s, it still replaces the last comment: the plan did not run, and the run's link", async (_, dir, problem) => {
      const { calls } = await post(dir(), [mine]);
      expect(calls).toHaveLength(1);
      const body = String(calls[0]!.params.body);
      expect(body.startsWith(`${marker}\n## :x: Paved: the plan did not run\n`)).toBe(true);
      expect(body).toContain(`The [pull-request workflow run](${RUN_URL}) for abcdef0 ended (failure) without a plan to post: ${problem}.`);
    });

    test("a fork's run names no pull request: it is found by the run's head commit, or none is commented on", async () => {
      const fork = { pull_requests: [] };
      const found = await post(plans, [], fork, [{ number: 3, head: { sha: "0000" } }, { number: 8, head: { sha: "abcdef0123456789" } }]);
      expect(found.calls.map((c) => [c.method, c.params.head ?? c.params.issue_number])).toEqual([["pulls.list", "someone:tidy"], ["issues.createComment", 8]]);
      const none = await post(plans, [], fork, [{ number: 3, head: { sha: "0000" } }]);
      expect(none.calls.map((c) => c.method)).toEqual(["pulls.list"]);
      expect(none.info).toEqual(["No open pull request has head abcdef0123456789; nothing to comment on."]);
    });
  });
});

function folder(commentMd: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paved-artifact-"));
  fs.writeFileSync(path.join(dir, "comment.md"), commentMd);
  return dir;
}
