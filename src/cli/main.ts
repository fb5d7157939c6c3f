#!/usr/bin/env node
import "./lazy-typescript";
import { isPlanIncomplete, isUserError, UserError } from "../errors";
import { parseCommandArgs } from "./args";
import { CHECK_FLAGS, CHECK_HELP, checkCommand } from "./check-command";
import { commentCommand } from "./comment-command";
import { DIFF_FLAGS, DIFF_HELP, diffCommand } from "./diff-command";
import { PLAN_FLAGS, PLAN_HELP, planCommand } from "./plan-command";
import { classifyFailure } from "../plan/failures";
import { isRecording } from "../plan/record";
import { pavedVersion } from "./version";
import { sealStdoutAfterDocument } from "./output-targets";

const HELP = `Usage: paved <command> [options]

Commands:
  plan <stack>         plan a stack offline and run the policy packs on it
  check --state FILE   run the policy packs on a stack export, preview or plan JSON
  diff OLD NEW         what a change adds, deletes, updates and replaces; fails on stateful losses
  comment DIR          the one pull-request comment for every stack, from the plans and diffs in DIR

Run "paved <command> --help" for a command's options; "paved --version" prints the version.
`;

/** Parses argv and runs the command; returns the exit code. Never throws for user errors. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) {
      // A usage error: the help goes to stderr, where errors go.
      process.stderr.write(HELP);
      return 2;
    }
    if (command === "--help" || command === "-h" || command === "help") {
      process.stdout.write(HELP);
      return 0;
    }
    if (command === "--version" || command === "-V") {
      process.stdout.write(`${pavedVersion()}\n`);
      return 0;
    }
    if (command.startsWith("-")) throw new UserError(`${command}: unknown option; allowed before a command: -h/--help, -V/--version. Run "paved --help".`);
    if (command === "comment") return commentCommand(rest);
    if (command !== "plan" && command !== "check" && command !== "diff") throw new UserError(`Unknown command "${command}". Commands: plan, check, diff, comment. Run "paved --help".`);
    const help = command === "plan" ? PLAN_HELP : command === "check" ? CHECK_HELP : DIFF_HELP;
    const parsed = parseCommandArgs(command, rest, command === "plan" ? PLAN_FLAGS : command === "check" ? CHECK_FLAGS : DIFF_FLAGS);
    const v = parsed.values;
    if (v.help) {
      process.stdout.write(help);
      return 0;
    }
    if (command === "diff") {
      return diffCommand({ files: parsed.positionals, allow: (v.allow as string[] | undefined) ?? [], json: v.json as string | undefined, markdown: v.markdown as string | undefined, crossStack: v["cross-stack"] === true });
    }
    if (command === "check") {
      return checkCommand({ positionals: parsed.positionals, state: v.state as string | undefined, json: v.json as string | undefined, config: v.config as string | undefined });
    }
    if (parsed.positionals.length !== 1) {
      throw new UserError(`paved plan takes exactly one stack name; found ${parsed.positionals.length === 0 ? "none" : parsed.positionals.join(" ")}.\n\n${PLAN_HELP}`);
    }
    return await planCommand({
      stack: parsed.positionals[0]!,
      json: v.json as string | undefined,
      markdown: v.markdown as string | undefined,
      graph: v.graph as string | undefined,
      cwd: v.cwd as string | undefined,
      policyConfig: v["policy-config"] as string | undefined,
      resolve: v.resolve === true,
      failOnOpaque: v["fail-on-opaque"] === true,
      skipDeferred: v["skip-deferred"] === true,
    });
  } catch (e) {
    if (isUserError(e)) {
      process.stderr.write(`paved: ${e.message}\n`);
      return 2;
    }
    if (isPlanIncomplete(e)) {
      process.stderr.write(`paved: ${e.message}\n`);
      return 3;
    }
    process.stderr.write(`paved: internal error (a bug in Paved; please report it with this trace): ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    return 3;
  }
}

if (require.main === module) {
  // Until main() returns, the process has no verdict: if Node ever ran out of work
  // first, it would exit 0 with nothing printed. Exit 3 and say so instead.
  process.exitCode = 3;
  let finished = false;
  let warned = false;
  process.on("beforeExit", () => {
    if (finished || warned) return;
    // The plan engine's own idle handler runs after this one and usually ends the
    // command with a precise message; only speak if, one turn later, nothing did.
    setImmediate(() => {
      if (finished || warned) return;
      warned = true;
      process.stderr.write("paved: internal error: the command stopped before it reached a verdict (nothing was left to run).\n");
    });
  });
  // This process ends after its command: once a document is on stdout, a program's late output goes to stderr.
  sealStdoutAfterDocument();
  // A reader that stops early (`paved plan prod --json - | head`) closes the pipe: stop writing
  // quietly and keep the verdict's exit code, rather than dying on EPIPE.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
  });
  // An apply or promise nobody awaited can reject after its plan has ended (a timer, a slow lookup): the verdict
  // already printed does not hold then. Without a handler Node would crash with exit 1, which means "a violation".
  let lateFailure = false;
  process.on("unhandledRejection", (reason) => {
    if (isRecording()) return; // the plan engine's own handler takes it
    lateFailure = true;
    const failure = classifyFailure(reason);
    const message = failure instanceof Error ? failure.message : String(failure);
    process.stderr.write(`paved: after the plan ended, ${message.replace(/^the program failed/, "the program failed too")}\n` +
      "paved: an apply or promise that nothing awaited rejected late, so the verdict above does not hold (exit 2).\n");
    process.exitCode = 2;
  });
  void main(process.argv.slice(2)).then((code) => {
    finished = true;
    process.exitCode = lateFailure ? 2 : code;
  });
}
