/**
 * Errors caused by what a user wrote (config, component args, CLI input).
 * The CLI prints them without a stack trace and exits 2. A symbol marks them so
 * that two copies of this package still recognise each other's errors.
 */
const USER_ERROR = Symbol.for("paved.userError");

export class UserError extends Error {
  readonly [USER_ERROR] = true;
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

export function isUserError(e: unknown): e is Error {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[USER_ERROR] === true;
}

/** Bad component arguments: every issue at once, each naming the arg path. */
export class ArgError extends UserError {
  constructor(
    readonly component: string,
    readonly resourceName: string,
    readonly issues: readonly string[],
  ) {
    super(issues.map((i) => `${component} "${resourceName}": ${i}`).join("\n"));
    this.name = "ArgError";
  }
}

/** Bad stack config: every issue at once, each naming the YAML key path. */
export class ConfigError extends UserError {
  constructor(
    readonly issues: readonly string[],
    readonly source = "stack config",
  ) {
    super(`Invalid ${source} (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n` +
      issues.map((i) => `  - ${i}`).join("\n"));
    this.name = "ConfigError";
  }
}

/**
 * The user's program failed on its own (its exception, a missing required
 * config value, an invoke the plan has no answer for): exit 2, like bad config,
 * with the program's own file:line rather than a trace through Paved.
 */
export class ProgramError extends UserError {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = "ProgramError";
  }
}

const INCOMPLETE = Symbol.for("paved.planIncomplete");

/** The plan could not finish (registrations or outputs that never settle): exit 3, no stack trace. */
export class PlanIncompleteError extends Error {
  readonly [INCOMPLETE] = true;
  constructor(message: string) {
    super(message);
    this.name = "PlanIncompleteError";
  }
}

export function isPlanIncomplete(e: unknown): e is PlanIncompleteError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[INCOMPLETE] === true;
}
