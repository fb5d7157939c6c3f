import { ENVIRONMENTS, isEnvironment } from "./environment";
import { issue, type Issue } from "./issues";

/** Checks shared by every component: environment, service name and tags. */
export function validateCommon(args: { environment?: unknown; service?: unknown; tags?: unknown }): Issue[] {
  const out: Issue[] = [];
  if (!isEnvironment(args.environment)) out.push(issue("environment", args.environment, ENVIRONMENTS.join(" | ")));
  if (args.service !== undefined && (typeof args.service !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(args.service))) {
    out.push(issue("service", args.service, "1–63 letters, digits, '.', '_' or '-'"));
  }
  if (args.tags !== undefined) {
    if (typeof args.tags !== "object" || args.tags === null || Array.isArray(args.tags)) {
      out.push(issue("tags", args.tags, "a map of tag names to string values"));
    } else {
      const entries = Object.entries(args.tags);
      if (entries.length > 45) out.push(issue("tags", `${entries.length} tags`, "at most 45 (AWS allows 50; Paved adds up to 5)"));
      for (const [k, v] of entries) {
        if (k.toLowerCase().startsWith("aws:") || k.length === 0 || k.length > 128) {
          out.push(issue(`tags.${k}`, k, "a key of 1–128 characters not starting with \"aws:\""));
        }
        if (typeof v !== "string" || v.length > 256) out.push(issue(`tags.${k}`, v, "a string of at most 256 characters"));
      }
    }
  }
  return out;
}
