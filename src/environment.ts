/** The three environments every preset table is keyed by. */
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export function isEnvironment(v: unknown): v is Environment {
  return typeof v === "string" && (ENVIRONMENTS as readonly string[]).includes(v);
}

/** Copies only the keys whose value is not undefined, so an omitted arg never hides its preset. */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
