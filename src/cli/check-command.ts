import { ALL_PACKS } from "../../policies/rules";
import { loadPolicyConfig } from "../../policies/config";
import { loadState } from "../../policies/inputs/state";
import { UserError } from "../errors";
import { evaluatePacks } from "../../policies/model";
import type { FlagSpecs } from "./args";
import { checkInputNames, checkTargets, writeTarget } from "./output-targets";
import { renderViolations } from "./report-violations";
import { styleFor } from "./style";

export const CHECK_HELP = `Usage: paved check --state FILE [--json FILE] [--config FILE]

Runs every Paved policy pack (non-root, private data, encryption, advisory) on
the resources of an existing stack: a \`pulumi stack export\` file, a
\`pulumi preview --json\` document, or a Paved plan JSON.

Options:
  --state FILE    the document to check (required)
  --json FILE     write { "violations": [...] }; "-" for stdout
  --config FILE   enforcement overrides, as for \`pulumi preview --policy-pack-config\`:
                  { "all": "advisory", "<rule>": "mandatory" | "advisory" | "disabled" }
  -h, --help      show this help

Exit codes: 0 no mandatory violation, 1 a mandatory violation, 2 the input is
at fault (a bad flag, an unreadable, binary or malformed file, one with no cloud
resources or with entries lacking a urn or type), 3 Paved failed.
`;

export const CHECK_FLAGS: FlagSpecs = {
  state: { type: "string", value: "FILE" },
  json: { type: "string", value: "FILE" },
  config: { type: "string", value: "FILE" },
  help: { type: "boolean", short: "h" },
};

export interface CheckOptions {
  /** Arguments that are not flags: none are allowed (the file goes after --state). */
  readonly positionals?: readonly string[];
  readonly state?: string;
  readonly json?: string;
  readonly config?: string;
}

export function allRuleIds(): string[] {
  return [...new Set(ALL_PACKS.flatMap((p) => p.rules.map((r) => r.id)))];
}

export function checkCommand(o: CheckOptions): number {
  const extra = o.positionals ?? [];
  if (extra.length > 0) {
    throw new UserError(`found the argument ${JSON.stringify(extra[0])}; allowed flags only for paved check${o.state === undefined && extra.length === 1 ? ` (the file goes after --state: --state ${extra[0]})` : ""}. Run "paved check --help".`);
  }
  if (o.state === undefined) throw new UserError(`paved check needs --state FILE.\n\n${CHECK_HELP}`);
  checkInputNames({ state: o.state, config: o.config });
  checkTargets({ json: o.json });
  const resources = loadState(o.state);
  // A gate fed a file with nothing in it must not report "no violations".
  if (resources.length === 0) throw new UserError(`--state ${o.state}: found no cloud resources to check; allowed a stack export, preview or plan JSON with at least one (a wrong file or a failed export would otherwise pass every policy unseen).`);
  const config = o.config !== undefined ? loadPolicyConfig(o.config, allRuleIds(), "--config") : undefined;
  const { violations, unknowns } = evaluatePacks(resources, ALL_PACKS, config);
  const toStdout = o.json === "-";
  const stream = toStdout ? process.stderr : process.stdout;
  stream.write(`Checked ${resources.length} resources from ${o.state}\n`);
  stream.write(renderViolations(violations, unknowns, ALL_PACKS, styleFor(stream)));
  if (o.json !== undefined) writeTarget("json", o.json, JSON.stringify({ violations }, null, 2) + "\n");
  return violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0;
}
