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

/** The nearest existing ancestor of a path that is not a folder (a file where a folder must be made), if any. */
function fileInTheWay(target: string): string | undefined {
  for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(dir);
    } catch {
      if (path.dirname(dir) === dir) return undefined;
      continue; // absent: it will be created
    }
    return stat.isDirectory() ? undefined : dir;
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
    else if (value !== undefined && value !== "-") {
      const file = fileInTheWay(value);
      if (file !== undefined) problems.push(`--${flag} ${value}: ${file} is a file, so no folder can be made there; allowed a path whose folders are folders, or "-" for stdout`);
    }
  }
  const files = Object.entries(targets).filter(([, v]) => v !== undefined && v !== "-" && v.trim() !== "");
  for (const [i, [flag, value]] of files.entries()) {
    const same = files.slice(i + 1).find(([, v]) => path.resolve(v!) === path.resolve(value!));
    if (same) problems.push(`--${flag} and --${same[0]}: found the same file ${value} for both; allowed one document per file`);
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

/** One document a command writes: the flag that named its target, the target (a path or "-"), the text. */
export interface OutputDocument {
  readonly flag: string;
  readonly target: string;
  readonly text: string;
}

/**
 * Writes a command's documents all or nothing: each file is written beside its target under a
 * temporary name and renamed into place only once every one was written, so a failure (a full
 * disk, a read-only folder) leaves the earlier files of a previous run as they were, never a mix
 * of old and new. The document for "-" goes to stdout last. A failure names the flag and the path.
 */
export function writeTargets(docs: readonly OutputDocument[]): void {
  const staged: { readonly tmp: string; readonly target: string; readonly flag: string }[] = [];
  try {
    for (const d of docs) {
      if (d.target === "-") continue;
      const tmp = path.join(path.dirname(path.resolve(d.target)), `.${path.basename(d.target)}.${process.pid}.paved-tmp`);
      try {
        fs.mkdirSync(path.dirname(tmp), { recursive: true });
        fs.writeFileSync(tmp, d.text);
      } catch (e) {
        throw new UserError(`--${d.flag}: cannot write ${d.target}: ${describeFsError(e)}; no output file was changed.`);
      }
      staged.push({ tmp, target: d.target, flag: d.flag });
    }
    const replaced: string[] = [];
    for (const s of staged) {
      try {
        fs.renameSync(s.tmp, s.target);
      } catch (e) {
        // Rare (the target turned into a folder since checkTargets): say what was already replaced, never claim nothing was.
        throw new UserError(`--${s.flag}: cannot write ${s.target}: ${describeFsError(e)}; ${replaced.length > 0 ? `already replaced: ${replaced.join(", ")}` : "no output file was changed"}.`);
      }
      replaced.push(s.target);
    }
  } finally {
    for (const s of staged) fs.rmSync(s.tmp, { force: true });
  }
  for (const d of docs) {
    if (d.target !== "-") continue;
    process.stdout.write(d.text);
    // A program's timer or unawaited promise can still print once the document is out: in the CLI process, that goes to stderr too.
    if (sealAfterDocument) divertStdout();
  }
}

/** Writes one document: see writeTargets. */
export function writeTarget(flag: string, target: string, text: string): void {
  writeTargets([{ flag, target, text }]);
}

let sealAfterDocument = false;

/**
 * Called by the CLI's own process (never by a library caller, whose stdout is its own): once a
 * document has gone to stdout, nothing else follows it there until the process exits.
 */
export function sealStdoutAfterDocument(): void {
  sealAfterDocument = true;
}

/**
 * While a command's document goes to stdout, what else writes there (a user program's
 * console.log, a provider SDK's warnings) goes to stderr, so stdout stays one parseable document.
 * Returns the function that puts stdout back.
 */
export function divertStdout(): () => void {
  const write = process.stdout.write;
  process.stdout.write = ((...args: Parameters<typeof process.stderr.write>) => process.stderr.write(...args)) as typeof process.stdout.write;
  return () => {
    process.stdout.write = write;
  };
}
