import { execFile, spawnSync, type SpawnSyncOptions } from "node:child_process";
import * as path from "node:path";
import { main } from "../../src/cli/main";

/** Runs the CLI in-process, capturing what it writes to stdout and stderr. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = jest.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  const e = jest.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await main(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** The built CLI (`npm run build` first). */
export const BIN = path.resolve(__dirname, "../../dist/src/cli/main.js");

export interface SpawnResult {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/**
 * The built CLI in its own process, as a user runs it: errors raised inside apply
 * callbacks reach Node's unhandledRejection there, which jest's sandbox keeps
 * from an in-process run, and nothing of jest's module system is in the way.
 */
export function spawnCli(argv: readonly string[], options: SpawnSyncOptions = {}): SpawnResult {
  const r = spawnSync(process.execPath, [BIN, ...argv], { encoding: "utf8", ...options });
  return { code: r.status, out: String(r.stdout), err: String(r.stderr) };
}

/** Messages must be the CLI's own: no stack trace, no Node parser code, no "undefined". */
export function expectCleanError(r: SpawnResult): void {
  expect(r.err).not.toMatch(/\n\s+at .+:\d+:\d+\)?$/m);
  expect(r.err).not.toMatch(/ERR_[A-Z_]+|TypeError|undefined/);
}

/** spawnCli without blocking, so table tests of the built CLI can run side by side (`test.concurrent`). */
export function spawnCliAsync(argv: readonly string[], options: { readonly env?: NodeJS.ProcessEnv; readonly cwd?: string } = {}): Promise<SpawnResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...argv], { encoding: "utf8", ...options }, (error, out, err) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
      resolve({ code, out, err });
    });
  });
}
