import * as fs from "node:fs";
import { register } from "node:module";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { UserError } from "../errors";
import type { EsmHooksData } from "./esm-hooks";

const RUN_PARAM = "paved-run";
let registered = false;
let runs = 0;

/** Registers esm-hooks.js once per process (Node ≥ 20.6); the hooks serve every project after that. */
function registerHooks(): void {
  if (registered) return;
  if (typeof register !== "function") throw new UserError(`An ES module program needs Node.js 20.6 or later (module.register); this is ${process.version}.`);
  const hooks = path.join(__dirname, "esm-hooks.js");
  if (!fs.existsSync(hooks)) {
    // Under ts-jest this module is TypeScript source, and jest's VM cannot import() ES modules anyway.
    throw new Error(`An ES module program needs Paved's compiled loader hooks (${hooks}): run it from the build (npm run build).`);
  }
  const data: EsmHooksData = { runParam: RUN_PARAM };
  register(pathToFileURL(hooks), { data });
  registered = true;
}

/**
 * Imports an ES module program, fresh: each call numbers a new run, and the
 * hooks carry that number to every module of the program, so Node evaluates
 * them all again instead of answering from its module cache. Resolves once
 * the program's top-level await has settled.
 */
export async function importProgram(file: string): Promise<Record<string, unknown>> {
  registerHooks();
  const url = pathToFileURL(file);
  url.searchParams.set(RUN_PARAM, String(++runs));
  return (await import(url.href)) as Record<string, unknown>;
}
