import * as fs from "node:fs";

/**
 * A plan JSON of any size for the `paved check` figure of `npm run bench`:
 * the resources of a real plan, replicated with unique URNs (every URN a copy
 * refers to, as parent, dependency or input, is renamed with it).
 */
export interface PlanDoc {
  readonly stack: string;
  readonly resources: ReadonlyArray<Record<string, unknown>>;
  readonly [key: string]: unknown;
}

/** The same value with every string that is a key of `renames` replaced by its value. */
function renamed(value: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") return renames.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => renamed(v, renames));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renamed(v, renames)]));
}

/** Whole copies of `doc`'s resources until there are at least `target` (each copy a coherent stack); copy n renames every URN `x::name` to `x::name-cN`. */
export function replicatePlan(doc: PlanDoc, target: number): PlanDoc {
  const urns = doc.resources.map((r) => String(r.urn));
  const copies = Math.ceil(target / Math.max(1, doc.resources.length));
  const resources: Array<Record<string, unknown>> = [];
  for (let n = 0; n < copies; n++) {
    const renames = new Map(urns.map((u) => [u, n === 0 ? u : `${u}-c${n}`] as const));
    for (const r of doc.resources) {
      const copy = renamed(r, renames) as Record<string, unknown>;
      resources.push(n === 0 ? copy : { ...copy, name: `${String(r.name)}-c${n}` });
    }
  }
  return { ...doc, resources, violations: [], unknowns: [] };
}

/** Copies of a plan JSON file, written next to it as `<file>-<target>.json`: for profiling `paved check` by hand. */
if (require.main === module) {
  const [file, target = "20000"] = process.argv.slice(2);
  if (!file) throw new Error("usage: node dist/bench/check-scale.js PLAN.json [RESOURCES]");
  const out = file.replace(/\.json$/, "") + `-${target}.json`;
  fs.writeFileSync(out, JSON.stringify(replicatePlan(JSON.parse(fs.readFileSync(file, "utf8")) as PlanDoc, Number(target))));
  process.stdout.write(`${out}\n`);
}
