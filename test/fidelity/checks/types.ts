/** What a fidelity check reads of a planned resource (a RecordedResource or a plan JSON resource). */
export interface FidelityResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
  /** URNs it waits for (dependsOn and inputs). */
  readonly dependencies?: readonly string[];
}

/** One place where a plan disagrees with what AWS or Kubernetes will do. */
export interface Finding {
  readonly check: string;
  readonly urn: string;
  readonly message: string;
}

export type Check = (resources: readonly FidelityResource[]) => Finding[];

export const ofType = (resources: readonly FidelityResource[], type: string): FidelityResource[] => resources.filter((r) => r.type === type);

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Values at a dotted path; `[]` after a segment walks every element of a list. */
export function valuesAt(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const segment of path.split(".")) {
    const list = segment.endsWith("[]");
    const key = list ? segment.slice(0, -2) : segment;
    const next: unknown[] = [];
    for (const v of current) {
      const child = key === "" ? v : isRecord(v) ? v[key] : undefined;
      if (child === undefined || child === null) continue;
      if (list) { if (Array.isArray(child)) next.push(...child); } else next.push(child);
    }
    current = next;
  }
  return current;
}

/** A JSON document held in a string input (policies, dashboards, add-on configuration). */
export function parseJson(value: unknown): unknown {
  if (typeof value !== "string") return isRecord(value) || Array.isArray(value) ? value : undefined;
  try { return JSON.parse(value); } catch { return undefined; }
}
