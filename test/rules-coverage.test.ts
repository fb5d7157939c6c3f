/**
 * The rules added by the coverage survey (docs/policy-coverage.md): each with a
 * compliant, a violating and an unknown fixture, through the same loader as
 * `paved check`; and the survey table kept in step with @pulumi/aws.
 */
import * as fs from "fs";
import * as path from "path";
import { ALL_PACKS } from "../policies/rules";
import { ENCRYPTION_SERVICE_RULES } from "../policies/rules/encryption-services";
import { PRIVATE_SERVICE_RULES, publicStatements } from "../policies/rules/private-services";
import { UNKNOWN } from "./helpers/fixtures";
import { describeRuleCases, type RuleCase } from "./helpers/rule-cases";

const policy = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allowAll = { Sid: "Open", Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "*" };
const allowAccount = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "*", Resource: "*" };
const allowVpce = { ...allowAll, Condition: { StringEquals: { "aws:SourceVpce": "vpce-1" } } };
const os = { engineVersion: "OpenSearch_2.13", encryptAtRest: { enabled: true }, nodeToNodeEncryption: { enabled: true } };

/** [rule, type, compliant inputs, violating inputs, expected message, inputs with the decisive value unknown] */
type Case = RuleCase;
const CASES: Case[] = [
  // encryption
  ["redshift-encrypted", "aws:redshift/cluster:Cluster", {}, { encrypted: "false" }, 'encrypted: found "false"', { encrypted: UNKNOWN }],
  ["opensearch-encrypted", "aws:opensearch/domain:Domain", os, { engineVersion: "OpenSearch_2.13" }, "encryptAtRest.enabled: found nothing (AWS default: not encrypted)", { ...os, encryptAtRest: UNKNOWN }],
  ["opensearch-encrypted", "aws:elasticsearch/domain:Domain", { ...os, domainEndpointOptions: { tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" } }, { ...os, domainEndpointOptions: { enforceHttps: false, tlsSecurityPolicy: "Policy-Min-TLS-1-0-2019-07" } }, 'tlsSecurityPolicy: found "Policy-Min-TLS-1-0-2019-07"', { ...os, domainEndpointOptions: UNKNOWN }],
  ["opensearch-encrypted", "aws:opensearch/domain:Domain", os, { ...os, nodeToNodeEncryption: { enabled: false } }, "nodeToNodeEncryption.enabled: found false", { ...os, nodeToNodeEncryption: { enabled: UNKNOWN } }],
  ["docdb-neptune-encrypted", "aws:docdb/cluster:Cluster", { storageEncrypted: true }, {}, "storageEncrypted: found nothing (AWS default: not encrypted)", { storageEncrypted: UNKNOWN }],
  ["docdb-neptune-encrypted", "aws:neptune/cluster:Cluster", { storageEncrypted: true }, { storageEncrypted: false }, "storageEncrypted: found false", { storageEncrypted: UNKNOWN }],
  ["msk-encrypted-in-transit", "aws:msk/cluster:Cluster", { encryptionInfo: { encryptionAtRestKmsKeyArn: "arn:k" } }, { encryptionInfo: { encryptionInTransit: { clientBroker: "TLS_PLAINTEXT" } } }, 'clientBroker: found "TLS_PLAINTEXT"', { encryptionInfo: UNKNOWN }],
  ["msk-encrypted-in-transit", "aws:msk/cluster:Cluster", {}, { encryptionInfo: { encryptionInTransit: { inCluster: false } } }, "inCluster: found false", { encryptionInfo: { encryptionInTransit: { clientBroker: UNKNOWN } } }],
  ["memorydb-tls", "aws:memorydb/cluster:Cluster", {}, { tlsEnabled: false }, "tlsEnabled: found false", { tlsEnabled: UNKNOWN }],
  ["elasticache-cluster-encrypted", "aws:elasticache/cluster:Cluster", { engine: "memcached", transitEncryptionEnabled: true }, { engine: "memcached" }, "transitEncryptionEnabled: found nothing (AWS default: plaintext)", { engine: UNKNOWN }],
  ["elasticache-cluster-encrypted", "aws:elasticache/cluster:Cluster", { replicationGroupId: "rg" }, { engine: "redis" }, 'engine: found "redis" in a stand-alone cluster', { replicationGroupId: UNKNOWN }],
  ["dms-endpoint-ssl", "aws:dms/endpoint:Endpoint", { engineName: "postgres", sslMode: "verify-full" }, { engineName: "postgres" }, "sslMode: found nothing (AWS default: none)", { engineName: "mysql", sslMode: UNKNOWN }],
  ["dms-endpoint-ssl", "aws:dms/endpoint:Endpoint", { engineName: "s3" }, { engineName: "mysql", sslMode: "none" }, 'sslMode: found "none"', { engineName: UNKNOWN }],
  ["glue-catalog-encrypted", "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings", { dataCatalogEncryptionSettings: { encryptionAtRest: { catalogEncryptionMode: "SSE-KMS" }, connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true } } }, { dataCatalogEncryptionSettings: { encryptionAtRest: { catalogEncryptionMode: "DISABLED" }, connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true } } }, 'catalogEncryptionMode: found "DISABLED"', { dataCatalogEncryptionSettings: UNKNOWN }],
  ["dax-encrypted", "aws:dax/cluster:Cluster", { serverSideEncryption: { enabled: true }, clusterEndpointEncryptionType: "TLS" }, { serverSideEncryption: { enabled: true } }, "clusterEndpointEncryptionType: found nothing (AWS default: NONE)", { serverSideEncryption: UNKNOWN }],
  ["transfer-no-plain-ftp", "aws:transfer/server:Server", {}, { protocols: ["SFTP", "FTP"] }, 'protocols: found ["SFTP","FTP"]', { protocols: UNKNOWN }],
  // private data
  ["data-service-not-public", "aws:dms/replicationInstance:ReplicationInstance", { publiclyAccessible: false }, {}, "publiclyAccessible: found nothing (AWS default: public)", { publiclyAccessible: UNKNOWN }],
  ["data-service-not-public", "aws:dms/instanceProfile:InstanceProfile", { publiclyAccessible: false }, { publiclyAccessible: true }, "publiclyAccessible: found true", { publiclyAccessible: UNKNOWN }],
  ["data-service-not-public", "aws:redshiftserverless/workgroup:Workgroup", {}, { publiclyAccessible: true }, "publiclyAccessible: found true; allowed false", { publiclyAccessible: UNKNOWN }],
  ["data-service-not-public", "aws:neptune/clusterInstance:ClusterInstance", {}, { publiclyAccessible: true }, "publiclyAccessible: found true", { publiclyAccessible: UNKNOWN }],
  ["data-service-not-public", "aws:mq/broker:Broker", { publiclyAccessible: false }, { publiclyAccessible: true }, "publiclyAccessible: found true", { publiclyAccessible: UNKNOWN }],
  ["data-service-not-public", "aws:msk/cluster:Cluster", { brokerNodeGroupInfo: { connectivityInfo: { publicAccess: { type: "DISABLED" } } } }, { brokerNodeGroupInfo: { connectivityInfo: { publicAccess: { type: "SERVICE_PROVIDED_EIPS" } } } }, 'publicAccess.type: found "SERVICE_PROVIDED_EIPS"', { brokerNodeGroupInfo: UNKNOWN }],
  ["no-public-snapshots", "aws:rds/snapshot:Snapshot", { sharedAccounts: ["123456789012"] }, { sharedAccounts: ["all"] }, 'sharedAccounts: found ["all"]', { sharedAccounts: UNKNOWN }],
  ["no-public-snapshots", "aws:rds/clusterSnapshot:ClusterSnapshot", {}, { sharedAccounts: ["123456789012", "all"] }, "\"all\" makes the snapshot public", { sharedAccounts: UNKNOWN }],
  ["no-public-snapshots", "aws:ec2/amiLaunchPermission:AmiLaunchPermission", { imageId: "ami-1", accountId: "123456789012" }, { imageId: "ami-1", group: "all" }, 'group: found "all"', { imageId: "ami-1", group: UNKNOWN }],
  ["no-public-resource-policy", "aws:sqs/queuePolicy:QueuePolicy", { policy: policy(allowVpce, allowAccount) }, { policy: policy(allowAccount, allowAll) }, 'policy: found Open allowing Principal "*"', { policy: UNKNOWN }],
  ["no-public-resource-policy", "aws:s3/bucketPolicy:BucketPolicy", { policy: policy({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }) }, { policy: policy({ Effect: "Allow", Principal: { AWS: ["*"] }, Action: "s3:GetObject", Resource: "*" }) }, 'Statement[0] allowing Principal "*"', { policy: UNKNOWN }],
  ["no-public-resource-policy", "aws:kms/key:Key", {}, { policy: policy({ ...allowAll, Action: "kms:*" }) }, "policy: found Open", { policy: UNKNOWN }],
  ["no-public-resource-policy", "aws:opensearch/domain:Domain", { vpcOptions: { subnetIds: ["subnet-1"] }, accessPolicies: policy(allowAll) }, { accessPolicies: policy(allowAll) }, "accessPolicies: found Open", { accessPolicies: UNKNOWN }],
  ["no-public-resource-policy", "aws:lambda/permission:Permission", { principal: "*", sourceArn: "arn:aws:execute-api:x" }, { principal: "*", action: "lambda:InvokeFunctionUrl", functionUrlAuthType: "NONE" }, 'principal: found "*" with no sourceArn', { principal: UNKNOWN }],
  ["opensearch-serverless-not-public", "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy", { type: "encryption", policy: JSON.stringify({ Rules: [], AWSOwnedKey: true }) }, { type: "network", policy: JSON.stringify([{ Rules: [{ ResourceType: "collection", Resource: ["collection/logs"] }], AllowFromPublic: true }]) }, "AllowFromPublic true", { type: "network", policy: UNKNOWN }],
  ["lambda-url-auth", "aws:lambda/functionUrl:FunctionUrl", { authorizationType: "AWS_IAM" }, { authorizationType: "NONE" }, 'authorizationType: found "NONE"', { authorizationType: UNKNOWN }],
];

describeRuleCases(CASES);

test("every survey rule has a case here and is registered in the encryption or private-data pack", () => {
  const covered = new Set(CASES.map((c) => c[0]));
  const ids = [...ENCRYPTION_SERVICE_RULES, ...PRIVATE_SERVICE_RULES].map((r) => r.id);
  expect(ids.filter((id) => !covered.has(id))).toEqual([]);
  const pack = (name: string) => ALL_PACKS.find((p) => p.name === name)!.rules.map((r) => r.id);
  expect(pack("paved-encryption")).toEqual(expect.arrayContaining(ENCRYPTION_SERVICE_RULES.map((r) => r.id)));
  expect(pack("paved-private-data")).toEqual(expect.arrayContaining(PRIVATE_SERVICE_RULES.map((r) => r.id)));
});

test("levels: only the function-URL rule is advisory; no survey rule demands a customer-managed key", () => {
  const all = [...ENCRYPTION_SERVICE_RULES, ...PRIVATE_SERVICE_RULES];
  expect(all.filter((r) => r.enforcement !== "mandatory").map((r) => r.id)).toEqual(["lambda-url-auth"]);
  expect(all.filter((r) => /customer[- ]managed key is required|allowed a customer-managed/i.test(r.description))).toEqual([]);
});

test("a public statement needs Allow, an everyone principal and no condition", () => {
  expect(publicStatements(policy(allowAll))).toEqual(["Open"]);
  expect(publicStatements({ Statement: [{ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::1:root" }, Action: "*" }] })).toEqual(["Statement[0]"]);
  expect(publicStatements(policy(allowVpce, allowAccount, { ...allowAll, Effect: "Deny" }))).toEqual([]);
  expect(publicStatements("not json")).toEqual([]);
});

describe("the coverage survey (docs/policy-coverage.md)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const survey = require("../scripts/survey-aws-types.js") as {
    surveyTable: () => { rows: { token: string; decision: string; rules: string[] }[]; markdown: string };
  };
  const { rows, markdown } = survey.surveyTable();
  const ruleIds = new Set(ALL_PACKS.flatMap((p) => p.rules).map((r) => r.id));

  test("every candidate type has a decision", () => {
    expect(rows.filter((r) => r.decision === "unreviewed").map((r) => r.token)).toEqual([]);
  });
  test("every rule the table names exists, and every covered row names one", () => {
    expect(rows.flatMap((r) => r.rules).filter((id) => !ruleIds.has(id))).toEqual([]);
    expect(rows.filter((r) => r.decision.startsWith("covered") && r.rules.length === 0).map((r) => r.token)).toEqual([]);
  });
  test("every type a survey rule checks is in the table as covered by it", () => {
    for (const r of [...ENCRYPTION_SERVICE_RULES, ...PRIVATE_SERVICE_RULES]) {
      for (const t of r.types) {
        const row = rows.find((x) => x.token === t);
        expect({ t, rule: r.id, in: row?.rules.includes(r.id) ?? false }).toEqual({ t, rule: r.id, in: true });
      }
    }
  });
  test("the checked-in doc is what the generator writes (run `node scripts/survey-aws-types.js --write`)", () => {
    expect(fs.readFileSync(path.join(__dirname, "..", "docs", "policy-coverage.md"), "utf8")).toBe(markdown);
  });
});
