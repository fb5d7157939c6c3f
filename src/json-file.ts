import * as fs from "node:fs";
import { UserError } from "./errors";

/**
 * Reading the JSON documents users hand to `paved check` and `paved diff`: file
 * errors in words with the path, binary input refused without echoing it, the
 * byte-order marks editors and PowerShell write accepted, parse errors with a
 * line and column instead of Node's excerpt of the input.
 */

const FS_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "there is no such file",
  EISDIR: "it is a folder, not a file",
  ENOTDIR: "a part of its path is a file, not a folder",
  EACCES: "permission denied (the current user may not access it)",
  EPERM: "permission denied (the current user may not access it)",
  ELOOP: "its path has a loop of symbolic links",
  ENAMETOOLONG: "its name is too long",
  EROFS: "it is on a read-only file system",
  ENOSPC: "the disk is full",
};

/** A file-system error in words, with its code for searching: "there is no such file (ENOENT)". */
export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const words = code ? FS_ERRORS[code] : undefined;
  if (words) return `${words} (${code})`;
  return (e as Error).message.replace(/^[A-Z]+: /, "");
}

/** Control characters escaped, so no message can write terminal escape sequences taken from the input. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The text of a document's bytes, or why it is not text. */
function decodeText(bytes: Buffer): { text: string } | { binary: string } {
  // UTF-16 with a byte-order mark: what Windows PowerShell's `>` writes (`pulumi stack export > state.json`).
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: bytes.subarray(2).toString("utf16le") };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: Buffer.from(bytes.subarray(2)).swap16().toString("utf16le") };
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { binary: `a NUL byte at offset ${nul}` };
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    // A UTF-8 byte-order mark (Notepad, some exporters) is not part of the document.
    return { text: text.startsWith("\ufeff") ? text.slice(1) : text };
  } catch {
    return { binary: "bytes that are not UTF-8 text" };
  }
}

/** "at position 41" → "at line 3, column 7", counted in the text the parser saw. */
function locate(reason: string, text: string): string {
  const m = /\s*in JSON at position (\d+)(?: \(line \d+ column \d+\))?/.exec(reason);
  if (!m) return reason;
  const before = text.slice(0, Number(m[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return `${reason.slice(0, m.index)} at line ${line}, column ${column}`;
}

/**
 * Reads and parses a JSON document. `expected` says what the file should be, for
 * every message (`a Paved plan JSON or a \`pulumi preview --json\` document`).
 */
export function readJsonFile(file: string, label: string, expected: string): unknown {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new UserError(`${label} ${file}: cannot read it: ${describeFsError(e)}; expected ${expected}.`);
  }
  const decoded = decodeText(bytes);
  if ("binary" in decoded) {
    throw new UserError(`${label} ${file}: found a binary file (${decoded.binary}), not JSON text; expected ${expected}. Is it the right file (not an archive or an encrypted copy)?`);
  }
  if (decoded.text.trim() === "") throw new UserError(`${label} ${file}: the file is empty; expected ${expected} (did the command that writes it fail?).`);
  try {
    return JSON.parse(decoded.text);
  } catch (e) {
    // Node's message quotes part of the input (`, "…" is not valid JSON`, or `, ..."…"... is not valid JSON`
    // when the excerpt is cut from a longer line): keep the reason, drop the excerpt.
    const reason = (e as Error).message.replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, "");
    throw new UserError(`${label} ${file}: not valid JSON (${printable(locate(reason, decoded.text))}); expected ${expected}.`);
  }
}

/** A JSON value's kind in words ("null", "a list", "a string"), for "found …" messages. */
export const kindOf = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "a list" : `a ${typeof v}`);

/** What a JSON document of no known shape holds, in a few words, for "found …; expected …" messages. */
export function describeShape(doc: unknown): string {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return `${kindOf(doc)} where an object belongs`;
  const keys = Object.keys(doc);
  return keys.length === 0 ? "an empty object" : `an object with the keys ${keys.slice(0, 8).join(", ")}${keys.length > 8 ? ", …" : ""}`;
}
