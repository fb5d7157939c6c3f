import * as path from "node:path";
import { loadProgram } from "./load-program";
import type { Plan, PlanMode } from "./plan";
import { loadProject, loadStackFile } from "./project";
import { record } from "./record";
import { loadUserMocks } from "./user-mocks";

export interface PlanStackOptions {
  /** The Pulumi project directory. @default process.cwd() */
  readonly dir?: string;
  readonly stack: string;
  readonly onRegister?: (count: number) => void;
  /** The program to run instead of Pulumi.yaml's `main` (tests pass the TypeScript source). */
  readonly program?: () => unknown;
  /** @default "preview" (see RecordOptions.mode) */
  readonly mode?: PlanMode;
  /**
   * In a preview, also run the program with every output resolved, to find
   * (and check) resources it creates only inside `apply` callbacks on values a
   * preview does not know. @default true
   */
  readonly findDeferred?: boolean;
}

/**
 * Plans one stack of a Pulumi project offline: its project and stack config,
 * its mocks file, its program, the mock engine. Everything the user
 * wrote is read and checked before the program runs.
 */
export async function planStack(options: PlanStackOptions): Promise<Plan> {
  const dir = path.resolve(options.dir ?? process.cwd());
  const project = loadProject(dir);
  const stackFile = loadStackFile(project, options.stack);
  const mocks = loadUserMocks(dir, options.stack);
  const program = options.program ?? loadProgram(project.main, dir);
  const base = {
    stack: options.stack,
    project: project.name,
    config: stackFile.config,
    secretKeys: stackFile.secretKeys,
    mocks,
    projectDir: dir,
    defaultRegion: null,
  };
  const plan = await record(program, { ...base, onRegister: options.onRegister, mode: options.mode });
  if (plan.mode !== "preview" || options.findDeferred === false) return plan;
  return findDeferred(plan, () => record(program, { ...base, mode: "resolve" }));
}

/**
 * `pulumi up` creates what a program registers inside an `apply` once the value
 * is known; `pulumi preview` never shows it. Running the program resolved
 * finds those resources (URNs the preview lacks); the packs check them on that run.
 */
async function findDeferred(preview: Plan, resolve: () => Promise<Plan>): Promise<Plan> {
  let resolved: Plan;
  try {
    resolved = await resolve();
  } catch (e) {
    const error = (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
    return preview.withDeferred({ ran: false, error, resources: [] });
  }
  const seen = new Set(preview.resources.map((r) => r.urn));
  const extra = resolved.resources.filter((r) => !seen.has(r.urn));
  return preview.withDeferred({ ran: true, resources: extra.map((r) => ({ urn: r.urn, type: r.type })) }, extra.length > 0 ? resolved : undefined);
}
