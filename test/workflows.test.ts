import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

const ROOT = path.join(__dirname, "..");
const DIR = path.join(ROOT, ".github", "workflows");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
const COMMANDS = ["plan", "check", "diff"];

interface Step { uses?: string; run?: string; with?: Record<string, unknown> }
interface Workflow { name: string; on: unknown; jobs: Record<string, { "runs-on": string; steps: Step[] }> }

describe.each(fs.readdirSync(DIR).filter((f) => f.endsWith(".yml")))("workflow %s", (file) => {
  const wf = parse(fs.readFileSync(path.join(DIR, file), "utf8")) as Workflow;

  test("parses, and every job has a runner and steps", () => {
    expect(typeof wf.name).toBe("string");
    expect(wf.on).toBeDefined();
    for (const job of Object.values(wf.jobs)) {
      expect(job["runs-on"]).toBeTruthy();
      expect(job.steps.length).toBeGreaterThan(0);
      for (const step of job.steps) expect(Boolean(step.uses) !== Boolean(step.run)).toBe(true);
    }
  });

  test("every npm script and paved command it runs exists", () => {
    const runs = Object.values(wf.jobs).flatMap((j) => j.steps.map((s) => s.run ?? "")).join("\n");
    for (const [, script] of runs.matchAll(/npm run ([\w:-]+)/g)) expect(Object.keys(pkg.scripts)).toContain(script);
    for (const [, command] of runs.matchAll(/npx paved (\w+)/g)) expect(COMMANDS).toContain(command);
    for (const [, action] of runs.matchAll(/uses: ([\w/-]+)@/g)) expect(action).toMatch(/^(actions|pulumi)\//);
  });
});
