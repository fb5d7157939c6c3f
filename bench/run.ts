/**
 * `npm run bench`: wall time and peak RSS of offline plans, the raw-SDK floor,
 * scaling with the number of services, and the test suite's time. Prints a
 * table and writes bench/results.json. A benchmark, never a test.
 */
import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import * as k8s from "@pulumi/kubernetes";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ALL_PACKS } from "../policies/rules";
import { program } from "../stacks/program";
import { planStack, record, type Plan } from "../src/testing";
import { loadState } from "../policies/inputs/state";
import { evaluatePacks } from "../policies/model";
import { replicatePlan, type PlanDoc } from "./check-scale";

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "dist/src/cli/main.js");
const STACKS = ["dev", "staging", "prod"] as const;
/** Samples per figure; each sample times BATCH consecutive plans, which evens out GC pauses. */
const REPEAT = 7;
const BATCH = 5;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (kb: number): number => Math.round(kb / 1024);
const r1 = (x: number): number => Math.round(x * 10) / 10;

/** Mean time of one run, over BATCH consecutive runs; and the last value. */
async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = process.hrtime.bigint();
  let value = await fn();
  for (let i = 1; i < BATCH; i++) value = await fn();
  return [Number(process.hrtime.bigint() - start) / 1e6 / BATCH, value];
}

type Ctor = new (name: string, args: object) => unknown;
type Tree = { [key: string]: Tree | Ctor };

/** The SDK class of a type token: aws:<mod>/<x>:<Class>, kubernetes:<group>/<version>:<Kind>, docker:index/image:Image. */
function classOf(type: string): Ctor | undefined {
  const [pkg, middle = "", cls = ""] = type.split(":");
  const [mod = "", version = ""] = middle.split("/");
  const walk = (root: unknown, path: string[]): unknown => path.reduce<unknown>((node, key) => (node as Tree | undefined)?.[key], root);
  if (pkg === "aws") return walk(aws, [mod, cls]) as Ctor | undefined;
  if (pkg === "kubernetes") return walk(k8s, [mod.split(".")[0]!, version, cls]) as Ctor | undefined;
  if (pkg === "docker") return walk(docker, [cls]) as Ctor | undefined;
  return undefined;
}

/** The same resources, flat, straight from the provider SDKs' classes: what the raw SDK costs. */
function floorProgram(plan: Plan): () => void {
  const resources = plan.all().filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
  return () => {
    // Flat, so names that were unique per parent get the position as a prefix.
    resources.forEach((r, i) => {
      const Cls = classOf(r.type);
      if (!Cls) throw new Error(`bench floor: no SDK class for ${r.type}`);
      new Cls(`${i}-${r.name}`, r.inputs);
    });
  };
}

function child(args: string[]): { ms: number; resources: number; maxRssMb: number } {
  const out = execFileSync(process.execPath, [path.join(ROOT, "dist/bench/child.js"), ...args], { encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop()!);
}

function coldCli(stack: string): { ms: number; maxRssMb: number } {
  const rssFile = path.join(os.tmpdir(), `paved-bench-rss-${process.pid}`);
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--require", path.join(ROOT, "bench/rss-on-exit.js"), CLI, "plan", stack], {
    cwd: ROOT, env: { ...process.env, PAVED_BENCH_RSS: rssFile }, encoding: "utf8",
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`paved plan ${stack} exited ${r.status}: ${r.stderr}`);
  return { ms, maxRssMb: mb(Number(fs.readFileSync(rssFile, "utf8"))) };
}

/**
 * `paved check` on a large plan JSON: the prod plan's resources replicated with
 * unique URNs to CHECK_RESOURCES. In-process (read + evaluate, median of three)
 * and the cold CLI once.
 */
const CHECK_RESOURCES = 20_000;
function checkFigure(prod: Plan): { resources: number; inProcessMs: number; coldCliMs: number } {
  const file = path.join(os.tmpdir(), `paved-bench-check-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(replicatePlan(prod.toJSON() as unknown as PlanDoc, CHECK_RESOURCES)));
  try {
    let resources = 0;
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = process.hrtime.bigint();
      const loaded = loadState(file);
      evaluatePacks(loaded, ALL_PACKS);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      resources = loaded.length;
    }
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [CLI, "check", "--state", file], { cwd: ROOT, encoding: "utf8" });
    const coldCliMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0 && r.status !== 1) throw new Error(`paved check exited ${r.status}: ${r.stderr}`);
    return { resources, inProcessMs: Math.round(median(times)), coldCliMs: Math.round(coldCliMs) };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

async function main(): Promise<void> {
  const skipTests = process.argv.includes("--skip-tests");
  // What `paved plan` does: the preview with the packs, then the resolved search for resources created inside applies.
  const plan = (stack: string) => planStack({ dir: ROOT, stack, program, packs: ALL_PACKS });
  // The preview alone, without policies: what the components cost over the raw SDK.
  const planOnly = (stack: string) => planStack({ dir: ROOT, stack, program, findDeferred: false });
  const previewOnly = (stack: string) => planStack({ dir: ROOT, stack, program, packs: ALL_PACKS, findDeferred: false });
  const planResolved = (stack: string) => planStack({ dir: ROOT, stack, program, packs: ALL_PACKS, mode: "resolve" });
  await plan("prod"); // warm-up: module loading and JIT
  await record(floorProgram(await planOnly("prod")), { stack: "prod" });

  const stacks: Record<string, object> = {};
  let floorRatio = 0;
  for (const stack of STACKS) {
    const times: number[] = [];
    const bare: number[] = [];
    const floorTimes: number[] = [];
    const resolvedTimes: number[] = [];
    const previewTimes: number[] = [];
    let last: Plan | undefined;
    // Interleaved, so drift in machine load hits all three alike.
    for (let i = 0; i < REPEAT; i++) {
      const [ms, p] = await timed(() => plan(stack));
      times.push(ms);
      last = p;
      bare.push((await timed(() => planOnly(stack)))[0]);
      floorTimes.push((await timed(() => record(floorProgram(last!), { stack })))[0]);
      resolvedTimes.push((await timed(() => planResolved(stack)))[0]);
      previewTimes.push((await timed(() => previewOnly(stack)))[0]);
    }
    const cold = [coldCli(stack), coldCli(stack), coldCli(stack)];
    // Components versus the raw SDK: the same resources, both without policy evaluation.
    const ratio = median(bare) / median(floorTimes);
    if (stack === "prod") floorRatio = ratio;
    stacks[stack] = {
      resources: last!.all().length,
      inProcessMs: r1(median(times)),
      resolvedMs: r1(median(resolvedTimes)),
      previewOnlyMs: r1(median(previewTimes)),
      withoutPoliciesMs: r1(median(bare)),
      floorMs: r1(median(floorTimes)),
      planOverFloor: Math.round(ratio * 100) / 100,
      coldCliMs: Math.round(median(cold.map((c) => c.ms))),
      coldCliMaxRssMb: Math.max(...cold.map((c) => c.maxRssMb)),
    };
  }

  const check = checkFigure(await plan("prod"));

  const small = [child(["scale", "5"]), child(["scale", "5"])];
  const large = [child(["scale", "50"]), child(["scale", "50"])];
  const t5 = Math.min(...small.map((s) => s.ms));
  const t50 = Math.min(...large.map((s) => s.ms));
  const slope = (t50 - t5) / (large[0]!.resources - small[0]!.resources);
  const scaling = {
    resourcesAt5: small[0]!.resources,
    resourcesAt50: large[0]!.resources,
    msAt5: Math.round(t5),
    msAt50: Math.round(t50),
    msPerAddedResource: Math.round(slope * 1000) / 1000,
    fixedCostMs: Math.round(t5 - slope * small[0]!.resources),
    maxRssMbAt50: Math.round(Math.max(...large.map((l) => l.maxRssMb))),
  };

  let testSuiteS: number | null = null;
  if (!skipTests) {
    const start = Date.now();
    const t = spawnSync("npx", ["jest", "--silent"], { cwd: ROOT, encoding: "utf8" });
    testSuiteS = t.status === 0 ? Math.round((Date.now() - start) / 100) / 10 : null;
  }

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    stacks,
    scaling,
    check,
    testSuiteSeconds: testSuiteS,
    ratios: {
      planOverFloorProd: Math.round(floorRatio * 100) / 100,
      msPerAddedResource: scaling.msPerAddedResource,
      fixedCostSeconds: scaling.fixedCostMs / 1000,
    },
    goals: { planOverFloor: 1.2, msPerAddedResource: 1.0, fixedCostSeconds: 0.6, maxRssMbAt50: 1024 },
  };
  fs.writeFileSync(path.join(ROOT, "bench/results.json"), JSON.stringify(results, null, 2) + "\n");

  const rows: string[][] = [["stack", "resources", "paved plan ms", "preview ms", "resolved ms", "preview w/o policies ms", "raw-SDK floor ms", "plan/floor", "cold CLI ms", "cold CLI peak RSS MB"]];
  for (const [name, s] of Object.entries(stacks) as Array<[string, Record<string, number>]>) {
    rows.push([name, s.resources, s.inProcessMs, s.previewOnlyMs, s.resolvedMs, s.withoutPoliciesMs, s.floorMs, s.planOverFloor, s.coldCliMs, s.coldCliMaxRssMb].map(String));
  }
  const widths = rows[0]!.map((_c, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i]!)).join("  ");
  console.log(`paved bench (${process.version}, ${os.cpus().length} cpus)\n`);
  console.log(line(rows[0]!));
  for (const r of rows.slice(1)) console.log(line(r));
  console.log(`\nscaling: ${scaling.resourcesAt5} resources (5 services) ${scaling.msAt5} ms, ${scaling.resourcesAt50} resources (50 services) ${scaling.msAt50} ms, peak RSS at 50: ${scaling.maxRssMbAt50} MB`);
  console.log(`\npaved check: ${check.resources} resources (the prod plan replicated) in ${check.inProcessMs} ms in-process, ${check.coldCliMs} ms cold CLI`);
  console.log(`\nratio                         measured   goal`);
  console.log(`plan / raw-SDK floor (prod)   ${String(results.ratios.planOverFloorProd).padStart(8)}   ≤ 1.2`);
  console.log(`ms per added resource         ${String(scaling.msPerAddedResource).padStart(8)}   ≤ 1.0`);
  console.log(`fixed cost (s)                ${String(results.ratios.fixedCostSeconds).padStart(8)}   ≤ 0.6`);
  console.log(`\ntest suite: ${testSuiteS === null ? (skipTests ? "skipped" : "failed") : `${testSuiteS} s`}`);
  console.log(`written: bench/results.json`);
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
