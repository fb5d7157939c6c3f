#!/usr/bin/env node
// The `@default dev: … · staging: … · prod: …` lines of the components' args docs, generated from
// the presets of their settings schemas (dist/components/<c>/settings.js, so build first):
//   node scripts/settings-docs.js           rewrite the lines that differ
//   node scripts/settings-docs.js --check   list them and exit 1 (npm test runs this)
// Each Args interface is walked from `<Component>Args`; a property typed by another interface of the
// same folder is a nested map (its keys are one level down in the presets).
const fs = require("node:fs");
const path = require("node:path");
const ts = require("typescript");

const repo = path.join(__dirname, "..");
const check = process.argv.includes("--check");
const ENVS = ["dev", "staging", "prod"];

const show = (v) => JSON.stringify(v);
const line = (values) => ENVS.every((e) => show(values[e]) === show(values.dev))
  ? `@default ${show(values.dev)} in every environment`
  : `@default ${ENVS.map((e) => `${e}: ${show(values[e])}`).join(" · ")}`;

function specsOf(folder) {
  const dir = path.join(process.env.PAVED_DIST ?? path.join(repo, "dist"), "components", folder);
  if (!fs.existsSync(dir)) return [];
  const mods = fs.readdirSync(dir).filter((f) => /(^|-)settings\.js$/.test(f)).map((f) => require(path.join(dir, f)));
  return mods.flatMap((mod) => Object.values(mod)).filter((v) => v && typeof v === "object" && typeof v.component === "string" && v.presets && v.schema);
}

function interfacesOf(folder) {
  const dir = path.join(repo, "components", folder);
  const found = new Map();
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    const file = path.join(dir, name);
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    source.forEachChild((node) => {
      if (ts.isInterfaceDeclaration(node)) found.set(node.name.text, { node, source, file });
    });
  }
  return found;
}

const problems = [];
const edits = new Map(); // file → [{ start, end, text }]

function walk(iface, interfaces, presets, keyPath) {
  const { node, source, file } = iface;
  for (const member of node.members) {
    if (!ts.isPropertySignature(member) || !member.name) continue;
    const key = member.name.getText(source);
    const here = [...keyPath, key];
    const values = Object.fromEntries(ENVS.map((e) => [e, here.reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), presets[e])]));
    const typeName = member.type && ts.isTypeReferenceNode(member.type) ? member.type.typeName.getText(source) : undefined;
    if (typeName && interfaces.has(typeName) && ENVS.every((e) => values[e] && typeof values[e] === "object" && !Array.isArray(values[e]))) {
      walk(interfaces.get(typeName), interfaces, presets, here);
      continue;
    }
    if (ENVS.some((e) => values[e] === undefined) || ENVS.some((e) => values[e] !== null && typeof values[e] === "object" && !Array.isArray(values[e]))) continue;
    const want = line(values);
    const full = member.getFullText(source);
    const start = member.getFullStart();
    const m = /@default (?:(?!\*\/)[^\n])*/.exec(full);
    const at = `${path.relative(repo, file)} ${here.join(".")}`;
    if (!m) {
      problems.push(`${at}: no @default line; want "${want}"`);
      continue;
    }
    const have = m[0].trim();
    // A default in words that depends on another setting (e.g. the engine's version) stays as written.
    if (!/^@default (dev:|.* in every environment$|none$)/.test(have) && !/^@default ("|\[|\d|true|false)/.test(have)) continue;
    if (have !== want) {
      problems.push(`${at}: "${have}" but the presets say "${want}"`);
      const list = edits.get(file) ?? [];
      list.push({ start: start + m.index, end: start + m.index + m[0].trimEnd().length, text: want });
      edits.set(file, list);
    }
  }
}

let documented = 0;
for (const folder of fs.readdirSync(path.join(repo, "components"))) {
  const interfaces = interfacesOf(folder);
  for (const spec of specsOf(folder)) {
    const root = interfaces.get(`${spec.component}Args`);
    if (!root) {
      problems.push(`components/${folder}: no interface ${spec.component}Args for the settings of ${spec.component}`);
      continue;
    }
    documented++;
    walk(root, interfaces, spec.presets, []);
  }
}
if (documented === 0) problems.push("no settings spec found: build first (npm run build)");

if (check) {
  for (const p of problems) console.log(p);
  console.log(problems.length === 0 ? `@default lines match the presets of ${documented} components` : `${problems.length} @default line(s) differ from the presets: run node scripts/settings-docs.js`);
  process.exit(problems.length === 0 ? 0 : 1);
}
for (const [file, list] of edits) {
  let text = fs.readFileSync(file, "utf8");
  for (const e of list.sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  fs.writeFileSync(file, text);
  console.log(`rewrote ${list.length} line(s) in ${path.relative(repo, file)}`);
}
for (const p of problems.filter((p) => p.includes("no @default") || p.includes("no interface") || p.includes("no settings"))) console.log(p);
