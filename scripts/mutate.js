#!/usr/bin/env node
// `npm run mutate [group...]`: mutation testing as a benchmark, not a gate. Stryker mutates one group
// of files at a time and runs only that group's unit tests (no stack plans: one mutant must cost
// seconds, not the whole suite), with the TypeScript checker discarding mutants that do not compile.
// Incremental: mutation/<group>.incremental.json keeps the results, so a re-run after a small
// change tests only the mutants it touched. Prints the score per group; reports in reports/mutation/.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const repo = path.join(__dirname, "..");
/** group → files to mutate and the unit tests that should kill their mutants. */
const GROUPS = {
  // The folders where a silent mistake costs users most (issue 18): rules, diff, config, check, the engine, and the components' pure helpers.
  rules: {
    mutate: ["policies/rules/*.ts", "!policies/rules/taggable-aws-types.ts"],
    tests: ["test/rules-resource.test.ts", "test/rules-stack.test.ts", "test/rules-coverage.test.ts", "test/rules-properties.test.ts", "test/policy-packs.test.ts", "test/rules-private-preview.test.ts"],
  },
  diff: { mutate: ["src/diff/*.ts"], tests: ["test/diff.test.ts", "test/diff-load.test.ts", "test/diff-preview.test.ts", "test/diff-properties.test.ts", "test/stateful-gate.test.ts"] },
  config: {
    mutate: ["src/settings.ts", "src/issues.ts", "src/validate-common.ts", "stacks/config/schema.ts", "stacks/config/load.ts", "src/plan/project.ts"],
    tests: ["test/settings-vocabulary.test.ts", "test/settings.test.ts", "test/config.test.ts", "test/schema.test.ts"],
  },
  check: {
    mutate: ["policies/model.ts", "policies/report.ts", "policies/config.ts", "policies/inputs/*.ts"],
    // check.test runs the built CLI (dist/, which no mutant changes): these are the in-process tests of the same code.
    tests: ["test/check-inputs.test.ts", "test/policy-model.test.ts", "test/rules-resource.test.ts", "test/rules-stack.test.ts", "test/rules-private-preview.test.ts"],
  },
  engine: {
    mutate: ["src/plan/record.ts", "src/plan/plan.ts", "src/plan/sanitize.ts", "src/plan/failures.ts", "src/plan/answers.ts", "src/plan/run-stack.ts"],
    tests: ["test/engine.test.ts", "test/engine-isolation.test.ts", "test/load-program.test.ts", "test/preview.test.ts", "test/mock-invokes.test.ts"],
  },
  cidr: { mutate: ["src/cidr.ts", "components/vpc/cidr.ts"], tests: ["test/cidr.test.ts", "test/cidr-properties.test.ts"] },
  documents: {
    mutate: ["components/*/documents.ts", "src/naming.ts", "src/tags.ts"],
    tests: ["test/documents.test.ts", "test/naming-properties.test.ts", "test/vpc.test.ts", "test/s3-backups.test.ts", "test/monitoring.test.ts", "test/eks-cluster.test.ts"],
  },
  alarms: {
    mutate: ["components/*/alarms.ts", "components/eks-cluster/workload-alarms.ts", "src/alarms.ts", "src/retention.ts"],
    // The alarm specs are pure data: their unit tests (no component plans) decide each mutant in seconds.
    tests: ["test/alarm-specs.test.ts"],
  },
};

// --report: print the scores of the last runs (reports/mutation/*.json) without running anything.
const reportOnly = process.argv.includes("--report");
// --force: test every mutant again, ignoring the incremental file (it is rewritten): after a change to the
// run's settings, or to check that no result was kept from an earlier run that no longer holds.
const force = process.argv.includes("--force");
const wanted = process.argv.slice(2).filter((a) => a !== "--report" && a !== "--force");
const unknown = wanted.filter((g) => !(g in GROUPS));
if (unknown.length > 0) {
  console.error(`npm run mutate: unknown group ${unknown.join(", ")}; allowed: ${Object.keys(GROUPS).join(", ")}`);
  process.exit(2);
}
fs.mkdirSync(path.join(repo, "mutation"), { recursive: true });
const scores = [];
const folders = [];
for (const name of wanted.length > 0 ? wanted : Object.keys(GROUPS)) {
  const g = GROUPS[name];
  const reportFile = path.join(repo, `reports/mutation/${name}.json`);
  if (reportOnly) {
    // The committed incremental file holds the same mutant results as the last run's report.
    const last = [reportFile, path.join(repo, `mutation/${name}.incremental.json`)].find((f) => fs.existsSync(f));
    if (last) summarise(name, last, undefined);
    continue;
  }
  const config = {
    $schema: "./node_modules/@stryker-mutator/core/schema/stryker-schema.json",
    packageManager: "npm",
    testRunner: "jest",
    checkers: ["typescript"],
    // The checker compiles only the group's files and its tests (and what they import), not the whole repo.
    tsconfigFile: `.stryker-${name}.tsconfig.json`,
    typescriptChecker: { prioritizePerformanceOverAccuracy: true },
    coverageAnalysis: "perTest",
    // Static mutants (module-level tables and constants) run every test of the group, each: 42 % of the diff
    // group's mutants took 80 % of its time. They are left out of the run and the score (Stryker reports them as
    // Ignored, and the summary below counts them), so a run stays within minutes to an hour on 2 cores.
    ignoreStatic: true,
    // ts-jest transpiles without type checks; a `// @ts-nocheck` header would only make generated files look stale.
    disableTypeChecks: false,
    mutate: g.mutate,
    jest: { projectType: "custom", config: { ...require(path.join(repo, "jest.config.js")), collectCoverage: false, coverageThreshold: undefined, testMatch: g.tests.map((t) => `<rootDir>/${t}`) } },
    incremental: true,
    force,
    incrementalFile: `mutation/${name}.incremental.json`,
    reporters: ["clear-text", "json", "progress"],
    jsonReporter: { fileName: `reports/mutation/${name}.json` },
    concurrency: 2,
    timeoutMS: 60000,
    tempDirName: `.stryker-tmp-${name}`,
    cleanTempDir: "always",
  };
  const file = path.join(repo, `.stryker-${name}.conf.json`);
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  const tsconfig = path.join(repo, `.stryker-${name}.tsconfig.json`);
  fs.writeFileSync(tsconfig, JSON.stringify({ extends: "./tsconfig.json", include: [...g.mutate.filter((m) => !m.startsWith("!")), ...g.tests] }, null, 2));
  const started = Date.now();
  try {
    execFileSync("npx", ["stryker", "run", file], { cwd: repo, stdio: "inherit" });
  } finally {
    fs.rmSync(file, { force: true });
    fs.rmSync(tsconfig, { force: true });
  }
  summarise(name, reportFile, Math.round((Date.now() - started) / 1000));
}

function summarise(name, reportFile, seconds) {
  const report = JSON.parse(fs.readFileSync(reportFile, "utf8"));
  const all = Object.values(report.files).flatMap((f) => f.mutants);
  scores.push({ name, ...tally(all), seconds });
  // Per folder too: one well-tested file must not hide a weak one in the same group.
  const byFolder = new Map();
  for (const [file, f] of Object.entries(report.files)) {
    const folder = path.dirname(path.relative(repo, path.resolve(repo, file)));
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), ...f.mutants]);
  }
  for (const [folder, mutants] of [...byFolder].sort()) folders.push({ name: `${name}: ${folder}`, ...tally(mutants) });
}

/** Killed (or timed out) over every mutant that compiled: survivors and uncovered mutants count against the score. */
function tally(mutants) {
  const count = (...s) => mutants.filter((m) => s.includes(m.status)).length;
  const killed = count("Killed", "Timeout");
  const valid = killed + count("Survived", "NoCoverage");
  return { score: valid === 0 ? 100 : (100 * killed) / valid, killed, survived: count("Survived"), noCoverage: count("NoCoverage"), ignored: count("Ignored") };
}
console.log("\nmutation score per group (killed / (killed + survived + no coverage)):");
for (const s of scores) console.log(`  ${s.name.padEnd(10)} ${s.score.toFixed(1).padStart(5)} %   killed ${s.killed}, survived ${s.survived}, no coverage ${s.noCoverage}, static (not run) ${s.ignored}${s.seconds === undefined ? "" : `   ${s.seconds} s`}`);
console.log("\nper folder:");
for (const f of folders) console.log(`  ${f.name.padEnd(34)} ${f.score.toFixed(1).padStart(5)} %   killed ${f.killed}, survived ${f.survived}, no coverage ${f.noCoverage}, static (not run) ${f.ignored}`);
