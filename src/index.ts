/** Paved: typed, secure-by-default Pulumi components for AWS. */
export * from "../components/vpc";
export { ENVIRONMENTS, type Environment } from "./environment";
export { ArgError, ConfigError, UserError, isUserError } from "./errors";
export type { Transform } from "./transform";
export type { Tags } from "./tags";
export { parseStackConfig } from "./config/load";
export type { StackConfig, PavedConfig } from "./config/schema";
