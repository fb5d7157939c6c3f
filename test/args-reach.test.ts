import * as aws from "@pulumi/aws";
import { EcsCluster, EcsService, type EcsServiceArgs } from "../components/ecs-service";
import { EksCluster, Workload, type EksClusterArgs, type WorkloadArgs } from "../components/eks-cluster";
import { MonitoringStack, type MonitoringStackArgs } from "../components/monitoring";
import { RdsPostgres, type RdsPostgresArgs } from "../components/rds-postgres";
import { Redis, type RedisArgs } from "../components/redis";
import { S3Backups, type S3BackupsArgs } from "../components/s3-backups";
import { Vpc, type VpcArgs } from "../components/vpc";
import { ENVIRONMENTS, type Environment } from "../src/environment";
import { overlay, resolveSettings } from "../src/settings";
import { record } from "../src/testing";
import { get, leaves, nest, ONLY_VALUE, overrides, specs, type AnySpec, type LeafOverride } from "./helpers/settings-leaves";

/**
 * Every settings leaf must reach a resource: the settings tests prove that an override is
 * resolved; this proves the component then uses it. For each component and environment the
 * preset is planned once, then each leaf is overridden alone (the first value that resolves,
 * as test/settings.test.ts picks it) and the recorded resources (URN, inputs, options) must
 * differ. A component that resolves a setting and then reads something else (the environment,
 * a constant) fails here.
 */

type Settings = Readonly<Record<string, unknown>>;

/** Each component under minimal valid args, as its own tests build it; `given` (settings) goes on top. */
interface Builder {
  /** Environments to plan in. @default all three */
  readonly environments?: readonly Environment[];
  readonly build: (environment: Environment, given: Settings) => void;
}

const SOURCE_ALARM = (id: string, severity: "page" | "notify") => ({
  id, description: id, namespace: "AWS/ApplicationELB", metricName: id, dimensions: { LoadBalancer: "app/web/1" }, statistic: "Average" as const,
  periodSeconds: 60, evaluationPeriods: 1, threshold: 1, comparison: "GreaterThanThreshold" as const, severity, treatMissingData: "missing" as const,
});

// The settings objects are schema-shaped, not args-typed; each component validates them itself, so the casts only skip a compile-time check.
const BUILDERS: Readonly<Record<string, Builder>> = {
  Vpc: { build: (environment, given) => void new Vpc("net", { ...given, environment } as VpcArgs) },
  EcsCluster: { build: (environment, given) => void new EcsCluster("apps", { ...given, environment }) },
  EcsService: {
    build: (environment, given) => void new EcsService("web", {
      clusterName: "apps", certificate: { arn: "arn:aws:acm:eu-west-1:111122223333:certificate/abc" },
      network: { vpcId: "vpc-0abc", cidrBlock: "10.30.0.0/16", publicSubnetIds: ["subnet-pub-1", "subnet-pub-2"], privateSubnetIds: ["subnet-app-1", "subnet-app-2"] },
      ...given, environment,
    } as EcsServiceArgs),
  },
  EksCluster: {
    build: (environment, given) => void new EksCluster("k8s", {
      network: { vpcId: "vpc-0abc", privateSubnetIds: ["subnet-a", "subnet-b", "subnet-c"] }, ...given, environment,
    } as EksClusterArgs),
  },
  // A Workload has no environment arg: one preset for all (workload-settings.ts), planned once.
  Workload: { environments: ["prod"], build: (_environment, given) => void new Workload("api", { namespace: "apps", image: "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine", port: 8080, ...given } as WorkloadArgs) },
  MonitoringStack: {
    build: (environment, given) => void new MonitoringStack("main", {
      // The preset thresholds are keyed by alarm id: the source carries those ids so they have an alarm to reach.
      sources: [
        { name: "web", kind: "service", alarms: [SOURCE_ALARM("5xx-rate", "page"), SOURCE_ALARM("latency-p95", "page"), SOURCE_ALARM("cpu-high", "notify")] },
        { name: "backups", kind: "backups", alarms: [], events: [{ id: "backup-job-failed", description: "d", pattern: { source: ["aws.backup"] }, severity: "page" }] },
      ],
      ...given, environment,
    } as MonitoringStackArgs),
  },
  RdsPostgres: {
    build: (environment, given) => {
      const dr = new aws.Provider("dr", { region: "eu-central-1" });
      new RdsPostgres("orders", {
        network: { vpcId: "vpc-0abc", dbSubnetGroupName: "data-subnets" }, allowedSecurityGroupIds: ["sg-app"], disasterRecovery: { provider: dr }, ...given, environment,
      } as RdsPostgresArgs);
    },
  },
  Redis: {
    build: (environment, given) => void new Redis("sessions", {
      network: { vpcId: "vpc-0abc", cacheSubnetGroupName: "cache-subnets" }, allowedSecurityGroupIds: ["sg-app"], ...given, environment,
    } as RedisArgs),
  },
  S3Backups: {
    build: (environment, given) => {
      const dr = new aws.Provider("dr", { region: "eu-central-1" });
      new S3Backups("backups", {
        disasterRecovery: { provider: dr }, restoreTestDatabaseArns: ["arn:aws:rds:eu-west-1:111122223333:db:prod-main"],
        restoreTestNetwork: { dbSubnetGroupName: "prod-main-db", securityGroupIds: ["sg-0db0000000000001"] }, ...given, environment,
      } as S3BackupsArgs);
    },
  },
};

/**
 * Leaves read only when another setting has a given value (checked in the code): these are
 * overridden together with `when` and compared with `when` alone. In an environment whose preset
 * differs from `when`, the leaf alone must change nothing, or the entry is wrong.
 */
const ONLY_WITH: Readonly<Record<string, { readonly when: Settings; readonly why: string }>> = {
  "Vpc.natInstanceType": { when: { nat: "instance" }, why: "the NAT instance's type: there is an instance only with nat: instance (components/vpc/index.ts)" },
  "S3Backups.schedule.restoreTestDaily": { when: { restoreTesting: "daily" }, why: "the restore testing plan's schedule with restoreTesting: daily (components/s3-backups/index.ts)" },
  "S3Backups.schedule.restoreTestWeekly": { when: { restoreTesting: "weekly" }, why: "the restore testing plan's schedule with restoreTesting: weekly (components/s3-backups/index.ts)" },
  "EcsService.deployment.percent": { when: { deployment: { strategy: "canary" } }, why: "the canary or linear step's percent; a rolling deployment has no steps (components/ecs-service/index.ts)" },
  "EcsService.deployment.bakeMinutes": { when: { deployment: { strategy: "canary" } }, why: "the bake time of an ECS-native deployment; a rolling one has none (components/ecs-service/index.ts)" },
};

/**
 * Leaves that change no resource of their own component, with why (checked in the code).
 * An entry that does change a resource fails too, so the table cannot go stale.
 */
const NO_RESOURCE: Readonly<Record<string, string>> = {
  "EcsService.allowRootUser": "a permission the settings rules read (a root `user` is refused without it); no child reads it, `user` sets the input",
};

/**
 * Values that resolve but fail to construct: product bugs, listed so the rest still runs (the
 * next value that resolves is used instead). An entry whose value constructs fails the test: drop it.
 */
const CONSTRUCTION_FAILS: Readonly<Record<string, string>> = {
};

/** Values tried after every other (test/settings.test.ts does not use them), where those all fail to construct. */
const MORE_CANDIDATES: Readonly<Record<string, readonly unknown[]>> = {};

/** What is compared: every resource's URN, inputs and options, in URN order. */
async function fingerprint(b: Builder, environment: Environment, given: Settings): Promise<string> {
  const plan = await record(() => b.build(environment, given), { mode: "resolve", stack: environment, config: { "aws:region": "eu-west-1" } });
  return JSON.stringify([...plan.resources].map((r) => ({ urn: r.urn, inputs: r.inputs, options: r.options })).sort((x, y) => x.urn.localeCompare(y.urn)));
}

const SPECS = specs();

test("every spec has a builder here (a new component must be constructible below)", () => {
  expect(SPECS.map((s) => s.component).filter((c) => !(c in BUILDERS))).toEqual([]);
});

const CASES = SPECS.filter((s) => s.component in BUILDERS).flatMap((spec) => (BUILDERS[spec.component]?.environments ?? ENVIRONMENTS).map((env) => [spec.component, env, spec] as const));

// Every leaf in every environment (about 300 plans, some 30 s of CPU): the presets differ by environment, and so
// do the branches a setting is read in (nat, restoreTesting), and a leaf whose preset is the same everywhere can
// still be shadowed in one environment only (`this.environment === "prod" ? 30 : s.backupRetentionDays`).
describe.each(CASES)("%s in %s", (component, env, spec: AnySpec) => {
  test("every setting overridden alone changes a resource", async () => {
    const b = BUILDERS[component]!;
    const example = (spec.example ?? {}) as Settings;
    // One plan per distinct settings given: the preset's baseline is planned once and reused by every leaf.
    const plans = new Map<string, Promise<string>>();
    const plan = (given: unknown): Promise<string> => {
      const k = JSON.stringify(given);
      if (!plans.has(k)) plans.set(k, fingerprint(b, env, given as Settings));
      return plans.get(k)!;
    };
    const baseline = await plan(example);
    // The engine must be deterministic, or any override would look like a change (checked once per component).
    if (env === (b.environments ?? ENVIRONMENTS)[0]) expect(await fingerprint(b, env, example)).toBe(baseline);
    const resolves = (given: unknown): boolean => resolveSettings(spec, env, given).ok;
    const unchanged: string[] = [];
    const problems: string[] = [];

    /** The first override of `p` (with `when` on top) that resolves and constructs; the ones that resolve and then fail are noted. */
    type Built = { readonly ok: true; readonly o: LeafOverride; readonly given: unknown; readonly after: string; readonly failed: readonly string[] }
      | { readonly ok: false; readonly failed: readonly string[] };
    const firstBuilt = async (key: string, p: readonly string[], when: Settings | undefined): Promise<Built> => {
      const failed: string[] = [];
      for (const o of overrides(spec, env, p, MORE_CANDIDATES[key])) {
        const given = when ? overlay(o.given, when) : o.given;
        if (!resolves(given)) continue;
        try {
          return { ok: true, o, given, after: await plan(given), failed };
        } catch (e) {
          failed.push(`${key} in ${env}: ${JSON.stringify(o.c)} resolves but fails to construct: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}`);
        }
      }
      return { ok: false, failed };
    };

    for (const p of leaves(spec.presets[env], spec)) {
      const key = `${component}.${p.join(".")}`;
      if (ONLY_VALUE.has(key)) continue;
      const when = ONLY_WITH[key]?.when;
      const built = await firstBuilt(key, p, when);
      if (!(key in CONSTRUCTION_FAILS)) problems.push(...built.failed);
      else if (built.failed.length === 0) problems.push(`${key} in ${env}: listed in CONSTRUCTION_FAILS but its first value constructs`);
      if (!built.ok) {
        problems.push(`${key} in ${env}: no override resolves and constructs${when ? ` with ${JSON.stringify(when)}` : ""}`);
        continue;
      }
      // A conditional leaf is compared with its condition alone. A pair override (another environment's whole
      // preset) with that preset but this leaf's own value, when that resolves: the difference is this leaf's alone.
      const without = overlay(built.given, nest(p, get(spec.presets[env], p)));
      const reference = when ? overlay(example, when) : built.o.wholePreset && resolves(without) ? without : example;
      const changed = built.after !== (await plan(reference));
      if (key in NO_RESOURCE) {
        if (changed) problems.push(`${key} in ${env}: listed in NO_RESOURCE but overriding it changes a resource`);
      } else if (!changed) unchanged.push(`${key} in ${env}: overriding it changed no resource`);
      // Where the preset does not meet the condition, the leaf alone must change nothing, or the condition is not why.
      if (when && (await plan(reference)) !== baseline) {
        const alone = await firstBuilt(key, p, undefined);
        if (alone.ok && alone.after !== baseline) problems.push(`${key} in ${env}: listed in ONLY_WITH but overriding it alone changes a resource`);
      }
    }
    expect({ unchanged, problems }).toEqual({ unchanged: [], problems: [] });
  });
});
