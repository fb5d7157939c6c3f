import { ENVIRONMENTS, type Environment } from "../src/environment";
import { overlay, resolveSettings } from "../src/settings";
import { firstOverride, get, leaves, ONLY_VALUE, specs } from "./helpers/settings-leaves";

const SPECS = specs();

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
        // A value alone, or (for settings valid only in pairs, such as Fargate's cpu and memory) with another environment's preset around it.
        const given = firstOverride(spec, env, p);
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
