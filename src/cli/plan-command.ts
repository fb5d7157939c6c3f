import * as fs from "node:fs";
import * as path from "node:path";
import { ALL_PACKS } from "../../policies/rules";
import { loadPolicyConfig } from "../check/policy-config";
import { UserError } from "../errors";
import { planStack } from "../plan/run-stack";
import type { RulePack } from "../plan/policy";
import { renderGraph } from "./render-graph";
import { renderMarkdown } from "./render-markdown";
import { renderText } from "./render-text";
import { styleFor } from "./style";

export const PLAN_HELP = `Usage: paved plan <stack> [--json FILE] [--markdown FILE] [--graph FILE] [--cwd DIR]

Runs the stack's Pulumi program offline on Pulumi's mock runtime with the
config in Pulumi.<stack>.yaml, prints the resources it would create and the
policy results, and writes the plan as JSON or Markdown when asked.

Options:
  --json FILE       write the plan JSON (see README, "The plan JSON"); "-" for stdout
  --markdown FILE   write a pull-request comment in Markdown; "-" for stdout
  --graph FILE      write a Mermaid diagram of the components and their dependencies
  --cwd DIR         the Pulumi project directory (default: the current directory)
  --policy-config FILE
                    enforcement overrides, as for \`pulumi preview --policy-pack-config\`
  -h, --help        show this help

Exit codes: 0 clean, 1 a mandatory policy violation, 2 invalid input
(bad config, unknown stack, unreadable file).
`;

export interface PlanCommandOptions {
  readonly stack: string;
  readonly json?: string;
  readonly markdown?: string;
  readonly graph?: string;
  readonly cwd?: string;
  readonly policyConfig?: string;
  /** The packs to run. @default every Paved pack */
  readonly packs?: readonly RulePack[];
}

function write(target: string, text: string): void {
  if (target === "-") {
    process.stdout.write(text);
    return;
  }
  try {
    fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
    fs.writeFileSync(target, text);
  } catch (e) {
    throw new UserError(`Cannot write ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
}

/** Runs `paved plan`; returns the exit code. */
export async function planCommand(o: PlanCommandOptions): Promise<number> {
  const progress = process.stderr.isTTY === true;
  const toStdout = o.json === "-" || o.markdown === "-" || o.graph === "-";
  const packs = o.packs ?? ALL_PACKS;
  const policyConfig = o.policyConfig ? loadPolicyConfig(o.policyConfig, packs.flatMap((p) => p.rules.map((r) => r.id))) : undefined;
  const plan = await planStack({
    stack: o.stack,
    dir: o.cwd,
    packs,
    policyConfig,
    onRegister: progress ? (n) => process.stderr.write(`\r  registered ${n} resources…`) : undefined,
  });
  if (progress) process.stderr.write("\r\u001b[2K");
  // With a document on stdout, the human report goes to stderr so the document stays parseable.
  const reportStream = toStdout ? process.stderr : process.stdout;
  reportStream.write(renderText(plan, packs, styleFor(reportStream)));
  if (o.json !== undefined) write(o.json, JSON.stringify(plan.toJSON(), null, 2) + "\n");
  if (o.markdown !== undefined) write(o.markdown, renderMarkdown(plan, packs));
  if (o.graph !== undefined) write(o.graph, renderGraph(plan));
  return plan.summary.mandatoryViolations > 0 ? 1 : 0;
}
