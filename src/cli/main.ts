#!/usr/bin/env node
import { parseArgs } from "node:util";
import { isUserError, UserError } from "../errors";
import { PLAN_HELP, planCommand } from "./plan-command";

const HELP = `Usage: paved <command> [options]

Commands:
  plan <stack>   plan a stack offline and run the policy packs on it

Run "paved <command> --help" for a command's options.
`;

/** Parses argv and runs the command; returns the exit code. Never throws for user errors. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      process.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    }
    if (command !== "plan") throw new UserError(`Unknown command "${command}". Commands: plan. Run "paved --help".`);
    let parsed;
    try {
      parsed = parseArgs({
        args: [...rest],
        allowPositionals: true,
        strict: true,
        options: {
          json: { type: "string" },
          markdown: { type: "string" },
          cwd: { type: "string" },
          help: { type: "boolean", short: "h" },
        },
      });
    } catch (e) {
      throw new UserError(`${(e as Error).message}\n\n${PLAN_HELP}`);
    }
    if (parsed.values.help) {
      process.stdout.write(PLAN_HELP);
      return 0;
    }
    if (parsed.positionals.length !== 1) {
      throw new UserError(`paved plan takes exactly one stack name; found ${parsed.positionals.length === 0 ? "none" : parsed.positionals.join(" ")}.\n\n${PLAN_HELP}`);
    }
    return await planCommand({ stack: parsed.positionals[0]!, ...parsed.values });
  } catch (e) {
    if (isUserError(e)) {
      process.stderr.write(`paved: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`paved: internal error (a bug in Paved or in the program): ${(e as Error).stack ?? String(e)}\n`);
    return 3;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
