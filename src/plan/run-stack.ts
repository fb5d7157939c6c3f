import * as path from "node:path";
import { UserError } from "../errors";
import { registerTypeScript, resolveProgramFile } from "./ts-loader";
import { loadProject, loadStackFile } from "./project";
import type { Plan } from "./plan";
import type { PolicyConfig, RulePack } from "./policy";
import { record } from "./record";

export interface PlanStackOptions {
  /** The Pulumi project directory. @default process.cwd() */
  readonly dir?: string;
  readonly stack: string;
  readonly packs?: readonly RulePack[];
  readonly policyConfig?: PolicyConfig;
  readonly onRegister?: (count: number) => void;
  /** The program to run instead of Pulumi.yaml's `main` (tests pass the TypeScript source). */
  readonly program?: () => unknown;
}

/**
 * Loads the program that Pulumi.yaml names (compiled JavaScript, or TypeScript
 * transpiled on the fly); a module that exports a function is called per plan,
 * one that runs at import time is evaluated afresh per plan.
 */
function loadProgram(main: string, projectDir: string): () => unknown {
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

/** Plans one stack of a Pulumi project offline: its config, its program, the mock engine, the packs. */
export async function planStack(options: PlanStackOptions): Promise<Plan> {
  const dir = path.resolve(options.dir ?? process.cwd());
  const project = loadProject(dir);
  const stackFile = loadStackFile(dir, options.stack);
  const program = options.program ?? loadProgram(project.main, dir);
  return record(program, {
    stack: options.stack,
    project: project.name,
    config: stackFile.config,
    secretKeys: stackFile.secretKeys,
    packs: options.packs,
    policyConfig: options.policyConfig,
    onRegister: options.onRegister,
  });
}
