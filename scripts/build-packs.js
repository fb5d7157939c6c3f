#!/usr/bin/env node
// Part of `npm run build`: makes dist/policies/<pack>/ a ready-to-run CrossGuard pack
// folder (compiled index.js from tsc, plus PulumiPolicy.yaml and a package.json whose
// main is index.js), so a consumer runs `pulumi preview --policy-pack
// node_modules/paved/dist/policies/<pack>` with no TypeScript and no dev dependencies.
// CrossGuard reads the pack's version from <pack>/package.json (@pulumi/policy PolicyPack).
const fs = require("node:fs");
const path = require("node:path");

const repo = path.resolve(__dirname, "..");
const { version } = require(path.join(repo, "package.json"));
const PACKS = ["non-root", "private-data", "encryption", "advisory"];

for (const pack of PACKS) {
  const src = path.join(repo, "policies", pack);
  const out = path.join(repo, "dist", "policies", pack);
  if (!fs.existsSync(path.join(out, "index.js"))) throw new Error(`${out}/index.js is missing: run tsc -p tsconfig.build.json first`);
  fs.copyFileSync(path.join(src, "PulumiPolicy.yaml"), path.join(out, "PulumiPolicy.yaml"));
  const manifest = JSON.parse(fs.readFileSync(path.join(src, "package.json"), "utf8"));
  const { dependencies, ...rest } = manifest;
  // The consumer's own @pulumi/policy and @pulumi/pulumi are used (peers of paved), never a nested copy.
  fs.writeFileSync(path.join(out, "package.json"), JSON.stringify({ ...rest, version, main: "index.js", peerDependencies: dependencies }, null, 2) + "\n");
}
