import * as fs from "node:fs";
import * as path from "node:path";
import { ALL_PACKS } from "../policies/rules";
import { CUSTOMER_MANAGED_KEYS } from "../policies/rules/encryption";
import { program } from "../stacks/program";
import { formatUrnList, planStack, record, urnDrift, type Plan } from "../src/testing";
import { REPO } from "./helpers/project";
import { parse } from "yaml";
import { ECS_SERVICE_SETTINGS } from "../components/ecs-service/settings";
import { RDS_POSTGRES_SETTINGS } from "../components/rds-postgres/settings";
import { REDIS_SETTINGS } from "../components/redis/settings";
import { stackAlarmSources } from "../stacks/config/alarm-sources";
import { parseStackConfig } from "../stacks/config/load";
import { resolveSettings, type SettingsSpec } from "../src/settings";
import type { z } from "zod";

function resolved<S extends object>(spec: SettingsSpec<z.ZodObject, S>, env: "dev" | "staging" | "prod", given: unknown): S {
  const r = resolveSettings(spec, env, given);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.settings;
}
import * as aws from "@pulumi/aws";

const STACKS = ["dev", "staging", "prod"] as const;
const plans = new Map<string, Plan>();
/** Resolved plans: the stack tests compare ids and outputs, which a preview leaves unknown. */
async function plan(stack: string): Promise<Plan> {
  if (!plans.has(stack)) plans.set(stack, await planStack({ dir: REPO, stack, program, packs: ALL_PACKS, mode: "resolve" }));
  return plans.get(stack)!;
}

describe.each(STACKS)("stack %s", (stack) => {
  test("the alarm ids the config loader checks overrides against are the alarms the stack creates", async () => {
    const p = await plan(stack);
    const flat = Object.fromEntries(Object.entries(parse(fs.readFileSync(path.join(REPO, `Pulumi.${stack}.yaml`), "utf8")).config as Record<string, unknown>)
      .map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    const cfg = parseStackConfig(flat, stack);
    const sources = stackAlarmSources({
      stack,
      services: Object.entries(cfg.services ?? {}).map(([name, v]) => ({ name, minTasks: v.scaling?.min ?? ECS_SERVICE_SETTINGS.presets[cfg.environment].scaling.min })),
      workloads: Object.entries(cfg.kubernetes?.workloads ?? {}).map(([name, w]) => ({ name, namespace: w.namespace })),
      database: resolved(RDS_POSTGRES_SETTINGS, cfg.environment, cfg.database), cache: resolved(REDIS_SETTINGS, cfg.environment, cfg.cache),
    });
    const expected = sources.flatMap((src) => src.alarmIds.map((id) => `main-${src.name}-${id}`)).sort();
    // MonitoringStack "main" names its alarms main-<source>-<id>; services also own deployment alarms, not sources.
    const created = p.all("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.name).filter((n) => n.startsWith("main-")).sort();
    const disabled = Object.entries(cfg.monitoring?.overrides ?? {}).filter(([, o]) => o.disabled).map(([k]) => `main-${k.replace("/", "-")}`);
    expect(created).toEqual(expected.filter((n) => !disabled.includes(n)));
    expect(created.length).toBeGreaterThan(10);
  });

  test("as a preview: the same URNs, no violation, nothing opaque; only values a preview cannot know are unknown", async () => {
    // At the customer-managed-key level: how Paved gates its own stacks.
    const preview = await planStack({ dir: REPO, stack, program, packs: ALL_PACKS, policyConfig: CUSTOMER_MANAGED_KEYS });
    const resolved = await plan(stack);
    expect(preview.mode).toBe("preview");
    expect(preview.resources.map((r) => r.urn).sort()).toEqual(resolved.resources.map((r) => r.urn).sort());
    expect(preview.violations).toEqual([]);
    expect(preview.opaque).toEqual([]);
    // Nothing of ours is created inside an apply: the preview shows every resource `pulumi up` would create.
    expect(preview.deferred).toEqual({ ran: true, resources: [] });
    // Every resource being created has an unknown id, as in `pulumi preview`.
    expect(preview.all().filter((r) => r.custom && r.id !== undefined)).toEqual([]);
    const vpc = preview.one("aws:ec2/vpc:Vpc", "main-vpc");
    expect(vpc.outputs.arn).toBe("[unknown]");
    expect(vpc.outputs.cidrBlock).toBe(resolved.one("aws:ec2/vpc:Vpc", "main-vpc").inputs.cidrBlock);
    expect(preview.one("aws:ec2/subnet:Subnet", "main-private-1").inputs.vpcId).toBe("[unknown]");
    expect(preview.outputs.vpcId).toBe("[unknown]");
    expect(preview.outputs.region).toBe("eu-west-1");
    // A first preview of our stacks decides every check (keys are followed to the aws:kms/key:Key they come from).
    expect([...new Set(preview.unknowns.map((u) => u.policy))].sort()).toEqual([]);
  });

  test("resolved: the stack's environment, every pack passes, nothing unknown", async () => {
    const p = await plan(stack);
    expect(p.meta).toEqual({ stack, project: "paved", environment: stack, mode: "resolve", lookups: expect.any(Array) });
    expect(p.meta.lookups?.map((l) => l.token)).toEqual(expect.arrayContaining(["aws:index/getAvailabilityZones:getAvailabilityZones", "aws:index/getCallerIdentity:getCallerIdentity"]));
    expect(p.violations).toEqual([]);
    expect(p.unknowns).toEqual([]);
    expect(p.outputs).toMatchObject({ environment: stack, region: "eu-west-1" });
    expect(p.outputs.vpcId).toBe(p.one("aws:ec2/vpc:Vpc", "main-vpc").id);
    expect(p.outputs.privateSubnetIds).toHaveLength(stack === "dev" ? 2 : 3);
  });

  test("URNs match the pinned list (a rename needs an alias)", async () => {
    const p = await plan(stack);
    const file = path.join(__dirname, "urns", `${stack}.txt`);
    const pinned = fs.readFileSync(file, "utf8").split("\n").filter(Boolean);
    const drift = urnDrift(p, pinned);
    if (process.env.PIN_URNS !== undefined) {
      // Re-pinning records new URNs; it never hides one `pulumi up` would delete (a rename without
      // an alias): that takes PIN_URNS=allow-deletions, an explicit decision to delete.
      if (process.env.PIN_URNS !== "allow-deletions") expect(drift.lost).toEqual([]);
      fs.writeFileSync(file, formatUrnList(p));
      return;
    }
    // lost: `pulumi up` would delete these. unpinned: new URNs, pin them with `npm run pin-urns`.
    expect(drift).toEqual({ lost: [], unpinned: [] });
  });

  test("every tagged resource carries environment, service, owner and cost-center", async () => {
    const p = await plan(stack);
    const tagged = p.all().filter((r) => r.inputs.tags !== undefined);
    expect(tagged.length).toBeGreaterThan(20);
    for (const r of tagged) {
      expect(Object.keys(r.inputs.tags as object)).toEqual(expect.arrayContaining(["environment", "service", "owner", "cost-center"]));
      expect(r.inputs.tags).toMatchObject({ environment: stack, owner: "platform-team", "cost-center": "cc-1040" });
    }
  });
});

test("the plan of the same stack is the same every time", async () => {
  const again = await planStack({ dir: REPO, stack: "prod", program, packs: ALL_PACKS, mode: "resolve" });
  expect(JSON.stringify(again.toJSON())).toBe(JSON.stringify((await plan("prod")).toJSON()));
  const previews = await Promise.all([1, 2].map(() => planStack({ dir: REPO, stack: "prod", program, packs: ALL_PACKS })));
  expect(JSON.stringify(previews[0]!.toJSON())).toBe(JSON.stringify(previews[1]!.toJSON()));
});

test("prod protects its stateful resources; dev does not", async () => {
  expect((await plan("prod")).all().filter((r) => r.options.protect).map((r) => r.type)).toEqual(expect.arrayContaining(["aws:kms/key:Key", "aws:cloudwatch/logGroup:LogGroup", "aws:ec2/vpc:Vpc"]));
  expect((await plan("dev")).all().filter((r) => r.options.protect)).toEqual([]);
});

describe("URN pinning", () => {
  const build = (name: string, aliases?: string[]) => record(() => {
    new aws.ec2.Vpc(name, { cidrBlock: "10.0.0.0/16" }, { aliases: aliases?.map((a) => ({ name: a })) });
  }, { stack: "dev" });

  test("a rename with an alias loses nothing", async () => {
    const before = formatUrnList(await build("old")).split("\n").filter(Boolean);
    const after = await build("new", ["old"]);
    expect(urnDrift(after, before).lost).toEqual([]);
    expect(urnDrift(after, before).unpinned).toEqual(["urn:pulumi:dev::paved::aws:ec2/vpc:Vpc::new"]);
  });

  test("a rename without an alias is flagged as lost", async () => {
    const before = formatUrnList(await build("old")).split("\n").filter(Boolean);
    expect(urnDrift(await build("new"), before).lost).toEqual(["urn:pulumi:dev::paved::aws:ec2/vpc:Vpc::old"]);
  });
});
