import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

const ROOT = path.join(__dirname, "..");
const DIR = path.join(ROOT, ".github", "workflows");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
const COMMANDS = ["plan", "check", "diff"];

interface Step { uses?: string; run?: string; with?: Record<string, unknown> }
interface Job { "runs-on"?: string; steps?: Step[]; uses?: string; needs?: string | string[] }
interface Workflow { name: string; on: unknown; jobs: Record<string, Job> }

describe.each(fs.readdirSync(DIR).filter((f) => f.endsWith(".yml")))("workflow %s", (file) => {
  const wf = parse(fs.readFileSync(path.join(DIR, file), "utf8")) as Workflow;

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
