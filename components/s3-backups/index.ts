import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../../src/alarms";
import { accountContext } from "../../src/aws/account";
import { keyPolicy, rotatingKeyArgs } from "../../src/aws/kms";
import { assertValid } from "../../src/errors";
import { identityName, physicalName } from "../../src/naming";
import { childTags } from "../../src/tags";
import { withTransform } from "../../src/transform";
import type { BackupEventSpec, S3BackupsArgs } from "./args";
import { secureBucket } from "./bucket";
import { assumeRolePolicy, rdsRestoreOverrides, replicationPolicy } from "./documents";
import { backupFailureEvents } from "./events";
import { SCHEDULES, type S3BackupsSettings } from "./presets";
import { resolveBackupSettings, validateBackupArgs } from "./validate";
import { assertComponentAws } from "../../src/aws/provider-version";

export type { S3BackupsArgs, BackupsDisasterRecovery, S3BackupsTransforms, RestoreTestNetwork, BackupEventSpec } from "./args";
export { FAILED_JOB_STATES, BACKUP_DETAIL_TYPES, backupFailureEvents } from "./events";
export { S3_BACKUPS_PRESETS, type S3BackupsSettings } from "./presets";
export { resolveBackupSettings, validateBackupArgs } from "./validate";

/** The tag that puts a resource in the backup plan; stateful Paved components set it. */
export const BACKUP_TAG = "paved:backup";

/**
 * Backups and their proof: a locked-down backup bucket with 30-day expiry and
 * DR replication, an AWS Backup vault with its own key, a plan with a daily
 * and an hourly (continuous, RPO 1 h) rule copied to a DR vault, selection by
 * tag, vault lock in prod, restore testing of databases in their own network,
 * freshness alarms, and job-failure events (as data for MonitoringStack).
 */
export class S3Backups extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;
  public readonly vaultArn: pulumi.Output<string>;
  public readonly vaultName: pulumi.Output<string>;
  public readonly planId: pulumi.Output<string>;
  /** Backup freshness and failure alarms, as data for MonitoringStack. */
  public readonly alarms: readonly AlarmSpec[];
  /** Backup, copy and restore job failures as EventBridge patterns, for MonitoringStack's topics. */
  public readonly events: readonly BackupEventSpec[];
  public readonly settings: S3BackupsSettings;

  constructor(name: string, args: S3BackupsArgs, opts?: pulumi.ComponentResourceOptions) {
    const s = resolveBackupSettings(args);
    assertValid("S3Backups", name, validateBackupArgs(args, s).map((i) => `${i.path}: ${i.message}`));
    assertComponentAws("S3Backups", name);
    super("paved:data:S3Backups", name, {}, opts);
    this.settings = s;
    const t = args.transform ?? {};
    const tags = (child: string) => childTags({ environment: args.environment, service: args.service ?? name, tags: args.tags }, child);
    const child = (o?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions => ({ parent: this, ...o });
    const stateful = (o?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions => child({ protect: s.protect, ...o });
    const base = physicalName([pulumi.getStack(), identityName(name, opts)], 40);
    const account = accountContext(this);
    const dr = args.disasterRecovery;
    const drAccount = dr ? accountContext(this, dr.provider) : undefined;

    const newKey = (keyName: string, description: string, services: string[], provider?: pulumi.ProviderResource) =>
      new aws.kms.Key(keyName, rotatingKeyArgs(description, (provider ? drAccount! : account).apply((c) => keyPolicy(c, { services })), tags(keyName)),
        stateful(provider ? { provider } : {}));

    // The backup bucket, and its replica in the DR region.
    const bucketKey = newKey(`${name}-bucket-key`, `Encrypts backup bucket ${base}`, []);
    const primary = secureBucket({
      name, kmsKeyArn: bucketKey.arn, partition: account.partition, retentionDays: s.retentionDays, objectLock: s.objectLock,
      tags: tags(`${name}-bucket`), opts: child(), stateful: stateful(), transform: t,
    });
    if (dr) {
      const drKey = newKey(`${name}-dr-bucket-key`, `Encrypts the DR replica of backup bucket ${base}`, [], dr.provider);
      const replica = secureBucket({
        name: `${name}-dr`, kmsKeyArn: drKey.arn, partition: drAccount!.partition, retentionDays: s.retentionDays, objectLock: s.objectLock,
        tags: tags(`${name}-dr-bucket`), opts: child({ provider: dr.provider }), stateful: stateful({ provider: dr.provider }), transform: t,
      });
      const role = new aws.iam.Role(`${name}-replication-role`, {
        description: `Replicates backup bucket ${base} to the DR region`,
        assumeRolePolicy: account.apply((c) => assumeRolePolicy("s3.amazonaws.com", c.accountId)),
        tags: tags(`${name}-replication-role`),
      }, child());
      new aws.iam.RolePolicy(`${name}-replication-policy`, {
        role: role.id,
        policy: pulumi.all([primary.bucket.arn, replica.bucket.arn, bucketKey.arn, drKey.arn]).apply(([a, b, k1, k2]) => replicationPolicy(a, b, k1, k2)),
      }, child());
      new aws.s3.BucketReplicationConfig(`${name}-replication`, {
        bucket: primary.bucket.id,
        role: role.arn,
        rules: [{
          id: "to-dr-region",
          status: "Enabled",
          filter: {},
          deleteMarkerReplication: { status: "Enabled" },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
          destination: { bucket: replica.bucket.arn, storageClass: "STANDARD_IA", encryptionConfiguration: { replicaKmsKeyId: drKey.arn } },
        }],
      }, child({ dependsOn: [primary.versioning, replica.versioning] }));
    }

    // AWS Backup: vaults with their own keys, plan, selection. Job failures reach people through
    // EventBridge rules that MonitoringStack creates from `events`: vault notifications are not
    // used, as their BACKUP_JOB_FAILED event is deprecated and never sent (PutBackupVaultNotifications,
    // api-models-aws backup/service/2018-11-15/backup-2018-11-15.json).
    const vaultKey = newKey(`${name}-vault-key`, `Encrypts recovery points in vault ${base}`, []);
    const vault = withTransform((a, o) => new aws.backup.Vault(`${name}-vault`, a, o), {
      name: base, kmsKeyArn: vaultKey.arn, forceDestroy: false, tags: tags(`${name}-vault`),
    }, stateful(), t.vault);
    if (s.vaultLock) {
      new aws.backup.VaultLockConfiguration(`${name}-vault-lock`, { backupVaultName: vault.name, minRetentionDays: s.retentionDays, maxRetentionDays: 365 }, stateful());
    }
    let drVault: aws.backup.Vault | undefined;
    if (dr) {
      const drVaultKey = newKey(`${name}-dr-vault-key`, `Encrypts copied recovery points of ${base} in the DR region`, [], dr.provider);
      drVault = new aws.backup.Vault(`${name}-dr-vault`, { name: `${base}-dr`, kmsKeyArn: drVaultKey.arn, forceDestroy: false, tags: tags(`${name}-dr-vault`) }, stateful({ provider: dr.provider }));
    }

    const lifecycle = { deleteAfter: s.retentionDays };
    const copyActions = drVault ? [{ destinationVaultArn: drVault.arn, lifecycle }] : [];
    const plan = withTransform((a, o) => new aws.backup.Plan(`${name}-plan`, a, o), {
      name: base,
      rules: [
        { ruleName: "daily", targetVaultName: vault.name, schedule: SCHEDULES.daily, startWindow: 60, completionWindow: 360, lifecycle, copyActions },
        // Continuous backup gives point-in-time restore (RPO well under an hour) for RDS and S3; others get an hourly snapshot.
        { ruleName: "hourly", targetVaultName: vault.name, schedule: SCHEDULES.hourly, startWindow: 60, completionWindow: 120, enableContinuousBackup: true, lifecycle },
      ],
      tags: tags(`${name}-plan`),
    }, child(), t.plan);

    const role = new aws.iam.Role(`${name}-backup-role`, {
      description: `AWS Backup role of plan ${base}`,
      assumeRolePolicy: account.apply((c) => assumeRolePolicy("backup.amazonaws.com", c.accountId)),
      tags: tags(`${name}-backup-role`),
    }, child());
    // Paths as IAM has them (checked against the managed-policy list in test/fidelity): the S3 pair lives at the root.
    const policies = ["service-role/AWSBackupServiceRolePolicyForBackup", "service-role/AWSBackupServiceRolePolicyForRestores", "AWSBackupServiceRolePolicyForS3Backup", "AWSBackupServiceRolePolicyForS3Restore"];
    policies.forEach((policy, i) => new aws.iam.RolePolicyAttachment(`${name}-backup-policy-${i + 1}`, {
      role: role.name,
      policyArn: pulumi.interpolate`arn:${account.partition}:iam::aws:policy/${policy}`,
    }, child()));
    new aws.backup.Selection(`${name}-by-tag`, {
      name: `${base}-by-tag`,
      planId: plan.id,
      iamRoleArn: role.arn,
      selectionTags: [{ type: "STRINGEQUALS", key: BACKUP_TAG, value: "true" }],
    }, child());
    if ((args.resourceArns ?? []).length > 0) {
      new aws.backup.Selection(`${name}-by-arn`, { name: `${base}-by-arn`, planId: plan.id, iamRoleArn: role.arn, resources: [...args.resourceArns!] }, child());
    }
    // The backup bucket itself is not backed up by this plan: it already keeps versions and replicates.

    const net = args.restoreTestNetwork; // validated: present whenever databases are restore-tested
    if (s.restoreTesting !== "off" && (args.restoreTestDatabaseArns ?? []).length > 0 && net) {
      const testingName = base.replace(/-/g, "_");
      const testing = new aws.backup.RestoreTestingPlan(`${name}-restore-testing`, {
        name: testingName,
        scheduleExpression: s.restoreTesting === "daily" ? SCHEDULES.restoreDaily : SCHEDULES.restoreWeekly,
        startWindowHours: 8,
        recoveryPointSelection: { algorithm: "LATEST_WITHIN_WINDOW", includeVaults: [vault.arn], recoveryPointTypes: ["SNAPSHOT", "CONTINUOUS"], selectionWindowDays: 7 },
        tags: tags(`${name}-restore-testing`),
      }, child());
      new aws.backup.RestoreTestingSelection(`${name}-restore-databases`, {
        name: `${testingName}_rds`,
        restoreTestingPlanName: testing.name,
        protectedResourceType: "RDS",
        protectedResourceArns: [...args.restoreTestDatabaseArns!],
        iamRoleArn: role.arn,
        validationWindowHours: 2,
        // Restored copies land private, in the database's own subnet group and security groups
        // (not the default VPC), and are deleted after validation.
        restoreMetadataOverrides: pulumi.all([net.dbSubnetGroupName, pulumi.all([...net.securityGroupIds])])
          .apply(([group, ids]) => rdsRestoreOverrides(group, ids)),
      }, child());
    }

    this.bucketName = primary.bucket.bucket;
    this.bucketArn = primary.bucket.arn;
    this.vaultArn = vault.arn;
    this.vaultName = vault.name;
    this.planId = plan.id;
    this.events = backupFailureEvents({ vaultName: base, vaultArn: vault.arn, restoreRoleArn: role.arn }, drVault !== undefined);
    const vaultDims = { BackupVaultName: base };
    this.alarms = [
      {
        id: "backup-freshness", description: `No completed backup job in vault ${base} for 2 hours (RPO 1 h)`,
        namespace: "AWS/Backup", metricName: "NumberOfBackupJobsCompleted", dimensions: vaultDims, statistic: "Sum",
        periodSeconds: 3600, evaluationPeriods: 2, threshold: 1, comparison: "LessThanThreshold", severity: "page", treatMissingData: "breaching",
      },
      {
        id: "backup-failures", description: `A backup job failed in vault ${base}`,
        namespace: "AWS/Backup", metricName: "NumberOfBackupJobsFailed", dimensions: vaultDims, statistic: "Sum",
        periodSeconds: 3600, evaluationPeriods: 1, threshold: 0, comparison: "GreaterThanThreshold", severity: "page", treatMissingData: "notBreaching",
      },
    ];
    this.registerOutputs({
      bucketName: this.bucketName, bucketArn: this.bucketArn, vaultArn: this.vaultArn, vaultName: this.vaultName,
      planId: this.planId,
    });
  }
}
