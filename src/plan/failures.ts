import * as path from "node:path";
import { isUserError, ProgramError } from "../errors";

/** Paved's own code: a failure whose first frame is here is Paved's bug (exit 3), not the program's. */
const PAVED_ROOT = path.resolve(__dirname, "..", "..").replace(/[\\/]dist$/, "");
const PAVED_OWN = ["src", "components", "policies", path.join("dist", "src"), path.join("dist", "components"), path.join("dist", "policies")]
  .map((d) => path.join(PAVED_ROOT, d) + path.sep);

/** The file of each `at …` line of a V8 stack, in order. */
function frames(stack: string): { file: string; line: string }[] {
  const out: { file: string; line: string }[] = [];
  for (const line of stack.split("\n")) {
    const m = /^\s+at (?:.*? \()?((?:file:\/\/)?[^()\s]+?):(\d+):(\d+)\)?$/.exec(line);
    if (m) out.push({ file: m[1]!.replace(/^file:\/\//, ""), line: `${m[1]!.replace(/^file:\/\//, "")}:${m[2]}:${m[3]}` });
  }
  return out;
}

const inNodeModules = (f: string): boolean => f.split(/[\\/]/).includes("node_modules");
const isPavedOwn = (f: string): boolean => PAVED_OWN.some((d) => f.startsWith(d)) && !inNodeModules(f.slice(PAVED_ROOT.length));
const isInternalNode = (f: string): boolean => f.startsWith("node:") || !path.isAbsolute(f);

/** Where in the user's code an error came from: the first frame outside node_modules, Node and Paved. */
export function programLocation(e: unknown, projectDir?: string): string | undefined {
  const stack = e instanceof Error ? e.stack : undefined;
  if (!stack) return undefined;
  const all = frames(stack).filter((f) => !isInternalNode(f.file));
  const user = all.find((f) => !inNodeModules(f.file) && !isPavedOwn(f.file)) ?? all.find((f) => !inNodeModules(f.file));
  if (!user) return undefined;
  return projectDir && user.file.startsWith(projectDir + path.sep) ? path.relative(projectDir, user.line) : user.line;
}

/** Whether Paved's own code threw it (its first real frame is in Paved's engine or components). */
export function isPavedFailure(e: unknown): boolean {
  if (!(e instanceof Error) || !e.stack) return false;
  const first = frames(e.stack).find((f) => !isInternalNode(f.file));
  return first !== undefined && isPavedOwn(first.file);
}

/**
 * What a failure during the program's run means for the user: their input
 * (UserError, exit 2), their program (ProgramError, exit 2, with its location),
 * or Paved (the error itself, exit 3).
 */
export function classifyFailure(e: unknown, projectDir?: string): unknown {
  if (isUserError(e)) return e;
  if (isPavedFailure(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  const where = programLocation(e, projectDir);
  return new ProgramError(`the program failed: ${message}${where ? `\n    at ${where}` : ""}`, e);
}
