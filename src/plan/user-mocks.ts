import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { ConfigError, UserError } from "../errors";

/**
 * `paved.mocks.json` (or `.yaml`) next to Pulumi.yaml: what an offline plan
 * cannot know, given by the user. Invoke results by token, and the outputs of
 * the stacks that `StackReference`s read; `stacks.<name>` overrides per stack.
 *
 * ```json
 * { "invokes": { "aws:ec2/getVpc:getVpc": { "id": "vpc-0abc", "cidrBlock": "10.0.0.0/16" },
 *                "aws:route53/getZone:getZone": [{ "inputs": { "name": "example.com" }, "result": { "zoneId": "Z123" } }] },
 *   "stackReferences": { "acme/network/dev": { "vpcId": "vpc-0abc", "dbPassword": { "secret": "…" } } },
 *   "stacks": { "prod": { "stackReferences": { "acme/network/prod": { "vpcId": "vpc-0def" } } } } }
 * ```
 */
export const MOCKS_FILES = ["paved.mocks.json", "paved.mocks.yaml", "paved.mocks.yml"] as const;

type Result = Record<string, unknown>;
interface Case { readonly inputs: Record<string, unknown>; readonly result: Result }

export interface UserMocks {
  /** The file they came from, for messages; undefined when there is none. */
  readonly file: string | undefined;
  /** The user's result for an invoke, or undefined when the file has none that matches. */
  invoke(token: string, inputs: Record<string, unknown>): Result | undefined;
  /** The outputs of a referenced stack (`org/project/stack` as the program names it), or undefined. */
  stackOutputs(name: string): { outputs: Result; secretOutputNames: string[] } | undefined;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every key of `want` is in `have` with an equal value (objects compared recursively). */
function matches(want: unknown, have: unknown): boolean {
  if (isMap(want)) return isMap(have) && Object.entries(want).every(([k, v]) => matches(v, have[k]));
  if (Array.isArray(want)) return Array.isArray(have) && want.length === have.length && want.every((v, i) => matches(v, have[i]));
  return want === have;
}

interface Section { invokes: Map<string, Case[]>; stackReferences: Map<string, Result> }

function parseSection(raw: unknown, at: string, issues: string[]): Section {
  const section: Section = { invokes: new Map(), stackReferences: new Map() };
  if (!isMap(raw)) {
    issues.push(`${at}: found ${JSON.stringify(raw)}; allowed a map with "invokes" and "stackReferences"`);
    return section;
  }
  for (const key of Object.keys(raw)) {
    if (key !== "invokes" && key !== "stackReferences" && !(at === "" && key === "stacks")) {
      issues.push(`${at || "(top level)"}: unknown key "${key}"; allowed invokes, stackReferences${at === "" ? ", stacks" : ""}`);
    }
  }
  const prefix = at === "" ? "" : `${at}.`;
  const invokes = raw.invokes ?? {};
  if (!isMap(invokes)) issues.push(`${prefix}invokes: found ${JSON.stringify(invokes)}; allowed a map of invoke token → result`);
  else {
    for (const [token, value] of Object.entries(invokes)) {
      if (!/^[\w-]+:[\w./-]*:\w+$/.test(token)) issues.push(`${prefix}invokes.${token}: not an invoke token; allowed a token such as "aws:ec2/getVpc:getVpc"`);
      if (isMap(value)) section.invokes.set(token, [{ inputs: {}, result: value }]);
      else if (Array.isArray(value)) {
        const cases: Case[] = [];
        value.forEach((c, i) => {
          if (!isMap(c) || !isMap(c.result) || (c.inputs !== undefined && !isMap(c.inputs)) || Object.keys(c).some((k) => k !== "inputs" && k !== "result")) {
            issues.push(`${prefix}invokes.${token}[${i}]: found ${JSON.stringify(c)}; allowed { "inputs": { … }, "result": { … } }`);
          } else cases.push({ inputs: (c.inputs as Record<string, unknown> | undefined) ?? {}, result: c.result });
        });
        section.invokes.set(token, cases);
      } else issues.push(`${prefix}invokes.${token}: found ${JSON.stringify(value)}; allowed a result object, or a list of { inputs, result }`);
    }
  }
  const refs = raw.stackReferences ?? {};
  if (!isMap(refs)) issues.push(`${prefix}stackReferences: found ${JSON.stringify(refs)}; allowed a map of stack name → outputs`);
  else {
    for (const [name, outputs] of Object.entries(refs)) {
      if (isMap(outputs)) section.stackReferences.set(name, outputs);
      else issues.push(`${prefix}stackReferences.${name}: found ${JSON.stringify(outputs)}; allowed a map of output name → value`);
    }
  }
  return section;
}

function readFile(file: string): unknown {
  const text = fs.readFileSync(file, "utf8");
  try {
    return file.endsWith(".json") ? JSON.parse(text) as unknown : parseYaml(text) as unknown;
  } catch (e) {
    throw new UserError(`${file} is not valid ${file.endsWith(".json") ? "JSON" : "YAML"}: ${(e as Error).message.split("\n")[0]}`);
  }
}

export const NO_USER_MOCKS: UserMocks = { file: undefined, invoke: () => undefined, stackOutputs: () => undefined };

/** Reads the project's mocks file for `stack`; every problem in it is reported at once. */
export function loadUserMocks(dir: string, stack: string): UserMocks {
  const found = MOCKS_FILES.map((f) => path.join(dir, f)).filter((f) => fs.existsSync(f));
  if (found.length === 0) return NO_USER_MOCKS;
  if (found.length > 1) throw new UserError(`Both ${found.map((f) => path.basename(f)).join(" and ")} exist in ${dir}; keep one.`);
  const file = found[0]!;
  const raw = readFile(file) ?? {};
  const issues: string[] = [];
  const base = parseSection(raw, "", issues);
  const stacks = isMap(raw) ? raw.stacks ?? {} : {};
  let own: Section = { invokes: new Map(), stackReferences: new Map() };
  if (!isMap(stacks)) issues.push(`stacks: found ${JSON.stringify(stacks)}; allowed a map of stack name → { invokes, stackReferences }`);
  else {
    for (const [name, section] of Object.entries(stacks)) {
      const parsed = parseSection(section, `stacks.${name}`, issues);
      if (name === stack) own = parsed;
    }
  }
  if (issues.length > 0) throw new ConfigError(issues, path.basename(file));
  return {
    file,
    invoke: (token, inputs) => {
      for (const cases of [own.invokes.get(token), base.invokes.get(token)]) {
        const hit = cases?.find((c) => matches(c.inputs, inputs));
        if (hit) return structuredClone(hit.result);
      }
      return undefined;
    },
    stackOutputs: (name) => {
      const hit = own.stackReferences.get(name) ?? base.stackReferences.get(name);
      if (!hit) return undefined;
      // `{ "secret": value }` marks an output the referenced stack keeps secret, as `pulumi stack output` would.
      const outputs: Result = {};
      const secretOutputNames: string[] = [];
      for (const [k, v] of Object.entries(structuredClone(hit))) {
        if (isMap(v) && Object.keys(v).length === 1 && "secret" in v) {
          outputs[k] = v.secret;
          secretOutputNames.push(k);
        } else outputs[k] = v;
      }
      return { outputs, secretOutputNames };
    },
  };
}
