/** Paved: typed, secure-by-default Pulumi components for AWS. */
import { warnOnSecondPulumiCopy } from "./pulumi-copies";

export * from "../components/vpc";
export * from "../components/ecs-service";
export * from "../components/rds-postgres";
export * from "../components/redis";
export * from "../components/s3-backups";
export { ENVIRONMENTS, type Environment } from "./environment";
export { ArgError, ConfigError, UserError, isUserError } from "./errors";
export type { Transform } from "./transform";
export type { Tags } from "./tags";
export type { AlarmSpec } from "./alarms";

warnOnSecondPulumiCopy();
