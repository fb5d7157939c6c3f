import * as path from "node:path";

const WARNED = Symbol.for("paved.warnedPulumiCopies");

/**
 * Two copies of @pulumi/pulumi (one for the program, one for Paved) break
 * outputs and resource references in confusing ways. Paved declares it as a
 * peer dependency to prevent that; if it happens anyway, say so once, clearly.
 */
export function warnOnSecondPulumiCopy(from: string = process.cwd()): string | undefined {
  let ours: string;
  let theirs: string;
  try {
    ours = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    theirs = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [from] }));
  } catch {
    return undefined; // no program-side copy to compare with
  }
  if (ours === theirs) return undefined;
  const message = `paved: two copies of @pulumi/pulumi are loaded (${theirs} for your program, ${ours} for paved). ` +
    "Outputs and resources cannot cross between them. Install @pulumi/pulumi once at your project's root (paved lists it as a peer dependency) and run `npm dedupe`.";
  const g = globalThis as Record<symbol, unknown>;
  if (g[WARNED] !== true) {
    g[WARNED] = true;
    process.emitWarning(message, { code: "PAVED_DUPLICATE_PULUMI" });
  }
  return message;
}
