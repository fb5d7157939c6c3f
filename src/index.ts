/**
 * Paved: typed, secure-by-default Pulumi components for AWS.
 *
 * Every component with its args, settings and transforms types; EKS is in `paved/eks`.
 * @module paved
 */
import { warnOnSecondPulumiCopy } from "./pulumi-copies";

export { Vpc, type VpcArgs, type VpcEndpointsArgs, type VpcFlowLogsArgs, type VpcTransforms, type VpcSettings, type NatMode, type InterfaceEndpoint } from "../components/vpc";
export {
  EcsCluster, EcsService,
  type EcsClusterArgs, type EcsClusterTransforms, type EcsClusterSettings,
  type EcsServiceArgs, type EcsServiceTransforms, type EcsServiceSettings, type ServiceNetwork, type ImageSource, type CertificateSource,
  type DeploymentArgs, type ScalingArgs, type DeployStrategy, type Architecture, type ImageBuildInputs,
} from "../components/ecs-service";
export {
  RdsPostgres, type RdsPostgresArgs, type RdsPostgresTransforms, type RdsPostgresSettings, type RdsNetwork, type RdsDisasterRecovery,
  type RdsPerformanceInsightsArgs, type RdsCaCertificate,
} from "../components/rds-postgres";
export { Redis, type RedisArgs, type RedisTransforms, type RedisSettings, type CacheNetwork, type CacheEngine } from "../components/redis";
export {
  S3Backups, BACKUP_TAG, type S3BackupsArgs, type S3BackupsTransforms, type S3BackupsSettings, type S3BackupsScheduleArgs,
  type BackupsDisasterRecovery, type RestoreTestNetwork, type RestoreTesting, type BackupEventSpec,
} from "../components/s3-backups";
export {
  MonitoringStack, COST_ALLOCATION_TAG_KEYS, type MonitoringStackArgs, type MonitoringStackTransforms, type MonitoringSettings,
  type AlarmSource, type Subscriptions, type AlarmOverride, type EventRuleSpec,
} from "../components/monitoring";
// For components of your own on the same base.
export { PavedComponent, type CommonArgs, type ComponentKind, type ChildClass, type TransformArgs, type CreateChild } from "./component";
export type { SettingsSpec, Resolved } from "./settings";
export { ENVIRONMENTS, type Environment } from "./environment";
export { ArgError, ConfigError, UserError, isUserError } from "./errors";
export type { Transform } from "./transform";
export type { Tags } from "./tags";
export type { AlarmSpec, Dimensions } from "./alarms";
export type { PolicyStatement, PolicyDocument } from "./aws/iam";

warnOnSecondPulumiCopy();
