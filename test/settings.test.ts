import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { ENVIRONMENTS, type Environment } from "../src/environment";
import { overlay, resolveSettings, schemaAt, type SettingsSpec } from "../src/settings";
import { REPO } from "./helpers/project";

type AnySpec = SettingsSpec<z.ZodObject, object>;

/** Every settings spec the components export (found by shape, so a new component is covered without editing this test). */
function specs(): AnySpec[] {
  const out: AnySpec[] = [];
  for (const folder of fs.readdirSync(path.join(REPO, "components"))) {
    const files = fs.readdirSync(path.join(REPO, "components", folder)).filter((f) => /(^|-)settings\.ts$/.test(f));
    for (const v of files.flatMap((f) => Object.values(require(path.join(REPO, "components", folder, f)) as Record<string, unknown>))) {
      const s = v as Partial<AnySpec>;
      if (s && typeof s === "object" && typeof s.component === "string" && s.schema instanceof z.ZodObject && s.presets) out.push(s as AnySpec);
    }
  }
  return out;
}

const SPECS = specs();

/** Leaf paths of a preset (nested maps walked; lists, scalars and one-of-several shapes are leaves). */
function leaves(v: unknown, spec?: AnySpec, at: string[] = []): string[][] {
  const union = spec !== undefined && at.length > 0 && schemaAt(spec.schema, at, undefined) instanceof z.ZodUnion;
  if (!union && v !== null && typeof v === "object" && !Array.isArray(v)) return Object.entries(v).flatMap(([k, x]) => leaves(x, spec, [...at, k]));
  return [at];
}

/**
 * Values no rule of thumb finds, by component and path: the other form of a union, a first
 * entry for a list that is empty in every preset.
 */
const EXTRA_CANDIDATES: Readonly<Record<string, readonly unknown[]>> = {
  "EksCluster.apiAccess": [{ mode: "public", cidrs: ["8.8.8.0/24"] }],
  "RdsPostgres.performanceInsights.retentionDays": [31, 731],
  "EksCluster.fargateNamespaces": [["batch"]],
  "Workload.ingress.namespaces": [["web"]],
  "Workload.ingress.cidrs": [["10.0.0.0/16"]],
};

/** Settings that exist to refuse the other value with a clear message: no other value resolves. */
const ONLY_VALUE: ReadonlySet<string> = new Set(["Workload.privileged", "Workload.allowPrivilegeEscalation"]);

const get = (o: unknown, p: readonly string[]): unknown => p.reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], o);
const nest = (p: readonly string[], v: unknown): unknown => p.reduceRight<unknown>((inner, k) => ({ [k]: inner }), v);

/** Values to try instead of `current`: the other environments' presets, then ones derived from the type or the schema. */
function candidates(spec: AnySpec, p: readonly string[], current: unknown): unknown[] {
  const out: unknown[] = [...ENVIRONMENTS.map((e) => get(spec.presets[e], p)), ...(EXTRA_CANDIDATES[`${spec.component}.${p.join(".")}`] ?? [])];
  const schema = schemaAt(spec.schema, p);
  if (schema instanceof z.ZodEnum) out.push(...(schema.options as unknown[]));
  if (typeof current === "boolean") out.push(!current);
  if (typeof current === "number") out.push(current + 1, current - 1, current * 2, Math.floor(current / 2));
  if (typeof current === "string") {
    out.push(`${current}x`);
    // Each number in the string one up and one down, same width ("1.33" → "1.34", "03:00" → "02:00").
    const runs = [...current.matchAll(/\d+/g)];
    for (const m of runs) {
      for (const d of [1, -1]) {
        const n = String(Number(m[0]) + d).padStart(m[0].length, "0");
        out.push(current.slice(0, m.index) + n + current.slice(m.index! + m[0].length));
      }
    }
  }
  if (Array.isArray(current)) out.push([...current, ...current].slice(0, current.length + 1), current.slice(0, 1));
  return out.filter((c) => JSON.stringify(c) !== JSON.stringify(current));
}

describe.each(SPECS.map((s) => [s.component, s] as const))("settings of %s", (_name, spec) => {
  test.each([...ENVIRONMENTS])("the %s preset passes its own schema and rules", (env) => {
    const r = resolveSettings(spec, env, spec.example ?? {});
    expect(r.issues).toEqual([]);
    const parsed = spec.schema.safeParse({ ...spec.example, ...spec.presets[env] });
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  test("every setting given overrides its preset in every environment (an ignored arg fails)", () => {
    const untestable: string[] = [];
    let checked = 0;
    for (const env of ENVIRONMENTS as readonly Environment[]) {
      for (const p of leaves(spec.presets[env], spec)) {
        if (ONLY_VALUE.has(`${spec.component}.${p.join(".")}`)) continue;
        const current = get(spec.presets[env], p);
        // A value alone, or (for settings valid only in pairs, such as Fargate's cpu and memory) with another environment's preset around it.
        const tries = [
          ...candidates(spec, p, current).map((c) => ({ c, given: overlay(spec.example ?? {}, nest(p, c)) })),
          ...ENVIRONMENTS.filter((e) => e !== env).map((e) => ({ c: get(spec.presets[e], p), given: overlay(spec.example ?? {}, spec.presets[e]) })),
        ].filter((t) => JSON.stringify(t.c) !== JSON.stringify(current));
        const given = tries.map((t) => ({ c: t.c, r: resolveSettings(spec, env, t.given) })).find((x) => x.r.ok);
        if (!given) {
          untestable.push(`${env}:${p.join(".")}`);
          continue;
        }
        expect(given.r.ok && get(given.r.settings, p)).toEqual(given.c);
        // Siblings keep their preset: a nested map is merged key by key, not replaced.
        const sibling = leaves(spec.presets[env], spec).find((q) => q.length === p.length && q.join(".") !== p.join(".") && q.slice(0, -1).join(".") === p.slice(0, -1).join("."));
        if (sibling && given.r.ok && !spec.derive) expect(get(given.r.settings, sibling)).toEqual(get(overlay(spec.presets[env], {}), sibling));
        checked++;
      }
    }
    expect(untestable).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  test("an unknown key is refused with the keys allowed there", () => {
    const r = resolveSettings(spec, "dev", { ...spec.example, nonsense: 1 });
    // Component args carry more than settings (network, transforms…); only the schema's keys are read from them.
    expect(r.ok).toBe(true);
    const parsed = spec.schema.safeParse({ ...spec.example, nonsense: 1 });
    expect(parsed.success).toBe(false);
  });
});

test("every component folder has a settings spec", () => {
  expect(SPECS.map((s) => s.component).sort()).toEqual(expect.arrayContaining(["EcsCluster", "EcsService", "EksCluster", "MonitoringStack", "RdsPostgres", "Redis", "S3Backups", "Vpc", "Workload"]));
});
