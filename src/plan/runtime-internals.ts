/**
 * Parts of the Pulumi Node runtime that its `.d.ts` marks internal but that a
 * mock engine needs: the global store (feature flags that `setMocks` also
 * sets) and the RPC drain that `pulumi up` waits on before exiting.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const state = require("@pulumi/pulumi/runtime/state") as { getStore(): Record<string, unknown>; withLocalStorage<T>(callback: () => T): T };
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

export const getStore = state.getStore;
/**
 * The SDK's own way to give a run a store of its own (what its automation API does
 * for inline programs): the monitor, config, stack, project and pending registrations
 * live there, and callbacks keep their run's store across awaits and timers.
 */
export const withLocalStorage = state.withLocalStorage;
export const waitForRPCs = settings.waitForRPCs;

interface DebuggableModule { debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T> }
interface ResourceClass { stackTrace(skip: number): unknown[] }
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as DebuggableModule;
const resourceModule = require("@pulumi/pulumi/resource") as { Resource: ResourceClass };

/**
 * For the length of an offline plan, skips two diagnostics the Node SDK pays
 * for on every resource and promise: a stack trace captured for each internal
 * promise (for its leaked-promise report at exit, which a plan never prints)
 * and each resource's source position (shown by the Pulumi service, never
 * here). Errors keep their messages and their own stack traces. Measured by
 * `npm run bench`. Returns the function that puts the originals back.
 */
export function leanDiagnostics(): () => void {
  const originalPromise = debuggable.debuggablePromise;
  const originalTrace = resourceModule.Resource.stackTrace;
  debuggable.debuggablePromise = <T>(p: Promise<T>): Promise<T> => p;
  resourceModule.Resource.stackTrace = () => [];
  return () => {
    debuggable.debuggablePromise = originalPromise;
    resourceModule.Resource.stackTrace = originalTrace;
  };
}
