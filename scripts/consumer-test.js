#!/usr/bin/env node
// The consumer test: pack paved, install the tarball into a fresh strict TypeScript
// project, compile a program that composes Vpc, EcsService and RdsPostgres from
// "paved", and plan it with "paved/testing" and "paved/policies". Fails on a wrong
// export, type or peer dependency. Run by .ci/run (needs the npm registry or cache).
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const repo = path.resolve(__dirname, "..");
const pkg = require(path.join(repo, "package.json"));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paved-consumer-"));
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });

const [packed] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", dir], repo));
const tarball = path.join(dir, packed.filename);
console.log(`packed ${packed.filename}: ${packed.entryCount} files, ${Math.round(packed.size / 1024)} kB`);
const leaked = packed.files.map((f) => f.path).filter((p) => /^(test|stacks|bench|dist\/test|dist\/stacks|node_modules)\//.test(p));
if (leaked.length > 0) throw new Error(`the package ships files it should not: ${leaked.join(", ")}`);

const app = path.join(dir, "app");
fs.mkdirSync(path.join(app, "src"), { recursive: true });
fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({
  name: "paved-consumer", private: true, version: "0.0.0",
  dependencies: {
    paved: `file:${tarball}`,
    "@pulumi/pulumi": pkg.devDependencies["@pulumi/pulumi"],
    "@pulumi/aws": pkg.devDependencies["@pulumi/aws"],
  },
  devDependencies: { typescript: pkg.devDependencies.typescript, "@types/node": pkg.devDependencies["@types/node"] },
}, null, 2));
fs.writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify({
  compilerOptions: { target: "ES2022", module: "node16", moduleResolution: "node16", strict: true, outDir: "dist", rootDir: "src", types: ["node"], skipLibCheck: false },
  include: ["src"],
}, null, 2));
fs.writeFileSync(path.join(app, "src", "index.ts"), `import * as pulumi from "@pulumi/pulumi";
import { EcsCluster, EcsService, RdsPostgres, Vpc, type RdsPostgresArgs } from "paved";

/** A team's own program: its network, one service and its database. */
export function program(): Record<string, pulumi.Output<unknown>> {
  const tags = { owner: "payments", "cost-center": "cc-42" };
  const vpc = new Vpc("core", { environment: "staging", tags });
  const cluster = new EcsCluster("apps", { environment: "staging", tags });
  const api = new EcsService("api", {
    environment: "staging", tags, clusterName: cluster.clusterName, network: vpc,
    image: { reference: "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine" }, port: 8080, user: "101:101", writableTmp: true,
    certificate: { arn: "arn:aws:acm:eu-west-1:111122223333:certificate/api" },
  });
  const dbArgs: RdsPostgresArgs = { environment: "staging", tags, network: vpc, allowedSecurityGroupIds: [api.securityGroupId] };
  const db = new RdsPostgres("ledger", dbArgs);
  return { url: api.url, endpoint: db.endpoint };
}
`);
fs.writeFileSync(path.join(app, "src", "plan.ts"), `import { ALL_PACKS } from "paved/policies";
import { record } from "paved/testing";
import { program } from "./index";

const options = { stack: "staging", config: { "aws:region": "eu-west-1" }, packs: ALL_PACKS };
void Promise.all([record(program, options), record(program, { ...options, mode: "resolve" })]).then(([plan, resolved]) => {
  const count = (type: string): number => plan.all(type).length;
  const checks: Array<[string, boolean]> = [
    ["a preview by default", plan.mode === "preview"],
    ["one VPC", count("aws:ec2/vpc:Vpc") === 1],
    ["nine subnets", count("aws:ec2/subnet:Subnet") === 9],
    ["one ECS service", count("aws:ecs/service:Service") === 1],
    ["one database", count("aws:rds/instance:Instance") === 1],
    ["no mandatory violation", plan.summary.mandatoryViolations === 0],
    ["nothing opaque", plan.opaque.length === 0],
    ["a preview does not know the database endpoint", plan.outputs.endpoint === "[unknown]"],
    ["resolved outputs", String(resolved.outputs.url).startsWith("https://") && /\.rds\.amazonaws\.com$/.test(String(resolved.outputs.endpoint))],
  ];
  const failed = checks.filter(([, ok]) => !ok).map(([what]) => what);
  if (failed.length > 0) {
    console.error("consumer plan failed: " + failed.join(", ") + "; outputs: " + JSON.stringify({ preview: plan.outputs, resolved: resolved.outputs }));
    process.exit(1);
  }
  console.log("consumer plan: " + plan.summary.resources + " resources, " + plan.violations.length + " violations");
});
`);

console.log(`installing into ${app}`);
run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], app);
run("npx", ["tsc", "-p", "."], app);
process.stdout.write(run("node", ["dist/plan.js"], app));
console.log("consumer test passed");
