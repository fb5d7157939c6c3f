import * as path from "node:path";
import { UserError } from "../errors";
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

/** Loads the program that Pulumi.yaml names; a module that exports a function is called per plan. */
function loadProgram(main: string): () => unknown {
  if (/\.tsx?$/.test(main) && !require.extensions[".ts"]) {
    throw new UserError(`Pulumi.yaml main is TypeScript (${main}); paved plan runs compiled JavaScript. Build first and point main at the output.`);
  }
  let resolved: string;
  try {
    resolved = require.resolve(main);
  } catch {
    throw new UserError(`Cannot find the program ${main} named by Pulumi.yaml; run \`npm run build\` first.`);
  }
  return () => {
    const exported = require(resolved) as unknown;
    const fn = typeof exported === "function" ? exported
      : typeof (exported as { default?: unknown }).default === "function" ? (exported as { default: () => unknown }).default
      : undefined;
    if (fn) return (fn as () => unknown)();
    // A program that runs at import time: evaluate it afresh for this plan.
    delete require.cache[resolved];
    return require(resolved) as unknown;
  };
}

/** Plans one stack of a Pulumi project offline: its config, its program, the mock engine, the packs. */
export async function planStack(options: PlanStackOptions): Promise<Plan> {
  const dir = path.resolve(options.dir ?? process.cwd());
  const project = loadProject(dir);
  const stackFile = loadStackFile(dir, options.stack);
  const program = options.program ?? loadProgram(project.main);
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
