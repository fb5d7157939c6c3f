import * as path from "node:path";
import { loadProgram } from "./load-program";
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
