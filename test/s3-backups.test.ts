import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BACKUP_DETAIL_TYPES, FAILED_JOB_STATES, S3Backups, type S3BackupsArgs, type S3BackupsTransforms } from "../components/s3-backups";
import { rdsRestoreOverrides } from "../components/s3-backups/documents";
import { ALL_PACKS } from "../policies/rules";
import { ArgError } from "../src/errors";
import { record, type Plan } from "../src/testing";

/** The value an input resolves to, once the recorded program has run. */
const valueOf = (v: unknown): Promise<unknown> => new Promise((resolve) => { pulumi.output(v as pulumi.Input<string>).apply(resolve); });
const DB_ARN = "arn:aws:rds:eu-west-1:111122223333:db:prod-main";
const NETWORK = { dbSubnetGroupName: "prod-main-db", securityGroupIds: ["sg-0db0000000000001"] };
const planOf = (args: Partial<S3BackupsArgs> & { environment: S3BackupsArgs["environment"] }): Promise<Plan> => record(() => {
  const dr = new aws.Provider("dr", { region: "eu-central-1" });
  new S3Backups("backups", { disasterRecovery: { provider: dr }, restoreTestDatabaseArns: [DB_ARN], restoreTestNetwork: NETWORK, ...args });
}, { mode: "resolve", stack: "prod", config: { "aws:region": "eu-west-1" }, packs: ALL_PACKS });

describe("S3Backups prod", () => {
  let plan: Plan;
  beforeAll(async () => { plan = await planOf({ environment: "prod" }); });

  test("the bucket: versioned, KMS with bucket key, private, owner-enforced, TLS-only, 30-day expiry, protected", () => {
    const bucket = plan.one("aws:s3/bucket:Bucket", "backups-bucket");
    const key = plan.one("aws:kms/key:Key", "backups-bucket-key");
    expect(bucket.options.protect).toBe(true);
    expect(plan.one("aws:s3/bucketVersioning:BucketVersioning", "backups-versioning").inputs).toEqual({ bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
    expect(plan.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "backups-encryption").inputs.rules)
      .toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.outputs.arn }, bucketKeyEnabled: true }]);
    expect(plan.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "backups-public-access").inputs)
      .toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    const policy = JSON.parse(String(plan.one("aws:s3/bucketPolicy:BucketPolicy", "backups-tls-only").inputs.policy));
    expect(policy.Statement[0]).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } }, Resource: [bucket.outputs.arn, `${String(bucket.outputs.arn)}/*`] });
    const rule = (plan.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "backups-lifecycle").inputs.rules as object[])[0];
    expect(rule).toMatchObject({ status: "Enabled", expiration: { days: 30 }, noncurrentVersionExpiration: { noncurrentDays: 30 } });
  });

  test("the bucket replicates to a twin in the DR region, re-encrypted there", () => {
    const replication = plan.one("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "backups-replication");
    const replica = plan.one("aws:s3/bucket:Bucket", "backups-dr-bucket");
    expect(replica.outputs.region).toBe("eu-central-1");
    const dest = (replication.inputs.rules as Array<{ destination: { bucket: string; encryptionConfiguration: { replicaKmsKeyId: string } } }>)[0]!.destination;
    expect(dest.bucket).toBe(replica.outputs.arn);
    expect(dest.encryptionConfiguration.replicaKmsKeyId).toMatch(/^arn:aws:kms:eu-central-1:/);
  });

  test("AWS Backup: a vault with its own key and a governance lock, daily and hourly rules, a DR copy", () => {
    const vault = plan.one("aws:backup/vault:Vault", "backups-vault");
    expect(vault.inputs.kmsKeyArn).toBe(plan.one("aws:kms/key:Key", "backups-vault-key").outputs.arn);
    expect(vault.options.protect).toBe(true);
    expect(plan.one("aws:backup/vaultLockConfiguration:VaultLockConfiguration", "backups-vault-lock").inputs).toMatchObject({ minRetentionDays: 30 });
    const rules = plan.one("aws:backup/plan:Plan", "backups-plan").inputs.rules as Array<Record<string, unknown>>;
    expect(rules.map((r) => [r.ruleName, r.schedule, r.enableContinuousBackup ?? false])).toEqual([
      ["daily", "cron(0 5 * * ? *)", false], ["hourly", "cron(0 * * * ? *)", true],
    ]);
    expect(rules[0]!.copyActions).toEqual([{ destinationVaultArn: plan.one("aws:backup/vault:Vault", "backups-dr-vault").outputs.arn, lifecycle: { deleteAfter: 30 } }]);
    expect(plan.one("aws:backup/selection:Selection", "backups-by-tag").inputs.selectionTags).toEqual([{ type: "STRINGEQUALS", key: "paved:backup", value: "true" }]);
  });

  test("restore testing: a daily plan restoring the latest database recovery point", () => {
    const testing = plan.one("aws:backup/restoreTestingPlan:RestoreTestingPlan", "backups-restore-testing");
    expect(testing.inputs).toMatchObject({ scheduleExpression: "cron(0 8 * * ? *)", name: "prod_backups" });
    expect(plan.one("aws:backup/restoreTestingSelection:RestoreTestingSelection", "backups-restore-databases").inputs)
      .toMatchObject({ protectedResourceType: "RDS", protectedResourceArns: [DB_ARN], restoreTestingPlanName: testing.outputs.name });
  });

  test("restore tests run in the database's network: its subnet group and security groups, as a JSON-array string", () => {
    // Overridable RDS keys and the JSON-array format of list values:
    // https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html
    expect(plan.one("aws:backup/restoreTestingSelection:RestoreTestingSelection", "backups-restore-databases").inputs.restoreMetadataOverrides).toEqual({
      publiclyAccessible: "false", dbSubnetGroupName: "prod-main-db", vpcSecurityGroupIds: '["sg-0db0000000000001"]',
    });
  });

  test("no vault notifications (their BACKUP_JOB_FAILED is deprecated, never sent) and no unsubscribed topic; every pack passes", () => {
    expect(plan.all("aws:backup/vaultNotifications:VaultNotifications")).toEqual([]);
    expect(plan.all("aws:sns/topic:Topic")).toEqual([]);
    expect(plan.violations).toEqual([]);
    expect(plan.unknowns).toEqual([]);
  });
});

describe("S3Backups job-failure events (data for MonitoringStack)", () => {
  const eventsOf = async (withDr: boolean) => {
    let backups: S3Backups | undefined;
    const plan = await record(() => {
      const dr = withDr ? { disasterRecovery: { provider: new aws.Provider("dr", { region: "eu-central-1" }) } } : {};
      backups = new S3Backups("backups", { environment: "prod", ...dr });
    }, { mode: "resolve", stack: "prod", config: { "aws:region": "eu-west-1" } });
    return { backups: backups!, plan };
  };

  test("backup, copy and restore failures, each scoped to this vault or role; a failed backup pages", async () => {
    const { backups, plan } = await eventsOf(true);
    const vault = plan.one("aws:backup/vault:Vault", "backups-vault");
    const role = plan.one("aws:iam/role:Role", "backups-backup-role");
    expect(backups.events.map((e) => [e.id, e.severity])).toEqual([["backup-job-failed", "page"], ["copy-job-failed", "notify"], ["restore-job-failed", "notify"]]);
    const [backup, copy, restore] = backups.events;
    // https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html: backup and copy jobs
    // report detail.state, restore jobs detail.status; source aws.backup.
    expect(backup!.pattern).toEqual({ source: ["aws.backup"], "detail-type": ["Backup Job State Change"], detail: { state: ["FAILED", "ABORTED", "EXPIRED", "PARTIAL"], backupVaultName: [vault.inputs.name] } });
    expect(copy!.pattern).toMatchObject({ "detail-type": ["Copy Job State Change"], detail: { state: ["FAILED", "PARTIAL"] } });
    expect(restore!.pattern).toMatchObject({ "detail-type": ["Restore Job State Change"], detail: { status: ["FAILED", "ABORTED"] } });
    expect(plan.all("aws:backup/vaultNotifications:VaultNotifications")).toEqual([]);
    // The scoping values are the vault's ARN and the restore role's ARN.
    const detail = (e: typeof copy) => e!.pattern.detail as Record<string, readonly unknown[]>;
    const resolved = await Promise.all([detail(copy).sourceBackupVaultArn![0], detail(restore).iamRoleArn![0]].map(valueOf));
    expect(resolved).toEqual([vault.outputs.arn, role.outputs.arn]);
  });

  test("without a DR region there is no copy job to watch", async () => {
    expect((await eventsOf(false)).backups.events.map((e) => e.id)).toEqual(["backup-job-failed", "restore-job-failed"]);
  });

  test("the failure states are the ones the AWS Backup API model defines (BackupJobState, CopyJobState, RestoreJobStatus)", () => {
    // api-models-aws backup/service/2018-11-15/backup-2018-11-15.json (checked 2025-04-02 snapshot)
    const model = { backup: ["CREATED", "PENDING", "RUNNING", "ABORTING", "ABORTED", "COMPLETED", "FAILED", "EXPIRED", "PARTIAL"], copy: ["CREATED", "RUNNING", "COMPLETED", "FAILED", "PARTIAL"], restore: ["PENDING", "RUNNING", "COMPLETED", "ABORTED", "FAILED"] };
    for (const kind of ["backup", "copy", "restore"] as const) {
      for (const state of FAILED_JOB_STATES[kind]) expect(model[kind]).toContain(state);
      expect(FAILED_JOB_STATES[kind]).not.toContain("COMPLETED");
    }
    expect(BACKUP_DETAIL_TYPES).toEqual({ backup: "Backup Job State Change", copy: "Copy Job State Change", restore: "Restore Job State Change" });
  });
});

describe("rdsRestoreOverrides", () => {
  test.each([
    [["sg-1"], '["sg-1"]'],
    [["sg-1", "sg-2"], '["sg-1","sg-2"]'],
  ])("%j → vpcSecurityGroupIds %s", (ids, encoded) => {
    expect(rdsRestoreOverrides("group-a", ids)).toEqual({ publiclyAccessible: "false", dbSubnetGroupName: "group-a", vpcSecurityGroupIds: encoded });
    expect(JSON.parse(rdsRestoreOverrides("group-a", ids).vpcSecurityGroupIds!)).toEqual(ids);
  });
});

describe("S3Backups dev and args", () => {
  test("dev: no vault lock, weekly restore tests, unprotected; the same 30-day expiry", async () => {
    const plan = await planOf({ environment: "dev" });
    expect(plan.all("aws:backup/vaultLockConfiguration:VaultLockConfiguration")).toEqual([]);
    expect(plan.one("aws:backup/restoreTestingPlan:RestoreTestingPlan", "backups-restore-testing").inputs.scheduleExpression).toBe("cron(0 8 ? * MON *)");
    expect(plan.one("aws:s3/bucket:Bucket", "backups-bucket").options.protect).toBe(false);
    expect(plan.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });

  test("freshness and failure alarms as data", async () => {
    let backups: S3Backups | undefined;
    await record(() => { backups = new S3Backups("backups", { environment: "prod" }); }, { mode: "resolve", stack: "prod" });
    expect(backups!.alarms.map((a) => [a.id, a.metricName, a.treatMissingData])).toEqual([
      ["backup-freshness", "NumberOfBackupJobsCompleted", "breaching"], ["backup-failures", "NumberOfBackupJobsFailed", "notBreaching"],
    ]);
  });

  test.each([
    ["retentionDays", { retentionDays: 90 }, "retentionDays: found 90; allowed an integer 1–35"],
    ["restoreTesting", { restoreTesting: "hourly" }, 'restoreTesting: found "hourly"; allowed "daily" | "weekly" | "off"'],
    ["restoreTestNetwork", { restoreTestDatabaseArns: [DB_ARN] }, "restoreTestNetwork: found nothing; allowed { dbSubnetGroupName, securityGroupIds } when restoreTestDatabaseArns are given"],
    ["restoreTestNetwork.securityGroupIds", { restoreTestDatabaseArns: [DB_ARN], restoreTestNetwork: { dbSubnetGroupName: "g", securityGroupIds: [] } }, "restoreTestNetwork.securityGroupIds: found []; allowed at least one security group id"],
    ["schedule.daily", { schedule: { daily: "05:00" } }, 'schedule.daily: found "05:00"; allowed an AWS cron expression of six fields, such as "cron(0 5 * * ? *)"'],
    ["schedule (unknown key)", { schedule: { hourly: "cron(0 * * * ? *)" } }, "schedule.hourly: unknown key; allowed keys: daily, restoreTestDaily, restoreTestWeekly"],
  ])("%s: a clear error", (_l, change, message) => {
    const args = { environment: "dev", ...change } as unknown as S3BackupsArgs;
    expect(() => new S3Backups("backups", args)).toThrow(ArgError);
    expect(() => new S3Backups("backups", args)).toThrow(`S3Backups "backups": ${message}`);
  });
});

describe("S3Backups roles and settings", () => {
  /** The role of every child of a full S3Backups (DR, object lock, ARN selection, restore tests), by child name. */
  const ROLE_OF: Readonly<Record<string, keyof S3BackupsTransforms>> = {
    "backups-bucket-key": "bucketKey", "backups-bucket": "bucket", "backups-versioning": "bucketVersioning", "backups-encryption": "bucketEncryption",
    "backups-public-access": "bucketPublicAccess", "backups-ownership": "bucketOwnership", "backups-tls-only": "bucketPolicy",
    "backups-lifecycle": "lifecycle", "backups-object-lock": "objectLock",
    "backups-dr-bucket-key": "drBucketKey", "backups-dr-bucket": "drBucket", "backups-dr-versioning": "drBucketVersioning", "backups-dr-encryption": "drBucketEncryption",
    "backups-dr-public-access": "drBucketPublicAccess", "backups-dr-ownership": "drBucketOwnership", "backups-dr-tls-only": "drBucketPolicy",
    "backups-dr-lifecycle": "drLifecycle", "backups-dr-object-lock": "drObjectLock",
    "backups-replication-role": "replicationRole", "backups-replication-policy": "replicationPolicy", "backups-replication": "replication",
    "backups-vault-key": "vaultKey", "backups-vault": "vault", "backups-vault-lock": "vaultLock", "backups-dr-vault-key": "drVaultKey", "backups-dr-vault": "drVault",
    "backups-plan": "plan", "backups-backup-role": "backupRole",
    "backups-backup-policy-1": "backupPolicyAttachment", "backups-backup-policy-2": "backupPolicyAttachment",
    "backups-backup-policy-3": "backupPolicyAttachment", "backups-backup-policy-4": "backupPolicyAttachment",
    "backups-by-tag": "tagSelection", "backups-by-arn": "arnSelection",
    "backups-restore-testing": "restoreTestingPlan", "backups-restore-databases": "restoreTestingSelection",
  };
  /** Every transform key, checked complete by the type. */
  const ROLES = Object.keys({
    bucketKey: 1, bucket: 1, bucketVersioning: 1, bucketEncryption: 1, bucketPublicAccess: 1, bucketOwnership: 1, bucketPolicy: 1, lifecycle: 1, objectLock: 1,
    drBucketKey: 1, drBucket: 1, drBucketVersioning: 1, drBucketEncryption: 1, drBucketPublicAccess: 1, drBucketOwnership: 1, drBucketPolicy: 1, drLifecycle: 1, drObjectLock: 1,
    replicationRole: 1, replicationPolicy: 1, replication: 1, vaultKey: 1, vault: 1, vaultLock: 1, drVaultKey: 1, drVault: 1, plan: 1, backupRole: 1,
    backupPolicyAttachment: 1, tagSelection: 1, arnSelection: 1, restoreTestingPlan: 1, restoreTestingSelection: 1,
  } satisfies Record<keyof S3BackupsTransforms, 1>) as Array<keyof S3BackupsTransforms>;

  const full = (extra: Partial<S3BackupsArgs> = {}) => {
    let backups: S3Backups | undefined;
    const plan = record(() => {
      const dr = new aws.Provider("dr", { region: "eu-central-1" });
      backups = new S3Backups("backups", {
        environment: "prod", objectLock: true, disasterRecovery: { provider: dr }, resourceArns: ["arn:aws:dynamodb:eu-west-1:111122223333:table/orders"],
        restoreTestDatabaseArns: [DB_ARN], restoreTestNetwork: NETWORK, ...extra,
      });
    }, { mode: "resolve", stack: "prod", config: { "aws:region": "eu-west-1" } });
    return plan.then((p) => ({ plan: p, backups: backups! }));
  };
  const awsChildren = (plan: Plan) => plan.all().filter((r) => r.custom && r.type.startsWith("aws:"));

  test("each transform key reaches its own children only: the DR twins have their own keys", async () => {
    // Each key marks the options of what it reaches with its own name.
    const transform = Object.fromEntries(ROLES.map((role) => [role, (_a: unknown, o: pulumi.CustomResourceOptions) => { o.ignoreChanges = [role]; }])) as S3BackupsTransforms;
    const { plan } = await full({ transform });
    const marks = Object.fromEntries(awsChildren(plan).map((r) => [r.name, r.options.ignoreChanges]));
    expect(marks).toEqual(Object.fromEntries(Object.entries(ROLE_OF).map(([child, role]) => [child, [role]])));
    // The DR bucket keeps its provider and options through its own key.
    expect(plan.one("aws:s3/bucket:Bucket", "backups-dr-bucket").options.protect).toBe(true);
  });

  test("every child is made through a role: nodes lists each one under its role", async () => {
    const { plan, backups } = await full();
    const count = Object.values(backups.nodes).reduce((n, list) => n + (list?.length ?? 0), 0);
    expect(count).toBe(awsChildren(plan).length);
    expect(Object.keys(backups.nodes).sort()).toEqual([...ROLES].sort());
    expect(backups.nodes.backupPolicyAttachment).toHaveLength(4);
    expect(backups.nodes.drBucket).toHaveLength(1);
  });

  test("a given schedule key overrides its preset; the other keys keep theirs", async () => {
    const { plan, backups } = await full({ schedule: { daily: "cron(30 2 * * ? *)" } });
    expect(backups.settings.schedule).toEqual({ daily: "cron(30 2 * * ? *)", restoreTestDaily: "cron(0 8 * * ? *)", restoreTestWeekly: "cron(0 8 ? * MON *)" });
    const rules = plan.one("aws:backup/plan:Plan", "backups-plan").inputs.rules as Array<{ ruleName: string; schedule: string }>;
    expect(rules.map((r) => [r.ruleName, r.schedule])).toEqual([["daily", "cron(30 2 * * ? *)"], ["hourly", "cron(0 * * * ? *)"]]);
    expect(plan.one("aws:backup/restoreTestingPlan:RestoreTestingPlan", "backups-restore-testing").inputs.scheduleExpression).toBe("cron(0 8 * * ? *)");
  });
});
