import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../errors";
import { describeFsError } from "../json-file";

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false; // absent (it will be created) or unreadable (writing it says why)
  }
}

/**
 * Output targets are checked before any work: an empty name or two documents on
 * stdout must not cost a whole plan, nor print a report and then fail.
 */
export function checkTargets(targets: Readonly<Record<string, string | undefined>>): void {
  const problems: string[] = [];
  for (const [flag, value] of Object.entries(targets)) {
    if (value !== undefined && value.trim() === "") problems.push(`--${flag}: found an empty file name; allowed a path, or "-" for stdout`);
    else if (value !== undefined && value !== "-" && isFolder(value)) problems.push(`--${flag} ${value}: found a folder; allowed a file path, or "-" for stdout`);
  }
  const onStdout = Object.entries(targets).filter(([, v]) => v === "-").map(([flag]) => `--${flag}`);
  if (onStdout.length > 1) problems.push(`${onStdout.join(" and ")}: found "-" for each; allowed one document on stdout (give the others a file)`);
  if (problems.length > 0) throw new UserError(problems.join("\n"));
}

/** Input files named by flags: an empty name is refused before anything is read. */
export function checkInputNames(inputs: Readonly<Record<string, string | undefined>>): void {
  const problems = Object.entries(inputs).filter(([, v]) => v !== undefined && v.trim() === "")
    .map(([flag]) => `--${flag}: found an empty path; allowed the path of what to read`);
  if (problems.length > 0) throw new UserError(problems.join("\n"));
}

/** Writes a document to a file (creating its folder) or, for "-", to stdout; a failure names the flag and the path. */
export function writeTarget(flag: string, target: string, text: string): void {
  if (target === "-") {
    process.stdout.write(text);
    return;
  }
  try {
    fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
    fs.writeFileSync(target, text);
  } catch (e) {
    throw new UserError(`--${flag}: cannot write ${target}: ${describeFsError(e)}.`);
  }
}
