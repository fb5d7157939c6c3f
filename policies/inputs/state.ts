import * as pulumi from "@pulumi/pulumi";
import { UserError } from "../../src/errors";
import { describeShape, kindOf, readJsonFile } from "../../src/json-file";
import { SECRET, secretStrings } from "../../src/plan/sanitize";
import { HiddenSecret, UNKNOWN_VALUE, type PolicyResource } from "../model";
import { markUnknowns } from "./plan";

const ENCRYPTED = new HiddenSecret("an encrypted secret: check a `pulumi stack export --show-secrets` file to decide on it");
const MASKED = new HiddenSecret("a secret, masked as \"[secret]\" in the plan JSON: check a `pulumi stack export --show-secrets` file to decide on it");

/**
 * Values as a checker sees them: preview unknowns; secrets of a stack export as
 * their plaintext when `--show-secrets` put it there (rules decide on it, as
 * CrossGuard does; its strings go to `secrets` so no message prints them), else
 * as a hidden secret, undecided with the reason.
 */
function decode(value: unknown, secrets: string[]): unknown {
  if (value === pulumi.runtime.unknownValue) return UNKNOWN_VALUE;
  if (Array.isArray(value)) return value.map((v) => decode(v, secrets));
  if (value === null || typeof value !== "object") return value;
  const obj = value as Record<string, unknown>;
  if (obj[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) {
    // `pulumi stack export --show-secrets` carries plaintext (JSON text); otherwise only ciphertext.
    if (typeof obj.plaintext === "string") {
      let plain: unknown;
      try {
        plain = JSON.parse(obj.plaintext);
      } catch {
        plain = obj.plaintext;
      }
      const inner: string[] = [];
      const decoded = decode(plain, inner);
      secretStrings(decoded, secrets);
      secrets.push(...inner);
      return decoded;
    }
    return ENCRYPTED;
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, decode(v, secrets)]));
}

/** A plan JSON's values: "[secret]" is a masked secret (undecided, with the reason); other markers as the plan engine reads them. */
function fromPlanValue(value: unknown): unknown {
  if (value === SECRET) return MASKED;
  if (Array.isArray(value)) return value.map(fromPlanValue);
  if (value === null || typeof value !== "object") return markUnknowns(value);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromPlanValue(v)]));
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isCloud = (type: string, custom: unknown): boolean =>
  custom !== false && !type.startsWith("pulumi:providers:") && type !== "pulumi:pulumi:Stack";

/** An entry of the document's resource list, its urn and type checked. */
interface Entry {
  readonly r: Json & { readonly urn: string; readonly type: string };
}

/**
 * The entries that name a resource (a string urn and type); the others are
 * collected as problems, never skipped silently nor printed as "undefined".
 */
function entries(list: readonly unknown[], where: (i: number) => string, problems: string[]): Entry[] {
  const out: Entry[] = [];
  list.forEach((r, i) => {
    if (!isObj(r)) {
      problems.push(`${where(i)}: found ${kindOf(r)}; allowed a resource object`);
      return;
    }
    const missing = (["urn", "type"] as const).filter((k) => typeof r[k] !== "string" || r[k] === "");
    if (missing.length > 0) {
      const known = missing.length === 1 ? ` (${missing[0] === "urn" ? `type ${String(r.type)}` : `urn ${String(r.urn)}`})` : "";
      problems.push(`${where(i)}: no ${missing.join(" and no ")}${known}`);
      return;
    }
    out.push({ r: r as Entry["r"] });
  });
  return out;
}

function fromExport(list: readonly Entry[]): PolicyResource[] {
  return list.filter(({ r }) => isCloud(r.type, r.custom)).map(({ r }) => {
    const secrets: string[] = [];
    const props = (decode(r.inputs ?? {}, secrets) ?? {}) as Json;
    const state = (decode(r.outputs ?? r.inputs ?? {}, secrets) ?? {}) as Json;
    return {
      type: r.type,
      urn: r.urn,
      name: r.urn.split("::").pop() ?? "",
      props,
      state,
      ...(secrets.length > 0 ? { secretValues: [...new Set(secrets)] } : {}),
      id: typeof r.id === "string" ? r.id : undefined,
      parent: typeof r.parent === "string" ? r.parent : undefined,
      dependencies: Array.isArray(r.dependencies) ? r.dependencies.map(String) : [],
      propertyDependencies: isObj(r.propertyDependencies) ? (r.propertyDependencies as Record<string, string[]>) : {},
    };
  });
}

function fromPlan(list: readonly Entry[]): PolicyResource[] {
  return list.filter(({ r }) => isCloud(r.type, r.custom)).map(({ r }) => ({
    type: r.type,
    urn: r.urn,
    name: typeof r.name === "string" ? r.name : r.urn.split("::").pop() ?? "",
    props: fromPlanValue(r.inputs ?? {}) as Json,
    // Plan JSONs written since outputs were added carry them; stack rules read them as paved plan did.
    ...(isObj(r.outputs) ? { state: fromPlanValue(r.outputs) as Json } : {}),
    id: typeof r.id === "string" ? r.id : undefined,
    parent: typeof r.parent === "string" ? r.parent : undefined,
    dependencies: Array.isArray(r.dependencies) ? r.dependencies.map(String) : [],
    propertyDependencies: isObj(r.propertyDependencies) ? (r.propertyDependencies as Record<string, string[]>) : {},
  }));
}

/** The type part of a URN (`urn:pulumi:s::p::parent$aws:s3/bucket:Bucket::b` → `aws:s3/bucket:Bucket`). */
const typeOfUrn = (urn: unknown): string | undefined =>
  typeof urn === "string" && urn.startsWith("urn:pulumi:") ? (urn.split("::")[2] ?? "").split("$").pop() || undefined : undefined;

/**
 * `pulumi preview --json`: each step's new state is what would exist. The engine
 * writes the step's URN on the step and its state; either one names it.
 */
function fromPreview(steps: readonly unknown[], problems: string[]): PolicyResource[] {
  const states: unknown[] = [];
  const where: string[] = [];
  steps.forEach((s, i) => {
    if (!isObj(s)) {
      problems.push(`steps[${i}]: found ${kindOf(s)}; allowed a step object`);
      return;
    }
    if (s.op === "delete" || !isObj(s.newState)) return; // deletions leave nothing to check
    const urn = s.newState.urn ?? s.urn;
    states.push({ ...s.newState, urn, type: s.newState.type ?? typeOfUrn(urn) });
    where.push(`steps[${i}].newState`);
  });
  return fromExport(entries(states, (i) => where[i]!, problems));
}

const MAX_LISTED = 10;

/** Thrown when entries of the document lack what a check needs: counted and named. */
function refuse(source: string, problems: readonly string[], total: number): never {
  const listed = problems.slice(0, MAX_LISTED).map((p) => `  - ${p}`);
  if (problems.length > MAX_LISTED) listed.push(`  - … and ${problems.length - MAX_LISTED} more`);
  throw new UserError(`${source}: ${problems.length} of ${total} entries are not resources a policy can check (each needs a string urn and type, as \`pulumi stack export\` and \`pulumi preview --json\` write them); ` +
    `none is skipped silently, so fix or remove them:\n${listed.join("\n")}`);
}

export const STATE_DOCUMENTS = "a `pulumi stack export` document (deployment.resources[]), a `pulumi preview --json` document (steps[]) or a Paved plan JSON (stack, resources[])";

/**
 * Reads the resources of a `pulumi stack export` (any version with
 * deployment.resources), a `pulumi preview --json` document or a Paved plan JSON.
 */
export function loadState(file: string, label = "--state"): PolicyResource[] {
  const doc = readJsonFile(file, label, STATE_DOCUMENTS);
  const resources = parseStateDocument(doc, `${label} ${file}`);
  if (resources === undefined) {
    throw new UserError(`${label} ${file}: found ${describeShape(doc)}; expected ${STATE_DOCUMENTS}.`);
  }
  return resources;
}

/**
 * The resources of a parsed document, or undefined when it is none of the known
 * shapes. Entries without a urn or type are an error naming each one.
 */
export function parseStateDocument(doc: unknown, source = "the document"): PolicyResource[] | undefined {
  const problems: string[] = [];
  let resources: PolicyResource[] | undefined;
  let total = 0;
  if (isObj(doc) && isObj(doc.deployment) && Array.isArray(doc.deployment.resources)) {
    total = doc.deployment.resources.length;
    resources = fromExport(entries(doc.deployment.resources, (i) => `deployment.resources[${i}]`, problems));
  } else if (isObj(doc) && isObj(doc.deployment) && doc.deployment.resources === undefined) {
    resources = [];
  } else if (isObj(doc) && Array.isArray(doc.steps)) {
    total = doc.steps.length;
    resources = fromPreview(doc.steps, problems);
  } else if (isObj(doc) && Array.isArray(doc.resources) && typeof doc.stack === "string") {
    total = doc.resources.length;
    resources = fromPlan(entries(doc.resources, (i) => `resources[${i}]`, problems));
  }
  if (problems.length > 0) refuse(source, problems, total);
  return resources;
}
