#!/usr/bin/env node
// The packs test: pack paved, install the tarball into a fresh project with production
// dependencies only (paved, @pulumi/pulumi, @pulumi/policy; no TypeScript), start each
// shipped pack folder node_modules/paved/dist/policies/<pack> the way `pulumi preview
// --policy-pack <folder>` does (that project's own @pulumi/pulumi runner), and analyze a
// bad resource over the Analyzer gRPC protocol with the engine side of
// test/helpers/analyzer.ts. Run by `npm run test:packs` (needs the npm registry or cache).
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const ts = require("typescript");

const repo = path.resolve(__dirname, "..");
const pkg = require(path.join(repo, "package.json"));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paved-packs-"));
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
const PACKS = ["non-root", "private-data", "encryption", "advisory"];

// `npm pack` runs `prepare` (the build), which writes the pack folders.
const [packed] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", dir], repo));
const files = new Set(packed.files.map((f) => f.path));
const missing = PACKS.flatMap((p) => ["index.js", "PulumiPolicy.yaml", "package.json"].map((f) => `dist/policies/${p}/${f}`)).filter((f) => !files.has(f));
if (missing.length > 0) throw new Error(`the package does not ship: ${missing.join(", ")}`);
console.log(`packed ${packed.filename}: ${packed.entryCount} files, the four pack folders included`);

const app = path.join(dir, "app");
fs.mkdirSync(app);
fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({
  name: "paved-packs-consumer", private: true, version: "0.0.0",
  dependencies: {
    paved: `file:${path.join(dir, packed.filename)}`,
    "@pulumi/pulumi": pkg.devDependencies["@pulumi/pulumi"],
    "@pulumi/policy": pkg.devDependencies["@pulumi/policy"],
  },
}, null, 2));
console.log(`installing into ${app} (production dependencies only)`);
run("npm", ["install", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], app);
if (fs.existsSync(path.join(app, "node_modules", "typescript"))) throw new Error("typescript was installed: the packs must not need it");

// The harness is TypeScript; compile it alone (it has only type imports besides node's).
const harnessSource = fs.readFileSync(path.join(repo, "test", "helpers", "analyzer.ts"), "utf8");
const harness = path.join(dir, "analyzer.js");
fs.writeFileSync(harness, ts.transpileModule(harnessSource, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText);
const { startPolicyPack, UNKNOWN_STRING } = require(harness);

const urn = (type, name) => `urn:pulumi:dev::consumer::${type}::${name}`;
const resource = (type, name, inputs) => ({ urn: urn(type, name), type, name, custom: true, inputs, outputs: { ...inputs, id: UNKNOWN_STRING, arn: UNKNOWN_STRING }, dependencies: [], propertyDependencies: {} });
/** One bad resource per pack, and the diagnostic it must produce. */
const CASES = {
  "non-root": [resource("aws:ecs/taskDefinition:TaskDefinition", "root-task", { family: "t", containerDefinitions: JSON.stringify([{ name: "app", image: "nginx", user: "0" }]) }), "ecs-non-root-user", "mandatory"],
  "private-data": [resource("aws:rds/instance:Instance", "public-db", { engine: "postgres", publiclyAccessible: true, dbSubnetGroupName: UNKNOWN_STRING }), "rds-not-public", "mandatory"],
  encryption: [resource("aws:rds/instance:Instance", "plain-db", { engine: "postgres", storageEncrypted: false }), "rds-storage-encrypted", "mandatory"],
  advisory: [resource("aws:cloudwatch/logGroup:LogGroup", "forever-logs", { retentionInDays: 0 }), "log-retention", "advisory"],
};

async function main() {
  const failures = [];
  for (const name of PACKS) {
    const folder = path.join(app, "node_modules", "paved", "dist", "policies", name);
    const pack = await startPolicyPack(folder);
    try {
      const [bad, policy, level] = CASES[name];
      const diags = await pack.preview([bad]);
      const hit = diags.find((d) => d.policy === policy && d.urn === bad.urn && !d.cannotRun);
      if (!hit || hit.enforcementLevel !== level) failures.push(`${name}: expected ${level} ${policy} on ${bad.name}, got ${JSON.stringify(diags)}`);
      else console.log(`${pack.info.name}@${pack.info.version} (${pack.info.policies.length} policies): ${level} ${policy}: ${hit.message}`);
    } finally {
      await pack.stop();
    }
  }
  if (failures.length > 0) {
    console.error(failures.join("\n"));
    process.exit(1);
  }
  console.log("packs test passed");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
