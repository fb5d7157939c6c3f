import * as fs from "node:fs";
import Module, { createRequire } from "node:module";
import * as path from "node:path";
import { UserError } from "../errors";

interface TypeScriptApi {
  transpileModule(input: string, options: { compilerOptions: Record<string, unknown>; fileName: string }): { outputText: string };
  ModuleKind: { CommonJS: number };
  ScriptTarget: { ES2022: number };
}

let registered = false;

/**
 * Lets `paved plan` run a TypeScript program the way `pulumi up` does (Pulumi's
 * default template has `index.ts` and no build step): the project's own
 * TypeScript transpiles each file as it is required, without type-checking.
 */
export function registerTypeScript(projectDir: string): void {
  if (registered || require.extensions[".ts"]) return;
  let ts: TypeScriptApi;
  try {
    ts = createRequire(path.join(projectDir, "package.json"))("typescript") as TypeScriptApi;
  } catch {
    throw new UserError(`The program in ${projectDir} is TypeScript, and the project has no typescript package to run it with: npm install --save-dev typescript, or point Pulumi.yaml main at compiled JavaScript.`);
  }
  const compile = (module: Module, filename: string): void => {
    const source = fs.readFileSync(filename, "utf8");
    const output = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false, inlineSourceMap: true },
    }).outputText;
    (module as unknown as { _compile(code: string, file: string): void })._compile(output, filename);
  };
  require.extensions[".ts"] = compile as NodeJS.RequireExtensions[string];
  registered = true;
}

/** The file Pulumi would run for `main`: the file itself, or a directory's package.json main, index.js or index.ts. */
export function resolveProgramFile(main: string): string | undefined {
  if (fs.existsSync(main) && fs.statSync(main).isFile()) return main;
  if (!fs.existsSync(main)) {
    for (const ext of [".js", ".ts"]) if (fs.existsSync(main + ext)) return main + ext;
    return undefined;
  }
  const pkgFile = path.join(main, "package.json");
  if (fs.existsSync(pkgFile)) {
    const pkgMain = (JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { main?: string }).main;
    if (pkgMain) {
      const found = resolveProgramFile(path.resolve(main, pkgMain));
      if (found) return found;
    }
  }
  return ["index.js", "index.ts"].map((f) => path.join(main, f)).find((f) => fs.existsSync(f));
}
