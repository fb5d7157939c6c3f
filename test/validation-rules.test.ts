/**
 * One negative test per validation rule, through the public classes (`paved`, `paved/eks`):
 * the rule's ArgError line, exactly, and nothing registered. Then a meta-test that every
 * `issue(...)` text in the components has a test, and the stack config's sections refused
 * through `paved plan dev`.
 *
 * Checks already covered elsewhere (a case there pins the path, the found value and the allowed
 * words, at least their start), so not repeated here:
 * - common (validate-common): environment, service's rule, a tag key, a tag value: test/vpc.test.ts `bad`.
 * - Vpc: cidrBlock outside the private ranges, azCount, an AZ name, nat, natInstanceType,
 *   flowLogs.retentionDays and trafficType, the duplicate-AZ and single-region rules: test/vpc.test.ts `bad`.
 * - RdsPostgres: engineVersion, instanceClass, allocatedStorageGb, maxAllocatedStorageGb (range and
 *   both storage rules), backupRetentionDays, readReplicas, backupWindow, maintenanceWindow,
 *   logRetentionDays, monitoringIntervalSeconds, username, allowedCidrBlocks, caCertificate,
 *   performanceInsights.retentionDays, disasterRecovery.retentionDays: test/rds-postgres.test.ts `bad`.
 * - Redis: engine, snapshotRetentionDays, engineVersion, snapshotWindow, maintenanceWindow: test/redis.test.ts.
 * - S3Backups: retentionDays, restoreTesting, schedule.daily, restoreTestNetwork.securityGroupIds: test/s3-backups.test.ts.
 * - EcsService: cpu, the CPU/memory rule, port, the image union, a malformed digest, a moving tag
 *   outside dev, pullAccountIds, promoteFrom, scaling.min above max, deployment.percent,
 *   network.cidrBlock for an internal ALB: test/ecs-service.test.ts.
 * - EksCluster: deployRoleArn (missing, not an ARN), viewRoleArns, apiAccess.cidrs (0.0.0.0/0, empty,
 *   private range, not a CIDR), the vpc-cni minimum, the autoscaler-release rule, nodes.min above max,
 *   namespaces (kube-*, listed twice), fargateNamespaces listed twice, nodes.os: test/eks-cluster.test.ts.
 * - Workload: runAsUser 0, privileged, allowPrivilegeEscalation, cpu, healthPath, replicas.min above
 *   max, ingress.cidrs host bits, egress 0.0.0.0/0, empty egress cidrs, egress port: test/eks-cluster.test.ts.
 * - MonitoringStack: notify.emails, page.httpsEndpoints, paging false with page subscriptions,
 *   evaluationPeriods 0, unknown thresholds, monthlyBudgetUsd, event ids (distinct, form): test/monitoring.test.ts.
 * Cases here that share a check with one above pin what that one leaves out (the rest of the
 * allowed words, or a branch of the same check with its own words).
 * Out of scope: checks of a type alone ("true or false", "a string", "a number", "a map with the
 * keys …"), which are the settings vocabulary's and covered by test/settings.test.ts and test/config.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  ArgError, EcsService, MonitoringStack, RdsPostgres, Redis, S3Backups, Vpc,
  type EcsServiceArgs, type MonitoringStackArgs, type RdsPostgresArgs, type RedisArgs, type S3BackupsArgs, type VpcArgs,
} from "../src/index";
import { EksCluster, Workload, type EksClusterArgs, type WorkloadArgs } from "../src/eks";
import { record } from "../src/testing";
import { expectCleanError, spawnCliAsync } from "./helpers/cli";
import { REPO, tempProject, validConfig } from "./helpers/project";

type Change = Readonly<Record<string, unknown>>;

const deployRoleArn = "arn:aws:iam::111122223333:role/paved-deploy";
const latency = {
  id: "latency-p95", description: "", namespace: "n", metricName: "m", dimensions: {}, statistic: "p95", periodSeconds: 60,
  evaluationPeriods: 1, threshold: 1, comparison: "GreaterThanThreshold", severity: "page", treatMissingData: "missing",
} as const;
const webSource = { name: "web", alarms: [latency] };

/**
 * Each component with the least valid args, in dev unless the change says otherwise. The casts
 * are the point: a change holds values of the wrong type or range, as a JavaScript caller or a
 * stack file could pass them.
 */
const COMPONENTS = {
  Vpc: { name: "net", make: (c: Change) => new Vpc("net", { environment: "dev", ...c } as unknown as VpcArgs) },
  RdsPostgres: {
    name: "orders",
    make: (c: Change) => new RdsPostgres("orders", { environment: "dev", network: { vpcId: "vpc-0abc", dbSubnetGroupName: "data-subnets" }, ...c } as unknown as RdsPostgresArgs),
  },
  Redis: {
    name: "sessions",
    make: (c: Change) => new Redis("sessions", { environment: "dev", network: { vpcId: "vpc-0abc", cacheSubnetGroupName: "cache-subnets" }, ...c } as unknown as RedisArgs),
  },
  S3Backups: { name: "backups", make: (c: Change) => new S3Backups("backups", { environment: "dev", ...c } as unknown as S3BackupsArgs) },
  EcsService: {
    name: "web",
    make: (c: Change) => new EcsService("web", {
      environment: "dev", clusterName: "apps",
      network: { vpcId: "vpc-0abc", publicSubnetIds: ["subnet-pub-1", "subnet-pub-2"], privateSubnetIds: ["subnet-app-1", "subnet-app-2"] },
      image: { reference: "public.ecr.aws/nginx/nginx:1.27" }, port: 8080, certificate: { arn: "arn:aws:acm:eu-west-1:111122223333:certificate/abc" }, ...c,
    } as unknown as EcsServiceArgs),
  },
  EksCluster: {
    name: "k8s",
    make: (c: Change) => new EksCluster("k8s", { environment: "dev", network: { vpcId: "vpc-0abc", privateSubnetIds: ["subnet-a", "subnet-b"] }, deployRoleArn, ...c } as unknown as EksClusterArgs),
  },
  Workload: { name: "api", make: (c: Change) => new Workload("api", { namespace: "apps", image: "ghcr.io/acme/api:1", port: 8080, ...c } as unknown as WorkloadArgs) },
  MonitoringStack: { name: "main", make: (c: Change) => new MonitoringStack("main", { environment: "dev", sources: [webSource], ...c } as unknown as MonitoringStackArgs) },
} as const;
type Component = keyof typeof COMPONENTS;

const LOG_RETENTION = "one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653";
const ADDON_WORDS = 'an add-on version such as "v1.19.2-eksbuild.1"';
const ROLE_WORDS = 'an IAM role ARN such as "arn:aws:iam::123456789012:role/platform-deploy"';
const SEVEN_AZS = ["a", "b", "c", "d", "e", "f", "g"].map((z) => `eu-west-1${z}`);
const FORTY_SIX_TAGS = Object.fromEntries(Array.from({ length: 46 }, (_v, i) => [`t${i}`, "x"]));

/** [component, change to its least valid args, the one issue line expected: `<path>: found …; allowed …`]. */
const CASES: ReadonlyArray<readonly [Component, Change, string]> = [
  // src/validate-common.ts
  ["Vpc", { tags: ["team"] }, 'tags: found ["team"]; allowed a map of tag names to string values'],
  ["Vpc", { tags: FORTY_SIX_TAGS }, 'tags: found "46 tags"; allowed at most 45 (AWS allows 50; Paved adds up to 5)'],
  ["Vpc", { service: "-web" }, "service: found \"-web\"; allowed 1–63 letters, digits, '.', '_' or '-'"],

  // components/vpc/settings.ts (the cidrBlock refinement is components/vpc/cidr.ts)
  ["Vpc", { cidrBlock: 10 }, "cidrBlock: found 10; allowed a private IPv4 block /16–/23"],
  ["Vpc", { cidrBlock: "10.0.0.0/24" }, 'cidrBlock: found "10.0.0.0/24"; allowed a private IPv4 block /16–/23 on its network boundary, inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10'],
  ["Vpc", { cidrBlock: "10.0.0.1/16" }, 'cidrBlock: found "10.0.0.1/16"; allowed a block on its network boundary, e.g. 10.0.0.0/16'],
  ["Vpc", { availabilityZones: [] }, "availabilityZones: found []; allowed 1–6 AZs"],
  ["Vpc", { availabilityZones: SEVEN_AZS }, 'availabilityZones: found ["eu-west-1a","eu-west-1b","eu-west-1c","eu-west-1d","eu-...; allowed 1–6 AZs'],
  ["Vpc", { azCount: 2, availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"] }, 'availabilityZones: found "3 AZs"; allowed exactly azCount (2) AZs, or leave azCount out'],
  ["Vpc", { flowLogs: { kmsKeyArn: "alias/flow-logs" } }, 'flowLogs.kmsKeyArn: found "alias/flow-logs"; allowed a KMS key ARN'],

  // components/rds-postgres/settings.ts and the validate in its index.ts
  ["RdsPostgres", { identifier: "1orders" }, 'identifier: found "1orders"; allowed 1–63 lower-case letters, digits and single hyphens, starting with a letter'],
  ["RdsPostgres", { passwordRotationDays: 366 }, "passwordRotationDays: found 366; allowed an integer 1–365"],
  ["RdsPostgres", { databaseName: "1app" }, 'databaseName: found "1app"; allowed 1–63 lower-case letters, digits or _, starting with a letter'],
  ["RdsPostgres", { network: { vpcId: "vpc-0abc" } }, 'network: found {"vpcId":"vpc-0abc"}; allowed { vpcId, dbSubnetGroupName }, e.g. a Paved Vpc'],

  // components/redis/settings.ts and the validate in its index.ts
  ["Redis", { replicationGroupId: "Sessions" }, 'replicationGroupId: found "Sessions"; allowed 1–40 lower-case letters, digits and single hyphens, starting with a letter'],
  ["Redis", { nodeType: "t4g.small" }, 'nodeType: found "t4g.small"; allowed an ElastiCache node type such as "cache.t4g.small"'],
  ["Redis", { nodes: 7 }, "nodes: found 7; allowed an integer 1–6"],
  ["Redis", { logRetentionDays: 2 }, `logRetentionDays: found 2; allowed ${LOG_RETENTION}`],
  ["Redis", { highAvailability: true, nodes: 1 }, "nodes: found 1; allowed at least 2 with highAvailability (a primary and a replica in another AZ)"],
  ["Redis", { network: { cacheSubnetGroupName: "cache-subnets" } }, 'network: found {"cacheSubnetGroupName":"cache-subnets"}; allowed { vpcId, cacheSubnetGroupName }, e.g. a Paved Vpc'],

  // components/s3-backups/settings.ts and the validate in its index.ts
  ["S3Backups", { schedule: { restoreTestDaily: "daily" } }, 'schedule.restoreTestDaily: found "daily"; allowed an AWS cron expression of six fields, such as "cron(0 5 * * ? *)"'],
  ["S3Backups", { schedule: { restoreTestWeekly: "cron(0 8 ? * MON)" } }, 'schedule.restoreTestWeekly: found "cron(0 8 ? * MON)"; allowed an AWS cron expression of six fields, such as "cron(0 5 * * ? *)"'],
  ["S3Backups", { restoreTestDatabaseArns: ["arn:aws:rds:eu-west-1:111122223333:db:orders"] },
    "restoreTestNetwork: found nothing; allowed { dbSubnetGroupName, securityGroupIds } when restoreTestDatabaseArns are given (else restores land in the default VPC)"],

  // components/ecs-service/settings.ts (image rules: image.ts) and the validate in its index.ts
  ["EcsService", { image: { reference: "" } }, 'image.reference: found ""; allowed an image reference repository[:tag][@sha256:<64 hex>]'],
  ["EcsService", { image: { context: "" } }, 'image.context: found ""; allowed a directory with the Dockerfile'],
  ["EcsService", { image: { context: ".", dockerfile: "" } }, 'image.dockerfile: found ""; allowed a path to the Dockerfile'],
  ["EcsService", { memoryMiB: 256 }, "memoryMiB: found 256; allowed an integer 512–122880"],
  ["EcsService", { architecture: "arm64" }, 'architecture: found "arm64"; allowed "ARM64" | "X86_64"'],
  ["EcsService", { user: "app user" }, 'user: found "app user"; allowed uid[:gid] or name[:group], e.g. "1000:1000"'],
  ["EcsService", { healthCheckPath: "health" }, 'healthCheckPath: found "health"; allowed a path starting with /'],
  ["EcsService", { healthCheckCommand: ["CMD", ""] }, 'healthCheckCommand[1]: found ""; allowed a non-empty string'],
  ["EcsService", { secrets: { DB_PASSWORD: "" } }, 'secrets.DB_PASSWORD: found ""; allowed a Secrets Manager or SSM parameter ARN'],
  ["EcsService", { scaling: { min: 0 } }, "scaling.min: found 0; allowed an integer 1–1000"],
  ["EcsService", { scaling: { max: 1001 } }, "scaling.max: found 1001; allowed an integer 1–1000"],
  ["EcsService", { scaling: { cpuTarget: 5 } }, "scaling.cpuTarget: found 5; allowed an integer 10–95"],
  ["EcsService", { scaling: { memoryTarget: 96 } }, "scaling.memoryTarget: found 96; allowed an integer 10–95"],
  ["EcsService", { scaling: { requestsPerTarget: 0 } }, "scaling.requestsPerTarget: found 0; allowed an integer 1–1000000"],
  ["EcsService", { deployment: { strategy: "allAtOnce" } }, 'deployment.strategy: found "allAtOnce"; allowed "rolling" | "blueGreen" | "canary" | "linear"'],
  ["EcsService", { deployment: { bakeMinutes: 1441 } }, "deployment.bakeMinutes: found 1441; allowed an integer 0–1440"],
  ["EcsService", { logRetentionDays: 10 }, `logRetentionDays: found 10; allowed ${LOG_RETENTION}`],
  ["EcsService", { rateLimit: 9 }, "rateLimit: found 9; allowed an integer 10–2000000000"],
  ["EcsService", { image: { reference: "repo/web@sha256:abc" } }, 'image.reference: found "repo/web@sha256:abc"; allowed a digest of the form sha256:<64 lower-case hex digits> after @'],
  ["EcsService", { image: { reference: "repo web:1" } }, 'image.reference: found "repo web:1"; allowed repository[:tag][@sha256:<64 hex>]'],
  ["EcsService", { user: "root" }, 'user: found "root"; allowed a non-root uid such as "1000:1000" (set allowRootUser: true to run as root on purpose)'],
  ["EcsService", { environment: "prod", scaling: { min: 1 } }, "scaling.min: found 1; allowed at least 2 in prod (one task per AZ survives an AZ loss)"],
  ["EcsService", { environmentVariables: { DB_PASSWORD: "x" } }, 'environmentVariables.DB_PASSWORD: found "DB_PASSWORD"; allowed no secrets in plain environment variables; pass it in `secrets` as an ARN'],
  ["EcsService", { certificate: { domainName: "web.example.com" } }, 'certificate: found {"domainName":"web.example.com"}; allowed { arn } of an ACM certificate, or { domainName, zoneId } to issue one'],
  ["EcsService", { image: { context: "no-such-dir" } }, `image.context: found "no-such-dir"; allowed a directory that exists (resolved from ${process.cwd()})`],

  // components/eks-cluster/settings.ts (access rules: access.ts)
  ["EksCluster", { version: "2.0" }, 'version: found "2.0"; allowed a supported Kubernetes minor such as "1.33"'],
  ["EksCluster", { apiAccess: { mode: "open" } }, 'apiAccess.mode: found "open"; allowed "private" or "public"'],
  ["EksCluster", { apiAccess: { mode: "public", cidrs: ["192.30.252.1/22"] } }, 'apiAccess.cidrs[0]: found "192.30.252.1/22"; allowed a CIDR on its network boundary (no host bits set)'],
  ["EksCluster", { deployRoleArn: "arn:aws:sts::111122223333:assumed-role/platform/alice" },
    `deployRoleArn: found "arn:aws:sts::111122223333:assumed-role/platform/alice"; allowed ${ROLE_WORDS}: the role itself, not an assumed-role session`],
  ["EksCluster", { adminRoleArns: ["platform-admin"] }, `adminRoleArns[0]: found "platform-admin"; allowed ${ROLE_WORDS}`],
  ["EksCluster", { nodes: { instanceTypes: [] } }, 'nodes.instanceTypes: found []; allowed at least one instance type such as "m7g.large"'],
  ["EksCluster", { nodes: { instanceTypes: ["m7g"] } }, 'nodes.instanceTypes[0]: found "m7g"; allowed an instance type such as "m7g.large"'],
  ["EksCluster", { nodes: { min: 0 } }, "nodes.min: found 0; allowed an integer 1–450"],
  ["EksCluster", { nodes: { max: 451 } }, "nodes.max: found 451; allowed an integer 1–450"],
  ["EksCluster", { nodes: { diskGb: 10 } }, "nodes.diskGb: found 10; allowed an integer 20–16384"],
  ["EksCluster", { nodes: { capacityType: "RESERVED" } }, 'nodes.capacityType: found "RESERVED"; allowed "ON_DEMAND" | "SPOT"'],
  ["EksCluster", { fargateNamespaces: ["kube-batch"] }, 'fargateNamespaces[0]: found "kube-batch"; allowed a DNS-label name (at most 63 characters), not kube-*'],
  ["EksCluster", { addonVersions: { coredns: "1.11.1" } }, `addonVersions.coredns: found "1.11.1"; allowed ${ADDON_WORDS}`],
  ["EksCluster", { addonVersions: { "kube-proxy": "latest" } }, `addonVersions.kube-proxy: found "latest"; allowed ${ADDON_WORDS}`],
  ["EksCluster", { addonVersions: { "eks-pod-identity-agent": "v1.3" } }, `addonVersions.eks-pod-identity-agent: found "v1.3"; allowed ${ADDON_WORDS}`],
  ["EksCluster", { addonVersions: { "aws-ebs-csi-driver": "v1.35.0-1" } }, `addonVersions.aws-ebs-csi-driver: found "v1.35.0-1"; allowed ${ADDON_WORDS}`],
  ["EksCluster", { addonVersions: { "amazon-cloudwatch-observability": "2.1.0" } }, `addonVersions.amazon-cloudwatch-observability: found "2.1.0"; allowed ${ADDON_WORDS}`],
  ["EksCluster", { addonVersions: { "metrics-server": "v0.7" } }, `addonVersions.metrics-server: found "v0.7"; allowed ${ADDON_WORDS}`],
  ["EksCluster", { logRetentionDays: 8 }, `logRetentionDays: found 8; allowed ${LOG_RETENTION}`],
  ["EksCluster", { environment: "prod", nodes: { min: 2 } }, "nodes.min: found 2; allowed at least 3 in prod (a node per AZ)"],
  ["EksCluster", { viewRoleArns: ["arn:aws:iam::111122223333:role/ro", "arn:aws:iam::111122223333:role/ro"] },
    'viewRoleArns[1]: found "arn:aws:iam::111122223333:role/ro"; allowed a role not already in viewRoleArns[0] (EKS allows one access entry per principal)'],

  // components/eks-cluster/workload-settings.ts and workload-validate.ts
  ["Workload", { namespace: "Apps" }, 'namespace: found "Apps"; allowed a namespace name'],
  ["Workload", { image: "" }, 'image: found ""; allowed an image reference'],
  ["Workload", { port: 65536 }, "port: found 65536; allowed an integer 1–65535"],
  ["Workload", { replicas: { min: 0 } }, "replicas.min: found 0; allowed an integer 1–1000"],
  ["Workload", { replicas: { max: 1001 } }, "replicas.max: found 1001; allowed an integer 1–1000"],
  ["Workload", { runAsUser: 1000.5 }, "runAsUser: found 1000.5; allowed a non-zero uid (workloads never run as root)"],
  ["Workload", { memory: "lots" }, 'memory: found "lots"; allowed a Kubernetes quantity such as "250m" or "256Mi"'],
  ["Workload", { ingress: { namespaces: ["Web"] } }, 'ingress.namespaces[0]: found "Web"; allowed a namespace name'],
  ["Workload", { ingress: { cidrs: ["0.0.0.0/0"] } }, 'ingress.cidrs[0]: found "0.0.0.0/0"; allowed a specific CIDR (never 0.0.0.0/0)'],
  ["Workload", { egress: [{ name: "Database", cidrs: ["10.0.0.0/24"], port: 5432 }] }, 'egress[0].name: found "Database"; allowed a lower-case name such as "database"'],
  ["Workload", { egress: [{ name: "database", cidrs: ["10.0.0.1/24"], port: 5432 }] }, 'egress[0].cidrs[0]: found "10.0.0.1/24"; allowed an IPv4 CIDR on its network boundary, such as "10.30.128.0/21"'],
  ["Workload", { egress: [{ name: "dns", cidrs: ["10.0.0.0/24"], port: 53, protocol: "ICMP" }] }, 'egress[0].protocol: found "ICMP"; allowed "TCP" or "UDP"'],

  // components/monitoring/settings.ts and the validate in its index.ts
  ["MonitoringStack", { environment: "prod", page: { emails: ["oncall"] } }, 'page.emails[0]: found "oncall"; allowed an email address'],
  ["MonitoringStack", { notify: { httpsEndpoints: ["http://hooks.example.com"] } }, 'notify.httpsEndpoints[0]: found "http://hooks.example.com"; allowed an https:// URL'],
  ["MonitoringStack", { overrides: { "web/latency-p95": { evaluationPeriods: 1.5 } } }, "overrides.web/latency-p95.evaluationPeriods: found 1.5; allowed an integer ≥ 1"],
  ["MonitoringStack", { anomalyThresholdUsd: -1 }, "anomalyThresholdUsd: found -1; allowed a positive amount"],
  ["MonitoringStack", { page: { emails: ["oncall@example.com"], httpsEndpoints: ["https://hooks.example.com"] } }, 'page: found "2 subscriptions"; allowed none in dev: it never pages (use notify)'],
  ["MonitoringStack", { sources: "web" }, 'sources: found "web"; allowed a list of alarm sources ({ name, alarms, events? })'],
  ["MonitoringStack", { sources: [webSource, webSource] }, 'sources: found ["web","web"]; allowed distinct source names'],
  ["MonitoringStack", { overrides: { "web/cpu-high": { threshold: 90 } } }, 'overrides.web/cpu-high: found "web/cpu-high"; allowed an alarm of the sources, as <source>/<alarm id>: web/latency-p95'],
  // With no alarm to name, the message says so instead of ending on an empty list.
  ["MonitoringStack", { sources: [], overrides: { "web/cpu-high": { threshold: 90 } } }, 'overrides.web/cpu-high: found "web/cpu-high"; allowed an alarm of the sources, as <source>/<alarm id>: none: the sources have no alarms'],
  ["MonitoringStack", { environment: "prod", paging: false, page: { emails: ["oncall@example.com"] } }, 'page: found "1 subscription"; allowed none with paging: false (use notify)'],
];

describe("every validation rule refuses a bad value before anything registers", () => {
  test.each(CASES.map(([component, change, expected]) => ({ component, change, expected })))("$component refuses $expected", async ({ component, change, expected }) => {
    const { name, make } = COMPONENTS[component];
    let thrown: unknown;
    let registered = 0;
    const plan = await record(() => {
      try {
        make(change);
      } catch (e) {
        thrown = e;
      }
    }, { onRegister: (n) => { registered = n; } });
    expect(thrown).toBeInstanceOf(ArgError);
    // Exactly this line: the rule under test, and no other rule tripped by the same change.
    expect((thrown as ArgError).message.split("\n")).toEqual([`${component} "${name}": ${expected}`]);
    // The stack itself is the only registration: the component threw before its own.
    expect(plan.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.urn)).toEqual([]);
    expect(registered).toBe(1);
  });
});

// ---------------------------------------------------------------------------
// The meta-test: every issue(path, found, allowed) in the components (rules, validate methods and
// the helpers they call) has its allowed words in some test under test/.

/** Index just past the string or template that starts at `i` (a quote or a backtick). */
function skipLiteral(src: string, i: number): number {
  const quote = src[i]!;
  for (let j = i + 1; j < src.length; j++) {
    if (src[j] === "\\") j++;
    else if (src[j] === quote) return j + 1;
    else if (quote === "`" && src.startsWith("${", j)) j = skipExpression(src, j + 1) - 1;
  }
  throw new Error(`unterminated literal at ${i}`);
}

/** Index just past the bracketed expression that opens at `i` ("(", "[" or "{"), strings and templates skipped. */
function skipExpression(src: string, i: number): number {
  let depth = 0;
  for (let j = i; j < src.length;) {
    const ch = src[j]!;
    if (ch === '"' || ch === "'" || ch === "`") {
      j = skipLiteral(src, j);
      continue;
    }
    if ("([{".includes(ch)) depth++;
    if (")]}".includes(ch) && --depth === 0) return j + 1;
    j++;
  }
  throw new Error(`unbalanced expression at ${i}`);
}

/** The top-level arguments of the call whose "(" is at `open`. */
function callArgs(src: string, open: number): string[] {
  const end = skipExpression(src, open) - 1;
  const args: string[] = [];
  let start = open + 1;
  for (let j = open + 1; j < end;) {
    const ch = src[j]!;
    if (ch === '"' || ch === "'" || ch === "`") j = skipLiteral(src, j);
    else if ("([{".includes(ch)) j = skipExpression(src, j);
    else {
      if (ch === ",") {
        args.push(src.slice(start, j).trim());
        start = j + 1;
      }
      j++;
    }
  }
  return [...args, src.slice(start, end).trim()];
}

/**
 * The fixed words of each string or template at the top level of an expression (a ternary has
 * two): a string whole, a template by its pieces between `${…}`, punctuation at their ends trimmed.
 * A piece of one short word ("in" before `${environment}`, checkInt's "an integer") is found
 * trivially: such a template is checked by its other pieces, or by its own case above.
 */
function fixedWords(expr: string): string[] {
  const out: string[] = [];
  for (let j = 0; j < expr.length;) {
    const ch = expr[j]!;
    if (ch === '"' || ch === "'") {
      const end = skipLiteral(expr, j);
      // A string compared against (typeof c === "string") is a condition, not words.
      if (!/(===|!==|==|!=)\s*$/.test(expr.slice(0, j))) out.push(expr.slice(j + 1, end - 1));
      j = end;
    } else if (ch === "`") {
      const end = skipLiteral(expr, j);
      let piece = "";
      for (let k = j + 1; k < end - 1; k++) {
        if (expr.startsWith("${", k)) {
          out.push(piece);
          piece = "";
          k = skipExpression(expr, k + 1) - 1;
        } else piece += expr[k];
      }
      out.push(piece);
      j = end;
    } else if ("([{".includes(ch)) j = skipExpression(expr, j);
    else j++;
  }
  return out.map((w) => unescape(w).replace(/^[\s(),:;.]+|[\s(),:;.]+$/g, "")).filter((w) => /[A-Za-z]/.test(w));
}

/** Source or test text with escapes of punctuation removed (`\"` → `"`, `\(` → `(`), so a regex or a quoted message reads as the message. */
function unescape(text: string): string {
  return text.replace(/\\([^\w\s])/g, "$1");
}

const listTs = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
  const p = path.join(dir, e.name);
  return e.isDirectory() ? listTs(p) : e.name.endsWith(".ts") ? [p] : [];
});

/** Allowed arguments with no words of their own, by file and argument text, and why each is tested anyway. */
const NOT_LITERAL: Readonly<Record<string, string>> = {
  "src/validate-common.ts: ENVIRONMENTS.join(\" | \")": "the environments joined at run time; test/vpc.test.ts pins the environment message",
  "components/eks-cluster/workload-validate.ts: problem": "ipBlockProblem's words or IP_BLOCK; the Workload egress and ingress cases above pin them",
};

interface AllowedText {
  readonly at: string;
  readonly words: readonly string[];
}

/** Every issue(...) call in components/ and src/ with the fixed words of its allowed argument. */
function issueTexts(): { texts: AllowedText[]; notLiteral: string[] } {
  const texts: AllowedText[] = [];
  const notLiteral: string[] = [];
  for (const file of [...listTs(path.join(REPO, "components")), ...listTs(path.join(REPO, "src"))]) {
    const src = fs.readFileSync(file, "utf8");
    const rel = path.relative(REPO, file);
    for (const m of src.matchAll(/(?<!function )\bissue\(/g)) {
      const line = src.slice(0, m.index).split("\n").length;
      const allowed = callArgs(src, m.index + "issue".length)[2] ?? "";
      // A variable: the words of its `const` in the same file.
      const initializer = /^\w+$/.test(allowed) ? new RegExp(`const ${allowed} = (.+);$`, "m").exec(src)?.[1] : allowed;
      const words = fixedWords(initializer ?? allowed);
      if (words.length === 0) notLiteral.push(`${rel}: ${allowed}`);
      else texts.push({ at: `${rel}:${line}`, words });
    }
  }
  return { texts, notLiteral };
}

describe("every rule has a negative test", () => {
  const { texts, notLiteral } = issueTexts();
  // The tests and their helpers' tables (test/helpers/bad-configs.ts); fixtures and sample programs are not tests.
  const testFiles = listTs(path.join(REPO, "test")).filter((f) => f.endsWith(".test.ts") || path.dirname(f) === path.join(REPO, "test", "helpers"));
  const testText = unescape(testFiles.map((f) => fs.readFileSync(f, "utf8")).join("\n"));

  test("the source scan finds the rules (a broken scan would pass everything)", () => {
    // 50 calls today; file names only, so this file adds no rule's words to the texts searched.
    expect(texts.length + notLiteral.length).toBeGreaterThanOrEqual(50);
    expect(new Set(texts.map((t) => t.at.split(":")[0]))).toEqual(new Set([
      "components/ecs-service/image.ts", "components/ecs-service/index.ts", "components/ecs-service/settings.ts", "components/eks-cluster/access.ts",
      "components/eks-cluster/settings.ts", "components/eks-cluster/workload-settings.ts", "components/eks-cluster/workload-validate.ts",
      "components/monitoring/index.ts", "components/monitoring/settings.ts", "components/rds-postgres/index.ts", "components/rds-postgres/settings.ts",
      "components/redis/index.ts", "components/redis/settings.ts", "components/s3-backups/index.ts", "components/vpc/cidr.ts", "components/vpc/settings.ts",
      "src/issues.ts", "src/validate-common.ts",
    ]));
  });

  test("the allowed words of every issue(...) appear in a test", () => {
    const untested = texts.flatMap((t) => t.words.filter((w) => !testText.includes(w)).map((w) => `${t.at}: ${w}`));
    expect(untested).toEqual([]);
  });

  test("the calls without words of their own are exactly the listed exceptions", () => {
    expect(notLiteral.sort()).toEqual(Object.keys(NOT_LITERAL).sort());
  });
});

// ---------------------------------------------------------------------------
// The stack config: one bad value per section through the built CLI (`npx tsc -p tsconfig.build.json` first).

const web = (validConfig()["paved:services"] as { web: Record<string, unknown> }).web;
const SECTIONS: ReadonlyArray<readonly [string, Record<string, unknown>, string]> = [
  ["paved:vpc", { "paved:vpc": { availabilityZones: ["eu-west-1a", "eu-west-1a"] } }, 'paved:vpc.availabilityZones: found ["eu-west-1a","eu-west-1a"]; allowed each AZ at most once'],
  ["paved:services.<name>", { "paved:services": { web: { ...web, environmentVariables: { API_TOKEN: "x" } } } },
    'paved:services.web.environmentVariables.API_TOKEN: found "API_TOKEN"; allowed no secrets in plain environment variables; pass it in `secrets` as an ARN'],
  ["paved:database", { "paved:database": { passwordRotationDays: 0 } }, "paved:database.passwordRotationDays: found 0; allowed an integer 1–365"],
  ["paved:cache", { "paved:cache": { replicationGroupId: "Sessions" } }, 'paved:cache.replicationGroupId: found "Sessions"; allowed 1–40 lower-case letters, digits and single hyphens, starting with a letter'],
  ["paved:backups", { "paved:backups": { schedule: { restoreTestWeekly: "weekly" } } }, 'paved:backups.schedule.restoreTestWeekly: found "weekly"; allowed an AWS cron expression of six fields, such as "cron(0 5 * * ? *)"'],
  ["paved:kubernetes", { "paved:kubernetes": { deployRoleArn, nodes: { min: 3 } } }, "paved:kubernetes.nodes.min: found 3; allowed at most nodes.max (2)"],
  ["paved:kubernetes.workloads.<name>", { "paved:kubernetes": { deployRoleArn, workloads: { api: { namespace: "apps", image: "ghcr.io/acme/api:1", port: 8080, memory: "lots" } } } },
    'paved:kubernetes.workloads.api.memory: found "lots"; allowed a Kubernetes quantity such as "250m" or "256Mi"'],
  ["paved:monitoring", { "paved:monitoring": { anomalyThresholdUsd: 0 } }, "paved:monitoring.anomalyThresholdUsd: found 0; allowed a positive amount"],
];

describe("paved plan dev refuses a bad value in each config section", () => {
  test.concurrent.each(SECTIONS)("%s: exit 2, the full key, nothing on stdout", async (_section, change, line) => {
    const dir = tempProject({ dev: { ...validConfig(), ...change } });
    const r = await spawnCliAsync(["plan", "dev", "--cwd", dir]);
    expect([r.code, r.err]).toEqual([2, `paved: Invalid stack config (1 problem):\n  - ${line}\n`]);
    // No plan, no Verdict: the config is refused before the program runs.
    expect(r.out).toBe("");
    expectCleanError(r);
  });
});
