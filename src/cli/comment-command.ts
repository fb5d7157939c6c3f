import * as fs from "node:fs";
import { UserError } from "../errors";
import { describeFsError } from "../json-file";
import { parseCommandArgs, type FlagSpecs } from "./args";
import { discoverStacks, readOutcome } from "./comment-inputs";
import { checkTargets, writeTarget } from "./output-targets";
import { renderComment } from "./render-comment";

export const COMMENT_HELP = `Usage: paved comment DIR [--stack NAME]... [--run-url URL] [--artifact NAME] [--out FILE]

Assembles the one pull-request comment for every stack from the files the
pull-request workflow leaves in DIR, for each stack S:
  S.json  S.exit  S.err    paved plan's JSON (--json), exit code and error output
  S.mmd                    its Mermaid diagram (--graph), optional
  base-S.json  base-S.exit  base-S.err
                           the base branch's plan, exit code and error output
  diff-S.json  diff-S.exit  diff-S.err
                           paved diff's JSON (--json), exit code and error output
A stack whose plan or gate failed (or never ran) gets a section saying so with
the error, so the comment replaces the last one instead of leaving it standing.
The comment stays within GitHub's 65,536 characters: the verdicts, stateful
replacements and deletions and policy failures first; the lists of detail are
shortened last, each with a note of where the rest is; HTML always balanced.

Options:
  --stack NAME      a stack, in the order to show (repeatable; default: every
                    stack with an S.exit or S.json in DIR)
  --run-url URL     the workflow run, linked for the full detail
  --artifact NAME   the artifact DIR is uploaded as (default: paved-plans)
  --out FILE        write the comment to FILE (default: stdout)
  -h, --help        show this help

Exit codes: 0 the comment was written, whatever the stacks' results (the plan
and the gate decide the job), 2 the input is at fault (a bad flag, DIR missing,
no stack found), 3 Paved failed.
`;

export const COMMENT_FLAGS: FlagSpecs = {
  stack: { type: "string", value: "NAME", multiple: true },
  "run-url": { type: "string", value: "URL" },
  artifact: { type: "string", value: "NAME" },
  out: { type: "string", value: "FILE" },
  help: { type: "boolean", short: "h" },
};

/** Stack names become file names in DIR: Pulumi's own characters only, so no name reaches outside it. */
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

/** Runs `paved comment` on its arguments (after the command name); returns the exit code. */
export function commentCommand(argv: readonly string[]): number {
  const { values: v, positionals } = parseCommandArgs("comment", argv, COMMENT_FLAGS);
  if (v.help) {
    process.stdout.write(COMMENT_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UserError(`paved comment takes one DIR, the folder of the plans; found ${positionals.length === 0 ? "none" : positionals.map((p) => JSON.stringify(p)).join(" ")}.\n\n${COMMENT_HELP}`);
  }
  const dir = positionals[0]!;
  const out = v.out as string | undefined;
  const runUrl = v["run-url"] as string | undefined;
  const artifact = v.artifact as string | undefined;
  checkTargets({ out: out === "-" ? undefined : out });
  const problems: string[] = [];
  if (runUrl !== undefined && !/^https?:\/\/[^\s()<>]+$/.test(runUrl)) problems.push(`--run-url: found ${JSON.stringify(runUrl)}; allowed an http(s) URL without spaces or brackets`);
  if (artifact !== undefined && !/^[\w.-]+$/.test(artifact)) problems.push(`--artifact: found ${JSON.stringify(artifact)}; allowed an artifact name of letters, digits, "_", "-" and "."`);
  const named = (v.stack as string[] | undefined) ?? [];
  for (const s of named) if (!STACK_NAME.test(s)) problems.push(`--stack: found ${JSON.stringify(s)}; allowed a stack name of letters, digits, "_", "-" and "."`);
  let isDir = false;
  try {
    isDir = fs.statSync(dir).isDirectory();
    if (!isDir) problems.push(`DIR ${dir}: it is a file; allowed the folder the workflow writes the plans to`);
  } catch (e) {
    problems.push(`DIR ${dir}: cannot read it: ${describeFsError(e)}`);
  }
  if (problems.length > 0) throw new UserError(problems.join("\n"));
  const stacks = named.length > 0 ? [...new Set(named)] : discoverStacks(dir);
  if (stacks.length === 0) {
    throw new UserError(`DIR ${dir}: found no stack's files (S.exit or S.json); allowed a folder written by the pull-request workflow, or name the stacks with --stack.`);
  }
  const comment = renderComment(stacks.map((s) => readOutcome(dir, s)), { runUrl, artifact });
  writeTarget("out", out ?? "-", comment);
  return 0;
}
