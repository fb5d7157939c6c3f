import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../../src/alarms";
import { accountContext } from "../../src/aws/account";
import { dataSecurityGroup } from "../../src/aws/data-security-group";
import { keyPolicy, rotatingKeyArgs } from "../../src/aws/kms";
import { assertValid } from "../../src/errors";
import { identityName, physicalName } from "../../src/naming";
import { childTags } from "../../src/tags";
import { withTransform } from "../../src/transform";
import type { RdsPostgresArgs } from "./args";
import { FAILED_LOGIN_NAMESPACE, failedLoginMetric, rdsAlarms } from "./alarms";
import { POSTGRES_LOG_EXPORTS, rdsLogGroupName } from "./logs";
import { parameterFamily, postgresParameters } from "./parameters";
import type { RdsPostgresSettings } from "./presets";
import { storageAutoscales } from "./storage";
import { resolveRdsSettings, validateRdsArgs } from "./validate";
import { assertComponentAws } from "../../src/aws/provider-version";

export type { RdsPostgresArgs, RdsNetwork, RdsDisasterRecovery, RdsPostgresTransforms } from "./args";
export { RDS_POSTGRES_PRESETS, type RdsPostgresSettings } from "./presets";
export { resolveRdsSettings, validateRdsArgs } from "./validate";

const PORT = 5432;
/** The RDS CA that AWS recommends for new instances. */
const CA_CERTIFICATE = "rds-ca-rsa2048-g1";

/**
 * PostgreSQL on RDS, private and encrypted: isolated subnets, a security group
 * open only to the groups you name, a customer-managed key, TLS forced, an
 * RDS-managed rotating password, 30 days of point-in-time recovery, a final
 * snapshot, and optionally replicas and backup replication to a DR region.
 */
export class RdsPostgres extends pulumi.ComponentResource {
  /** Hostname clients connect to. */
  public readonly endpoint: pulumi.Output<string>;
  public readonly port: pulumi.Output<number>;
  /** Secrets Manager secret (RDS-managed) holding the master credentials. */
  public readonly secretArn: pulumi.Output<string>;
  /** Security group of the database; add ingress to it only through allowedSecurityGroupIds. */
  public readonly securityGroupId: pulumi.Output<string>;
  public readonly instanceArn: pulumi.Output<string>;
  /** The instance's AWS identifier (a plain value: alarms and log groups are named after it). */
  public readonly identifier: string;
  /** ARN of the component's KMS key (storage, secret, logs, Performance Insights). */
  public readonly kmsKeyArn: pulumi.Output<string>;
  /** Hostnames of the read replicas. */
  public readonly replicaEndpoints: pulumi.Output<string[]>;
  /** Recommended alarms, as data for MonitoringStack. */
  public readonly alarms: readonly AlarmSpec[];
  /** The settings in effect: the environment preset overridden by the args. */
  public readonly settings: RdsPostgresSettings;

  constructor(name: string, args: RdsPostgresArgs, opts?: pulumi.ComponentResourceOptions) {
    const s = resolveRdsSettings(args);
    assertValid("RdsPostgres", name, validateRdsArgs(args, s).map((i) => `${i.path}: ${i.message}`));
    assertComponentAws("RdsPostgres", name);
    super("paved:data:RdsPostgres", name, {}, opts);
    this.settings = s;
    const t = args.transform ?? {};
    const tags = (child: string, extra: Record<string, string> = {}) =>
      ({ ...childTags({ environment: args.environment, service: args.service ?? name, tags: args.tags }, child), ...extra });
    const child = (o?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions => ({ parent: this, ...o });
    const stateful = (o?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions => child({ protect: s.protect, ...o });
    const identifier = args.identifier ?? physicalName([pulumi.getStack(), identityName(name, opts)], 63);
    this.identifier = identifier;
    const account = accountContext(this);

    const key = withTransform((a, o) => new aws.kms.Key(`${name}-key`, a, o), rotatingKeyArgs(
      `Encrypts database ${identifier}: storage, master secret, logs, Performance Insights`,
      account.apply((c) => keyPolicy(c, { logs: true })), tags(`${name}-key`)), stateful(), t.key);

    const sg = dataSecurityGroup({
      parent: this, name, vpcId: args.network.vpcId, port: PORT, label: `PostgreSQL ${identifier}`,
      sources: args.allowedSecurityGroupIds, cidrs: args.allowedCidrBlocks, tags, transform: t.securityGroup,
    });

    const params = withTransform((a, o) => new aws.rds.ParameterGroup(`${name}-params`, a, o), {
      family: parameterFamily(s.engineVersion),
      description: `TLS-only PostgreSQL with connection logging (${identifier})`,
      parameters: postgresParameters(),
      tags: tags(`${name}-params`),
    }, child(), t.parameterGroup);

    // RDS would create these on first export with no retention and no key: create them first, for the
    // primary and for each replica (each instance exports to groups named after its own identifier).
    const logGroupsOf = (role: string, instanceId: string) => POSTGRES_LOG_EXPORTS.map((log) =>
      withTransform((a, o) => new aws.cloudwatch.LogGroup(`${role}-${log}-logs`, a, o), {
        name: rdsLogGroupName(instanceId, log),
        retentionInDays: s.logRetentionDays,
        kmsKeyId: key.arn,
        tags: tags(`${role}-${log}-logs`),
      }, stateful(), t.logGroup));
    const logGroups = logGroupsOf(name, identifier);

    const monitoringRole = new aws.iam.Role(`${name}-monitoring-role`, {
      description: `Enhanced monitoring of ${identifier}`,
      assumeRolePolicy: account.apply((c) => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": c.accountId } } }],
      })),
      tags: tags(`${name}-monitoring-role`),
    }, child());
    const monitoringPolicy = new aws.iam.RolePolicyAttachment(`${name}-monitoring-policy`, {
      role: monitoringRole.name,
      policyArn: pulumi.interpolate`arn:${account.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
    }, child());

    const common = {
      instanceClass: s.instanceClass,
      publiclyAccessible: false,
      vpcSecurityGroupIds: [sg.id],
      parameterGroupName: params.name,
      caCertIdentifier: CA_CERTIFICATE,
      iamDatabaseAuthenticationEnabled: true,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: key.arn,
      performanceInsightsRetentionPeriod: 7,
      monitoringInterval: s.monitoringIntervalSeconds,
      monitoringRoleArn: monitoringRole.arn,
      enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      storageType: "gp3",
      maintenanceWindow: s.maintenanceWindow,
    };
    const dbArgs: aws.rds.InstanceArgs = {
      ...common,
      identifier,
      engine: "postgres",
      engineVersion: s.engineVersion,
      allocatedStorage: s.allocatedStorageGb,
      maxAllocatedStorage: s.maxAllocatedStorageGb,
      storageEncrypted: true,
      kmsKeyId: key.arn,
      dbSubnetGroupName: args.network.dbSubnetGroupName,
      multiAz: s.multiAz,
      dbName: s.databaseName,
      username: s.username,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: key.arn,
      backupRetentionPeriod: s.backupRetentionDays,
      backupWindow: s.backupWindow,
      deleteAutomatedBackups: false,
      deletionProtection: s.deletionProtection,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${identifier}-final`,
      tags: tags(`${name}-db`, { "paved:backup": "true" }),
    };
    const db = withTransform((a, o) => new aws.rds.Instance(`${name}-db`, a, o), dbArgs,
      stateful({ dependsOn: [...logGroups, monitoringPolicy] }), t.instance);

    new aws.secretsmanager.SecretRotation(`${name}-secret-rotation`, {
      secretId: db.masterUserSecrets.apply((secrets) => secrets[0]?.secretArn ?? ""),
      rotationRules: { automaticallyAfterDays: s.passwordRotationDays },
    }, child());

    new aws.cloudwatch.LogMetricFilter(`${name}-failed-logins`, {
      logGroupName: logGroups[0]!.name,
      pattern: "\"FATAL\" \"authentication failed\"",
      // The postgres log is text, not JSON, so the metric carries the identifier in its name instead of a dimension.
      metricTransformation: { name: failedLoginMetric(identifier), namespace: FAILED_LOGIN_NAMESPACE, value: "1", defaultValue: "0" },
    }, child());

    const replicaIds = Array.from({ length: s.readReplicas }, (_v, i) => `${identifier}-replica-${i + 1}`.slice(0, 63));
    const replicas = replicaIds.map((replicaId, i) => {
      const role = `${name}-replica-${i + 1}`;
      return withTransform((a, o) => new aws.rds.Instance(role, a, o), {
        ...common,
        identifier: replicaId,
        replicateSourceDb: db.identifier,
        kmsKeyId: key.arn,
        // A replica's volume autoscales only if the replica itself has a ceiling (storage autoscaling on
        // read replicas, RDS "What's new", 2020-11-18); without one it stays at its initial size while
        // the primary grows, and fills.
        maxAllocatedStorage: storageAutoscales(s) ? s.maxAllocatedStorageGb : undefined,
        multiAz: false,
        backupRetentionPeriod: 0,
        deletionProtection: s.deletionProtection,
        skipFinalSnapshot: true,
        tags: tags(role),
      }, child({ dependsOn: [...logGroupsOf(role, replicaId), monitoringPolicy] }), t.replica);
    });

    // Only backups are replicated to the DR region (no instance runs there), so it needs no log groups.
    if (args.disasterRecovery) {
      const dr = args.disasterRecovery;
      const drAccount = accountContext(this, dr.provider);
      const drKey = new aws.kms.Key(`${name}-dr-key`, rotatingKeyArgs(
        `Encrypts replicated backups of ${identifier} in the DR region`, drAccount.apply((c) => keyPolicy(c)), tags(`${name}-dr-key`)),
      stateful({ provider: dr.provider }));
      new aws.rds.InstanceAutomatedBackupsReplication(`${name}-dr-backups`, {
        sourceDbInstanceArn: db.arn,
        kmsKeyId: drKey.arn,
        retentionPeriod: dr.retentionDays ?? s.backupRetentionDays,
      }, stateful({ provider: dr.provider }));
    }

    this.endpoint = db.address;
    this.port = db.port;
    this.secretArn = db.masterUserSecrets.apply((secrets) => secrets[0]?.secretArn ?? "");
    this.securityGroupId = sg.id;
    this.instanceArn = db.arn;
    this.kmsKeyArn = key.arn;
    this.replicaEndpoints = pulumi.all(replicas.map((r) => r.address));
    this.alarms = rdsAlarms(identifier, replicaIds, s);
    this.registerOutputs({
      endpoint: this.endpoint, port: this.port, secretArn: this.secretArn, securityGroupId: this.securityGroupId,
      instanceArn: this.instanceArn, kmsKeyArn: this.kmsKeyArn, replicaEndpoints: this.replicaEndpoints,
    });
  }
}
