import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ALL_PACKS, encryptionPack } from "../policies/rules";
import { requiredTags } from "../policies/rules/advisory";
import {
  backupVaultCmk, CUSTOMER_MANAGED_KEYS, dynamodbEncrypted, eksSecretsEncrypted, logsEncrypted, s3DefaultEncryption, s3TlsOnly, snsCmk, snsEncrypted,
} from "../policies/rules/encryption";
import { program } from "../stacks/program";
import { planStack, record } from "../src/testing";
import { evaluate, res, UNKNOWN } from "./helpers/fixtures";
import { REPO } from "./helpers/project";

const urn = (type: string, name: string) => `urn:pulumi:prod::shop::${type}::${name}`;
const KEY = "aws:kms/key:Key";
const key = res(KEY, "k", { enableKeyRotation: true });
const ENC_RULES = new Set(encryptionPack.rules.map((r) => r.id));

describe.each(["dev", "staging", "prod"])("stack %s as a first preview", (stack) => {
  test("every encryption check decides, at the customer-managed-key level, with no violation", async () => {
    const preview = await planStack({ dir: REPO, stack, program, packs: ALL_PACKS, policyConfig: CUSTOMER_MANAGED_KEYS });
    expect(preview.mode).toBe("preview");
    expect(preview.unknowns.filter((u) => ENC_RULES.has(u.policy))).toEqual([]);
    expect(preview.violations.filter((v) => ENC_RULES.has(v.policy))).toEqual([]);
  });
});

describe("a key ARN unknown in preview is decided from what it is wired to", () => {
  const wired = (type: string, name: string, prop: string, inputs: Record<string, unknown>, from: string[]) =>
    res(type, name, inputs, { outputs: inputs, propertyDependencies: { [prop]: from } });
  const cases: Array<[string, typeof snsEncrypted, string, string, Record<string, unknown>]> = [
    ["sns-encrypted", snsEncrypted, "aws:sns/topic:Topic", "kmsMasterKeyId", { kmsMasterKeyId: UNKNOWN }],
    ["sns-cmk", snsCmk, "aws:sns/topic:Topic", "kmsMasterKeyId", { kmsMasterKeyId: UNKNOWN }],
    ["log-group-kms", logsEncrypted, "aws:cloudwatch/logGroup:LogGroup", "kmsKeyId", { kmsKeyId: UNKNOWN }],
    ["backup-vault-cmk", backupVaultCmk, "aws:backup/vault:Vault", "kmsKeyArn", { kmsKeyArn: UNKNOWN }],
    ["eks-secrets-encryption", eksSecretsEncrypted, "aws:eks/cluster:Cluster", "encryptionConfig", { encryptionConfig: { resources: ["secrets"], provider: { keyArn: UNKNOWN } } }],
    ["dynamodb-kms", dynamodbEncrypted, "aws:dynamodb/table:Table", "serverSideEncryption", { serverSideEncryption: { enabled: true, kmsKeyArn: UNKNOWN } }],
  ];
  test.each(cases)("%s: from an aws:kms/key:Key of the stack it passes", (_id, rule, type, prop, inputs) => {
    expect(evaluate([rule], [key, wired(type, "r", prop, inputs, [key.urn])])).toEqual({ violations: [], unknowns: [] });
  });
  test.each(cases)("%s: from an alias of the stack it passes too", (_id, rule, type, prop, inputs) => {
    const alias = res("aws:kms/alias:Alias", "a", { name: "alias/app", targetKeyId: "k" });
    expect(evaluate([rule], [alias, wired(type, "r", prop, inputs, [alias.urn])])).toEqual({ violations: [], unknowns: [] });
  });
  test.each(cases)("%s: from anything else it is undecided for that resource only", (_id, rule, type, prop, inputs) => {
    const other = res("aws:cloudformation/stack:Stack", "cfn", {});
    const bad = res(type, "bad", {});
    const result = evaluate([rule], [other, wired(type, "later", prop, inputs, [other.urn]), bad]);
    expect(result.unknowns.map((u) => u.urn)).toEqual([urn(type, "later")]);
    // The resource that names no key is still decided.
    expect(result.violations.map((v) => v.urn)).toEqual([urn(type, "bad")]);
  });
});

describe("levels: AWS-managed encryption counts as encrypted; customer keys are the stricter level", () => {
  test("the customer-managed-key rules are advisory by default and mandatory at CUSTOMER_MANAGED_KEYS", () => {
    const resources = [res("aws:cloudwatch/logGroup:LogGroup", "plain", { retentionInDays: 7 })];
    expect(evaluate([logsEncrypted], resources).violations.map((v) => v.enforcementLevel)).toEqual(["advisory"]);
    expect(evaluate([logsEncrypted], resources, CUSTOMER_MANAGED_KEYS).violations.map((v) => v.enforcementLevel)).toEqual(["mandatory"]);
    for (const id of ["log-group-kms", "sns-cmk", "backup-vault-cmk", "eks-secrets-encryption", "dynamodb-kms", "s3-default-encryption"]) {
      expect(encryptionPack.rules.find((r) => r.id === id)?.enforcement).toBe("advisory");
      expect(CUSTOMER_MANAGED_KEYS[id]).toBe("mandatory");
    }
  });
  test("an SNS topic on the AWS managed alias/aws/sns passes sns-encrypted and fails only sns-cmk", () => {
    const topic = res("aws:sns/topic:Topic", "t", { kmsMasterKeyId: "alias/aws/sns" });
    expect(evaluate([snsEncrypted], [topic]).violations).toEqual([]);
    expect(evaluate([snsCmk], [topic]).violations).toEqual([expect.objectContaining({
      enforcementLevel: "advisory", message: 'kmsMasterKeyId: found "alias/aws/sns" (an AWS managed key); allowed a customer-managed KMS key',
    })]);
  });
  test("an SNS topic with no key is a mandatory violation: SNS does not encrypt by default", () => {
    const { violations } = evaluate([snsEncrypted], [res("aws:sns/topic:Topic", "t", {})]);
    expect(violations).toEqual([expect.objectContaining({ enforcementLevel: "mandatory", message: expect.stringContaining("kmsMasterKeyId: found nothing") })]);
  });
  test("DynamoDB on the AWS owned or the AWS managed key fails only the advisory dynamodb-kms", () => {
    const { violations } = evaluate([dynamodbEncrypted], [
      res("aws:dynamodb/table:Table", "owned", {}),
      res("aws:dynamodb/table:Table", "managed", { serverSideEncryption: { enabled: true } }),
      res("aws:dynamodb/table:Table", "cmk", { serverSideEncryption: { enabled: true, kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/1" } }),
    ]);
    expect(violations.map((v) => [v.urn.split("::").pop(), v.enforcementLevel])).toEqual([["owned", "advisory"], ["managed", "advisory"]]);
  });
  test("a bucket relying on S3's SSE-S3 default passes outside prod; a prod bucket still needs KMS", () => {
    const { violations } = evaluate([s3DefaultEncryption], [
      res("aws:s3/bucket:Bucket", "dev", { tags: { environment: "dev" } }),
      res("aws:s3/bucket:Bucket", "prod", { tags: { environment: "prod" } }),
    ]);
    expect(violations).toEqual([expect.objectContaining({ urn: urn("aws:s3/bucket:Bucket", "prod"), message: 'sseAlgorithm: found nothing declared (S3\'s default SSE-S3, AES256) on a prod bucket; allowed "aws:kms" or "aws:kms:dsse"' })]);
  });
});

describe("S3 in a first preview: ids, ARNs and outputs unknown", () => {
  // A bucket being created: its id and ARN, and the outputs the provider computes, are unknown.
  const bucket = (name: string, tags: Record<string, string> = {}) =>
    res("aws:s3/bucket:Bucket", name, { tags }, { id: undefined, outputs: { tags, bucket: `${name}-abc`, id: UNKNOWN, arn: UNKNOWN, policy: UNKNOWN, website: UNKNOWN, serverSideEncryptionConfiguration: UNKNOWN } });
  const onBucket = (type: string, name: string, b: ReturnType<typeof bucket>, inputs: Record<string, unknown>) =>
    res(type, name, { bucket: UNKNOWN, ...inputs }, { id: undefined, outputs: { bucket: UNKNOWN, ...inputs }, propertyDependencies: { bucket: [b.urn] } });
  const tls = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::a-abc", "arn:aws:s3:::a-abc/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }] });

  test("s3-tls-only: the policy is found through the bucket's URN; a bucket with none is a violation, not undecided", () => {
    const a = bucket("a");
    const b = bucket("b");
    const result = evaluate([s3TlsOnly], [a, b, onBucket("aws:s3/bucketPolicy:BucketPolicy", "a-tls", a, { policy: tls })]);
    expect(result.unknowns).toEqual([]);
    expect(result.violations.map((v) => [v.urn, v.enforcementLevel])).toEqual([[b.urn, "mandatory"]]);
  });

  test("s3-tls-only: an unreadable policy leaves only its own bucket undecided", () => {
    const a = bucket("a");
    const b = bucket("b");
    const result = evaluate([s3TlsOnly], [a, b, onBucket("aws:s3/bucketPolicy:BucketPolicy", "a-p", a, { policy: UNKNOWN })]);
    expect(result.unknowns.map((u) => u.urn)).toEqual([urn("aws:s3/bucketPolicy:BucketPolicy", "a-p")]);
    expect(result.violations.map((v) => v.urn)).toEqual([b.urn]);
  });

  test("s3-tls-only: a website bucket is exempt (S3 website endpoints serve HTTP only)", () => {
    const site = bucket("site");
    const result = evaluate([s3TlsOnly], [site, onBucket("aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration", "site-web", site, { indexDocument: { suffix: "index.html" } })]);
    expect(result).toEqual({ violations: [], unknowns: [] });
  });

  test("s3-default-encryption: a prod bucket is judged by the configuration wired to its URN", () => {
    const kms = bucket("kms", { environment: "prod" });
    const aes = bucket("aes", { environment: "prod" });
    const sse = (b: ReturnType<typeof bucket>, algo: string) => onBucket("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `${b.urn.split("::").pop()}-sse`, b, { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: algo } }] });
    const result = evaluate([s3DefaultEncryption], [kms, aes, sse(kms, "aws:kms"), sse(aes, "AES256")]);
    expect(result.unknowns).toEqual([]);
    expect(result.violations.map((v) => v.urn)).toEqual([aes.urn]);
  });

  test("a TLS-only policy built from the bucket's auto-name (as S3Backups builds it) is known in a preview", async () => {
    const plan = await record(() => {
      const b = new aws.s3.Bucket("b");
      new aws.s3.BucketPolicy("p", { bucket: b.id, policy: pulumi.all([aws.getPartitionOutput().partition, b.bucket]).apply(([p, n]) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [`arn:${p}:s3:::${n}`, `arn:${p}:s3:::${n}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }] })) });
    }, { packs: [encryptionPack] });
    expect(plan.unknowns.filter((u) => u.policy === "s3-tls-only")).toEqual([]);
    expect(plan.violations.filter((v) => v.policy === "s3-tls-only")).toEqual([]);
  });
});

describe("required-tags in a preview", () => {
  test("one resource with unknown tags leaves only that resource undecided", () => {
    const result = evaluate([requiredTags], [
      res("aws:sns/topic:Topic", "later", { tags: { environment: UNKNOWN } }),
      res("aws:sns/topic:Topic", "bad", { tags: { environment: "prod" } }),
    ]);
    expect(result.unknowns.map((u) => u.urn)).toEqual([urn("aws:sns/topic:Topic", "later")]);
    expect(result.violations.map((v) => v.urn)).toEqual([urn("aws:sns/topic:Topic", "bad")]);
  });
});
