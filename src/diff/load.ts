import { UserError } from "../errors";
import { describeShape, kindOf, readJsonFile } from "../json-file";
import type { DiffResource, PreviewStep } from "./diff";

/** Which stack a document describes, to refuse comparing two different ones by mistake. */
export interface StackIdentity {
  readonly stack: string;
  /** The Pulumi project; undefined when the document does not say. */
  readonly project?: string;
}

export type DiffDocument =
  | { readonly kind: "plan"; readonly resources: DiffResource[]; readonly identity: StackIdentity }
  | { readonly kind: "preview"; readonly steps: PreviewStep[]; readonly identity?: StackIdentity };

const EXPECTED = "a Paved plan JSON (stack, resources[]) or a `pulumi preview --json` document (steps[])";
const MAX_LISTED = 10;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** `urn:pulumi:<stack>::<project>::…` → its stack and project. */
export function identityOfUrn(urn: string): StackIdentity | undefined {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return m ? { stack: m[1]!, project: m[2]! } : undefined;
}

/** Entries that cannot be diffed are an error naming each one: a gate must not skip a change unseen. */
function refuse(source: string, what: string, problems: readonly string[], total: number): never {
  const listed = problems.slice(0, MAX_LISTED).map((p) => `  - ${p}`);
  if (problems.length > MAX_LISTED) listed.push(`  - … and ${problems.length - MAX_LISTED} more`);
  throw new UserError(`${source}: ${problems.length} of ${total} ${what} cannot be compared (each needs a string urn${what === "steps" ? " and op" : " and type"}); none is skipped silently, so fix or remove them:\n${listed.join("\n")}`);
}

function planResources(list: readonly unknown[], source: string): DiffResource[] {
  const problems: string[] = [];
  const out: DiffResource[] = [];
  list.forEach((r, i) => {
    if (!isObj(r)) return void problems.push(`resources[${i}]: found ${kindOf(r)}; allowed a resource object`);
    const urn = str(r.urn);
    const type = str(r.type);
    if (urn === undefined || type === undefined) {
      const missing = [urn === undefined ? "no urn" : "", type === undefined ? "no type" : ""].filter(Boolean).join(" and ");
      return void problems.push(`resources[${i}]: ${missing}${urn !== undefined ? ` (urn ${urn})` : type !== undefined ? ` (type ${type})` : ""}`);
    }
    if (r.custom === false || type.startsWith("pulumi:providers:")) return;
    out.push({
      urn,
      type,
      name: typeof r.name === "string" ? r.name : urn.split("::").pop() ?? "",
      inputs: isObj(r.inputs) ? r.inputs : {},
      aliases: Array.isArray(r.aliases) ? r.aliases.map(String) : [],
    });
  });
  if (problems.length > 0) refuse(source, "resources", problems, list.length);
  return out;
}

const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : undefined);

/** The parts of a step's old or new state the diff reads: its type and inputs. */
function state(key: "oldState" | "newState", v: unknown): Partial<PreviewStep> {
  if (!isObj(v)) return {};
  return { [key]: { ...(str(v.type) ? { type: str(v.type) } : {}), ...(isObj(v.inputs) ? { inputs: v.inputs } : {}) } };
}

/** A step's diffReasons, replaceReasons and detailedDiff, keeping only entries of the shapes the engine writes. */
function reasons(s: Json): Pick<PreviewStep, "diffReasons" | "replaceReasons" | "detailedDiff"> {
  const diffReasons = strings(s.diffReasons);
  const replaceReasons = strings(s.replaceReasons);
  const detailed = isObj(s.detailedDiff)
    ? Object.fromEntries(Object.entries(s.detailedDiff).map(([p, d]) => [p, isObj(d) && typeof d.kind === "string" ? { kind: d.kind } : {}]))
    : undefined;
  return { ...(diffReasons ? { diffReasons } : {}), ...(replaceReasons ? { replaceReasons } : {}), ...(detailed ? { detailedDiff: detailed } : {}) };
}

/** Preview steps with their URN checked: the step's own, or its new or old state's. */
function previewSteps(list: readonly unknown[], source: string): PreviewStep[] {
  const problems: string[] = [];
  const out: PreviewStep[] = [];
  list.forEach((s, i) => {
    if (!isObj(s)) return void problems.push(`steps[${i}]: found ${kindOf(s)}; allowed a step object`);
    const urn = str(s.urn) ?? (isObj(s.newState) ? str(s.newState.urn) : undefined) ?? (isObj(s.oldState) ? str(s.oldState.urn) : undefined);
    const op = str(s.op);
    if (urn === undefined || op === undefined) {
      const missing = [urn === undefined ? "no urn" : "", op === undefined ? "no op" : ""].filter(Boolean).join(" and ");
      return void problems.push(`steps[${i}]: ${missing}${op !== undefined ? ` (op ${op})` : urn !== undefined ? ` (urn ${urn})` : ""}`);
    }
    out.push({ op, urn, ...state("oldState", s.oldState), ...state("newState", s.newState), ...reasons(s) });
  });
  if (problems.length > 0) refuse(source, "steps", problems, list.length);
  return out;
}

/** Reads a Paved plan JSON or a `pulumi preview --json` document; `label` (OLD, NEW) names it in messages. */
export function loadDiffDocument(file: string, label = "the file"): DiffDocument {
  const source = `${label} ${file}`;
  const doc = readJsonFile(file, label, EXPECTED);
  if (isObj(doc) && Array.isArray(doc.steps)) {
    const steps = previewSteps(doc.steps, source);
    // A preview document does not name its stack; its URNs do.
    const identity = steps.map((s) => identityOfUrn(s.urn)).find((x) => x !== undefined);
    return { kind: "preview", steps, ...(identity ? { identity } : {}) };
  }
  if (isObj(doc) && Array.isArray(doc.resources) && typeof doc.stack === "string") {
    return { kind: "plan", resources: planResources(doc.resources, source), identity: { stack: doc.stack, ...(typeof doc.project === "string" ? { project: doc.project } : {}) } };
  }
  throw new UserError(`${source}: found ${describeShape(doc)}; expected ${EXPECTED}.`);
}
