import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { ConfigError, UserError } from "../errors";

/** A `config:` entry of Pulumi.yaml: a plain default, or a typed declaration (Pulumi ≥ 3.44). */
export interface ConfigDeclaration {
  readonly type?: "string" | "integer" | "boolean" | "array";
  readonly hasDefault: boolean;
  readonly default?: unknown;
  readonly secret: boolean;
}

export interface PulumiProject {
  readonly dir: string;
  readonly name: string;
  /** Absolute path of the program entry (Pulumi.yaml `main`, or the directory). */
  readonly main: string;
  /** Where Pulumi.<stack>.yaml files live (`stackConfigDir`, else the project directory). */
  readonly stackConfigDir: string;
  /** Project-level config, keys fully qualified (`<project>:key` for bare keys). */
  readonly config: Readonly<Record<string, ConfigDeclaration>>;
}

export interface StackFile {
  readonly stack: string;
  /** Flat config as Pulumi hands it to programs: objects stay objects here and are JSON-encoded on the way in. */
  readonly config: Record<string, unknown>;
  /** Keys whose values are `secure:` ciphertext; offline they read as "[secret]". */
  readonly secretKeys: string[];
}

function readYaml(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UserError(`Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  try {
    return parseYaml(text);
  } catch (e) {
    throw new UserError(`${file} is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Pulumi: "a simple name without a colon" takes the project name as its namespace. */
export function qualifyKey(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

const DECLARATION_KEYS = new Set(["type", "default", "value", "description", "secret", "items"]);
const TYPES = ["string", "integer", "boolean", "array"] as const;

/**
 * Pulumi.yaml `config:`: a scalar or list is a default value; a map is either
 * `{ value: … }` (a default that is itself an object) or a declaration with
 * `type`, `default`, `description`, `secret`, `items` (Pulumi's project file reference).
 */
function parseProjectConfig(raw: unknown, project: string, file: string): Record<string, ConfigDeclaration> {
  if (raw === undefined || raw === null) return {};
  if (!isMap(raw)) throw new UserError(`${file}: config: found ${JSON.stringify(raw)}; allowed a map of config keys.`);
  const out: Record<string, ConfigDeclaration> = {};
  const issues: string[] = [];
  for (const [key, entry] of Object.entries(raw)) {
    const qualified = qualifyKey(key, project);
    if (!isMap(entry)) {
      out[qualified] = { hasDefault: true, default: entry, secret: false };
      continue;
    }
    const unknown = Object.keys(entry).filter((k) => !DECLARATION_KEYS.has(k));
    if (unknown.length > 0) {
      issues.push(`${file}: config.${key}: unknown field ${unknown.map((k) => `"${k}"`).join(", ")}; allowed ${[...DECLARATION_KEYS].join(", ")} (an object default goes under "value")`);
      continue;
    }
    const type = entry.type;
    if (type !== undefined && !TYPES.includes(type as (typeof TYPES)[number])) {
      issues.push(`${file}: config.${key}.type: found ${JSON.stringify(type)}; allowed one of ${TYPES.join(", ")}`);
      continue;
    }
    const hasDefault = "default" in entry || "value" in entry;
    out[qualified] = {
      type: type as ConfigDeclaration["type"],
      hasDefault,
      default: "value" in entry ? entry.value : entry.default,
      secret: entry.secret === true,
    };
  }
  if (issues.length > 0) throw new ConfigError(issues, "project config");
  return out;
}

export function loadProject(dir: string): PulumiProject {
  const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (!file) throw new UserError(`No Pulumi.yaml in ${dir}: run paved from a Pulumi project directory or pass --cwd.`);
  const doc = readYaml(file) as { name?: unknown; main?: unknown; stackConfigDir?: unknown; config?: unknown; runtime?: unknown } | null;
  if (!doc || typeof doc.name !== "string") throw new UserError(`${file}: name: found ${JSON.stringify(doc?.name)}; allowed a project name.`);
  const runtime = isMap(doc.runtime) ? doc.runtime.name : doc.runtime;
  if (runtime !== undefined && runtime !== "nodejs") {
    throw new UserError(`${file}: runtime: found ${JSON.stringify(runtime)}; paved plan runs Node.js programs only (runtime: nodejs).`);
  }
  const main = path.resolve(dir, typeof doc.main === "string" ? doc.main : ".");
  const stackConfigDir = path.resolve(dir, typeof doc.stackConfigDir === "string" ? doc.stackConfigDir : ".");
  return { dir, name: doc.name, main, stackConfigDir, config: parseProjectConfig(doc.config, doc.name, file) };
}

export function listStacks(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

const SECRET_PLACEHOLDER = "[secret]";

/** A project given by its directory only (tests): no project config, stack files beside Pulumi.yaml. */
function asProject(dirOrProject: string | PulumiProject): PulumiProject {
  if (typeof dirOrProject !== "string") return dirOrProject;
  return loadProject(dirOrProject);
}

function typeIssue(key: string, type: ConfigDeclaration["type"], value: unknown, stack: string): string | undefined {
  if (type === undefined || value === SECRET_PLACEHOLDER) return undefined;
  // Stack files carry scalars as YAML scalars or strings; Pulumi accepts "3" for an integer.
  const ok = type === "string" ? typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    : type === "integer" ? Number.isInteger(typeof value === "string" ? Number(value) : value) && value !== ""
    : type === "boolean" ? typeof value === "boolean" || value === "true" || value === "false"
    : Array.isArray(value);
  return ok ? undefined : `${key}: found ${JSON.stringify(value)} in stack "${stack}"; allowed a value of type ${type} (declared in Pulumi.yaml)`;
}

/**
 * The config a program of this stack sees: Pulumi.yaml defaults, overridden by
 * Pulumi.<stack>.yaml; bare keys in the project's namespace; declared keys
 * without a default must be set, and values must match declared types (as
 * `pulumi preview` checks before it runs the program).
 */
export function loadStackFile(dirOrProject: string | PulumiProject, stack: string): StackFile {
  const project = asProject(dirOrProject);
  const dir = project.stackConfigDir;
  const file = ["yaml", "yml"].map((ext) => path.join(dir, `Pulumi.${stack}.${ext}`)).find((f) => fs.existsSync(f));
  if (!file) {
    const known = listStacks(dir);
    throw new UserError(`Unknown stack "${stack}": there is no Pulumi.${stack}.yaml in ${dir}. Stacks here: ${known.length ? known.join(", ") : "none"}.`);
  }
  const doc = readYaml(file) as { config?: unknown } | null;
  const raw = doc?.config ?? {};
  if (!isMap(raw)) {
    throw new UserError(`${file}: config: found ${JSON.stringify(raw)}; allowed a map of config keys.`);
  }
  const config: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  for (const [key, decl] of Object.entries(project.config)) {
    if (decl.hasDefault) config[key] = maskSecure(decl.default);
    if (decl.secret) secretKeys.push(key);
  }
  for (const [rawKey, value] of Object.entries(raw)) {
    const key = qualifyKey(rawKey, project.name);
    if (isSecure(value)) {
      config[key] = SECRET_PLACEHOLDER;
      if (!secretKeys.includes(key)) secretKeys.push(key);
    } else {
      config[key] = maskSecure(value);
    }
  }
  const issues: string[] = [];
  for (const [key, decl] of Object.entries(project.config)) {
    if (!(key in config)) issues.push(`${key}: missing in stack "${stack}"; Pulumi.yaml declares it without a default (set it with: pulumi config set ${key.startsWith(`${project.name}:`) ? key.slice(project.name.length + 1) : key} <value> -s ${stack})`);
    else {
      const issue = typeIssue(key, decl.type, config[key], stack);
      if (issue) issues.push(issue);
    }
  }
  if (issues.length > 0) throw new ConfigError(issues, `config of stack "${stack}"`);
  return { stack, config, secretKeys };
}

function isSecure(v: unknown): boolean {
  return isMap(v) && Object.keys(v).length === 1 && "secure" in v;
}

/** `secure:` values nested in objects: the offline plan cannot decrypt them. */
function maskSecure(v: unknown): unknown {
  if (isSecure(v)) return SECRET_PLACEHOLDER;
  if (Array.isArray(v)) return v.map(maskSecure);
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskSecure(x)]));
  return v;
}
