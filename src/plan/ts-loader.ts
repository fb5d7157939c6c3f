import * as fs from "node:fs";
import Module, { createRequire } from "node:module";
import * as path from "node:path";
import { UserError } from "../errors";

/** The slice of the TypeScript API that transpiling one file needs (the project's own version, whatever it is). */
export interface TypeScriptApi {
  transpileModule(input: string, options: { compilerOptions: Record<string, unknown>; fileName: string; reportDiagnostics?: boolean }): {
    outputText: string;
    diagnostics?: readonly {
      category: number;
      messageText: unknown;
      start?: number;
      file?: { getLineAndCharacterOfPosition(pos: number): { line: number; character: number } };
    }[];
  };
  flattenDiagnosticMessageText(message: unknown, newLine: string): string;
  ModuleKind: { CommonJS: number; ESNext: number };
  ScriptTarget: { ES2022: number };
  DiagnosticCategory: { Error: number };
}

export const inNodeModules = (file: string): boolean => file.split(/[\\/]/).includes("node_modules");

/** The `typescript` a file resolves (from its directory, as its own imports would), or undefined. */
export function resolveTypeScript(fromDir: string): string | undefined {
  try {
    return createRequire(path.join(fromDir, "noop.js")).resolve("typescript");
  } catch {
    return undefined;
  }
}

/** The project's own `typescript`; a TypeScript program without one is the user's to fix. */
export function requireTypeScriptOf(projectDir: string): string {
  const found = resolveTypeScript(projectDir);
  if (found === undefined) {
    throw new UserError(`The program in ${projectDir} is TypeScript, and the project has no typescript package to run it with: npm install --save-dev typescript, or point Pulumi.yaml main at compiled JavaScript.`);
  }
  return found;
}

const loaded = new Map<string, TypeScriptApi>();
export function loadTypeScript(resolved: string): TypeScriptApi {
  let ts = loaded.get(resolved);
  if (ts === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ts = require(resolved) as TypeScriptApi;
    loaded.set(resolved, ts);
  }
  return ts;
}

/**
 * Transpiles one file without type-checking (as `pulumi up` with
 * `transpileOnly`), keeping an inline source map so stack traces can point at
 * the .ts line. TypeScript still emits code for a file that does not parse;
 * Node would then report the emitted line, so a syntax error is thrown here
 * with the file:line:column of the source instead.
 */
export function transpile(ts: TypeScriptApi, source: string, fileName: string, format: "commonjs" | "module"): string {
  const result = ts.transpileModule(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      module: format === "module" ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      sourceMap: false,
      inlineSourceMap: true,
    },
  });
  const error = result.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (error) {
    const at = error.file && error.start !== undefined ? error.file.getLineAndCharacterOfPosition(error.start) : { line: 0, character: 0 };
    const where = `${fileName}:${at.line + 1}:${at.character + 1}`;
    const e = new SyntaxError(`${where} - ${ts.flattenDiagnosticMessageText(error.messageText, "\n")}`);
    // The only frame that matters is the user's file (not this transpiler).
    e.stack = `${e.name}: ${e.message}\n    at ${where}`;
    throw e;
  }
  return result.outputText;
}

/** For `./x.js` (as TypeScript with node16/nodenext resolution wants it written): its .ts/.tsx/.cts/.mts source, when only that exists. */
export function typeScriptSibling(file: string): string | undefined {
  const m = /\.(c|m)?(js|jsx)$/.exec(file);
  if (!m || fs.existsSync(file)) return undefined;
  const stem = file.slice(0, -m[0].length);
  const candidates = m[1] === "c" ? [".cts"] : m[1] === "m" ? [".mts"] : m[2] === "jsx" ? [".tsx"] : [".ts", ".tsx"];
  return candidates.map((ext) => stem + ext).find((f) => fs.existsSync(f));
}

/**
 * In transpiled CommonJS, `require("./x.js")` of a file that exists only as
 * x.ts becomes `require("./x.ts")`. Done on the output rather than in a
 * `Module._resolveFilename` wrapper so that a loader frame never sits between
 * the user's `require` and Node's "Cannot find module" error.
 */
function requireTypeScriptSiblings(code: string, fileName: string): string {
  return code.replace(/\brequire\((["'])(\.\.?\/[^"'\n]*?\.c?jsx?)\1\)/g, (whole, quote: string, spec: string) => {
    const sibling = typeScriptSibling(path.resolve(path.dirname(fileName), spec));
    if (sibling === undefined) return whole;
    const rel = path.relative(path.dirname(fileName), sibling).split(path.sep).join("/");
    return `require(${quote}${rel.startsWith(".") ? rel : `./${rel}`}${quote})`;
  });
}

let registeredWith: string | undefined;

/**
 * Lets `paved plan` run a CommonJS TypeScript program the way `pulumi up` does
 * (Pulumi's default template has `index.ts` and no build step): the project's
 * own TypeScript transpiles each .ts/.tsx/.cts file as it is required. The
 * compiler itself loads on the first TypeScript file, not here. The first
 * project's typescript serves the process.
 */
export function registerTypeScript(projectDir: string): void {
  const resolved = requireTypeScriptOf(projectDir);
  if (registeredWith !== undefined || require.extensions[".ts"]) return;
  const compile = (module: Module, filename: string): void => {
    const output = transpile(loadTypeScript(resolved), fs.readFileSync(filename, "utf8"), filename, "commonjs");
    (module as unknown as { _compile(code: string, file: string): void })._compile(requireTypeScriptSiblings(output, filename), filename);
  };
  for (const ext of [".ts", ".tsx", ".cts"]) require.extensions[ext] = compile as NodeJS.RequireExtensions[string];
  registeredWith = resolved;
}
