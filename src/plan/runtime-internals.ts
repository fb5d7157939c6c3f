/**
 * Parts of the Pulumi Node runtime that its `.d.ts` marks internal but that a
 * mock engine needs: the global store (feature flags that `setMocks` also
 * sets) and the RPC drain that `pulumi up` waits on before exiting.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const state = require("@pulumi/pulumi/runtime/state") as { getStore(): Record<string, unknown> };
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

export const getStore = state.getStore;
export const waitForRPCs = settings.waitForRPCs;
