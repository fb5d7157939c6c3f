import * as pulumi from "@pulumi/pulumi";
import type { Mocks } from "@pulumi/pulumi/runtime/mocks";
import { getStore, leanDiagnostics, waitForRPCs } from "./runtime-internals";
import { mockInvoke } from "./mock-invokes";
import { mockResource } from "./mock-resources";
import { RecordingMonitor, type Registration } from "./monitor";
import { Plan } from "./plan";
import { evaluatePacks, type PolicyConfig, type RulePack } from "./policy";
import { policyResourcesOf } from "./policy-input";
import { partitionOf } from "../regions";

/** The fixed account of every offline plan (AWS's documentation example account). */
export const MOCK_ACCOUNT = "111122223333";

export interface RecordOptions {
  readonly stack?: string;
  readonly project?: string;
  /** Flat Pulumi config (`"aws:region": "eu-west-1"`, `"paved:vpc": {…}`); objects are passed as JSON like the CLI does. */
  readonly config?: Readonly<Record<string, unknown>>;
  readonly secretKeys?: readonly string[];
  /** `paved:environment` of the plan's metadata; read from config when absent. */
  readonly environment?: string;
  readonly packs?: readonly RulePack[];
  /** Enforcement overrides, in CrossGuard's policy config shape. */
  readonly policyConfig?: PolicyConfig;
  /** Called after every registration with the count so far (CLI progress). */
  readonly onRegister?: (count: number) => void;
  /**
   * Keep the SDK's per-promise stack traces and per-resource source positions
   * (slower; only for debugging the SDK itself). @default false
   */
  readonly fullDiagnostics?: boolean;
}

const DEFAULT_REGION = "us-east-1";

// The Pulumi runtime is process-global: runs take turns.
let turn: Promise<unknown> = Promise.resolve();

/**
 * Runs `program` inside a stack on Pulumi's mock runtime and records every
 * registration. The same engine serves tests, `paved plan` and CI.
 */
export function record(program: () => unknown, options: RecordOptions = {}): Promise<Plan> {
  const run = turn.then(() => recordNow(program, options));
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

async function recordNow(program: () => unknown, options: RecordOptions): Promise<Plan> {
  const stack = options.stack ?? "test";
  const project = options.project ?? "paved";
  const config = flattenConfig({ "aws:region": DEFAULT_REGION, ...options.config });
  const region = config["aws:region"]!;
  // Failures are collected, not thrown across the runtime's promise chains, where
  // nothing would await them; the first one is rethrown once the run settles.
  const failures: unknown[] = [];
  const monitor: RecordingMonitor = new RecordingMonitor(
    mocksFor(() => monitor, region, failures),
    stack,
    project,
    (r) => answer(monitor, r, region),
    failures,
    options.onRegister,
  );
  pulumi.runtime.setMockOptions(monitor, project, stack, false);
  const store = getStore();
  Object.assign(store, {
    supportsSecrets: true,
    supportsResourceReferences: true,
    supportsOutputValues: false,
    supportsDeletedWith: true,
    supportsAliasSpecs: true,
    supportsTransforms: true,
    supportsInvokeTransforms: true,
  });
  pulumi.runtime.setAllConfig(config, [...(options.secretKeys ?? [])]);

  // Errors raised in apply callbacks surface as rejections nobody awaits.
  const onRejection = (reason: unknown): void => {
    failures.push(reason);
  };
  process.on("unhandledRejection", onRejection);
  const restore = options.fullDiagnostics ? () => undefined : leanDiagnostics();
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
    await waitForRPCs();
    // Let rejections from the last turn of the event loop arrive.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    restore();
    process.off("unhandledRejection", onRejection);
    pulumi.runtime.setAllConfig({}, []);
  }
  if (failures.length > 0) throw failures[0];

  const root = monitor.recorded.find((r) => r.type === "pulumi:pulumi:Stack");
  const outputs = root ? monitor.registeredOutputs.get(root.urn) ?? {} : {};
  const environment = options.environment ?? config["paved:environment"];
  const packs = options.packs ?? [];
  const { violations, unknowns } = packs.length > 0
    ? evaluatePacks(policyResourcesOf(monitor.recorded), packs, options.policyConfig)
    : { violations: [], unknowns: [] };
  return new Plan({ stack, project, environment }, [...monitor.recorded], outputs, violations, unknowns);
}

/** The region a registration or invoke runs in: its explicit provider's, or the stack's. */
function regionOf(monitor: RecordingMonitor, providerRef: string | undefined, fallback: string): string {
  if (!providerRef) return fallback;
  const urn = providerRef.split("::").slice(0, 4).join("::");
  const provider = monitor.recorded.find((r) => r.urn === urn);
  const region = provider?.inputs.region;
  return typeof region === "string" && region !== "" ? region : fallback;
}

function answer(monitor: RecordingMonitor, r: Registration, stackRegion: string): { id: string | undefined; state: Record<string, unknown> } {
  if (r.type === "pulumi:pulumi:Stack") return { id: undefined, state: {} };
  const region = regionOf(monitor, r.provider, stackRegion);
  return mockResource({ ...r, region, account: MOCK_ACCOUNT, partition: partitionOf(region) });
}

function mocksFor(monitor: () => RecordingMonitor, stackRegion: string, failures: unknown[]): Mocks {
  return {
    call: (args) => {
      const region = regionOf(monitor(), args.provider, stackRegion);
      try {
        return mockInvoke({ token: args.token, inputs: args.inputs as Record<string, unknown>, region, account: MOCK_ACCOUNT, partition: partitionOf(region) });
      } catch (e) {
        failures.push(e);
        return {};
      }
    },
    // Registrations go through RecordingMonitor.registerResource, never here.
    newResource: () => {
      throw new Error("offline plan: unexpected direct mock registration");
    },
  };
}
