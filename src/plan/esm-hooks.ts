/**
 * Module hooks for ES module programs, registered by esm-loader.ts with
 * `module.register()`. They run on Node's hooks thread, so they keep no link
 * to the plan: everything they need comes in `data` or in the URLs themselves.
 *
 * A program's own modules (file: URLs outside node_modules, reached from the
 * entry) carry the run's query parameter (`?paved-run=N`): Node caches ES
 * modules by URL, so a new N per plan evaluates them afresh, while packages
 * (node_modules, and with them the one @pulumi/pulumi) stay shared.
 */
import { readFile } from "node:fs/promises";
import * as fs from "node:fs";
import type { LoadHook, ResolveHook } from "node:module";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { inNodeModules, loadTypeScript, resolveTypeScript, transpile, typeScriptSibling } from "./ts-loader";

/** What esm-loader.ts passes to `register()`. */
export interface EsmHooksData {
  /** The query parameter that numbers a plan's run of the program. */
  readonly runParam: string;
}

let runParam = "paved-run";

export function initialize(data: EsmHooksData): void {
  runParam = data.runParam;
}

/** The run a module belongs to, when it is one of the program's own files. */
function runOf(url: string | undefined): string | undefined {
  if (url === undefined || !url.startsWith("file:")) return undefined;
  return new URL(url).searchParams.get(runParam) ?? undefined;
}

const isRelative = (specifier: string): boolean => specifier.startsWith("./") || specifier.startsWith("../");

/**
 * Node's own "Cannot find module" from under these hooks: drop this file's
 * frames from its stack, so that the failure reads as the program's (its
 * message names the importing file), not as Paved's.
 */
function asNodeError(e: unknown): unknown {
  if (e instanceof Error && e.stack !== undefined) {
    e.stack = e.stack.split("\n").filter((line) => !line.includes(__filename)).join("\n");
  }
  return e;
}

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const run = runOf(context.parentURL);
  if (run === undefined) return nextResolve(specifier, context);
  let target = specifier;
  if (isRelative(specifier) && !inNodeModules(fileURLToPath(context.parentURL!))) {
    // TypeScript (module node16/nodenext) has `import "./vpc.js"` mean vpc.ts before it is compiled.
    const wanted = new URL(specifier, context.parentURL);
    const source = typeScriptSibling(fileURLToPath(wanted));
    if (source !== undefined) target = pathToFileURL(source).href + wanted.search;
  }
  let resolved;
  try {
    resolved = await nextResolve(target, context);
  } catch (e) {
    throw asNodeError(e);
  }
  if (!resolved.url.startsWith("file:") || inNodeModules(fileURLToPath(resolved.url))) return resolved;
  const url = new URL(resolved.url);
  url.searchParams.set(runParam, run);
  return { ...resolved, url: url.href };
};

const packageTypes = new Map<string, string | undefined>();

/** The `type` of the package.json nearest to a directory, which decides what a .ts/.js file in it is. */
function packageType(dir: string): string | undefined {
  if (packageTypes.has(dir)) return packageTypes.get(dir);
  const manifest = path.join(dir, "package.json");
  let type: string | undefined;
  if (fs.existsSync(manifest)) {
    try {
      const value = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { type?: unknown }).type;
      type = typeof value === "string" ? value : undefined;
    } catch {
      type = undefined; // Node reports an unreadable package.json itself
    }
  } else {
    const parent = path.dirname(dir);
    type = parent === dir ? undefined : packageType(parent);
  }
  packageTypes.set(dir, type);
  return type;
}

const TYPESCRIPT = new Set([".ts", ".tsx", ".mts", ".cts"]);

export const load: LoadHook = async (url, context, nextLoad) => {
  if (!url.startsWith("file:")) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const ext = path.extname(file);
  if (!TYPESCRIPT.has(ext) || inNodeModules(file)) return nextLoad(url, context);
  // Node's own rule for .js/.mjs/.cjs, applied to their TypeScript counterparts.
  const format = ext === ".mts" ? "module" : ext === ".cts" ? "commonjs" : packageType(path.dirname(file)) === "module" ? "module" : "commonjs";
  // Without a source, Node loads a CommonJS file with its require(), where ts-loader.ts's hook transpiles it.
  if (format === "commonjs") return { format, shortCircuit: true };
  const typescript = resolveTypeScript(path.dirname(file));
  if (typescript === undefined) throw new Error(`Cannot run ${file}: no typescript package can be found from its directory (npm install --save-dev typescript).`);
  const source = transpile(loadTypeScript(typescript), await readFile(file, "utf8"), file, "module");
  return { format, source, shortCircuit: true };
};
