/**
 * A validation problem: the arg or config path, and a message that says what
 * was found and what is allowed. Components print `path: message` (ArgError);
 * the stack config prints `paved:<section>.path: message` (ConfigError).
 */
export interface Issue {
  readonly path: string;
  readonly message: string;
}

/** Renders a found value the way every error message shows it. */
export function show(v: unknown): string {
  if (v === undefined) return "nothing";
  // JSON has no Infinity or NaN (YAML's .inf would print as null).
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  if (typeof v === "string") return JSON.stringify(v.length > 100 ? `${v.slice(0, 97)}...` : v);
  try {
    const s = JSON.stringify(v);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(v);
  }
}

export function issue(path: string, found: unknown, allowed: string): Issue {
  return { path, message: `found ${show(found)}; allowed ${allowed}` };
}

/** Every issue of an integer that must lie in [min, max]. */
export function checkInt(path: string, v: number | undefined, min: number, max: number): Issue[] {
  if (v === undefined) return [];
  return Number.isInteger(v) && v >= min && v <= max ? [] : [issue(path, v, `an integer ${min}–${max}`)];
}
