import { UserError } from "../errors";
import { registerTypeScript, resolveProgramFile } from "./ts-loader";

/**
 * Loads the program that Pulumi.yaml names (compiled JavaScript, or TypeScript
 * transpiled on the fly); a module that exports a function is called per plan,
 * one that runs at import time is evaluated afresh per plan.
 */
export function loadProgram(main: string, projectDir: string): () => unknown {
  const resolved = resolveProgramFile(main);
  if (resolved === undefined) {
    throw new UserError(`Cannot find the program ${main} named by Pulumi.yaml (no such file, nor index.js or index.ts in it); run the build first if it is compiled.`);
  }
  if (/\.tsx?$/.test(resolved)) registerTypeScript(projectDir);
  return () => {
    const loadedBefore = require.cache[resolved] !== undefined;
    const exported = require(resolved) as unknown;
    const fn = typeof exported === "function" ? exported
      : typeof (exported as { default?: unknown }).default === "function" ? (exported as { default: () => unknown }).default
      : undefined;
    if (fn) return (fn as () => unknown)();
    // A program that runs at import time ran just now, in this plan; a later plan evaluates it afresh.
    if (!loadedBefore) return exported;
    delete require.cache[resolved];
    return require(resolved) as unknown;
  };
}

