import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { ENVIRONMENTS, type Environment } from "../../src/environment";
import { overlay, resolveSettings, schemaAt, type Resolved, type SettingsSpec } from "../../src/settings";
import { REPO } from "./project";

export type AnySpec = SettingsSpec<z.ZodObject, object>;

/** Every settings spec the components export (found by shape, so a new component is covered without editing a test). */
export function specs(): AnySpec[] {
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

/** Leaf paths of a preset (nested maps walked; lists, scalars and one-of-several shapes are leaves). */
export function leaves(v: unknown, spec?: AnySpec, at: string[] = []): string[][] {
  const union = spec !== undefined && at.length > 0 && schemaAt(spec.schema, at, undefined) instanceof z.ZodUnion;
  if (!union && v !== null && typeof v === "object" && !Array.isArray(v)) return Object.entries(v).flatMap(([k, x]) => leaves(x, spec, [...at, k]));
  return [at];
}

/**
 * Values no rule of thumb finds, by component and path: the other form of a union, a first
 * entry for a list that is empty in every preset.
 */
export const EXTRA_CANDIDATES: Readonly<Record<string, readonly unknown[]>> = {
  "EksCluster.apiAccess": [{ mode: "public", cidrs: ["8.8.8.0/24"] }],
  "RdsPostgres.performanceInsights.retentionDays": [31, 731],
  "EksCluster.fargateNamespaces": [["batch"]],
  "Workload.ingress.namespaces": [["web"]],
  // The rule of thumb doubles a list; namespaces must be distinct.
  "EksCluster.namespaces": [["apps", "web"]],
  "Workload.ingress.cidrs": [["10.0.0.0/16"]],
};

/** Settings that exist to refuse the other value with a clear message: no other value resolves. */
export const ONLY_VALUE: ReadonlySet<string> = new Set(["Workload.privileged", "Workload.allowPrivilegeEscalation"]);

export const get = (o: unknown, p: readonly string[]): unknown => p.reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], o);
export const nest = (p: readonly string[], v: unknown): unknown => p.reduceRight<unknown>((inner, k) => ({ [k]: inner }), v);

/** Values to try instead of `current`: the other environments' presets, then ones derived from the type or the schema. */
export function candidates(spec: AnySpec, p: readonly string[], current: unknown): unknown[] {
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

/** An override of one leaf that resolves: the value `c`, the settings given (`given`, over the example) and what they resolved to. */
export interface LeafOverride {
  readonly c: unknown;
  readonly given: unknown;
  /** True when `given` is another environment's whole preset (settings valid only in pairs), not the one leaf alone. */
  readonly wholePreset: boolean;
  readonly r: Resolved<object> & { readonly ok: true };
}

/**
 * Every value for leaf `p` in `env` other than its preset that resolves, in the order tried: a
 * value alone, then (for settings valid only in pairs, such as Fargate's cpu and memory) with
 * another environment's preset around it; then `extra` values alone, which the caller adds.
 */
export function* overrides(spec: AnySpec, env: Environment, p: readonly string[], extra: readonly unknown[] = []): Generator<LeafOverride> {
  const current = get(spec.presets[env], p);
  const tries = [
    ...candidates(spec, p, current).map((c) => ({ c, given: overlay(spec.example ?? {}, nest(p, c)), wholePreset: false })),
    ...ENVIRONMENTS.filter((e) => e !== env).map((e) => ({ c: get(spec.presets[e], p), given: overlay(spec.example ?? {}, spec.presets[e]), wholePreset: true })),
    ...extra.map((c) => ({ c, given: overlay(spec.example ?? {}, nest(p, c)), wholePreset: false })),
  ].filter((t) => JSON.stringify(t.c) !== JSON.stringify(current));
  for (const t of tries) {
    const r = resolveSettings(spec, env, t.given);
    if (r.ok) yield { ...t, r };
  }
}

/** The first of `overrides`: what test/settings.test.ts checks. Undefined when no value resolves. */
export function firstOverride(spec: AnySpec, env: Environment, p: readonly string[]): LeafOverride | undefined {
  for (const o of overrides(spec, env, p)) return o;
  return undefined;
}
