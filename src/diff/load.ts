import * as fs from "node:fs";
import { UserError } from "../errors";
import type { DiffResource, PreviewStep } from "./diff";

export type DiffDocument =
  | { readonly kind: "plan"; readonly resources: DiffResource[] }
  | { readonly kind: "preview"; readonly steps: PreviewStep[] };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads a Paved plan JSON or a `pulumi preview --json` document. */
export function loadDiffDocument(file: string): DiffDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new UserError(`Cannot read ${file} as JSON (${why}); expected a Paved plan JSON or a \`pulumi preview --json\` document.`);
  }
  if (isObj(doc) && Array.isArray(doc.steps)) return { kind: "preview", steps: doc.steps.filter(isObj) as unknown as PreviewStep[] };
  if (isObj(doc) && Array.isArray(doc.resources) && typeof doc.stack === "string") {
    const resources = doc.resources.filter(isObj).filter((r) => r.custom !== false && typeof r.urn === "string").map((r) => ({
      urn: String(r.urn),
      type: String(r.type),
      name: typeof r.name === "string" ? r.name : String(r.urn).split("::").pop() ?? "",
      inputs: isObj(r.inputs) ? r.inputs : {},
      aliases: Array.isArray(r.aliases) ? r.aliases.map(String) : [],
    })).filter((r) => !r.type.startsWith("pulumi:providers:"));
    return { kind: "plan", resources };
  }
  throw new UserError(`${file} is neither a Paved plan JSON (stack, resources[]) nor a \`pulumi preview --json\` document (steps[]).`);
}
