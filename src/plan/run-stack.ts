import * as path from "node:path";
import { loadProgram } from "./load-program";
import type { Plan, PlanMode } from "./plan";
import { loadProject, loadStackFile } from "./project";
import type { PolicyConfig, RulePack } from "./policy";
import { record } from "./record";
import { loadUserMocks } from "./user-mocks";

export interface PlanStackOptions {
  /** The Pulumi project directory. @default process.cwd() */
  readonly dir?: string;
  readonly stack: string;
  readonly packs?: readonly RulePack[];
  readonly policyConfig?: PolicyConfig;
  readonly onRegister?: (count: number) => void;
  /** The program to run instead of Pulumi.yaml's `main` (tests pass the TypeScript source). */
  readonly program?: () => unknown;
  /** @default "preview" (see RecordOptions.mode) */
  readonly mode?: PlanMode;
}

/**
 * Plans one stack of a Pulumi project offline: its project and stack config,
 * its mocks file, its program, the mock engine, the packs. Everything the user
 * wrote is read and checked before the program runs.
 */
export async function planStack(options: PlanStackOptions): Promise<Plan> {
  const dir = path.resolve(options.dir ?? process.cwd());
  const project = loadProject(dir);
  const stackFile = loadStackFile(project, options.stack);
  const mocks = loadUserMocks(dir, options.stack);
  const program = options.program ?? loadProgram(project.main, dir);
  return record(program, {
    stack: options.stack,
    project: project.name,
    config: stackFile.config,
    secretKeys: stackFile.secretKeys,
    packs: options.packs,
    policyConfig: options.policyConfig,
    onRegister: options.onRegister,
    mode: options.mode,
    mocks,
    projectDir: dir,
    defaultRegion: null,
  });
}
