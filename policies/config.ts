import * as fs from "node:fs";
import { UserError } from "../src/errors";
import type { PolicyConfig } from "./model";

// "remediate" is CrossGuard-only: an offline check cannot change a resource.
const LEVELS = ["advisory", "mandatory", "disabled"];

/**
 * Reads enforcement overrides in CrossGuard's `--policy-pack-config` shape:
 * `{ "all": "advisory", "rds-not-public": "mandatory", "log-retention": { "enforcementLevel": "disabled" } }`.
 */
export function loadPolicyConfig(file: string, knownRules: readonly string[]): PolicyConfig {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new UserError(`Cannot read the policy config ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new UserError(`${file}: found ${JSON.stringify(doc)}; allowed an object of rule ids to levels.`);
  const problems: string[] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (key !== "all" && !knownRules.includes(key)) problems.push(`${key}: unknown rule; allowed "all" or one of ${knownRules.join(", ")}`);
    const level = typeof value === "object" && value !== null ? (value as { enforcementLevel?: unknown }).enforcementLevel : value;
    if (!LEVELS.includes(String(level))) problems.push(`${key}: found ${JSON.stringify(level)}; allowed ${LEVELS.join(" | ")}`);
  }
  if (problems.length > 0) throw new UserError(`Invalid policy config ${file}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return doc as PolicyConfig;
}
