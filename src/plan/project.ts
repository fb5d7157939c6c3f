import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { UserError } from "../errors";

export interface PulumiProject {
  readonly dir: string;
  readonly name: string;
  /** Absolute path of the program entry (Pulumi.yaml `main`, or the directory). */
  readonly main: string;
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

export function loadProject(dir: string): PulumiProject {
  const file = path.join(dir, "Pulumi.yaml");
  if (!fs.existsSync(file)) throw new UserError(`No Pulumi.yaml in ${dir}: run paved from a Pulumi project directory or pass --cwd.`);
  const doc = readYaml(file) as { name?: unknown; main?: unknown } | null;
  if (!doc || typeof doc.name !== "string") throw new UserError(`${file}: name: found ${JSON.stringify(doc?.name)}; allowed a project name.`);
  const main = path.resolve(dir, typeof doc.main === "string" ? doc.main : ".");
  return { dir, name: doc.name, main };
}

export function listStacks(dir: string): string[] {
  return fs.readdirSync(dir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

const SECRET_PLACEHOLDER = "[secret]";

export function loadStackFile(dir: string, stack: string): StackFile {
  const file = ["yaml", "yml"].map((ext) => path.join(dir, `Pulumi.${stack}.${ext}`)).find((f) => fs.existsSync(f));
  if (!file) {
    const known = listStacks(dir);
    throw new UserError(`Unknown stack "${stack}": there is no Pulumi.${stack}.yaml in ${dir}. Stacks here: ${known.length ? known.join(", ") : "none"}.`);
  }
  const doc = readYaml(file) as { config?: unknown } | null;
  const raw = doc?.config ?? {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new UserError(`${file}: config: found ${JSON.stringify(raw)}; allowed a map of config keys.`);
  }
  const config: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (isSecure(value)) {
      config[key] = SECRET_PLACEHOLDER;
      secretKeys.push(key);
    } else {
      config[key] = maskSecure(value);
    }
  }
  return { stack, config, secretKeys };
}

function isSecure(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && "secure" in v;
}

/** `secure:` values nested in objects: the offline plan cannot decrypt them. */
function maskSecure(v: unknown): unknown {
  if (isSecure(v)) return SECRET_PLACEHOLDER;
  if (Array.isArray(v)) return v.map(maskSecure);
  if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskSecure(x)]));
  return v;
}
