import facts from "../facts/api-models.json";
import { type Check, type Finding, ofType, valuesAt } from "./types";

interface Constraint {
  readonly token: string;
  readonly property: string;
  readonly source: string;
  readonly length?: { readonly min: number; readonly max: number | null };
  readonly pattern?: string;
  readonly enum?: readonly string[];
}

/** Smithy patterns are ECMA 262 (without the u flag: models escape `\_`) except for an inline `(?i)`, which JavaScript spells as a flag. */
function compile(pattern: string): RegExp {
  return pattern.includes("(?i)") ? new RegExp(pattern.replace("(?i)", ""), "i") : new RegExp(pattern);
}

/** Every planned property the API models constrain (length, pattern, enum) is within the constraint. */
export const apiConstraints: Check = (resources) => {
  const out: Finding[] = [];
  for (const c of facts.constraints as readonly Constraint[]) {
    for (const r of ofType(resources, c.token)) {
      for (const v of valuesAt(r.inputs, c.property)) {
        if (typeof v !== "string" || v.startsWith("[")) continue; // unknown or secret in this plan
        const at = `${c.property} = ${JSON.stringify(v)}`;
        if (c.length && (v.length < c.length.min || (c.length.max !== null && v.length > c.length.max))) {
          out.push({ check: "api-constraints", urn: r.urn, message: `${at}: length ${v.length}, the API allows ${c.length.min}–${c.length.max ?? "∞"} (${c.source})` });
        }
        if (c.pattern && !compile(c.pattern).test(v)) out.push({ check: "api-constraints", urn: r.urn, message: `${at} does not match ${c.pattern} (${c.source})` });
        if (c.enum && !c.enum.includes(v)) out.push({ check: "api-constraints", urn: r.urn, message: `${at} is not one of ${c.enum.join(", ")} (${c.source})` });
      }
    }
  }
  return out;
};

/** How many planned string values the constraints were applied to (a suite that matched no property checks nothing). */
export function constrainedValueCount(resources: Parameters<typeof apiConstraints>[0]): number {
  return (facts.constraints as readonly Constraint[]).reduce((n, c) =>
    n + ofType(resources, c.token).flatMap((r) => valuesAt(r.inputs, c.property)).filter((v) => typeof v === "string" && !v.startsWith("[")).length, 0);
}
