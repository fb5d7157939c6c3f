#!/usr/bin/env node
// Compares two plan JSONs (`paved plan <stack> --json`) resource by resource: the same URNs with the
// same type, parent, provider, protect, dependencies and inputs, and the same stack outputs. Used
// when a refactor must leave what the engine would do unchanged. Exit 0 identical, 1 different.
const fs = require("node:fs");

function load(file) {
  const plan = JSON.parse(fs.readFileSync(file, "utf8"));
  const byUrn = new Map();
  for (const r of plan.resources) {
    byUrn.set(r.urn, {
      type: r.type, parent: r.parent ?? null, provider: r.provider ?? null, protect: Boolean(r.protect),
      dependencies: [...(r.dependencies ?? [])].sort(), inputs: r.inputs,
    });
  }
  return { byUrn, outputs: plan.outputs };
}

function stable(v) {
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, stable(v[k])]));
  return v;
}

const [a, b] = process.argv.slice(2);
if (!a || !b) {
  console.error("usage: compare-plans.js <before.json> <after.json>");
  process.exit(2);
}
const before = load(a);
const after = load(b);
const problems = [];
for (const urn of before.byUrn.keys()) if (!after.byUrn.has(urn)) problems.push(`gone: ${urn}`);
for (const urn of after.byUrn.keys()) if (!before.byUrn.has(urn)) problems.push(`new: ${urn}`);
for (const [urn, x] of before.byUrn) {
  const y = after.byUrn.get(urn);
  if (!y) continue;
  for (const field of Object.keys(x)) {
    const l = JSON.stringify(stable(x[field]));
    const r = JSON.stringify(stable(y[field]));
    if (l !== r) problems.push(`${urn} ${field}:\n    before ${l.slice(0, 400)}\n    after  ${r.slice(0, 400)}`);
  }
}
if (JSON.stringify(stable(before.outputs)) !== JSON.stringify(stable(after.outputs))) problems.push("stack outputs differ");
for (const p of problems) console.log(p);
console.log(problems.length === 0 ? `identical: ${before.byUrn.size} resources` : `${problems.length} difference(s)`);
process.exit(problems.length === 0 ? 0 : 1);
