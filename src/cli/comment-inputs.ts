import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import type { DiffResult } from "../diff/diff";
import { readJsonFile } from "../json-file";
import { code, text } from "./markdown-inline";
import type { PlanView } from "./render-markdown";

/**
 * What the pull-request workflow leaves for each stack S, and what `paved
 * comment` reads back. A missing or broken file never stops the comment: it
 * becomes that stack's failure, so the comment always replaces the last one.
 */
export function stackFiles(stack: string) {
  return {
    plan: `${stack}.json`, exit: `${stack}.exit`, log: `${stack}.err`, report: `${stack}.txt`, graph: `${stack}.mmd`,
    basePlan: `base-${stack}.json`, baseExit: `base-${stack}.exit`, baseLog: `base-${stack}.err`,
    diff: `diff-${stack}.json`, diffExit: `diff-${stack}.exit`, diffLog: `diff-${stack}.err`,
  } as const;
}

/** Why a step has nothing to show, with the exit code it ended with and its error output. */
export interface Failure {
  /** undefined when no exit code was recorded (the step never ran for this stack). */
  readonly exit: number | undefined;
  /** Markdown: what failed and what it means (anything read from a file is escaped). */
  readonly reason: string;
  readonly log: string;
}

export type PlanOutcome =
  | { readonly kind: "planned"; readonly plan: PlanView; readonly graph?: string }
  | ({ readonly kind: "failed" } & Failure);

export type DiffOutcome =
  | { readonly kind: "diffed"; readonly diff: DiffResult }
  | ({ readonly kind: "failed" } & Failure)
  /** Nothing to compare (no plan of the base branch, or none of the pull request). */
  | ({ readonly kind: "none" } & Failure);

export interface StackOutcome {
  readonly stack: string;
  readonly plan: PlanOutcome;
  readonly diff: DiffOutcome;
}

const violation = z.object({ pack: z.string(), policy: z.string(), enforcementLevel: z.enum(["mandatory", "advisory", "disabled"]), urn: z.string(), message: z.string() });
const count = z.number().int().nonnegative();
/** The plan JSON's fields the comment reads (README, "The plan JSON"); other fields are ignored. */
const planSchema = z.object({
  stack: z.string(), project: z.string(), environment: z.string().nullable(), mode: z.string(),
  resources: z.array(z.object({ urn: z.string(), type: z.string(), name: z.string(), parent: z.string().nullable(), custom: z.boolean(), protect: z.boolean() })),
  violations: z.array(violation),
  summary: z.object({
    resources: count, custom: count, components: count, protected: count, byType: z.record(z.string(), count),
    mandatoryViolations: count, advisoryViolations: count, unknownChecks: count, opaque: count,
  }),
  unknowns: z.array(z.unknown()),
  opaque: z.array(z.object({ urn: z.string(), type: z.string(), reason: z.string() })),
  deferred: z.object({ ran: z.boolean(), error: z.string().optional(), resources: z.array(z.object({ urn: z.string(), type: z.string() })) }).optional(),
});
const kind = z.enum(["replace", "delete", "delete-create", "add", "update"]);
/** `paved diff --json`. */
const diffSchema = z.object({
  changes: z.array(z.object({
    kind, type: z.string(), name: z.string(), urn: z.string(), oldUrn: z.string().optional(),
    paths: z.array(z.string()), replaceBy: z.array(z.string()), stateful: z.boolean(), blocking: z.boolean(),
  })),
  counts: z.object({ replace: count, delete: count, "delete-create": count, add: count, update: count }),
  blocking: count,
});

/** The first problems zod found, each at its path: "resources.3.urn: expected string, received undefined". */
function issues(e: z.ZodError): string {
  const shown = e.issues.slice(0, 3).map((i) => `${i.path.length > 0 ? i.path.join(".") : "the document"}: ${i.message}`);
  return shown.join("; ") + (e.issues.length > 3 ? `; and ${e.issues.length - 3} more` : "");
}

function readDocument<T>(file: string, schema: z.ZodType<T>, expected: string): T {
  const doc = readJsonFile(file, "", expected);
  const parsed = schema.safeParse(doc);
  if (!parsed.success) throw new Error(`${path.basename(file)} is not ${expected}: ${issues(parsed.error)}`);
  return parsed.data;
}

/** Control sequences out (a terminal's progress line, colours), so the log reads as text in a code block. */
export function cleanLog(raw: string): string {
  return raw
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, "")
    .split("\n").map((l) => l.slice(l.lastIndexOf("\r") + 1)).join("\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
    .trim();
}

/** A log, or "" when there is none; only its start is read (a runaway log must not fill the runner's memory). */
function readLog(file: string): string {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, "r");
    const buf = Buffer.alloc(256 * 1024);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return cleanLog(buf.subarray(0, n).toString("utf8"));
  } catch {
    return "";
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The exit code a step recorded: undefined when it recorded none; a Failure reason when the file holds something else. */
function readExit(file: string): { code: number | undefined } | { bad: string } {
  if (!fs.existsSync(file)) return { code: undefined };
  const raw = fs.readFileSync(file, "utf8").trim();
  if (!/^\d{1,3}$/.test(raw)) return { bad: `${code(path.basename(file))} holds ${code(JSON.stringify(raw.slice(0, 40)))}, not an exit code` };
  return { code: Number(raw) };
}

/** A reading error as plain text in the comment's Markdown. */
const errorText = (e: unknown): string => text((e as Error).message.replace(/^ /, ""));

function readPlan(dir: string, stack: string): PlanOutcome {
  const f = stackFiles(stack);
  const exit = readExit(path.join(dir, f.exit));
  const log = readLog(path.join(dir, f.log));
  if ("bad" in exit) return { kind: "failed", exit: undefined, reason: exit.bad, log };
  const planFile = path.join(dir, f.plan);
  if (exit.code === undefined && !fs.existsSync(planFile)) {
    return { kind: "failed", exit: undefined, reason: "the plan did not run for this stack (the job stopped before it)", log };
  }
  // 1 (a mandatory violation) and 4 (opaque parts with --fail-on-opaque) are verdicts on a finished plan.
  if (exit.code !== undefined && ![0, 1, 4].includes(exit.code)) return { kind: "failed", exit: exit.code, reason: "the plan failed", log };
  try {
    const plan = readDocument(planFile, planSchema, "a Paved plan JSON (`paved plan --json`)");
    const graphFile = path.join(dir, f.graph);
    return { kind: "planned", plan, ...(fs.existsSync(graphFile) ? { graph: fs.readFileSync(graphFile, "utf8") } : {}) };
  } catch (e) {
    return { kind: "failed", exit: exit.code, reason: `the plan finished but its JSON cannot be read: ${errorText(e)}`, log };
  }
}

function readDiff(dir: string, stack: string, plan: PlanOutcome): DiffOutcome {
  const f = stackFiles(stack);
  if (plan.kind === "failed") return { kind: "none", exit: undefined, reason: "there is no plan of this pull request to compare", log: "" };
  if (!fs.existsSync(path.join(dir, f.basePlan))) {
    const base = readExit(path.join(dir, f.baseExit));
    const log = readLog(path.join(dir, f.baseLog));
    if ("bad" in base) return { kind: "none", exit: undefined, reason: base.bad, log };
    return base.code === undefined
      ? { kind: "none", exit: undefined, reason: "the base branch was not planned (the run's log says why)", log }
      : { kind: "none", exit: base.code, reason: "the base branch's plan of this stack failed, so there is nothing to compare with (not this pull request's fault)", log };
  }
  const exit = readExit(path.join(dir, f.diffExit));
  const log = readLog(path.join(dir, f.diffLog));
  if ("bad" in exit) return { kind: "failed", exit: undefined, reason: exit.bad, log };
  const diffFile = path.join(dir, f.diff);
  if (exit.code === undefined && !fs.existsSync(diffFile)) return { kind: "none", exit: undefined, reason: "the change gate did not run (the run's log says why)", log };
  if (exit.code !== undefined && exit.code !== 0 && exit.code !== 1) return { kind: "failed", exit: exit.code, reason: "the change gate failed", log };
  try {
    return { kind: "diffed", diff: readDocument(diffFile, diffSchema, "a Paved diff JSON (`paved diff --json`)") };
  } catch (e) {
    return { kind: "failed", exit: exit.code, reason: `the change gate finished but its JSON cannot be read: ${errorText(e)}`, log };
  }
}

/** One stack's outcome from the files in `dir`. */
export function readOutcome(dir: string, stack: string): StackOutcome {
  const plan = readPlan(dir, stack);
  return { stack, plan, diff: readDiff(dir, stack, plan) };
}

/** The stacks `dir` has files of (S.exit or S.json), sorted. */
export function discoverStacks(dir: string): string[] {
  const stacks = new Set<string>();
  for (const name of fs.readdirSync(dir)) {
    const m = /^(.+)\.(exit|json)$/.exec(name);
    if (m && !/^(base|diff)-/.test(m[1]!)) stacks.add(m[1]!);
  }
  return [...stacks].sort();
}
