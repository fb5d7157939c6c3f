import { crc32 } from "./crc32";
import { encodeGoJson, fromParsed, goMap, goObject, type GoJson } from "./go-json";
import { objects, str, strings } from "./common";

/**
 * aws.iam.getPolicyDocument, rendered as the Terraform AWS provider that
 * Pulumi bridges does (internal/service/iam/policy_document_data_source.go and
 * policy_model.go in hashicorp/terraform-provider-aws; documented at
 * pulumi.com/registry/packages/aws/api-docs/iam/getpolicydocument):
 * - set-valued lists (actions, resources, principal identifiers) are de-duplicated,
 *   a single element collapses to a string, more are sorted in reverse order;
 * - condition values keep their order, a single value collapses to a string;
 * - Principal {"*": ["*"]} renders as "*"; {"AWS": ["*"]} stays {"AWS": "*"};
 * - `&{var}` becomes `${var}` (Terraform's escape for IAM policy variables);
 * - sourcePolicyDocuments are merged first (their Sids must be unique), then the
 *   statements, then overridePolicyDocuments, each replacing statements with the same Sid;
 * - empty Sids are omitted (provider v5 and later); `json` is indented, `minifiedJson` is not.
 * Known gap: when two principal blocks share a type, the provider orders them by
 * its internal set hash; here they keep input order.
 */

type Value = string | string[];

interface Principal { readonly type: string; readonly identifiers: Value }
interface Condition { readonly test: string; readonly variable: string; readonly values: Value }

interface Statement {
  readonly sid: string;
  readonly effect: string;
  /** Lists from statements; whatever JSON held for documents merged in. */
  readonly action?: GoJson;
  readonly notAction?: GoJson;
  readonly resource?: GoJson;
  readonly notResource?: GoJson;
  readonly principals: readonly Principal[];
  readonly notPrincipals: readonly Principal[];
  readonly conditions: readonly Condition[];
}

interface PolicyDoc { version: string; id: string; statements: Statement[] }

const VERSIONS = ["2008-10-17", "2012-10-17"];

function fail(message: string): Error {
  return new Error(`offline plan: aws.iam.getPolicyDocument: ${message}`);
}

function reverseSorted(l: readonly string[]): string[] {
  return [...l].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
}

/** A set of strings from a statement block: one stays a string, more sort in reverse. */
function decodeSet(values: readonly string[]): Value | undefined {
  const unique = [...new Set(values)];
  if (unique.length === 0) return undefined;
  return unique.length === 1 ? unique[0]! : reverseSorted(unique);
}

function replaceVars(v: Value, version: string): Value {
  const one = (s: string): string => {
    if (version === "2008-10-17" && s.includes("&{")) throw fail(`found &{ sequence in (${s}), which is not supported in document version 2008-10-17`);
    return s.split("&{").join("${");
  };
  return typeof v === "string" ? one(v) : v.map(one);
}

function principalsOf(v: unknown, version: string): Principal[] {
  const seen = new Set<string>();
  const out: Principal[] = [];
  for (const p of objects(v)) {
    const key = JSON.stringify([p.type, [...new Set(strings(p.identifiers))].sort()]);
    if (seen.has(key)) continue; // a set of blocks: identical blocks count once
    seen.add(key);
    const ids = decodeSet(strings(p.identifiers));
    out.push({ type: String(p.type ?? ""), identifiers: replaceVars(ids ?? [], version) });
  }
  return out;
}

function conditionsOf(v: unknown, version: string): Condition[] {
  const seen = new Set<string>();
  const out: Condition[] = [];
  for (const c of objects(v)) {
    const key = JSON.stringify([c.test, c.variable, c.values]);
    if (seen.has(key)) continue;
    seen.add(key);
    const values = replaceVars(strings(c.values), version) as string[];
    out.push({ test: String(c.test ?? ""), variable: String(c.variable ?? ""), values: values.length === 1 ? values[0]! : values });
  }
  return out;
}

function statementsOf(raw: unknown, version: string): Statement[] {
  const sids = new Set<string>();
  return objects(raw).map((s) => {
    const effect = str(s.effect) ?? "Allow";
    if (effect !== "Allow" && effect !== "Deny") throw fail(`statement effect: expected Allow or Deny, got "${effect}"`);
    const sid = typeof s.sid === "string" ? s.sid : "";
    if (!/^[a-zA-Z0-9]*$/.test(sid)) throw fail(`statement sid "${sid}" must only include alphanumeric characters`);
    if (sid !== "" && sids.has(sid)) throw fail(`duplicate Sid (${sid}). Remove the Sid or ensure the Sid is unique.`);
    if (sid !== "") sids.add(sid);
    const resources = decodeSet(strings(s.resources));
    const notResources = decodeSet(strings(s.notResources));
    return {
      sid,
      effect,
      action: decodeSet(strings(s.actions)),
      notAction: decodeSet(strings(s.notActions)),
      resource: resources === undefined ? undefined : replaceVars(resources, version),
      notResource: notResources === undefined ? undefined : replaceVars(notResources, version),
      principals: principalsOf(s.principals, version),
      notPrincipals: principalsOf(s.notPrincipals, version),
      conditions: conditionsOf(s.conditions, version),
    };
  });
}

/** A field of a JSON object as Go's decoder finds it: exact name first, then case-insensitively. */
function field(o: Record<string, unknown>, name: string): unknown {
  if (name in o) return o[name];
  const key = Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : o[key];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function parsedPrincipals(v: unknown, where: string): Principal[] {
  if (v === undefined || v === null) return [];
  if (typeof v === "string") return [{ type: "*", identifiers: ["*"] }];
  if (!isRecord(v)) throw fail(`${where}: unsupported Principal ${JSON.stringify(v)}`);
  return Object.entries(v).map(([type, ids]) => {
    if (typeof ids === "string") return { type, identifiers: ids };
    if (Array.isArray(ids) && ids.every((x): x is string => typeof x === "string")) return { type, identifiers: [...ids].sort() };
    throw fail(`${where}: unsupported identifiers for principal type "${type}": must be strings`);
  });
}

function parsedConditions(v: unknown, where: string): Condition[] {
  if (v === undefined || v === null) return [];
  if (!isRecord(v)) throw fail(`${where}: unsupported Condition ${JSON.stringify(v)}`);
  const out: Condition[] = [];
  for (const [test, vars] of Object.entries(v)) {
    if (!isRecord(vars)) throw fail(`${where}: Condition "${test}" must map keys to values`);
    for (const [variable, values] of Object.entries(vars)) {
      if (typeof values === "string") out.push({ test, variable, values: [values] });
      else if (typeof values === "boolean") out.push({ test, variable, values: String(values) });
      else if (Array.isArray(values)) out.push({ test, variable, values: values.map(String) });
      // Other JSON types (numbers) are dropped by the provider's decoder.
    }
  }
  return out;
}

function parseDoc(text: string, where: string): PolicyDoc {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw fail(`${where}: ${(e as Error).message}`);
  }
  if (!isRecord(raw)) throw fail(`${where}: not a JSON object`);
  const stmts = field(raw, "Statement");
  if (stmts !== undefined && stmts !== null && !Array.isArray(stmts)) throw fail(`${where}: Statement must be a list`);
  return {
    version: typeof field(raw, "Version") === "string" ? field(raw, "Version") as string : "",
    id: typeof field(raw, "Id") === "string" ? field(raw, "Id") as string : "",
    statements: ((stmts as unknown[] | undefined) ?? []).filter(isRecord).map((s, i) => {
      const at = `${where} statement ${i}`;
      const opt = (name: string): GoJson | undefined => {
        const x = field(s, name);
        return x === undefined || x === null ? undefined : fromParsed(x);
      };
      const sid = field(s, "Sid");
      const effect = field(s, "Effect");
      return {
        sid: typeof sid === "string" ? sid : "",
        effect: typeof effect === "string" ? effect : "",
        action: opt("Action"),
        notAction: opt("NotAction"),
        resource: opt("Resource"),
        notResource: opt("NotResource"),
        principals: parsedPrincipals(field(s, "Principal"), at),
        notPrincipals: parsedPrincipals(field(s, "NotPrincipal"), at),
        conditions: parsedConditions(field(s, "Condition"), at),
      };
    }),
  };
}

/** The provider's IAMPolicyDoc.Merge: adopt Id, upgrade Version, replace statements by Sid. */
function merge(into: PolicyDoc, doc: PolicyDoc): void {
  if (doc.id !== "") into.id = doc.id;
  if (doc.version > into.version) into.version = doc.version;
  for (const s of doc.statements) {
    const at = s.sid === "" ? -1 : into.statements.findIndex((e) => e.sid === s.sid);
    if (at >= 0) into.statements[at] = s;
    else into.statements.push(s);
  }
}

function principalJson(ps: readonly Principal[]): GoJson | undefined {
  if (ps.length === 0) return undefined;
  const only = ps[0]!;
  const ids = only.identifiers;
  if (ps.length === 1 && only.type === "*" && (ids === "*" || (Array.isArray(ids) && ids.length === 1 && ids[0] === "*"))) return "*";
  const raw = new Map<string, string | string[]>();
  for (const p of ps) {
    const had = raw.get(p.type);
    if (Array.isArray(p.identifiers)) {
      const base = had === undefined ? [] : typeof had === "string" ? [had] : had;
      raw.set(p.type, [...base, ...reverseSorted(p.identifiers)]);
    } else {
      raw.set(p.type, had === undefined ? p.identifiers : [...(typeof had === "string" ? [had] : had), p.identifiers]);
    }
  }
  return goMap(raw);
}

function conditionJson(cs: readonly Condition[]): GoJson | undefined {
  if (cs.length === 0) return undefined;
  const raw = new Map<string, Map<string, string[]>>();
  for (const c of cs) {
    const vars = raw.get(c.test) ?? new Map<string, string[]>();
    raw.set(c.test, vars);
    vars.set(c.variable, [...(vars.get(c.variable) ?? []), ...(typeof c.values === "string" ? [c.values] : c.values)]);
  }
  return goMap(new Map([...raw].map(([test, vars]) =>
    [test, goMap(new Map([...vars].map(([k, v]) => [k, v.length === 1 ? v[0]! : v])))])));
}

function docJson(doc: PolicyDoc): GoJson {
  return goObject([
    ["Version", doc.version === "" ? undefined : doc.version],
    ["Id", doc.id === "" ? undefined : doc.id],
    ["Statement", doc.statements.length === 0 ? undefined : doc.statements.map((s) => goObject([
      ["Sid", s.sid === "" ? undefined : s.sid],
      ["Effect", s.effect === "" ? undefined : s.effect],
      ["Action", s.action],
      ["NotAction", s.notAction],
      ["Resource", s.resource],
      ["NotResource", s.notResource],
      ["Principal", principalJson(s.principals)],
      ["NotPrincipal", principalJson(s.notPrincipals)],
      ["Condition", conditionJson(s.conditions)],
    ]))],
  ]);
}

export function renderPolicyDocument(inputs: Record<string, unknown>): { id: string; json: string; minifiedJson: string } {
  for (const deprecated of ["sourceJson", "overrideJson"]) {
    if (str(inputs[deprecated]) !== undefined) throw fail(`${deprecated} is no longer used and must be empty; use ${deprecated === "sourceJson" ? "sourcePolicyDocuments" : "overridePolicyDocuments"}`);
  }
  const version = str(inputs.version) ?? "2012-10-17";
  if (!VERSIONS.includes(version)) throw fail(`version: expected one of ${VERSIONS.join(", ")}, got "${version}"`);
  const merged: PolicyDoc = { version: "", id: "", statements: [] };
  const sids = new Set<string>();
  strings(inputs.sourcePolicyDocuments).forEach((text, i) => {
    const source = parseDoc(text, `merging source document ${i}`);
    source.statements.forEach((s, j) => {
      if (s.sid === "") return;
      if (sids.has(s.sid)) {
        throw fail(`merging source document ${i}: duplicate Sid (${s.sid}) in source_policy_documents (statement ${j}). Remove the Sid or ensure Sids are unique.`);
      }
      sids.add(s.sid);
    });
    merge(merged, source);
  });
  merge(merged, { version, id: str(inputs.policyId) ?? "", statements: statementsOf(inputs.statements, version) });
  strings(inputs.overridePolicyDocuments).forEach((text, i) => merge(merged, parseDoc(text, `merging override document ${i}`)));
  const tree = docJson(merged);
  const json = encodeGoJson(tree, "  ");
  // The provider's id is the hash code of the indented document.
  return { id: String(crc32(json)), json, minifiedJson: encodeGoJson(tree) };
}
