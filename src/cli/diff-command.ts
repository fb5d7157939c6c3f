import * as fs from "node:fs";
import { diffPlans, diffPreview } from "../diff/diff";
import { loadDiffDocument } from "../diff/load";
import { renderDiffMarkdown, renderDiffText } from "./render-diff";
import { UserError } from "../errors";
import { styleFor } from "./style";

export const DIFF_HELP = `Usage: paved diff OLD.json NEW.json [--allow URN]... [--json FILE] [--markdown FILE]

Compares two Paved plan JSON files (e.g. main's plan and the pull request's),
or reads a \`pulumi preview --json\` document as NEW, and reports what would be
added, deleted, updated in place, replaced (a replace-forcing input changed),
or deleted and created again (a URN vanished with no alias).

Stateful resources (databases, caches, buckets, vaults, KMS keys, clusters,
log groups, secrets, ...) replaced or deleted are listed first and fail the
gate unless each URN is passed with --allow.

Options:
  --allow URN       accept the replacement or deletion of this resource (repeatable)
  --json FILE       write the changes as JSON; "-" for stdout
  --markdown FILE   write a pull-request comment; "-" for stdout
  -h, --help        show this help

Exit codes: 0 no blocking change, 1 a stateful resource would be replaced or
deleted, 2 unreadable input.
`;

export interface DiffOptions {
  readonly files: readonly string[];
  readonly allow: readonly string[];
  readonly json?: string;
  readonly markdown?: string;
}

function write(target: string, text: string): void {
  if (target === "-") process.stdout.write(text);
  else fs.writeFileSync(target, text);
}

export function diffCommand(o: DiffOptions): number {
  if (o.files.length !== 2) throw new UserError(`paved diff takes two files, OLD and NEW; found ${o.files.length}.\n\n${DIFF_HELP}`);
  const oldDoc = loadDiffDocument(o.files[0]!);
  const newDoc = loadDiffDocument(o.files[1]!);
  if (oldDoc.kind !== "plan") throw new UserError(`${o.files[0]} is a preview; OLD must be a Paved plan JSON (a preview can only be NEW).`);
  const allow = new Set(o.allow);
  const result = newDoc.kind === "preview" ? diffPreview(newDoc.steps, allow) : diffPlans(oldDoc.resources, newDoc.resources, allow);
  const toStdout = o.json === "-" || o.markdown === "-";
  const stream = toStdout ? process.stderr : process.stdout;
  stream.write(renderDiffText(result, styleFor(stream)));
  if (o.json !== undefined) write(o.json, JSON.stringify(result, null, 2) + "\n");
  if (o.markdown !== undefined) write(o.markdown, renderDiffMarkdown(result));
  return result.blocking > 0 ? 1 : 0;
}
