import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../../src/alarms";
import { accountContext } from "../../src/aws/account";
import { dataSecurityGroup } from "../../src/aws/data-security-group";
import { keyPolicy, rotatingKeyArgs } from "../../src/aws/kms";
import { PavedComponent } from "../../src/component";
import { checkInt, issue, type Issue } from "../../src/issues";
import type { RdsPostgresArgs, RdsPostgresTransforms } from "./args";
import { FAILED_LOGIN_NAMESPACE, failedLoginMetric, rdsAlarms } from "./alarms";
import { POSTGRES_LOG_EXPORTS, rdsLogGroupName } from "./logs";
import { parameterFamily, postgresParameters } from "./parameters";
import { RDS_POSTGRES_SETTINGS, type RdsPostgresSettings } from "./settings";
import { storageAutoscales } from "./storage";

export type {
  RdsPostgresArgs, RdsNetwork, RdsDisasterRecovery, RdsPerformanceInsightsArgs, RdsPostgresTransforms, RdsCaCertificate,
} from "./args";
export type { RdsPostgresSettings } from "./settings";

const PORT = 5432;

/** Checks of args the settings schema does not hold: the network inputs and the DR retention. */
function validate(args: RdsPostgresArgs): Issue[] {
  const out: Issue[] = [];
  if (!args.network || args.network.vpcId === undefined || args.network.dbSubnetGroupName === undefined) {
    out.push(issue("network", args.network, "{ vpcId, dbSubnetGroupName }, e.g. a Paved Vpc"));
  }
  out.push(...checkInt("disasterRecovery.retentionDays", args.disasterRecovery?.retentionDays, 1, 35));
  return out;
}

/**
 * PostgreSQL on RDS, private and encrypted: isolated subnets, a security group
 * open only to the groups you name, a customer-managed key, TLS forced, an
 * RDS-managed rotating password, 30 days of point-in-time recovery, a final
 * snapshot, and optionally replicas and backup replication to a DR region.
 */
export class RdsPostgres extends PavedComponent<RdsPostgresSettings, RdsPostgresTransforms, RdsPostgresArgs> {
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

  constructor(name: string, args: RdsPostgresArgs, opts?: pulumi.ComponentResourceOptions) {
    super({ type: "paved:data:RdsPostgres", settings: RDS_POSTGRES_SETTINGS, validate }, name, args, opts);
    const s = this.settings;
    const identifier = s.identifier ?? this.physicalName(63);
    this.identifier = identifier;
    const account = accountContext(this);

    const key = this.create("key", aws.kms.Key, `${name}-key`, rotatingKeyArgs(
      `Encrypts database ${identifier}: storage, master secret, logs, Performance Insights`,
      account.apply((c) => keyPolicy(c, { logs: true })), this.tags(`${name}-key`)), this.stateful());

    const sg = dataSecurityGroup({
      name, vpcId: args.network.vpcId, port: PORT, label: `PostgreSQL ${identifier}`,
      sources: args.allowedSecurityGroupIds, cidrs: s.allowedCidrBlocks, tags: (c) => this.tags(c),
      create: (role, cls, childName, a) => this.create(role, cls, childName, a),
    });

    const params = this.create("parameterGroup", aws.rds.ParameterGroup, `${name}-params`, {
      family: parameterFamily(s.engineVersion),
      description: `TLS-only PostgreSQL with connection logging (${identifier})`,
      parameters: postgresParameters(),
      tags: this.tags(`${name}-params`),
    });

    // RDS would create these on first export with no retention and no key: create them first, for the
    // primary and for each replica (each instance exports to groups named after its own identifier).
    const logGroupsOf = (role: "logGroup" | "replicaLogGroup", prefix: string, instanceId: string) => POSTGRES_LOG_EXPORTS.map((log) =>
      this.create(role, aws.cloudwatch.LogGroup, `${prefix}-${log}-logs`, {
        name: rdsLogGroupName(instanceId, log),
        retentionInDays: s.logRetentionDays,
        kmsKeyId: key.arn,
        tags: this.tags(`${prefix}-${log}-logs`),
      }, this.stateful()));
    const logGroups = logGroupsOf("logGroup", name, identifier);

    const monitoringRole = this.create("monitoringRole", aws.iam.Role, `${name}-monitoring-role`, {
      description: `Enhanced monitoring of ${identifier}`,
      assumeRolePolicy: account.apply((c) => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": c.accountId } } }],
      })),
      tags: this.tags(`${name}-monitoring-role`),
    });
    const monitoringPolicy = this.create("monitoringPolicy", aws.iam.RolePolicyAttachment, `${name}-monitoring-policy`, {
      role: monitoringRole.name,
      policyArn: pulumi.interpolate`arn:${account.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
    });

    const common = {
      instanceClass: s.instanceClass,
      publiclyAccessible: false,
      vpcSecurityGroupIds: [sg.id],
      parameterGroupName: params.name,
      caCertIdentifier: s.caCertificate,
      iamDatabaseAuthenticationEnabled: true,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: key.arn,
      performanceInsightsRetentionPeriod: s.performanceInsights.retentionDays,
      monitoringInterval: s.monitoringIntervalSeconds,
      monitoringRoleArn: monitoringRole.arn,
      enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      storageType: "gp3",
      maintenanceWindow: s.maintenanceWindow,
    };
    const db = this.create("instance", aws.rds.Instance, `${name}-db`, {
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
      tags: this.tags(`${name}-db`, { "paved:backup": "true" }),
    }, this.stateful({ dependsOn: [...logGroups, monitoringPolicy] }));

    this.create("secretRotation", aws.secretsmanager.SecretRotation, `${name}-secret-rotation`, {
      secretId: db.masterUserSecrets.apply((secrets) => secrets[0]?.secretArn ?? ""),
      rotationRules: { automaticallyAfterDays: s.passwordRotationDays },
    });

    this.create("failedLoginFilter", aws.cloudwatch.LogMetricFilter, `${name}-failed-logins`, {
      logGroupName: logGroups[0]!.name,
      pattern: "\"FATAL\" \"authentication failed\"",
      // The postgres log is text, not JSON, so the metric carries the identifier in its name instead of a dimension.
      metricTransformation: { name: failedLoginMetric(identifier), namespace: FAILED_LOGIN_NAMESPACE, value: "1", defaultValue: "0" },
    });

    const replicaIds = Array.from({ length: s.readReplicas }, (_v, i) => `${identifier}-replica-${i + 1}`.slice(0, 63));
    const replicas = replicaIds.map((replicaId, i) => {
      const replicaName = `${name}-replica-${i + 1}`;
      return this.create("replica", aws.rds.Instance, replicaName, {
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
        tags: this.tags(replicaName),
      }, this.child({ dependsOn: [...logGroupsOf("replicaLogGroup", replicaName, replicaId), monitoringPolicy] }));
    });

    // Only backups are replicated to the DR region (no instance runs there), so it needs no log groups.
    if (args.disasterRecovery) {
      const dr = args.disasterRecovery;
      const drAccount = accountContext(this, dr.provider);
      const drKey = this.create("drKey", aws.kms.Key, `${name}-dr-key`, rotatingKeyArgs(
        `Encrypts replicated backups of ${identifier} in the DR region`, drAccount.apply((c) => keyPolicy(c)), this.tags(`${name}-dr-key`)),
      this.stateful({ provider: dr.provider }));
      this.create("drBackupReplication", aws.rds.InstanceAutomatedBackupsReplication, `${name}-dr-backups`, {
        sourceDbInstanceArn: db.arn,
        kmsKeyId: drKey.arn,
        retentionPeriod: dr.retentionDays ?? s.backupRetentionDays,
      }, this.stateful({ provider: dr.provider }));
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
