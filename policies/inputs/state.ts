import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { UserError } from "../../src/errors";
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
const isCloud = (type: unknown, custom: unknown): boolean =>
  typeof type === "string" && custom !== false && !type.startsWith("pulumi:providers:") && type !== "pulumi:pulumi:Stack";

function fromExport(resources: unknown[]): PolicyResource[] {
  return resources.filter(isObj).filter((r) => isCloud(r.type, r.custom)).map((r) => {
    const secrets: string[] = [];
    const props = (decode(r.inputs ?? {}, secrets) ?? {}) as Json;
    const state = (decode(r.outputs ?? r.inputs ?? {}, secrets) ?? {}) as Json;
    return {
      type: String(r.type),
      urn: String(r.urn),
      name: String(r.urn).split("::").pop() ?? "",
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

function fromPlan(resources: unknown[]): PolicyResource[] {
  return resources.filter(isObj).filter((r) => isCloud(r.type, r.custom)).map((r) => ({
    type: String(r.type),
    urn: String(r.urn),
    name: typeof r.name === "string" ? r.name : String(r.urn).split("::").pop() ?? "",
    props: fromPlanValue(r.inputs ?? {}) as Json,
    // Plan JSONs written since outputs were added carry them; stack rules read them as paved plan did.
    ...(isObj(r.outputs) ? { state: fromPlanValue(r.outputs) as Json } : {}),
    id: typeof r.id === "string" ? r.id : undefined,
    parent: typeof r.parent === "string" ? r.parent : undefined,
    dependencies: Array.isArray(r.dependencies) ? r.dependencies.map(String) : [],
    propertyDependencies: isObj(r.propertyDependencies) ? (r.propertyDependencies as Record<string, string[]>) : {},
  }));
}

/** `pulumi preview --json`: each step's new state is what would exist. */
function fromPreview(steps: unknown[]): PolicyResource[] {
  const states = steps.filter(isObj).filter((s) => s.op !== "delete" && isObj(s.newState)).map((s) => s.newState as Json);
  return fromExport(states);
}

/**
 * Reads the resources of a `pulumi stack export` (any version with
 * deployment.resources), a `pulumi preview --json` document or a Paved plan JSON.
 */
export function loadState(file: string): PolicyResource[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UserError(`Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file} is not JSON (${(e as Error).message}); expected a \`pulumi stack export\` document or a Paved plan JSON.`);
  }
  const resources = parseStateDocument(doc);
  if (resources === undefined) {
    throw new UserError(`${file} is neither a stack export (deployment.resources[]), a \`pulumi preview --json\` document (steps[]) nor a Paved plan JSON (stack, resources[]).`);
  }
  return resources;
}

/** The resources of a parsed document, or undefined when it is none of the known shapes. */
export function parseStateDocument(doc: unknown): PolicyResource[] | undefined {
  if (isObj(doc) && isObj(doc.deployment) && Array.isArray(doc.deployment.resources)) return fromExport(doc.deployment.resources);
  if (isObj(doc) && isObj(doc.deployment) && doc.deployment.resources === undefined) return [];
  if (isObj(doc) && Array.isArray(doc.steps)) return fromPreview(doc.steps);
  if (isObj(doc) && Array.isArray(doc.resources) && typeof doc.stack === "string") return fromPlan(doc.resources);
  return undefined;
}
