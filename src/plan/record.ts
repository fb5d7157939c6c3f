import * as pulumi from "@pulumi/pulumi";
import { isUserError, PlanIncompleteError, ProgramError } from "../errors";
import { allUnmocked, answer, mocksFor, UnmockedInvokeError } from "./answers";
import { classifyFailure } from "./failures";
import { getStore, leanDiagnostics, waitForRPCs, withLocalStorage } from "./runtime-internals";
import { resetInvokeMocks } from "./mock-invokes";
import { RecordingMonitor } from "./monitor";
import { TEMPLATE_INVOKES } from "./opaque";
import { describePending } from "./pending";
import { Plan, type LookupRecord, type PlanMode } from "./plan";
import { NO_USER_MOCKS, type UserMocks } from "./user-mocks";

export { MOCK_ACCOUNT } from "./answers";

export interface RecordOptions {
  readonly stack?: string;
  readonly project?: string;
  /** Flat Pulumi config (`"aws:region": "eu-west-1"`, `"paved:vpc": {…}`); objects are passed as JSON like the CLI does. */
  readonly config?: Readonly<Record<string, unknown>>;
  readonly secretKeys?: readonly string[];
  /** `paved:environment` of the plan's metadata; read from config when absent. */
  readonly environment?: string;
  /** Called after every registration with the count so far (CLI progress). */
  readonly onRegister?: (count: number) => void;
  /**
   * `preview` runs the program as `pulumi preview` does: `isDryRun()` is true,
   * what a provider computes on create (ids, ARNs, endpoints) is unknown and
   * `apply` on it does not run. `resolve` answers every output from the mocks
   * (like a `pulumi up` against a fake cloud), for tests and graphs that need
   * concrete values. @default "preview"
   */
  readonly mode?: PlanMode;
  /** Invoke results and StackReference outputs the user supplied (paved.mocks.json). */
  readonly mocks?: UserMocks;
  /**
   * The region when config has no `aws:region` (nor AWS_REGION): a convenience
   * for unit tests of components. `planStack` and `paved plan` pass none, so a
   * project without a region fails as the AWS provider would. @default "us-east-1"
   */
  readonly defaultRegion?: string | null;
  /** The project directory, so that failures point at the program's own files. */
  readonly projectDir?: string;
  /**
   * Keep the SDK's per-promise stack traces and per-resource source positions
   * (slower; only for debugging the SDK itself). @default false
   */
  readonly fullDiagnostics?: boolean;
}

// The plan that runs now, or the last one: the next one starts once it has settled.
let turn: Promise<unknown> = Promise.resolve();
let recording = 0;

/** Whether a plan is running now: while one is, its own handler takes the process's unhandled rejections. */
export function isRecording(): boolean {
  return recording > 0;
}

/**
 * Runs `program` inside a stack on Pulumi's mock runtime and records every
 * registration. The same engine serves tests, `paved plan` and CI.
 * Plans run one at a time, in call order (a failed one releases the next): the rejection
 * handler and the invoke mocks are process-wide, so concurrent plans would take each other's failures.
 * Each runs in a Pulumi store of its own: its registrations (late ones too), config,
 * stack and project reach neither the next plan nor the caller.
 */
export function record(program: () => unknown, options: RecordOptions = {}): Promise<Plan> {
  const run = turn.then(async () => {
    recording++;
    try {
      return await withLocalStorage(() => recordNow(program, options));
    } finally {
      recording--;
    }
  });
  turn = run.catch(() => undefined);
  return run;
}

function flattenConfig(config: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    if (v === undefined) continue;
    out[k] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return out;
}

/** The region the AWS provider would use: `aws:region`, else the environment, as the provider reads it. */
function stackRegionOf(config: Readonly<Record<string, string>>): string | undefined {
  return config["aws:region"] ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
}

async function recordNow(program: () => unknown, options: RecordOptions): Promise<Plan> {
  const stack = options.stack ?? "test";
  const project = options.project ?? "paved";
  const mode: PlanMode = options.mode ?? "preview";
  const config = flattenConfig(options.config ?? {});
  const region = stackRegionOf(config) ?? (options.defaultRegion === undefined ? "us-east-1" : options.defaultRegion ?? undefined);
  const userMocks = options.mocks ?? NO_USER_MOCKS;
  resetInvokeMocks();
  // Failures are collected, not thrown across the runtime's promise chains, where
  // nothing would await them; the first one is rethrown once the run settles.
  const failures: unknown[] = [];
  const renderedTemplates = new Set<string>();
  const lookups = new Map<string, LookupRecord>();
  const monitor: RecordingMonitor = new RecordingMonitor({
    mocks: mocksFor(() => monitor, region, failures, userMocks, renderedTemplates, lookups),
    stack, project, mode, userMocks,
    provide: (r) => answer(monitor, r, region, config),
    failures,
    onRegister: options.onRegister,
  });
  pulumi.runtime.setMockOptions(monitor, project, stack, mode === "preview");
  const store = getStore();
  Object.assign(store, {
    supportsSecrets: true,
    supportsResourceReferences: true,
    supportsOutputValues: false,
    supportsDeletedWith: true,
    supportsAliasSpecs: true,
    supportsTransforms: true,
    supportsInvokeTransforms: true,
    // A plan starts with no registration left over from an earlier one in this process.
    pendingResourceRegistrations: new Map(),
  });
  pulumi.runtime.setAllConfig(config, [...(options.secretKeys ?? [])]);

  // Errors raised in apply callbacks surface as rejections nobody awaits. V8 formats
  // a stack on first read: read it now, while source maps are on, to keep .ts lines.
  const onRejection = (reason: unknown): void => {
    if (reason instanceof Error) void reason.stack;
    failures.push(reason);
  };
  const mapsBefore = process.sourceMapsEnabled;
  if (options.projectDir !== undefined) process.setSourceMapsEnabled(true);
  process.on("unhandledRejection", onRejection);
  // When Node runs out of work while the program is still waiting, nothing will ever
  // settle it: end the plan with what was waiting instead of exiting 0 with no output.
  let onIdle: () => void = () => undefined;
  const neverSettles = new Promise<never>((_resolve, reject) => {
    onIdle = () => reject(new PlanIncompleteError(describePending(store)));
  });
  process.on("beforeExit", onIdle);
  const restore = options.fullDiagnostics ? () => undefined : leanDiagnostics();
  try {
    const run = (async () => {
      try {
        await pulumi.runtime.runInPulumiStack(async () => {
          try {
            const result = await program();
            // `record(() => new Component(...))` is the common test shape: a returned resource is not an output map.
            return pulumi.Resource.isInstance(result) ? {} : result;
          } catch (e) {
            failures.push(e);
            return {};
          }
        });
      } catch (e) {
        // Stack outputs that rejected: still drain what the program started before reporting.
        failures.unshift(e);
      }
      await waitForRPCs();
      await quiet(failures);
    })();
    await Promise.race([run, neverSettles]);
  } catch (e) {
    failures.unshift(e);
  } finally {
    restore();
    process.setSourceMapsEnabled(mapsBefore);
    process.off("unhandledRejection", onRejection);
    process.off("beforeExit", onIdle);
  }
  if (failures.length > 0) {
    const failure = allUnmocked(failures) ?? classifyFailure(firstCause(failures), options.projectDir);
    // A Helm v3 chart rendered as empty is the likeliest cause of a program's failure that follows.
    if (renderedTemplates.size > 0 && failure instanceof ProgramError && !(failure instanceof UnmockedInvokeError)) {
      throw new ProgramError(`${failure.message}\n(The program uses a Helm v3 chart, which the offline plan cannot render, so the chart has no resources here; ` +
        `if the program reads one of them, give the rendered objects as the "kubernetes:helm:template" result in paved.mocks.json.)`, failure.cause);
    }
    throw failure;
  }

  const root = monitor.recorded.find((r) => r.type === "pulumi:pulumi:Stack");
  const outputs = root ? monitor.registeredOutputs.get(root.urn) ?? {} : {};
  const environment = options.environment ?? config["paved:environment"];
  const opaque = [...monitor.opaque];
  for (const [token, t] of Object.entries(TEMPLATE_INVOKES)) {
    if (!renderedTemplates.has(token)) continue;
    for (const r of monitor.recorded) if (r.type === t.component) opaque.push({ urn: r.urn, type: r.type, reason: t.reason });
  }
  return new Plan({ stack, project, environment, mode, lookups: [...lookups.values()] }, [...monitor.recorded], outputs, opaque, undefined, monitor.secretInputs);
}

/**
 * Lets rejections still travelling through the runtime's promise chains arrive
 * (a failed input rejects every output built from it, turns later), so that
 * none of this plan's failures lands in the next plan or in the caller.
 */
async function quiet(failures: readonly unknown[]): Promise<void> {
  let seen = -1;
  for (let calm = 0, turns = 0; calm < 3 && turns < 100; turns++) {
    await new Promise((resolve) => setImmediate(resolve));
    calm = failures.length === seen ? calm + 1 : 0;
    seen = failures.length;
  }
}

/**
 * The failure to report: a user-facing one (bad input, the program's own
 * error) over the runtime's consequences of it (serialization errors that wrap
 * it, a plan that then never settled).
 */
function firstCause(failures: readonly unknown[]): unknown {
  const own = failures.find((f) => isUserError(f)) ?? failures.find((f) => !(f instanceof PlanIncompleteError));
  return own ?? failures[0];
}

