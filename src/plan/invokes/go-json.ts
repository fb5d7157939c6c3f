/**
 * JSON text exactly as Go's encoding/json writes it (Marshal and MarshalIndent
 * with two spaces): map keys sorted by bytes, struct fields in declaration
 * order, and <, >, &, U+2028, U+2029 escaped as \u00XX. The AWS provider renders
 * policy documents this way, and users compare its output byte for byte.
 */
export type GoJson = string | number | boolean | null | GoJson[] | GoObject;

/** An object whose entries keep the order given (a Go struct); use goMap for a Go map. */
export interface GoObject { readonly entries: ReadonlyArray<readonly [string, GoJson]> }

export function goObject(entries: ReadonlyArray<readonly [string, GoJson | undefined]>): GoObject {
  return { entries: entries.filter((e): e is readonly [string, GoJson] => e[1] !== undefined) };
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** A Go map: entries sorted by key bytes. */
export function goMap(map: ReadonlyMap<string, GoJson> | Readonly<Record<string, GoJson>>): GoObject {
  const entries = map instanceof Map ? [...map.entries()] : Object.entries(map);
  return { entries: entries.sort(([a], [b]) => byteOrder(a, b)) };
}

/** A value decoded from JSON into Go's `any`: objects become maps. */
export function fromParsed(v: unknown): GoJson {
  if (Array.isArray(v)) return v.map(fromParsed);
  if (v !== null && typeof v === "object") {
    return goMap(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromParsed(x)])));
  }
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v === null) return v;
  return null;
}

export function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function isObject(v: GoJson): v is GoObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Go's json.Marshal (indent undefined) or json.MarshalIndent(v, "", indent). */
export function encodeGoJson(v: GoJson, indent?: string, depth = 0): string {
  const nl = indent === undefined ? "" : `\n${indent.repeat(depth + 1)}`;
  const close = indent === undefined ? "" : `\n${indent.repeat(depth)}`;
  const colon = indent === undefined ? ":" : ": ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[${v.map((x) => nl + encodeGoJson(x, indent, depth + 1)).join(",")}${close}]`;
  }
  if (isObject(v)) {
    if (v.entries.length === 0) return "{}";
    return `{${v.entries.map(([k, x]) => `${nl}${goString(k)}${colon}${encodeGoJson(x, indent, depth + 1)}`).join(",")}${close}}`;
  }
  if (typeof v === "string") return goString(v);
  return JSON.stringify(v);
}
