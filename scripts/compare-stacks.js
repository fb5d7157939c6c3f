#!/usr/bin/env node
// Plans dev, staging and prod from a private build of the working tree and compares each plan
// with a saved one (scripts/compare-plans.js): a refactor must leave URNs and inputs unchanged.
//   node scripts/compare-stacks.js --save DIR      plan and save DIR/<stack>.json
//   node scripts/compare-stacks.js --against DIR   plan and compare with DIR/<stack>.json
// The build goes to .build-<pid>/ inside the repo (so node_modules resolve) and is removed after.
const { execFileSync, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const repo = path.join(__dirname, "..");
const [mode, dir] = process.argv.slice(2);
if (!["--save", "--against"].includes(mode) || !dir) {
  console.error("usage: compare-stacks.js --save DIR | --against DIR");
  process.exit(2);
}
const out = path.join(repo, `.build-${process.pid}`);
let failed = false;
try {
  // Type errors elsewhere do not stop the emit; the comparison is about what the code does.
  spawnSync("npx", ["tsc", "-p", "tsconfig.build.json", "--outDir", out], { cwd: repo, stdio: "inherit" });
  const project = path.join(out, "project");
  fs.mkdirSync(project, { recursive: true });
  const yaml = fs.readFileSync(path.join(repo, "Pulumi.yaml"), "utf8").replace(/^main: .*$/m, "main: ../stacks/index.js");
  fs.writeFileSync(path.join(project, "Pulumi.yaml"), yaml);
  fs.mkdirSync(dir, { recursive: true });
  for (const stack of ["dev", "staging", "prod"]) {
    fs.copyFileSync(path.join(repo, `Pulumi.${stack}.yaml`), path.join(project, `Pulumi.${stack}.yaml`));
    const target = mode === "--save" ? path.join(dir, `${stack}.json`) : path.join(out, `${stack}.json`);
    const r = spawnSync("node", [path.join(out, "src/cli/main.js"), "plan", stack, "--cwd", project, "--json", target,
      "--policy-config", path.join(repo, "policies/paved-stacks/encryption.json")], { encoding: "utf8" });
    if (!fs.existsSync(target)) {
      console.log(`${stack}: the plan wrote nothing (exit ${r.status})\n${r.stdout}\n${r.stderr}`.slice(0, 4000));
      failed = true;
      continue;
    }
    if (mode === "--save") {
      console.log(`${stack}: saved (exit ${r.status})`);
      continue;
    }
    try {
      const diff = execFileSync("node", [path.join(__dirname, "compare-plans.js"), path.join(dir, `${stack}.json`), target], { encoding: "utf8" });
      console.log(`${stack}: ${diff.trim().split("\n").pop()}`);
    } catch (e) {
      console.log(`${stack}:\n${e.stdout}`);
      failed = true;
    }
  }
} finally {
  fs.rmSync(out, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
