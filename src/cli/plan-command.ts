import { ALL_PACKS } from "../../policies/rules";
import { loadPolicyConfig } from "../../policies/config";
import { planStackChecked } from "../../policies/report";
import type { RulePack } from "../../policies/model";
import type { FlagSpecs } from "./args";
import { checkInputNames, checkTargets, divertStdout, writeTargets } from "./output-targets";
import { startProgress } from "./progress";
import { renderGraph } from "./render-graph";
import { renderMarkdown } from "./render-markdown";
import { renderText } from "./render-text";
import { styleFor } from "./style";

export const PLAN_HELP = `Usage: paved plan <stack> [--json FILE] [--markdown FILE] [--graph FILE] [--policy-config FILE]
                         [--resolve] [--skip-deferred] [--fail-on-opaque] [--cwd DIR]

Runs the stack's Pulumi program offline on Pulumi's mock runtime, as
\`pulumi preview\` would (values the provider computes on create are unknown),
with the config of Pulumi.yaml and Pulumi.<stack>.yaml and the lookups in
paved.mocks.json; prints the resources it would create, what it could not see
inside, and the policy results; writes the plan as JSON or Markdown when asked.

Options:
  --json FILE       write the plan JSON (see README, "The plan JSON"); "-" for stdout
  --markdown FILE   write a pull-request comment in Markdown; "-" for stdout
  --graph FILE      write a Mermaid diagram of the components and their dependencies
  --cwd DIR         the Pulumi project directory (default: the current directory)
  --policy-config FILE
                    enforcement overrides, as for \`pulumi preview --policy-pack-config\`
  --resolve         answer ids, ARNs and other known outputs from the mocks instead of leaving them unknown
  --skip-deferred   skip the second, resolved run that finds resources the program
                    creates inside apply callbacks (faster; those stay unseen)
  --fail-on-opaque  fail (exit 4) when part of the program cannot be seen inside
                    (remote components such as awsx or @pulumi/eks, templates)
  -h, --help        show this help

Exit codes: 0 no mandatory violation (opaque parts are listed, not failed),
1 a mandatory policy violation, 2 the input or the program is at fault (bad
config, unknown stack, unreadable file, the program's own error, an invoke with
no answer), 3 Paved failed or the plan never finished, 4 opaque parts with
--fail-on-opaque.
`;

export const PLAN_FLAGS: FlagSpecs = {
  json: { type: "string", value: "FILE" },
  markdown: { type: "string", value: "FILE" },
  graph: { type: "string", value: "FILE" },
  "policy-config": { type: "string", value: "FILE" },
  cwd: { type: "string", value: "DIR" },
  resolve: { type: "boolean" },
  "skip-deferred": { type: "boolean" },
  "fail-on-opaque": { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

export interface PlanCommandOptions {
  readonly stack: string;
  readonly json?: string;
  readonly markdown?: string;
  readonly graph?: string;
  readonly cwd?: string;
  readonly policyConfig?: string;
  /** Resolve every output from the mocks (`--resolve`). */
  readonly resolve?: boolean;
  /** Skip the resolved search for resources created inside applies (`--skip-deferred`). */
  readonly skipDeferred?: boolean;
  /** Exit 4 when part of the program is opaque to the plan. */
  readonly failOnOpaque?: boolean;
  /** The packs to run. @default every Paved pack */
  readonly packs?: readonly RulePack[];
}

/** Runs `paved plan`; returns the exit code. */
export async function planCommand(o: PlanCommandOptions): Promise<number> {
  checkTargets({ json: o.json, markdown: o.markdown, graph: o.graph });
  checkInputNames({ cwd: o.cwd, "policy-config": o.policyConfig });
  const toStdout = o.json === "-" || o.markdown === "-" || o.graph === "-";
  const packs = o.packs ?? ALL_PACKS;
  const policyConfig = o.policyConfig !== undefined ? loadPolicyConfig(o.policyConfig, packs.flatMap((p) => p.rules.map((r) => r.id))) : undefined;
  // Only on a terminal: a log or a pipe gets no carriage returns.
  const progress = process.stderr.isTTY === true ? startProgress() : undefined;
  const restoreStdout = toStdout ? divertStdout() : undefined;
  const plan = await planStackChecked({
    stack: o.stack,
    dir: o.cwd,
    packs,
    policyConfig,
    mode: o.resolve === true ? "resolve" : "preview",
    findDeferred: o.skipDeferred !== true,
    onRegister: progress ? (n) => progress.update(`  registered ${n} resources…`) : undefined,
  }).finally(() => {
    restoreStdout?.();
    progress?.stop();
  });
  // With a document on stdout, the human report goes to stderr so the document stays parseable.
  const reportStream = toStdout ? process.stderr : process.stdout;
  reportStream.write(renderText(plan, packs, styleFor(reportStream)));
  writeTargets([
    ...(o.json !== undefined ? [{ flag: "json", target: o.json, text: JSON.stringify(plan.toJSON(), null, 2) + "\n" }] : []),
    ...(o.markdown !== undefined ? [{ flag: "markdown", target: o.markdown, text: renderMarkdown(plan, packs) }] : []),
    ...(o.graph !== undefined ? [{ flag: "graph", target: o.graph, text: renderGraph(plan) }] : []),
  ]);
  if (plan.summary.mandatoryViolations > 0) return 1;
  return o.failOnOpaque === true && plan.opaque.length > 0 ? 4 : 0;
}
