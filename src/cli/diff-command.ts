import { diffPlans, diffPreview, type DiffResult } from "../diff/diff";
import { identityOfUrn, loadDiffDocument, type DiffDocument, type StackIdentity } from "../diff/load";
import { renderDiffMarkdown, renderDiffText } from "./render-diff";
import { UserError } from "../errors";
import type { FlagSpecs } from "./args";
import { checkTargets, writeTargets } from "./output-targets";
import { styleFor } from "./style";

export const DIFF_HELP = `Usage: paved diff OLD.json NEW.json [--allow URN]... [--json FILE] [--markdown FILE] [--cross-stack]

Compares two Paved plan JSON files (e.g. main's plan and the pull request's),
or reads a \`pulumi preview --json\` document as NEW, and reports what would be
added, deleted, updated in place, replaced (a replace-forcing input changed),
or deleted and created again (a URN vanished with no alias).

Stateful resources (databases, caches, buckets, vaults, KMS keys, clusters,
log groups, secrets, ...) replaced or deleted are listed first and fail the
gate unless each URN is passed with --allow.

Both files must describe the same stack (a plan JSON names its stack and
project; a preview's URNs do); --cross-stack compares two different ones.
Each --allow must name a change in this diff; URNs of other stacks are set
aside and listed (so one list of allow lines can serve every stack's diff).

Options:
  --allow URN       accept the replacement or deletion of this resource (repeatable)
  --cross-stack     compare plans of two different stacks or projects on purpose
  --json FILE       write the changes as JSON; "-" for stdout
  --markdown FILE   write a pull-request comment; "-" for stdout
  -h, --help        show this help

Exit codes: 0 no blocking change, 1 a stateful resource would be replaced or
deleted, 2 the input is at fault (a bad flag or --allow, an unreadable, binary
or malformed file, two different stacks without --cross-stack), 3 Paved failed.
`;

export const DIFF_FLAGS: FlagSpecs = {
  allow: { type: "string", value: "URN", multiple: true },
  json: { type: "string", value: "FILE" },
  markdown: { type: "string", value: "FILE" },
  "cross-stack": { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

export interface DiffOptions {
  readonly files: readonly string[];
  readonly allow: readonly string[];
  readonly json?: string;
  readonly markdown?: string;
  /** Comparing plans of two different stacks or projects is intended (`--cross-stack`). */
  readonly crossStack?: boolean;
}

const nameOf = (id: StackIdentity): string => `${id.project ?? "?"}/${id.stack}`;
const sameStack = (a: StackIdentity, b: StackIdentity): boolean =>
  a.stack === b.stack && (a.project === undefined || b.project === undefined || a.project === b.project);

/** Two different stacks diff as "everything deleted and created again": refused unless asked for. */
function checkSameStack(o: DiffOptions, oldDoc: DiffDocument, newDoc: DiffDocument): void {
  if (o.crossStack === true || newDoc.identity === undefined || sameStack(oldDoc.identity!, newDoc.identity)) return;
  throw new UserError(`OLD ${o.files[0]} is a plan of ${nameOf(oldDoc.identity!)} and NEW ${o.files[1]} of ${nameOf(newDoc.identity)}: ` +
    "comparing two different stacks or projects shows every resource deleted and created again. " +
    "Compare two plans of the same stack, or pass --cross-stack if that is intended (e.g. staging against prod).");
}

/**
 * Every --allow must name a change of this diff: a typo or a stale URN would
 * otherwise pass unnoticed. URNs of other stacks are set aside (and said so),
 * because the pull-request workflow passes every stack's allow lines to each diff.
 */
function checkAllows(o: DiffOptions, result: DiffResult, stacks: readonly StackIdentity[]): string[] {
  const inDiff = new Set(result.changes.flatMap((c) => (c.oldUrn ? [c.urn, c.oldUrn] : [c.urn])));
  const notUrns: string[] = [];
  const missing: string[] = [];
  const elsewhere: string[] = [];
  for (const urn of new Set(o.allow)) {
    const id = identityOfUrn(urn);
    if (id === undefined) notUrns.push(urn);
    else if (inDiff.has(urn)) continue;
    else if (stacks.some((s) => sameStack(s, id))) missing.push(urn);
    else elsewhere.push(urn);
  }
  const problems = [
    ...notUrns.map((u) => `--allow ${JSON.stringify(u)}: found no URN; allowed a resource's full URN (urn:pulumi:<stack>::<project>::<type>::<name>), as this diff prints it`),
    ...missing.map((u) => `--allow ${u}: found no change of this resource in the diff; allowed the URN of a change (a typo, or a line left from an earlier change?)`),
  ];
  if (problems.length > 0) {
    const needed = result.changes.filter((c) => c.blocking).map((c) => c.urn);
    const list = problems.length === 1 ? problems[0]! : `${problems.length} problems with --allow:\n  - ${problems.join("\n  - ")}`;
    throw new UserError(`${list}\nThe changes that need --allow in this diff: ${needed.length > 0 ? needed.join(", ") : "none"}.`);
  }
  return elsewhere;
}

export function diffCommand(o: DiffOptions): number {
  if (o.files.length !== 2) throw new UserError(`paved diff takes two files, OLD and NEW; found ${o.files.length}.\n\n${DIFF_HELP}`);
  checkTargets({ json: o.json, markdown: o.markdown });
  const oldDoc = loadDiffDocument(o.files[0]!, "OLD");
  const newDoc = loadDiffDocument(o.files[1]!, "NEW");
  if (oldDoc.kind !== "plan") throw new UserError(`OLD ${o.files[0]} is a preview; OLD must be a Paved plan JSON (a preview can only be NEW).`);
  checkSameStack(o, oldDoc, newDoc);
  const allow = new Set(o.allow);
  const result = newDoc.kind === "preview" ? diffPreview(newDoc.steps, allow) : diffPlans(oldDoc.resources, newDoc.resources, allow);
  const elsewhere = checkAllows(o, result, [oldDoc.identity, ...(newDoc.identity ? [newDoc.identity] : [])]);
  const toStdout = o.json === "-" || o.markdown === "-";
  const stream = toStdout ? process.stderr : process.stdout;
  if (elsewhere.length > 0) stream.write(`--allow: ${elsewhere.length} URN${elsewhere.length === 1 ? "" : "s"} of other stacks set aside: ${elsewhere.join(", ")}\n`);
  stream.write(renderDiffText(result, styleFor(stream)));
  writeTargets([
    ...(o.json !== undefined ? [{ flag: "json", target: o.json, text: JSON.stringify(result, null, 2) + "\n" }] : []),
    ...(o.markdown !== undefined ? [{ flag: "markdown", target: o.markdown, text: renderDiffMarkdown(result) }] : []),
  ]);
  return result.blocking > 0 ? 1 : 0;
}
