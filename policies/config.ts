import { UserError } from "../src/errors";
import { readJsonFile } from "../src/json-file";
import type { PolicyConfig } from "./model";

// "remediate" is CrossGuard-only: an offline check cannot change a resource.
const LEVELS = ["advisory", "mandatory", "disabled"];
const EXPECTED = "a policy config in CrossGuard's --policy-pack-config shape (an object of rule ids to enforcement levels)";

/**
 * Reads enforcement overrides in CrossGuard's `--policy-pack-config` shape:
 * `{ "all": "advisory", "rds-not-public": "mandatory", "log-retention": { "enforcementLevel": "disabled" } }`.
 * `label` is the flag that named the file, for every message.
 */
export function loadPolicyConfig(file: string, knownRules: readonly string[], label = "--policy-config"): PolicyConfig {
  // The same reader as --state and diff documents: file errors in words, BOMs accepted, parse errors with line and column.
  const doc = readJsonFile(file, label, EXPECTED);
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new UserError(`${label} ${file}: found ${JSON.stringify(doc)}; expected ${EXPECTED}.`);
  const problems: string[] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (key !== "all" && !knownRules.includes(key)) problems.push(`${key}: unknown rule; allowed "all" or one of ${knownRules.join(", ")}`);
    const level = typeof value === "object" && value !== null ? (value as { enforcementLevel?: unknown }).enforcementLevel : value;
    if (!LEVELS.includes(String(level))) problems.push(`${key}: found ${JSON.stringify(level) ?? "no enforcementLevel"}; allowed ${LEVELS.join(" | ")}`);
  }
  if (problems.length > 0) throw new UserError(`${label} ${file}: invalid policy config:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return doc as PolicyConfig;
}
