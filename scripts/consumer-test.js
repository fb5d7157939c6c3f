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
const run = (cmd, args, cwd) => {
  try {
    return execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  } catch (e) {
    // tsc reports on stdout: show it, or the failure says only "Command failed".
    process.stderr.write(String(e.stdout ?? ""));
    throw e;
  }
};

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
    "@pulumi/kubernetes": pkg.devDependencies["@pulumi/kubernetes"],
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
// Every public name of the two component entries, under strict: a missing or renamed export, or one that
// leaked in, fails here (the value names are compared with what the entries export at run time).
fs.writeFileSync(path.join(app, "src", "everything.ts"), `import * as pulumi from "@pulumi/pulumi";
import * as paved from "paved";
import * as pavedEks from "paved/eks";
import {
  Vpc, EcsCluster, EcsService, RdsPostgres, Redis, S3Backups, MonitoringStack, BACKUP_TAG, COST_ALLOCATION_TAG_KEYS, PavedComponent,
  ENVIRONMENTS, ArgError, ConfigError, UserError, isUserError,
  type VpcArgs, type VpcEndpointsArgs, type VpcFlowLogsArgs, type VpcTransforms, type VpcSettings, type NatMode, type InterfaceEndpoint,
  type EcsClusterArgs, type EcsClusterTransforms, type EcsClusterSettings, type EcsServiceArgs, type EcsServiceTransforms, type EcsServiceSettings,
  type ServiceNetwork, type ImageSource, type CertificateSource, type DeploymentArgs, type ScalingArgs, type DeployStrategy, type Architecture, type ImageBuildInputs,
  type RdsPostgresArgs, type RdsPostgresTransforms, type RdsPostgresSettings, type RdsNetwork, type RdsDisasterRecovery, type RdsPerformanceInsightsArgs, type RdsCaCertificate,
  type RedisArgs, type RedisTransforms, type RedisSettings, type CacheNetwork, type CacheEngine,
  type S3BackupsArgs, type S3BackupsTransforms, type S3BackupsSettings, type S3BackupsScheduleArgs, type BackupsDisasterRecovery, type RestoreTestNetwork, type RestoreTesting, type BackupEventSpec,
  type MonitoringStackArgs, type MonitoringStackTransforms, type MonitoringSettings, type AlarmSource, type Subscriptions, type AlarmOverride, type EventRuleSpec,
  type CommonArgs, type Environment, type Transform, type Tags, type AlarmSpec, type PolicyStatement, type PolicyDocument,
} from "paved";
import {
  EksCluster, Workload, type EksClusterArgs, type EksClusterTransforms, type EksSettings, type EksNetwork, type EksApiAccess, type EksNodeGroupArgs,
  type WorkloadArgs, type WorkloadTransforms, type WorkloadSettings, type EgressRule,
} from "paved/eks";

export const VALUES = { paved: Object.keys(paved).sort(), eks: Object.keys(pavedEks).sort() };
export const EXPECTED = {
  paved: ["ArgError", "BACKUP_TAG", "COST_ALLOCATION_TAG_KEYS", "ConfigError", "ENVIRONMENTS", "EcsCluster", "EcsService", "MonitoringStack", "PavedComponent",
    "RdsPostgres", "Redis", "S3Backups", "UserError", "Vpc", "isUserError"],
  eks: ["EksCluster", "Workload"],
};
type Used = [VpcEndpointsArgs, VpcFlowLogsArgs, VpcTransforms, VpcSettings, NatMode, InterfaceEndpoint, EcsClusterArgs, EcsClusterTransforms, EcsClusterSettings,
  EcsServiceTransforms, EcsServiceSettings, ServiceNetwork, ImageSource, CertificateSource, DeploymentArgs, ScalingArgs, DeployStrategy, Architecture, ImageBuildInputs,
  RdsPostgresTransforms, RdsPostgresSettings, RdsNetwork, RdsDisasterRecovery, RdsPerformanceInsightsArgs, RdsCaCertificate, RedisTransforms, RedisSettings, CacheNetwork, CacheEngine,
  S3BackupsTransforms, S3BackupsSettings, S3BackupsScheduleArgs, BackupsDisasterRecovery, RestoreTestNetwork, RestoreTesting, BackupEventSpec,
  MonitoringStackTransforms, MonitoringSettings, AlarmSource, Subscriptions, AlarmOverride, EventRuleSpec, CommonArgs, Transform<VpcArgs>, Tags, AlarmSpec, PolicyDocument,
  EksClusterTransforms, EksSettings, EksNetwork, EksApiAccess, EksNodeGroupArgs, WorkloadTransforms, WorkloadSettings, EgressRule];
export type { Used };
void [BACKUP_TAG, COST_ALLOCATION_TAG_KEYS, PavedComponent, ArgError, ConfigError, UserError, isUserError];

/** Every component, constructed as a team would. */
export function everything(): Record<string, pulumi.Output<unknown>> {
  const environment: Environment = ENVIRONMENTS[1];
  const tags = { owner: "payments", "cost-center": "cc-42" };
  const vpcArgs: VpcArgs = { environment, tags, transform: { privateSubnet: (a) => { a.tags = { ...(a.tags as Record<string, string>), tier: "app" }; } } };
  const vpc = new Vpc("core", vpcArgs);
  const cluster = new EcsCluster("apps", { environment, tags });
  const statement: PolicyStatement = { Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::payments-docs/*" };
  const serviceArgs: EcsServiceArgs = {
    environment, tags, clusterName: cluster.clusterName, network: vpc, taskPolicyStatements: [statement],
    image: { reference: "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine" }, port: 8080, user: "101:101", writableTmp: true,
    certificate: { arn: "arn:aws:acm:eu-west-1:111122223333:certificate/api" },
  };
  const api = new EcsService("api", serviceArgs);
  const dbArgs: RdsPostgresArgs = { environment, tags, network: vpc, allowedSecurityGroupIds: [api.securityGroupId] };
  const db = new RdsPostgres("ledger", dbArgs);
  const cacheArgs: RedisArgs = { environment, tags, network: vpc, allowedSecurityGroupIds: [api.securityGroupId] };
  const cache = new Redis("sessions", cacheArgs);
  const backupArgs: S3BackupsArgs = {
    environment, tags, restoreTestDatabaseArns: [db.instanceArn],
    restoreTestNetwork: { dbSubnetGroupName: vpc.dbSubnetGroupName, securityGroupIds: [db.securityGroupId] },
  };
  const backups = new S3Backups("vault", backupArgs);
  const eksArgs: EksClusterArgs = { environment, tags, network: vpc, deployRoleArn: "arn:aws:iam::111122223333:role/deploy" };
  const k8s = new EksCluster("platform", eksArgs);
  const workloadArgs: WorkloadArgs = { namespace: "apps", image: "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine", port: 8080, clusterName: k8s.clusterName };
  const web = new Workload("web", workloadArgs, { provider: k8s.provider, parent: k8s });
  const monitoringArgs: MonitoringStackArgs = {
    environment, tags,
    sources: [
      { name: "api", kind: "service", alarms: api.alarms }, { name: "database", kind: "database", alarms: db.alarms },
      { name: "cache", kind: "cache", alarms: cache.alarms }, { name: "backups", kind: "backups", alarms: backups.alarms, events: backups.events },
      { name: "kubernetes", kind: "other", alarms: web.alarms },
    ],
  };
  const monitoring = new MonitoringStack("ops", monitoringArgs);
  return { url: api.url, dashboard: monitoring.dashboardName, cluster: k8s.clusterName, nodes: pulumi.output(Object.keys(vpc.nodes).length) };
}
`);
fs.writeFileSync(path.join(app, "src", "plan.ts"), `import { ALL_PACKS } from "paved/policies";
import { record } from "paved/testing";
import { EXPECTED, everything, VALUES } from "./everything";
import { program } from "./index";

if (JSON.stringify(VALUES) !== JSON.stringify(EXPECTED)) {
  console.error("public exports differ: " + JSON.stringify({ found: VALUES, expected: EXPECTED }));
  process.exit(1);
}
const fail = (e: unknown): never => {
  console.error("consumer plan failed: " + (e instanceof Error ? e.message : String(e)));
  process.exit(1);
};
// One plan at a time, each failure fatal: a consumer test that ends quietly must mean success.
async function main(): Promise<void> {
  const all = await record(everything, { stack: "staging", config: { "aws:region": "eu-west-1" } });
  const types = ["paved:network:Vpc", "paved:compute:EcsCluster", "paved:compute:EcsService", "paved:data:RdsPostgres", "paved:data:Redis",
    "paved:data:S3Backups", "paved:observability:MonitoringStack", "paved:compute:EksCluster", "paved:k8s:Workload"];
  const missing = types.filter((t) => all.all(t).length !== 1);
  if (missing.length > 0) fail("components not constructed: " + missing.join(", ") + " (types seen: " + Object.keys(all.summary.byType).join(", ") + ")");
  console.log("every component constructed from the public entries: " + all.summary.resources + " resources");

  const options = { stack: "staging", config: { "aws:region": "eu-west-1" }, packs: ALL_PACKS };
  const plan = await record(program, options);
  const resolved = await record(program, { ...options, mode: "resolve" });
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
}
main().catch(fail);
`);

console.log(`installing into ${app}`);
run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], app);
run("npx", ["tsc", "-p", "."], app);
const out = run("node", ["dist/plan.js"], app);
process.stdout.write(out);
// A run that printed nothing has not shown anything: both results must be there.
for (const line of ["every component constructed from the public entries", "consumer plan:"]) {
  if (!out.includes(line)) throw new Error(`the consumer run did not print "${line}"`);
}
console.log("consumer test passed");
