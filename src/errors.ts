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

/** Throw an ArgError when a pure validator found anything. */
export function assertValid(component: string, name: string, issues: readonly string[]): void {
  if (issues.length > 0) throw new ArgError(component, name, issues);
}
