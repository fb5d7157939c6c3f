import * as aws from "@pulumi/aws";
import { S3Backups, type S3BackupsArgs } from "../components/s3-backups";
import { ALL_PACKS } from "../policies/rules";
import { ArgError } from "../src/errors";
import { record, type Plan } from "../src/testing";

const DB_ARN = "arn:aws:rds:eu-west-1:111122223333:db:prod-main";
const planOf = (args: Partial<S3BackupsArgs> & { environment: S3BackupsArgs["environment"] }): Promise<Plan> => record(() => {
  const dr = new aws.Provider("dr", { region: "eu-central-1" });
  new S3Backups("backups", { disasterRecovery: { provider: dr }, restoreTestDatabaseArns: [DB_ARN], ...args });
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

  test("backup events go to an encrypted topic; every pack passes", () => {
    expect(plan.one("aws:sns/topic:Topic", "backups-events").inputs.kmsMasterKeyId).toBe(plan.one("aws:kms/key:Key", "backups-events-key").outputs.arn);
    expect(plan.violations).toEqual([]);
    expect(plan.unknowns).toEqual([]);
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
  ])("%s: a clear error", (_l, change, message) => {
    const args = { environment: "dev", ...change } as unknown as S3BackupsArgs;
    expect(() => new S3Backups("backups", args)).toThrow(ArgError);
    expect(() => new S3Backups("backups", args)).toThrow(`S3Backups "backups": ${message}`);
  });
});
