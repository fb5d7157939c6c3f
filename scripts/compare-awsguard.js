#!/usr/bin/env node
// Runs @pulumi/awsguard 0.3.1's rules in-process on Paved's plan JSON files and
// prints what they flag. AWSGuard pulls @pulumi/aws 4 and aws-sdk v2, so it is
// not a dependency: install it in a scratch directory and run this from there:
//   mkdir /tmp/ag && cd /tmp/ag && npm init -y && npm install --ignore-scripts @pulumi/awsguard@0.3.1
//   for s in dev staging prod; do npx --prefix <repo> paved plan $s --cwd <repo> --json /tmp/ag/$s.json; done
//   node <repo>/scripts/compare-awsguard.js /tmp/ag
const path = require("node:path");
const dir = path.resolve(process.argv[2] || ".");
const req = (m) => require(require.resolve(m, { paths: [dir] }));
const ag = req("@pulumi/awsguard/awsGuard");
const captured = {};
// AWSGuard registers each policy at import; capture them instead of serving a pack.
ag.registerPolicy = (key, policy) => { captured[key] = policy; };
req("@pulumi/awsguard");
const { getPulumiType } = req("@pulumi/policy/policy");
for (const stack of ["dev", "staging", "prod"]) {
  const plan = require(path.join(dir, `${stack}.json`));
  const findings = [];
  for (const r of plan.resources.filter((r) => r.custom)) {
    for (const [key, p] of Object.entries(captured)) {
      const validations = Array.isArray(p.validateResource) ? p.validateResource : p.validateResource ? [p.validateResource] : [];
      for (const v of validations) {
        const args = {
          type: r.type, props: r.inputs, urn: r.urn, name: r.name, opts: {},
          isType: (cls) => getPulumiType(cls) === r.type,
          asType: (cls) => (getPulumiType(cls) === r.type ? r.inputs : undefined),
          getConfig: () => ({}), notApplicable: () => { throw "NA"; },
        };
        try { v(args, (msg) => findings.push(`${key}\t${r.name}\t${msg}`)); } catch (e) { if (e !== "NA") findings.push(`${key}\t${r.name}\tERROR ${e.message}`); }
      }
    }
  }
  console.log(`## ${stack}: ${Object.keys(captured).length} awsguard policies, ${findings.length} findings`);
  for (const f of findings) console.log(f);
}
