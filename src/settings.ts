import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ENVIRONMENTS, isEnvironment, type Environment } from "./environment";
import { show, type Issue } from "./issues";
import { closest } from "./suggest";

/**
 * One settings schema per component: what a caller may set (types, ranges,
 * patterns, docs), the per-environment presets, and the rules across fields.
 * The component parses its args with it, the stack config composes the
 * schemas by section, and the JSON Schema of Pulumi.<stack>.yaml is generated
 * from them, so every caller meets the same rules.
 */
export interface SettingsSpec<Schema extends z.ZodObject, Settings extends object> {
  /** The component's class name, in messages. */
  readonly component: string;
  /** What a caller may give; every key optional unless the component cannot do without it. */
  readonly schema: Schema;
  /** The settings in effect per environment when nothing is given. */
  readonly presets: Readonly<Record<Environment, Settings>>;
  /** The least a caller must give (the schema's required keys), for docs and the settings tests. */
  readonly example?: Readonly<Record<string, unknown>>;
  /** Values derived from what was given (e.g. azCount from availabilityZones), before the rules run. */
  readonly derive?: (merged: Settings, given: z.output<Schema>) => Settings;
  /** Rules across fields, on the settings in effect (the preset overridden by what was given). */
  readonly rules?: (settings: Settings, environment: Environment, given: z.output<Schema>) => Issue[];
}

export type Resolved<Settings> =
  | { readonly ok: true; readonly settings: Settings; readonly issues: readonly [] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** The keys of the schema picked from an args object (args also carry inputs no schema describes). */
function pick(schema: z.ZodObject, given: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (given === null || typeof given !== "object") return out;
  for (const key of Object.keys(schema.shape)) {
    const v = (given as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * The preset overridden by every defined value, nested maps merged key by key;
 * lists and scalars replace. An omitted (undefined) value never hides its preset.
 */
export function overlay<T>(preset: T, given: unknown): T {
  if (!isPlainObject(preset) || !isPlainObject(given)) return (given === undefined ? preset : given) as T;
  const out: Record<string, unknown> = { ...preset };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) out[k] = overlay(out[k], v);
  return out as T;
}

/**
 * The settings in effect for `environment`: what `given` sets (checked by the
 * schema) over the preset, then the cross-field rules. Every problem at once.
 * `given` may be a component's whole args object: only the schema's keys are read.
 */
export function resolveSettings<Schema extends z.ZodObject, Settings extends object>(
  spec: SettingsSpec<Schema, Settings>,
  environment: unknown,
  given: unknown,
): Resolved<Settings> {
  const issues: Issue[] = [];
  if (!isEnvironment(environment)) issues.push({ path: "environment", message: `found ${show(environment)}; allowed ${ENVIRONMENTS.join(" | ")}` });
  const picked = pick(spec.schema, given);
  const parsed = spec.schema.safeParse(picked);
  if (!parsed.success) issues.push(...describeZodIssues(spec.schema, picked, parsed.error.issues));
  if (!parsed.success || !isEnvironment(environment)) return { ok: false, issues };
  const merged = overlay(spec.presets[environment], parsed.data);
  const settings = spec.derive ? spec.derive(merged, parsed.data) : merged;
  const broken = spec.rules?.(settings, environment, parsed.data) ?? [];
  return broken.length > 0 ? { ok: false, issues: broken } : { ok: true, settings, issues: [] };
}

// ---------------------------------------------------------------------------
// Vocabulary: every check carries the "allowed" half of its message, in words
// a user reads, so a zod issue becomes "found X; allowed Y" without zod's text.

/** An integer in [min, max]. */
export function int(min: number, max: number): z.ZodNumber {
  const error = `an integer ${min}–${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** A number in [min, max] (max optional). */
export function num(min: number, max?: number, allowed?: string): z.ZodNumber {
  const error = allowed ?? (max === undefined ? `a number ≥ ${min}` : `a number ${min}–${max}`);
  const n = z.number({ error }).min(min, { error });
  return max === undefined ? n : n.max(max, { error });
}

/** A positive amount (more than 0). */
export function positive(allowed = "a positive amount"): z.ZodNumber {
  return z.number({ error: allowed }).positive({ error: allowed });
}

export function bool(): z.ZodBoolean {
  return z.boolean({ error: "true or false" });
}

/** One of the listed strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T): z.ZodEnum<{ [K in T[number]]: K }> {
  return z.enum(values, { error: values.map((v) => JSON.stringify(v)).join(" | ") });
}

/** One of the listed integers (e.g. CloudWatch's retention days). */
export function oneOfNumbers(values: readonly number[]): z.ZodNumber {
  const error = `one of ${values.join(", ")}`;
  // The refinement is code; the enum in the metadata lets the generated JSON Schema state it too.
  return z.number({ error }).refine((v) => values.includes(v), { error }).meta({ enum: [...values] });
}

/** A string matching `pattern`, described in words by `allowed`. */
export function text(pattern: RegExp, allowed: string): z.ZodString {
  return z.string({ error: allowed }).regex(pattern, { error: allowed });
}

/** A string `test` accepts (e.g. a CIDR inside a private range), described by `allowed`. */
export function checked(test: (v: string) => boolean, allowed: string): z.ZodString {
  return z.string({ error: allowed }).refine(test, { error: allowed });
}

/**
 * A Pulumi input (a string now, or an Output/Promise of one): the schema can
 * check a plain string with `plain`, and takes anything computed as it is.
 */
export function input(plain: z.ZodString): z.ZodType<string | pulumi.Output<string> | Promise<string>> {
  return z.union([plain, z.custom<pulumi.Output<string> | Promise<string>>((v) => pulumi.Output.isInstance(v) || v instanceof Promise)], { error: plain.description ?? "a string or a Pulumi output" });
}

/** Any non-empty string. */
export function str(allowed = "a non-empty string"): z.ZodString {
  return z.string({ error: allowed }).min(1, { error: allowed });
}

/** A list of `item`, described by `allowed` when it is not a list. */
export function list<T extends z.ZodType>(item: T, allowed: string): z.ZodArray<T> {
  return z.array(item, { error: allowed });
}

/** A map from names to `value`. */
export function map<T extends z.ZodType>(value: T, allowed: string, key: z.ZodString = z.string()): z.ZodRecord<z.ZodString, T> {
  return z.record(key, value, { error: allowed });
}

/** A map with exactly these keys (each optional unless the schema says otherwise). */
export function object<S extends z.core.$ZodLooseShape>(shape: S, allowed?: string): z.ZodObject<S, z.core.$strict> {
  return z.strictObject(shape, { error: allowed ?? `a map with the keys ${Object.keys(shape).join(", ")}` });
}

// ---------------------------------------------------------------------------
// From zod issues to messages.

function unwrap(s: z.ZodType): z.ZodType {
  if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) return unwrap(s.unwrap() as z.ZodType);
  return s;
}

/** The object option of a union that `value` is meant for: its literal keys (the discriminator) match. */
function optionFor(u: z.ZodUnion, value: unknown): z.ZodObject | undefined {
  const objects = (u.options as readonly z.ZodType[]).map(unwrap).filter((o): o is z.ZodObject => o instanceof z.ZodObject);
  const v = (value ?? {}) as Record<string, unknown>;
  const matches = (o: z.ZodObject): boolean => Object.entries(o.shape as Record<string, z.ZodType>)
    .every(([k, f]) => !(f instanceof z.ZodLiteral) || [...f.values].includes(v[k] as never));
  const literal = objects.filter((o) => Object.values(o.shape as Record<string, z.ZodType>).some((f) => f instanceof z.ZodLiteral));
  return (literal.length > 0 ? literal.find(matches) : undefined) ?? objects.find((o) => Object.keys(v).some((k) => k in o.shape));
}

/** The schema at `path` (through objects, records, lists, unions and optionals), if one is found; `raw` picks a union's option. */
export function schemaAt(schema: z.ZodType, path: readonly PropertyKey[], raw?: unknown): z.ZodType | undefined {
  let cur: z.ZodType | undefined = schema;
  let value = raw;
  const pick = (s: z.ZodType): z.ZodType => (s instanceof z.ZodUnion ? optionFor(s, value) ?? s : s);
  for (const key of path) {
    if (cur === undefined) return undefined;
    const s = pick(unwrap(cur));
    value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined;
    if (s instanceof z.ZodObject) cur = (s.shape as Record<string, z.ZodType>)[String(key)];
    else if (s instanceof z.ZodRecord) cur = s.valueType as z.ZodType;
    else if (s instanceof z.ZodArray) cur = s.element as z.ZodType;
    else cur = undefined;
  }
  return cur === undefined ? undefined : pick(unwrap(cur));
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur = root;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** `a.b[0].c` for ["a", "b", 0, "c"]. */
export function pathText(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`;
  return out;
}

/** Zod's own wording ("Invalid input", "Too big: …"), which no schema here asks for. */
const ZOD_WORDING = /^(Invalid|Too (big|small)|Unrecognized|Expected)/;

function allowedByDefault(i: z.core.$ZodIssue): string {
  switch (i.code) {
    case "invalid_type":
      return i.expected === "int" ? "an integer" : `${/^[aeiou]/.test(i.expected) ? "an" : "a"} ${i.expected}`;
    case "invalid_value":
      return i.values.map((v) => JSON.stringify(v)).join(" | ");
    case "too_small":
      return i.origin === "string" ? (Number(i.minimum) === 1 ? "a non-empty string" : `at least ${String(i.minimum)} characters`) : i.origin === "array" ? `at least ${String(i.minimum)} items` : `at least ${String(i.minimum)}`;
    case "too_big":
      return i.origin === "string" ? `at most ${String(i.maximum)} characters` : i.origin === "array" ? `at most ${String(i.maximum)} items` : `at most ${String(i.maximum)}`;
    case "invalid_format":
      return `a value in the ${i.format} format`;
    default:
      return "a value of the documented form";
  }
}

/**
 * Each zod issue as `{ path, message: "found X; allowed Y" }`: the allowed
 * half from the schema's own words, unknown keys with the keys allowed there
 * and the nearest one, a missing value as "nothing (required)".
 */
export function describeZodIssues(schema: z.ZodType, raw: unknown, issues: readonly z.core.$ZodIssue[]): Issue[] {
  const out: Issue[] = [];
  for (const i of issues) {
    if (i.code === "unrecognized_keys") {
      const at = schemaAt(schema, i.path, raw);
      const allowed = at instanceof z.ZodObject ? Object.keys(at.shape) : [];
      for (const k of i.keys) {
        const hint = closest(k, allowed);
        out.push({
          path: pathText([...i.path, k]),
          message: `unknown key${hint ? ` (did you mean "${hint}"?)` : ""}; ${allowed.length > 0 ? `allowed keys: ${allowed.join(", ")}` : "no keys are allowed here"}`,
        });
      }
      continue;
    }
    const found = valueAt(raw, i.path);
    const allowed = ZOD_WORDING.test(i.message) ? allowedByDefault(i) : i.message;
    out.push({ path: pathText(i.path), message: `found ${found === undefined ? "nothing (required)" : show(found)}; allowed ${allowed}` });
  }
  // A value wrong in several ways (type, then range) is reported once.
  return out.filter((x, n) => out.findIndex((y) => y.path === x.path && y.message === x.message) === n);
}
