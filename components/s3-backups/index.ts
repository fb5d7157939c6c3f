import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../../src/alarms";
import { backupAlarms } from "./alarms";
import { accountContext } from "../../src/aws/account";
import { keyPolicy, rotatingKeyArgs } from "../../src/aws/kms";
import { PavedComponent } from "../../src/component";
import { issue, type Issue } from "../../src/issues";
import type { BackupEventSpec, S3BackupsArgs, S3BackupsTransforms } from "./args";
import { BUCKET_ROLES, secureBucket } from "./bucket";
import { assumeRolePolicy, rdsRestoreOverrides, replicationPolicy } from "./documents";
import { backupFailureEvents } from "./events";
import { S3_BACKUPS_SETTINGS, type S3BackupsSettings } from "./settings";

export type { S3BackupsArgs, BackupsDisasterRecovery, S3BackupsTransforms, S3BackupsScheduleArgs, RestoreTestNetwork, RestoreTesting, BackupEventSpec } from "./args";
export type { S3BackupsSettings } from "./settings";
export { FAILED_JOB_STATES, BACKUP_DETAIL_TYPES } from "./events";

/** The tag that puts a resource in the backup plan; stateful Paved components set it. */
export const BACKUP_TAG = "paved:backup";

/** RPO 1 h: AWS Backup's hourly rule with continuous backup (PITR) where the service supports it. Not a setting: the RPO is the promise. */
const HOURLY = "cron(0 * * * ? *)";

/** Restore tests need the real network: AWS Backup otherwise restores RDS into the default VPC. */
function checkRestoreTestNetwork(args: S3BackupsArgs, s: S3BackupsSettings): Issue[] {
  const testing = s.restoreTesting !== "off" && (args.restoreTestDatabaseArns ?? []).length > 0;
  const net = args.restoreTestNetwork;
  if (!testing) return [];
  if (net === undefined) {
    return [issue("restoreTestNetwork", net, "{ dbSubnetGroupName, securityGroupIds } when restoreTestDatabaseArns are given (else restores land in the default VPC)")];
  }
  return net.securityGroupIds.length === 0 ? [issue("restoreTestNetwork.securityGroupIds", [], "at least one security group id")] : [];
}

/**
 * Backups and their proof: a locked-down backup bucket with 30-day expiry and
 * DR replication, an AWS Backup vault with its own key, a plan with a daily
 * and an hourly (continuous, RPO 1 h) rule copied to a DR vault, selection by
 * tag, vault lock in prod, restore testing of databases in their own network,
 * freshness alarms, and job-failure events (as data for MonitoringStack).
 */
export class S3Backups extends PavedComponent<S3BackupsSettings, S3BackupsTransforms, S3BackupsArgs> {
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;
  public readonly vaultArn: pulumi.Output<string>;
  public readonly vaultName: pulumi.Output<string>;
  public readonly planId: pulumi.Output<string>;
  /** Backup freshness and failure alarms, as data for MonitoringStack. */
  public readonly alarms: readonly AlarmSpec[];
  /** Backup, copy and restore job failures as EventBridge patterns, for MonitoringStack's topics. */
  public readonly events: readonly BackupEventSpec[];

  constructor(name: string, args: S3BackupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super({ type: "paved:data:S3Backups", settings: S3_BACKUPS_SETTINGS, validate: checkRestoreTestNetwork }, name, args, opts);
    const s = this.settings;
    // The bucket builder makes its children through `create` too, so each keeps its role, transform and place in nodes.
    const create = this.create.bind(this);
    const base = this.physicalName(40);
    const account = accountContext(this);
    const dr = args.disasterRecovery;
    const drAccount = dr ? accountContext(this, dr.provider) : undefined;

    const newKey = (role: "bucketKey" | "drBucketKey" | "vaultKey" | "drVaultKey", keyName: string, description: string, provider?: pulumi.ProviderResource) =>
      this.create(role, aws.kms.Key, keyName, rotatingKeyArgs(description, (provider ? drAccount! : account).apply((c) => keyPolicy(c, { services: [] })), this.tags(keyName)),
        this.stateful(provider ? { provider } : {}));

    // The backup bucket, and its replica in the DR region.
    const bucketKey = newKey("bucketKey", `${name}-bucket-key`, `Encrypts backup bucket ${base}`);
    const primary = secureBucket(create, {
      name, roles: BUCKET_ROLES.primary, kmsKeyArn: bucketKey.arn, partition: account.partition, retentionDays: s.retentionDays, objectLock: s.objectLock,
      tags: this.tags(`${name}-bucket`), child: (o) => this.child(o), stateful: () => this.stateful(),
    });
    if (dr) {
      const drKey = newKey("drBucketKey", `${name}-dr-bucket-key`, `Encrypts the DR replica of backup bucket ${base}`, dr.provider);
      const replica = secureBucket(create, {
        name: `${name}-dr`, roles: BUCKET_ROLES.dr, kmsKeyArn: drKey.arn, partition: drAccount!.partition, retentionDays: s.retentionDays, objectLock: s.objectLock,
        tags: this.tags(`${name}-dr-bucket`), child: (o) => this.child({ provider: dr.provider, ...o }), stateful: () => this.stateful({ provider: dr.provider }),
      });
      const role = this.create("replicationRole", aws.iam.Role, `${name}-replication-role`, {
        description: `Replicates backup bucket ${base} to the DR region`,
        assumeRolePolicy: account.apply((c) => assumeRolePolicy("s3.amazonaws.com", c.accountId)),
        tags: this.tags(`${name}-replication-role`),
      });
      this.create("replicationPolicy", aws.iam.RolePolicy, `${name}-replication-policy`, {
        role: role.id,
        policy: pulumi.all([primary.bucket.arn, replica.bucket.arn, bucketKey.arn, drKey.arn]).apply(([a, b, k1, k2]) => replicationPolicy(a, b, k1, k2)),
      });
      this.create("replication", aws.s3.BucketReplicationConfig, `${name}-replication`, {
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
      }, this.child({ dependsOn: [primary.versioning, replica.versioning] }));
    }

    // AWS Backup: vaults with their own keys, plan, selection. Job failures reach people through
    // EventBridge rules that MonitoringStack creates from `events`: vault notifications are not
    // used, as their BACKUP_JOB_FAILED event is deprecated and never sent (PutBackupVaultNotifications,
    // api-models-aws backup/service/2018-11-15/backup-2018-11-15.json).
    const vaultKey = newKey("vaultKey", `${name}-vault-key`, `Encrypts recovery points in vault ${base}`);
    const vault = this.create("vault", aws.backup.Vault, `${name}-vault`, {
      name: base, kmsKeyArn: vaultKey.arn, forceDestroy: false, tags: this.tags(`${name}-vault`),
    }, this.stateful());
    if (s.vaultLock) {
      this.create("vaultLock", aws.backup.VaultLockConfiguration, `${name}-vault-lock`,
        { backupVaultName: vault.name, minRetentionDays: s.retentionDays, maxRetentionDays: 365 }, this.stateful());
    }
    let drVault: aws.backup.Vault | undefined;
    if (dr) {
      const drVaultKey = newKey("drVaultKey", `${name}-dr-vault-key`, `Encrypts copied recovery points of ${base} in the DR region`, dr.provider);
      drVault = this.create("drVault", aws.backup.Vault, `${name}-dr-vault`,
        { name: `${base}-dr`, kmsKeyArn: drVaultKey.arn, forceDestroy: false, tags: this.tags(`${name}-dr-vault`) }, this.stateful({ provider: dr.provider }));
    }

    const lifecycle = { deleteAfter: s.retentionDays };
    const copyActions = drVault ? [{ destinationVaultArn: drVault.arn, lifecycle }] : [];
    const plan = this.create("plan", aws.backup.Plan, `${name}-plan`, {
      name: base,
      rules: [
        { ruleName: "daily", targetVaultName: vault.name, schedule: s.schedule.daily, startWindow: 60, completionWindow: 360, lifecycle, copyActions },
        // Continuous backup gives point-in-time restore (RPO well under an hour) for RDS and S3; others get an hourly snapshot.
        { ruleName: "hourly", targetVaultName: vault.name, schedule: HOURLY, startWindow: 60, completionWindow: 120, enableContinuousBackup: true, lifecycle },
      ],
      tags: this.tags(`${name}-plan`),
    });

    const role = this.create("backupRole", aws.iam.Role, `${name}-backup-role`, {
      description: `AWS Backup role of plan ${base}`,
      assumeRolePolicy: account.apply((c) => assumeRolePolicy("backup.amazonaws.com", c.accountId)),
      tags: this.tags(`${name}-backup-role`),
    });
    // Paths as IAM has them (checked against the managed-policy list in test/fidelity): the S3 pair lives at the root.
    const policies = ["service-role/AWSBackupServiceRolePolicyForBackup", "service-role/AWSBackupServiceRolePolicyForRestores", "AWSBackupServiceRolePolicyForS3Backup", "AWSBackupServiceRolePolicyForS3Restore"];
    policies.forEach((policy, i) => this.create("backupPolicyAttachment", aws.iam.RolePolicyAttachment, `${name}-backup-policy-${i + 1}`, {
      role: role.name,
      policyArn: pulumi.interpolate`arn:${account.partition}:iam::aws:policy/${policy}`,
    }));
    this.create("tagSelection", aws.backup.Selection, `${name}-by-tag`, {
      name: `${base}-by-tag`,
      planId: plan.id,
      iamRoleArn: role.arn,
      selectionTags: [{ type: "STRINGEQUALS", key: BACKUP_TAG, value: "true" }],
    });
    if ((args.resourceArns ?? []).length > 0) {
      this.create("arnSelection", aws.backup.Selection, `${name}-by-arn`, { name: `${base}-by-arn`, planId: plan.id, iamRoleArn: role.arn, resources: [...args.resourceArns!] });
    }
    // The backup bucket itself is not backed up by this plan: it already keeps versions and replicates.

    const net = args.restoreTestNetwork; // validated: present whenever databases are restore-tested
    if (s.restoreTesting !== "off" && (args.restoreTestDatabaseArns ?? []).length > 0 && net) {
      const testingName = base.replace(/-/g, "_");
      const testing = this.create("restoreTestingPlan", aws.backup.RestoreTestingPlan, `${name}-restore-testing`, {
        name: testingName,
        scheduleExpression: s.restoreTesting === "daily" ? s.schedule.restoreTestDaily : s.schedule.restoreTestWeekly,
        startWindowHours: 8,
        recoveryPointSelection: { algorithm: "LATEST_WITHIN_WINDOW", includeVaults: [vault.arn], recoveryPointTypes: ["SNAPSHOT", "CONTINUOUS"], selectionWindowDays: 7 },
        tags: this.tags(`${name}-restore-testing`),
      });
      this.create("restoreTestingSelection", aws.backup.RestoreTestingSelection, `${name}-restore-databases`, {
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
      });
    }

    this.bucketName = primary.bucket.bucket;
    this.bucketArn = primary.bucket.arn;
    this.vaultArn = vault.arn;
    this.vaultName = vault.name;
    this.planId = plan.id;
    this.events = backupFailureEvents({ vaultName: base, vaultArn: vault.arn, restoreRoleArn: role.arn }, drVault !== undefined);
    this.alarms = backupAlarms(base);
    this.registerOutputs({
      bucketName: this.bucketName, bucketArn: this.bucketArn, vaultArn: this.vaultArn, vaultName: this.vaultName,
      planId: this.planId,
    });
  }
}
