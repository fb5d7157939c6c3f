import * as fs from "node:fs";
import Module from "node:module";
import * as path from "node:path";
import { isMainThread } from "node:worker_threads";
import { UserError } from "../errors";
import { importProgram } from "./esm-loader";
import { inNodeModules, registerTypeScript } from "./ts-loader";

/** What Pulumi's Node.js host would run, and how. */
export interface ProgramEntry {
  /** The module to load. */
  readonly file: string;
  /** Loaded with import() rather than require(). */
  readonly esm: boolean;
  /** The program's working directory: Pulumi.yaml `main`'s directory, or `main` itself when it is one. */
  readonly pwd: string;
}

const TYPESCRIPT = /\.(c|m)?tsx?$/;

const isDir = (p: string): boolean => fs.statSync(p).isDirectory();
const firstExisting = (candidates: readonly string[]): string | undefined => candidates.find((f) => fs.existsSync(f) && !isDir(f));

function nearestPackageJson(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const f = path.join(d, "package.json");
    if (fs.existsSync(f)) return f;
    if (path.dirname(d) === d) return undefined;
  }
}

interface PackageJson {
  readonly main?: unknown;
  readonly type?: unknown;
  readonly exports?: unknown;
}

function readPackageJson(file: string | undefined): PackageJson {
  if (file === undefined) return {};
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as PackageJson;
  } catch {
    return {}; // Pulumi reads the manifest best-effort too
  }
}

/** package.json's entry point as Pulumi reads it: `exports` (a string, or "."'s string or default/require/import), else `main`. */
function packageEntry(pkg: PackageJson): string | undefined {
  const { exports } = pkg;
  if (typeof exports === "string") return exports;
  if (typeof exports === "object" && exports !== null) {
    const dot = (exports as Record<string, unknown>)["."];
    if (typeof dot === "string") return dot;
    if (typeof dot === "object" && dot !== null) {
      const c = dot as Record<string, unknown>;
      const entry = c.default || c.require || c.import;
      return typeof entry === "string" ? entry : undefined;
    }
    return undefined; // an exports map without ".": Pulumi does not fall back to main
  }
  return typeof pkg.main === "string" && pkg.main !== "" ? pkg.main : undefined;
}

/** `require(dir + "/")`: the directory's package.json main, else its index, extensions in the order Node (then a TypeScript hook) registers them. */
function commonJsDirectoryEntry(dir: string): string | undefined {
  const exts = [".js", ".json", ".node", ".ts", ".tsx"];
  const withExts = (base: string): string[] => [base, ...exts.map((e) => base + e), ...exts.map((e) => path.join(base, "index" + e))];
  const main = readPackageJson(fs.existsSync(path.join(dir, "package.json")) ? path.join(dir, "package.json") : undefined).main;
  const fromMain = typeof main === "string" && main !== "" ? firstExisting(withExts(path.resolve(dir, main))) : undefined;
  return fromMain ?? firstExisting(exts.map((e) => path.join(dir, "index" + e)));
}

/**
 * Finds the program as Pulumi does (pulumi/pulumi pkg/engine/project.go
 * getPwdMain, sdk/nodejs/cmd/run/run.ts `run`):
 * - Pulumi.yaml `main` a file: that file; a directory, or no `main`: the
 *   nearest package.json's `exports`/`main` if that path exists, else the directory.
 *   Paved reads that entry only from a package.json inside the Pulumi project:
 *   Pulumi searches on up and would run whatever package sits above a project
 *   that has no package.json of its own.
 * - ES module when the nearest package.json has `"type": "module"` (Pulumi's
 *   only test; Paved also takes an .mjs/.mts entry as ESM, as Node would).
 * - A directory, ESM: index.js, index.mjs, index.ts, index.mts, in that order;
 *   CommonJS: what `require(dir + "/")` finds: its package.json main, else
 *   index.js, .json, .node, then .ts/.tsx (the TypeScript hook's extensions come last).
 */
export function resolveProgram(main: string, projectDir: string): ProgramEntry {
  if (!fs.existsSync(main)) {
    throw new UserError(`Cannot find the program ${main} named by Pulumi.yaml main (pulumi: "project 'main' could not be read"); run the build first if it is compiled.`);
  }
  const mainIsDir = isDir(main);
  const pwd = mainIsDir ? main : path.dirname(main);
  const manifest = nearestPackageJson(pwd);
  const pkg = readPackageJson(manifest);
  let program = main;
  const root = manifest ? path.dirname(manifest) : pwd;
  const ours = path.relative(path.resolve(projectDir), root);
  if (mainIsDir && !ours.startsWith("..") && !path.isAbsolute(ours)) {
    const entry = packageEntry(pkg);
    // Pulumi warns and keeps the directory when the named entry does not exist.
    if (entry !== undefined && fs.existsSync(path.join(root, entry))) program = path.join(root, entry);
  }
  const esm = pkg.type === "module" || /\.m[jt]s$/.test(program);
  let file: string | undefined = program;
  if (isDir(program)) {
    file = esm ? firstExisting(["index.js", "index.mjs", "index.ts", "index.mts"].map((f) => path.join(program, f))) : commonJsDirectoryEntry(program);
  }
  if (file === undefined) {
    throw new UserError(`Cannot find the program in ${program} named by Pulumi.yaml (no package.json main, nor index.js or index.ts in it); run the build first if it is compiled.`);
  }
  return { file: fs.realpathSync(file), esm, pwd };
}

/** Paved's own modules (the engine, components, packs): never reloaded, whatever project they sit in. */
const PAVED_ROOT = path.resolve(__dirname, "..", "..").replace(/[\\/]dist$/, "");
const PAVED_OWN = ["src", "components", "policies", path.join("dist", "src"), path.join("dist", "components"), path.join("dist", "policies")]
  .map((d) => path.join(PAVED_ROOT, d) + path.sep);
const isPavedOwn = (file: string): boolean => PAVED_OWN.some((d) => file.startsWith(d));
/** The user's code, wherever it lives (a monorepo's shared folder too): not a package, not Paved. */
const isProgramFile = (file: string): boolean => !inNodeModules(file) && !isPavedOwn(file);

/**
 * Drops the program's own CommonJS modules (the entry, and files of the
 * project outside node_modules) from the require cache, so this run
 * evaluates them afresh. Packages stay, and with them the one @pulumi/pulumi
 * the engine records through. (Under jest the cache is jest's and ignores this.)
 */
function forgetProgramModules(entry: string, projectDir: string): void {
  const inside = projectDir + path.sep;
  for (const key of Object.keys(require.cache)) {
    const own = key.startsWith(inside) && !inNodeModules(key.slice(inside.length)) && !isPavedOwn(key);
    if (key === entry || own) delete require.cache[key];
  }
}

/** Pulumi: a module (CommonJS `module.exports`, ESM `default`) that is a function is called; the result, or the exports, are the stack outputs. */
async function outputsOf(exported: unknown, esm: boolean): Promise<unknown> {
  let value = exported;
  if (esm) {
    const namespace = exported as Record<string, unknown>;
    if (Object.getOwnPropertyDescriptor(namespace, "default") !== undefined) {
      if (Object.keys(namespace).length !== 1) {
        throw new UserError("The program's entry module has both a default export and named exports; Pulumi expects either a default export or named exports, not both.");
      }
      value = namespace.default;
    } else {
      value = { ...namespace };
    }
  }
  return typeof value === "function" ? await (value as () => unknown)() : await value;
}

type Compile = (this: Module, content: string, filename: string, ...rest: unknown[]) => unknown;

/**
 * With source maps on, Node reads and parses the map of every module it
 * compiles, and packages ship theirs (@pulumi/aws: one per module): about a
 * tenth of the CPU of `paved plan prod`, measured. So while a program runs,
 * CommonJS files of packages and of Paved compile with maps off; the
 * program's own keep theirs.
 */
function mapsForProgramFilesOnly(): () => void {
  const proto = Module.prototype as unknown as { _compile: Compile };
  const original = proto._compile;
  const compile: Compile = function (this: Module, content, filename, ...rest) {
    const want = isProgramFile(filename);
    const before = process.sourceMapsEnabled;
    if (want !== before) process.setSourceMapsEnabled(want);
    try {
      return original.call(this, content, filename, ...rest);
    } finally {
      if (want !== before) process.setSourceMapsEnabled(before);
    }
  };
  proto._compile = compile;
  // Someone who wrapped it after us (the program itself, say) keeps their wrapper, and ours inside it.
  return () => {
    if (proto._compile === compile) proto._compile = original;
  };
}

/**
 * For the length of a run: the program's working directory (Pulumi runs it
 * there), and Node's source maps, so that its errors point at .ts lines.
 */
function enterRun(pwd: string): () => void {
  const cwd = process.cwd();
  const maps = process.sourceMapsEnabled;
  process.setSourceMapsEnabled(true);
  const restoreCompile = mapsForProgramFilesOnly();
  const chdir = isMainThread && cwd !== pwd; // worker threads cannot chdir
  if (chdir) process.chdir(pwd);
  return () => {
    if (chdir) process.chdir(cwd);
    restoreCompile();
    process.setSourceMapsEnabled(maps);
  };
}

/**
 * Loads the program that Pulumi.yaml names: compiled JavaScript or TypeScript
 * (transpiled on the fly with the project's typescript), CommonJS or ES
 * modules. Each call of the returned function runs the program afresh and
 * resolves to its stack outputs, after any top-level await.
 */
export function loadProgram(main: string, projectDir: string): () => Promise<unknown> {
  const entry = resolveProgram(main, projectDir);
  if (TYPESCRIPT.test(entry.file)) registerTypeScript(projectDir);
  const root = fs.realpathSync(projectDir);
  return async () => {
    forgetProgramModules(entry.file, root);
    const leave = enterRun(entry.pwd);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported: unknown = entry.esm ? await importProgram(entry.file) : require(entry.file);
      return await outputsOf(exported, entry.esm);
    } catch (e) {
      // V8 formats a stack on first read: read it while source maps are on, so it keeps the .ts lines.
      if (e instanceof Error) void e.stack;
      throw e;
    } finally {
      leave();
    }
  };
}
