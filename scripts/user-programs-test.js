#!/usr/bin/env node
// The user-programs test: plan real-shaped Pulumi programs with the *installed*
// `paved` CLI, the way a team that ran `npm install paved` would, and check what
// they are told (exit code, report, plan JSON). Where scripts/consumer-test.js
// checks the library API, this checks `paved plan` on programs Paved did not write:
// awsx and @pulumi/eks remote components, StackReferences, ES modules, aws 6, and
// the ways programs fail (an unanswerable invoke, a promise that never settles,
// an exception, missing config).
//
// Layout: `npm pack` once; one temp workspace per dependency set (SETS) with one
// `npm install`; every fixture under test/programs/users/<name>/ is copied into
// a subfolder of its set's workspace, so Node finds the shared node_modules in
// the parent folder, and is planned from that subfolder with
// `npx paved plan <stack> --json FILE`, as a user would. Each fixture's
// expect.json says which set it needs, why it exists ("why", for readers) and
// what must happen (see `checkRun` for the fields).
//
// Usage: node scripts/user-programs-test.js [fixture-name…]
//   PAVED_PROGRAMS_KEEP=1   keep the temp workspaces and print where they are
//   PAVED_PROGRAMS_REUSE=DIR  plan in an already installed workspace (skips pack
//                           and install; for iterating on fixtures)
// Needs a built repo (npm run build), and the npm registry or a warm npm cache.
// Exits 1 if any run fails.
"use strict";
const { execFileSync, spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const repo = path.resolve(__dirname, "..");
const pkg = require(path.join(repo, "package.json"));
const fixturesDir = path.join(repo, "test", "programs", "users");

// The dependency sets. Pinned exactly so a new upstream release cannot change the
// result of this test between two CI runs; versions read with `npm view` on
// 2026-12-01 and hard-coded here (bump them on purpose, then rerun):
// - @pulumi/awsx 3.9.0 (latest 3.x; needs @pulumi/aws ^7.43, so set A's aws 7.48.0 fits),
// - @pulumi/eks 4.3.0 (latest 4.x; needs @pulumi/aws ^7.25 and @pulumi/kubernetes ^4.19),
// - @pulumi/aws 6.83.4 (the last 6.x release), for set B,
// - @types/node follows the repo's devDependencies (Node 20 types).
// @pulumi/pulumi, @pulumi/aws 7, @pulumi/kubernetes and typescript are the repo's
// own devDependency versions, read from package.json so they move together.
const dev = pkg.devDependencies;
const SETS = {
  A: {
    "@pulumi/pulumi": dev["@pulumi/pulumi"],
    "@pulumi/aws": dev["@pulumi/aws"],
    "@pulumi/awsx": "3.9.0",
    "@pulumi/eks": "4.3.0",
    "@pulumi/kubernetes": dev["@pulumi/kubernetes"],
    typescript: dev.typescript,
    "@types/node": dev["@types/node"],
  },
  B: {
    "@pulumi/pulumi": dev["@pulumi/pulumi"],
    "@pulumi/aws": "6.83.4",
    typescript: dev.typescript,
  },
};

/** A plan that takes longer than this is stuck; Paved itself should end a stuck plan well before. */
const RUN_TIMEOUT_MS = 180_000;
/** Plans are independent processes, mostly CPU-bound while they load the SDKs: one per core (at least two). */
const PARALLEL = Math.max(2, Math.min(6, os.availableParallelism()));

const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;

/** Runs a command to completion; resolves with its exit code and output (never rejects on a non-zero exit). */
function exec(cmd, args, { cwd, env = process.env, timeout = 0 } = {}) {
  return new Promise((resolve) => {
    // Its own process group, so a timeout ends npx and the plan process it started, not just npx.
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = timeout > 0 ? setTimeout(() => { timedOut = true; process.kill(-child.pid, "SIGKILL"); }, timeout) : undefined;
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : -1), signal, stdout, stderr, timedOut });
    });
  });
}

/**
 * Packs the repo as npm would publish it. The caller has built it (CI's `npm ci`
 * runs prepare): --ignore-scripts skips a second tsc run; run `npm run build`
 * first when calling this by hand.
 */
function packPaved(dir) {
  const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: repo, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  const [packed] = JSON.parse(out.slice(out.indexOf("[")));
  return path.join(dir, packed.filename);
}

/** Installs one dependency set into its own workspace folder. The install itself is a test: peer ranges must fit. */
async function installSet(root, name, tarball) {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({
    name: `paved-user-programs-${name.toLowerCase()}`, private: true, version: "0.0.0",
    dependencies: { paved: `file:${tarball}`, ...SETS[name] },
  }, null, 2));
  const started = Date.now();
  // No --legacy-peer-deps: a peer range that excludes these versions must fail here.
  const r = await exec("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: dir });
  return { name, dir, ms: Date.now() - started, ok: r.code === 0, output: (r.stdout + r.stderr).trim() };
}

/** expect.json: one run (fields at the top level) or `{ runs: [...] }`; `set` says which workspace. */
function loadFixtures(only) {
  const names = fs.readdirSync(fixturesDir).filter((n) => fs.existsSync(path.join(fixturesDir, n, "expect.json"))).sort();
  const unknown = only.filter((n) => !names.includes(n));
  if (unknown.length > 0) throw new Error(`no fixture named ${unknown.join(", ")} in ${fixturesDir}`);
  return names.filter((n) => only.length === 0 || only.includes(n)).map((name) => {
    const expect = JSON.parse(fs.readFileSync(path.join(fixturesDir, name, "expect.json"), "utf8"));
    const { set = "A", runs, ...single } = expect;
    if (!SETS[set]) throw new Error(`${name}/expect.json: unknown set "${set}"`);
    return { name, set, runs: runs ?? [single] };
  });
}

/**
 * Copies each fixture into its set's workspace as a user's project would sit
 * there (expect.json is ours, not theirs): one folder per fixture, plus one per
 * run with `withoutFiles` (the same project without those files). Done before
 * any plan starts, so parallel runs never copy over each other. Returns the
 * runs to plan, each with its project folder.
 */
function stageProjects(fixtures, workspaces) {
  const jobs = [];
  const copy = (fixture, dest, skip) => {
    fs.rmSync(dest, { recursive: true, force: true }); // a reused workspace may hold an older copy
    fs.cpSync(path.join(fixturesDir, fixture.name), dest, { recursive: true, filter: (src) => !skip.has(path.basename(src)) });
  };
  for (const fixture of fixtures) {
    const workspace = workspaces[fixture.set];
    if (!workspace) continue; // its install failed, which is already reported
    const base = path.join(workspace, fixture.name);
    copy(fixture, base, new Set(["expect.json"]));
    fixture.runs.forEach((run, index) => {
      let project = base;
      if (run.withoutFiles) {
        project = `${base}--${index}`;
        copy(fixture, project, new Set(["expect.json", ...run.withoutFiles]));
      }
      jobs.push({ fixture, run, index, project });
    });
  }
  return jobs;
}

/**
 * How a user runs it: `npx paved plan` from the project folder. npx puts every
 * ancestor node_modules/.bin on PATH, so it finds the workspace's installed bin;
 * `--no` makes it fail rather than download a package named "paved" from the
 * registry. If this npm cannot find it that way, run the installed bin directly.
 */
async function pavedCommand(workspace, project) {
  const probe = await exec("npx", ["--no", "--", "paved", "--help"], { cwd: project, timeout: 60_000 });
  if (probe.code === 0 && probe.stdout.includes("Usage: paved")) return { cmd: "npx", prefix: ["--no", "--", "paved"] };
  return { cmd: path.join(workspace, "node_modules", ".bin", "paved"), prefix: [] };
}

/** The environment of a CI job without cloud credentials or region: results must not depend on the caller's shell. */
function cleanEnv() {
  const env = { ...process.env, NO_COLOR: "1", CI: "true" };
  for (const k of Object.keys(env)) if (/^(AWS_|PULUMI_|KUBECONFIG$)/.test(k)) delete env[k];
  return env;
}

const asList = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const regex = (source) => new RegExp(source, "m");
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** A dotted path into a value ("vpcConfig.subnetIds.0"). */
const at = (value, dotted) => dotted.split(".").reduce((v, k) => (v === null || v === undefined ? undefined : v[k]), value);

/** The plan JSON checks: only meaningful when the plan reached a verdict. */
function checkPlanJson(json, run, problems) {
  if (json.mode !== "preview" && !(run.args ?? []).includes("--resolve")) problems.push(`plan JSON mode is ${JSON.stringify(json.mode)}, not "preview"`);
  if (!Array.isArray(json.resources)) return problems.push("plan JSON has no resources array");
  if (json.resources.length < (run.minResources ?? 1)) problems.push(`${json.resources.length} resources, expected at least ${run.minResources ?? 1}`);
  const opaque = Array.isArray(json.opaque) ? json.opaque : undefined;
  if (opaque === undefined) problems.push("plan JSON has no opaque array");
  const opaqueTypes = new Set((opaque ?? []).map((o) => o.type));
  for (const t of run.opaqueTypes ?? []) if (!opaqueTypes.has(t)) problems.push(`opaque lacks ${t} (has ${[...opaqueTypes].join(", ") || "nothing"})`);
  for (const t of run.notOpaqueTypes ?? []) if (opaqueTypes.has(t)) problems.push(`opaque lists ${t}, which was given`);
  for (const o of opaque ?? []) if (!o.urn || !o.type || !o.reason) problems.push(`opaque entry without urn/type/reason: ${JSON.stringify(o)}`);
  for (const [type, n] of Object.entries(run.byType ?? {})) {
    const found = json.resources.filter((r) => r.type === type).length;
    if (found !== n) problems.push(`${found} × ${type}, expected ${n}`);
  }
  const policies = new Set((json.violations ?? []).map((v) => v.policy));
  for (const id of run.violations ?? []) if (!policies.has(id)) problems.push(`no ${id} violation (found ${[...policies].join(", ") || "none"})`);
  for (const id of run.notUnknowns ?? []) {
    const hits = (json.unknowns ?? []).filter((u) => u.policy === id);
    if (hits.length > 0) problems.push(`${id} could not run (unknown ${hits[0].path} at ${hits[0].urn}), expected it to run`);
  }
  for (const id of run.notViolations ?? []) {
    const hits = (json.violations ?? []).filter((v) => v.policy === id);
    if (hits.length > 0) problems.push(`${hits.length} ${id} violation(s), expected none: ${hits[0].urn}: ${hits[0].message}`);
  }
  // `inputs` look into a resource's inputs, `fields` into its whole record (provider, parent, …).
  const lookups = [...(run.inputs ?? []).map((w) => ({ ...w, path: `inputs.${w.path}` })), ...(run.fields ?? [])];
  for (const want of lookups) {
    const r = json.resources.find((x) => x.type === want.type && x.name === want.name);
    const found = r && at(r, want.path);
    if (!r) problems.push(`no ${want.type} named ${want.name}`);
    else if ("equals" in want && !same(found, want.equals)) problems.push(`${want.name} ${want.path} is ${JSON.stringify(found)}, expected ${JSON.stringify(want.equals)}`);
    else if ("matches" in want && !(typeof found === "string" && regex(want.matches).test(found))) problems.push(`${want.name} ${want.path} is ${JSON.stringify(found)}, expected /${want.matches}/`);
  }
  for (const [k, v] of Object.entries(run.outputs ?? {})) {
    if (!same(json.outputs?.[k], v)) problems.push(`output ${k} is ${JSON.stringify(json.outputs?.[k])}, expected ${JSON.stringify(v)}`);
  }
  for (const [k, re] of Object.entries(run.outputsMatch ?? {})) {
    if (typeof json.outputs?.[k] !== "string" || !regex(re).test(json.outputs[k])) problems.push(`output ${k} is ${JSON.stringify(json.outputs?.[k])}, expected /${re}/`);
  }
}

/**
 * What every run must satisfy, beyond its own expect.json:
 * - `exit`: the code, or a list of allowed codes;
 * - `stdout`/`stderr`: regexes (one or a list) that must match; `notStdout`/`notStderr`: must not;
 * - a plan that reached a verdict (0, 1, 4) wrote its JSON: see checkPlanJson
 *   (`minResources` counts the resources array, the stack included; `opaqueTypes`,
 *   `notOpaqueTypes`, `byType`, `violations`/`notViolations`/`notUnknowns` (policy ids), `inputs`/`fields`, `outputs`,
 *   `outputsMatch`); `notPlanJson`: a regex the JSON text must not match (leaked secrets);
 * - exit 0 never comes with an empty stdout (a silent pass is no pass).
 */
function checkRun(result, run, jsonFile) {
  const problems = [];
  const allowed = asList(run.exit);
  if (result.timedOut) problems.push(`still running after ${seconds(RUN_TIMEOUT_MS)}; killed`);
  else if (!allowed.includes(result.code)) problems.push(`exit ${result.code}, expected ${allowed.join(" or ")}`);
  for (const re of asList(run.stdout)) if (!regex(re).test(result.stdout)) problems.push(`stdout does not match /${re}/`);
  for (const re of asList(run.stderr)) if (!regex(re).test(result.stderr)) problems.push(`stderr does not match /${re}/`);
  for (const re of asList(run.notStdout)) if (regex(re).test(result.stdout)) problems.push(`stdout matches /${re}/: ${JSON.stringify(result.stdout.match(regex(re))[0])}`);
  for (const re of asList(run.notStderr)) if (regex(re).test(result.stderr)) problems.push(`stderr matches /${re}/: ${JSON.stringify(result.stderr.match(regex(re))[0])}`);
  if (result.code === 0 && result.stdout.trim() === "") problems.push("exit 0 with an empty stdout");
  let json;
  if ([0, 1, 4].includes(result.code)) {
    if (!fs.existsSync(jsonFile)) problems.push(`exit ${result.code} but no plan JSON at ${jsonFile}`);
    else {
      const text = fs.readFileSync(jsonFile, "utf8");
      for (const re of asList(run.notPlanJson)) if (regex(re).test(text)) problems.push(`plan JSON matches /${re}/`);
      try {
        json = JSON.parse(text);
      } catch (e) {
        problems.push(`plan JSON does not parse: ${e.message}`);
      }
      if (json) checkPlanJson(json, run, problems);
    }
  }
  return { problems, json };
}

/** Plans one run of one fixture and checks it. */
async function planRun({ fixture, run, index, project, paved, plansDir }) {
  const label = run.label ? `${fixture.name} ${run.label}` : fixture.name;
  const jsonFile = path.join(plansDir, `${fixture.name}-${index}.json`);
  fs.rmSync(jsonFile, { force: true });
  const args = [...paved.prefix, "plan", run.stack ?? "dev", "--json", jsonFile, ...(run.args ?? [])];
  const started = Date.now();
  const result = await exec(paved.cmd, args, { cwd: project, env: cleanEnv(), timeout: RUN_TIMEOUT_MS });
  const { problems, json } = checkRun(result, run, jsonFile);
  return {
    label, set: fixture.set, ms: Date.now() - started, code: result.code, problems, result,
    command: `cd ${project} && ${paved.cmd === "npx" ? "npx" : path.relative(project, paved.cmd)} ${args.join(" ")}`,
    resources: json?.resources?.length, opaque: json?.opaque?.length,
  };
}

/** Runs `tasks` (functions returning promises) at most `limit` at a time, keeping their order. */
async function inPool(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

function report(r) {
  const status = r.problems.length === 0 ? "pass" : `FAIL: ${r.problems.join("; ")}`;
  const counts = `resources ${r.resources ?? "-"}, opaque ${r.opaque ?? "-"}`;
  console.log(`${r.label.padEnd(56)} set ${r.set}  exit ${String(r.code).padEnd(3)} ${counts.padEnd(26)} ${seconds(r.ms).padStart(6)}  ${status}`);
}

/** On failure, what a person needs to reproduce it: the command and what it printed. */
function details(r) {
  const tail = (text) => text.trim().split("\n").slice(-25).map((l) => `    ${l}`).join("\n");
  return [`--- ${r.label}`, `  $ ${r.command}`, "  stdout:", tail(r.result.stdout) || "    (empty)", "  stderr:", tail(r.result.stderr) || "    (empty)"].join("\n");
}

async function main() {
  const started = Date.now();
  const fixtures = loadFixtures(process.argv.slice(2));
  const reuse = process.env.PAVED_PROGRAMS_REUSE;
  const root = reuse ? path.resolve(reuse) : fs.mkdtempSync(path.join(os.tmpdir(), "paved-programs-"));
  const sets = [...new Set(fixtures.map((f) => f.set))].sort();
  const workspaces = {};
  let installFailed = false;
  if (reuse) {
    for (const s of sets) workspaces[s] = path.join(root, s);
    console.log(`reusing the workspaces in ${root}`);
  } else {
    const packStart = Date.now();
    const tarball = packPaved(root);
    console.log(`packed ${path.basename(tarball)} in ${seconds(Date.now() - packStart)}`);
    // The sets share nothing but the npm cache, so they install side by side.
    const installs = await Promise.all(sets.map((s) => installSet(root, s, tarball)));
    for (const i of installs) {
      console.log(`set ${i.name}: npm install ${i.ok ? "ok" : "FAILED"} in ${seconds(i.ms)} (${Object.entries(SETS[i.name]).map(([n, v]) => `${n}@${v}`).join(", ")})`);
      if (!i.ok) {
        installFailed = true;
        console.log(i.output.split("\n").slice(-30).map((l) => `    ${l}`).join("\n"));
      } else workspaces[i.name] = i.dir;
    }
  }
  const plansDir = path.join(root, "plans");
  fs.mkdirSync(plansDir, { recursive: true });
  const jobs = stageProjects(fixtures, workspaces);
  const commands = {};
  for (const job of jobs) commands[job.fixture.set] ??= await pavedCommand(workspaces[job.fixture.set], job.project);
  const tasks = jobs.map((job) => () => planRun({ ...job, paved: commands[job.fixture.set], plansDir }));
  const runsStart = Date.now();
  const results = await inPool(tasks, PARALLEL);
  results.forEach(report);
  const failed = results.filter((r) => r.problems.length > 0);
  for (const r of failed) console.log(details(r));
  const plansMs = Date.now() - runsStart;
  const cleanStart = Date.now();
  if (process.env.PAVED_PROGRAMS_KEEP || reuse) console.log(`workspaces kept in ${root}`);
  else fs.rmSync(root, { recursive: true, force: true }); // two provider SDKs: about 500 MB
  console.log(`${results.length - failed.length}/${results.length} runs passed; plans ${seconds(plansMs)}, clean-up ${seconds(Date.now() - cleanStart)}, total ${seconds(Date.now() - started)}`);
  process.exitCode = failed.length > 0 || installFailed ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
