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
  settings: { mutate: ["src/settings.ts", "src/issues.ts", "src/validate-common.ts"], tests: ["test/settings.test.ts", "test/config.test.ts"] },
  cidr: { mutate: ["src/cidr.ts", "components/vpc/cidr.ts"], tests: ["test/cidr.test.ts", "test/cidr-properties.test.ts"] },
  diff: { mutate: ["src/diff/diff.ts", "src/diff/replace-props.ts"], tests: ["test/diff.test.ts"] },
  rules: { mutate: ["policies/rules/*.ts", "!policies/rules/taggable-aws-types.ts"], tests: ["test/rules-resource.test.ts", "test/rules-stack.test.ts", "test/policy-packs.test.ts"] },
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((g) => !(g in GROUPS));
if (unknown.length > 0) {
  console.error(`npm run mutate: unknown group ${unknown.join(", ")}; allowed: ${Object.keys(GROUPS).join(", ")}`);
  process.exit(2);
}
fs.mkdirSync(path.join(repo, "mutation"), { recursive: true });
const scores = [];
for (const name of wanted.length > 0 ? wanted : Object.keys(GROUPS)) {
  const g = GROUPS[name];
  const config = {
    $schema: "./node_modules/@stryker-mutator/core/schema/stryker-schema.json",
    packageManager: "npm",
    testRunner: "jest",
    checkers: ["typescript"],
    // The checker compiles only the group's files and its tests (and what they import), not the whole repo.
    tsconfigFile: `.stryker-${name}.tsconfig.json`,
    typescriptChecker: { prioritizePerformanceOverAccuracy: true },
    coverageAnalysis: "perTest",
    mutate: g.mutate,
    jest: { projectType: "custom", config: { ...require(path.join(repo, "jest.config.js")), collectCoverage: false, coverageThreshold: undefined, testMatch: g.tests.map((t) => `<rootDir>/${t}`) } },
    incremental: true,
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
  const report = JSON.parse(fs.readFileSync(path.join(repo, `reports/mutation/${name}.json`), "utf8"));
  const all = Object.values(report.files).flatMap((f) => f.mutants);
  const count = (...s) => all.filter((m) => s.includes(m.status)).length;
  const killed = count("Killed", "Timeout");
  const valid = killed + count("Survived", "NoCoverage");
  scores.push({ name, score: valid === 0 ? 100 : (100 * killed) / valid, killed, survived: count("Survived"), noCoverage: count("NoCoverage"), seconds: Math.round((Date.now() - started) / 1000) });
}
console.log("\nmutation score per group (killed / (killed + survived + no coverage)):");
for (const s of scores) console.log(`  ${s.name.padEnd(10)} ${s.score.toFixed(1).padStart(5)} %   killed ${s.killed}, survived ${s.survived}, no coverage ${s.noCoverage}   ${s.seconds} s`);
