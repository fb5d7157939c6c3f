import { parseArgs } from "node:util";
import { UserError } from "../errors";
import { closest } from "../suggest";

/** One command-line flag: `--name VALUE` (string) or `--name` (boolean). */
export interface FlagSpec {
  readonly type: "string" | "boolean";
  /** The placeholder the help and errors show: FILE, DIR, URN. */
  readonly value?: string;
  readonly short?: string;
  readonly multiple?: boolean;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export type FlagValue = string | boolean | string[] | undefined;

export interface ParsedArgs {
  readonly values: Readonly<Record<string, FlagValue>>;
  readonly positionals: readonly string[];
}

/** `--json FILE`, `-h/--help`: how a flag is written. */
export function formOf(name: string, spec: FlagSpec): string {
  const long = `--${name}${spec.type === "string" ? ` ${spec.value ?? "VALUE"}` : ""}`;
  return spec.short ? `-${spec.short}/${long}` : long;
}

/**
 * Parses a command's arguments with Node's tokenizer (no dependency for the
 * package's users) but decides every error itself, so each one names the flag,
 * what was found and the allowed forms, never Node's raw parser message.
 */
export function parseCommandArgs(command: string, args: readonly string[], specs: FlagSpecs): ParsedArgs {
  const { tokens } = parseArgs({
    args: [...args],
    strict: false,
    allowPositionals: true,
    tokens: true,
    options: Object.fromEntries(Object.entries(specs).map(([name, s]) => [name, { type: s.type, ...(s.short ? { short: s.short } : {}) }])),
  });
  // Asking for help wins over any mistake next to it.
  if (tokens.some((t) => t.kind === "option" && t.name === "help" && specs.help !== undefined)) return { values: { help: true }, positionals: [] };
  const allowed = Object.entries(specs).map(([name, s]) => formOf(name, s)).join(", ");
  const problems: string[] = [];
  const values: Record<string, FlagValue> = {};
  const positionals: string[] = [];
  for (const t of tokens) {
    if (t.kind === "positional") positionals.push(t.value);
    if (t.kind !== "option") continue;
    const spec = specs[t.name];
    const isShort = !t.rawName.startsWith("--");
    if (spec === undefined || (isShort && spec.short !== t.rawName.slice(1))) {
      const hint = isShort ? undefined : closest(t.name, Object.keys(specs));
      problems.push(`${t.rawName}: unknown option${hint ? ` (did you mean --${hint}?)` : ""}; allowed for paved ${command}: ${allowed}`);
      continue;
    }
    const form = formOf(t.name, spec);
    if (spec.type === "boolean") {
      if (t.value !== undefined) problems.push(`${t.rawName}: found the value ${JSON.stringify(t.value)}; allowed ${form} alone, it takes no value`);
      else values[t.name] = true;
      continue;
    }
    if (t.value === undefined) {
      problems.push(`${t.rawName}: found no ${spec.value ?? "value"} after it; allowed ${form} or --${t.name}=${spec.value ?? "VALUE"}`);
      continue;
    }
    // `--json --resolve`: the next flag was taken as the value; a name starting with a dash must be written inline.
    if (!t.inlineValue && t.value.length > 1 && t.value.startsWith("-")) {
      problems.push(`${t.rawName}: found the flag ${JSON.stringify(t.value)} where a ${spec.value ?? "value"} belongs; allowed ${form} (write --${t.name}=${t.value} for a name that starts with a dash)`);
      continue;
    }
    const before = values[t.name];
    if (spec.multiple) values[t.name] = [...(Array.isArray(before) ? before : []), t.value];
    else if (typeof before === "string") problems.push(`${t.rawName}: found it twice (${JSON.stringify(before)}, ${JSON.stringify(t.value)}); allowed once`);
    else values[t.name] = t.value;
  }
  if (problems.length > 0) {
    const list = problems.length === 1 ? problems[0]! : `${problems.length} problems with the arguments of paved ${command}:\n  - ${problems.join("\n  - ")}`;
    throw new UserError(`${list}\nRun "paved ${command} --help" for what each option does.`);
  }
  return { values, positionals };
}
