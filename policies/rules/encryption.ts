import type { PolicyResource, ResourceRule, StackFinding, StackRule } from "../../src/plan/policy";
import { asArray, asRecords, environmentTag, isRecord, isTrue, parseJson, refersTo, view } from "./util";

const missing = (path: string, v: unknown, allowed: string): string =>
  `${path}: found ${v === undefined || v === null ? "nothing" : JSON.stringify(v)}; allowed ${allowed}`;

export const rdsEncrypted: ResourceRule = {
  id: "rds-storage-encrypted",
  description: "RDS instances and clusters encrypt their storage (read replicas inherit it from the source). Fix: set `storageEncrypted: true` and a `kmsKeyId`; an existing unencrypted database needs a snapshot-copy migration.",
  enforcement: "mandatory",
  types: ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster"],
  check: (r) => {
    if (r.type === "aws:rds/instance:Instance" && r.props.replicateSourceDb !== undefined) return [];
    if (r.type === "aws:rds/cluster:Cluster" && r.props.engineMode === "serverless") return [];
    return r.props.storageEncrypted === true ? [] : [missing("storageEncrypted", r.props.storageEncrypted, "true")];
  },
};

export const elasticacheEncrypted: ResourceRule = {
  id: "elasticache-encrypted",
  description: "Redis/Valkey replication groups encrypt at rest and in transit (both explicitly). Fix: set `atRestEncryptionEnabled: true` and `transitEncryptionEnabled: true` (with an auth token).",
  enforcement: "mandatory",
  types: ["aws:elasticache/replicationGroup:ReplicationGroup"],
  check: (r) => [
    ...(isTrue(r.props.atRestEncryptionEnabled) ? [] : [missing("atRestEncryptionEnabled", r.props.atRestEncryptionEnabled, "true")]),
    ...(isTrue(r.props.transitEncryptionEnabled) ? [] : [missing("transitEncryptionEnabled", r.props.transitEncryptionEnabled, "true")]),
  ],
};

export const ebsEncrypted: ResourceRule = {
  id: "ebs-encrypted",
  description: "EBS volumes, instance block devices and launch-template block devices are encrypted. Fix: set `encrypted: true` on each (launch templates: `ebs.encrypted: \"true\"`).",
  enforcement: "mandatory",
  types: ["aws:ebs/volume:Volume", "aws:ec2/instance:Instance", "aws:ec2/launchTemplate:LaunchTemplate"],
  check: (r) => {
    if (r.type === "aws:ebs/volume:Volume") return isTrue(r.props.encrypted) ? [] : [missing("encrypted", r.props.encrypted, "true")];
    if (r.type === "aws:ec2/instance:Instance") {
      const out: string[] = [];
      const root = r.props.rootBlockDevice;
      if (isRecord(root) && !isTrue(root.encrypted)) out.push(missing("rootBlockDevice.encrypted", root.encrypted, "true"));
      asRecords(r.props.ebsBlockDevices).forEach((d, i) => {
        if (!isTrue(d.encrypted)) out.push(missing(`ebsBlockDevices[${i}].encrypted`, d.encrypted, "true"));
      });
      return out;
    }
    return asRecords(r.props.blockDeviceMappings).flatMap((m, i) =>
      isRecord(m.ebs) && !isTrue(m.ebs.encrypted) ? [missing(`blockDeviceMappings[${i}].ebs.encrypted`, m.ebs.encrypted, "\"true\"")] : []);
  },
};

export const efsEncrypted: ResourceRule = {
  id: "efs-encrypted",
  description: "EFS file systems are encrypted at rest. Fix: set `encrypted: true` (and a `kmsKeyId`); existing file systems must be recreated.",
  enforcement: "mandatory",
  types: ["aws:efs/fileSystem:FileSystem"],
  check: (r) => (isTrue(r.props.encrypted) ? [] : [missing("encrypted", r.props.encrypted, "true")]),
};

export const snsEncrypted: ResourceRule = {
  id: "sns-encrypted",
  description: "SNS topics are encrypted with KMS. Fix: set `kmsMasterKeyId` to a key that the publishing services may use.",
  enforcement: "mandatory",
  types: ["aws:sns/topic:Topic"],
  check: (r) => (typeof r.props.kmsMasterKeyId === "string" && r.props.kmsMasterKeyId !== "" ? [] : [missing("kmsMasterKeyId", r.props.kmsMasterKeyId, "a KMS key id or ARN")]),
};

export const sqsEncrypted: ResourceRule = {
  id: "sqs-encrypted",
  description: "SQS queues keep server-side encryption (SQS-managed or KMS). Fix: remove `sqsManagedSseEnabled: false` or set `kmsMasterKeyId`.",
  enforcement: "mandatory",
  types: ["aws:sqs/queue:Queue"],
  check: (r) => (r.props.sqsManagedSseEnabled === false && !r.props.kmsMasterKeyId ? ["sqsManagedSseEnabled: found false with no kmsMasterKeyId; allowed SQS-managed or KMS encryption"] : []),
};

export const eksSecretsEncrypted: ResourceRule = {
  id: "eks-secrets-encryption",
  description: "EKS envelope-encrypts Kubernetes secrets with a KMS key. Fix: set `encryptionConfig: { resources: [\"secrets\"], provider: { keyArn } }`.",
  enforcement: "mandatory",
  types: ["aws:eks/cluster:Cluster"],
  check: (r) => {
    const ec = r.props.encryptionConfig;
    const ok = isRecord(ec) && asArray(ec.resources).includes("secrets") && isRecord(ec.provider) && typeof ec.provider.keyArn === "string";
    return ok ? [] : [missing("encryptionConfig", ec, "{ resources: [\"secrets\"], provider: { keyArn } }")];
  },
};

export const streamsEncrypted: ResourceRule = {
  id: "streams-encrypted",
  description: "Kinesis streams and Firehose delivery streams encrypt with KMS. Fix: `encryptionType: \"KMS\"` on streams; `serverSideEncryption.enabled: true` on Firehose.",
  enforcement: "mandatory",
  types: ["aws:kinesis/stream:Stream", "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"],
  check: (r) => {
    if (r.type === "aws:kinesis/stream:Stream") return r.props.encryptionType === "KMS" ? [] : [missing("encryptionType", r.props.encryptionType, "\"KMS\"")];
    if (r.props.kinesisSourceConfiguration !== undefined) return []; // encrypted by its source stream
    const sse = r.props.serverSideEncryption;
    return isRecord(sse) && sse.enabled === true ? [] : [missing("serverSideEncryption.enabled", isRecord(sse) ? sse.enabled : undefined, "true")];
  },
};

export const dynamodbEncrypted: ResourceRule = {
  id: "dynamodb-kms",
  description: "DynamoDB tables use KMS encryption (AWS-managed or customer key) rather than the AWS-owned default. Fix: set `serverSideEncryption.enabled: true` (and a `kmsKeyArn` for a customer key).",
  enforcement: "mandatory",
  types: ["aws:dynamodb/table:Table"],
  check: (r) => {
    const sse = r.props.serverSideEncryption;
    return isRecord(sse) && sse.enabled === true ? [] : [missing("serverSideEncryption.enabled", isRecord(sse) ? sse.enabled : undefined, "true")];
  },
};

export const backupVaultCmk: ResourceRule = {
  id: "backup-vault-cmk",
  description: "AWS Backup vaults encrypt recovery points with a customer-managed KMS key. Fix: set `kmsKeyArn` (it cannot change after creation).",
  enforcement: "mandatory",
  types: ["aws:backup/vault:Vault"],
  check: (r) => (typeof r.props.kmsKeyArn === "string" && r.props.kmsKeyArn !== "" ? [] : [missing("kmsKeyArn", r.props.kmsKeyArn, "a customer-managed KMS key ARN")]),
};

export const logsEncrypted: ResourceRule = {
  id: "log-group-kms",
  description: "CloudWatch log groups are encrypted with a KMS key. Fix: set `kmsKeyId` to a key whose policy lets logs.<region>.amazonaws.com use it.",
  enforcement: "mandatory",
  types: ["aws:cloudwatch/logGroup:LogGroup"],
  check: (r) => (typeof r.props.kmsKeyId === "string" && r.props.kmsKeyId !== "" ? [] : [missing("kmsKeyId", r.props.kmsKeyId, "a KMS key ARN")]),
};

export const kmsRotation: ResourceRule = {
  id: "kms-key-rotation",
  description: "Symmetric KMS keys rotate yearly and never bypass the lockout safety check. Fix: `enableKeyRotation: true`; remove `bypassPolicyLockoutSafetyCheck`.",
  enforcement: "mandatory",
  types: ["aws:kms/key:Key"],
  check: (r) => {
    const out: string[] = [];
    const spec = r.props.customerMasterKeySpec ?? r.props.keySpec;
    if ((spec === undefined || spec === "SYMMETRIC_DEFAULT") && r.props.enableKeyRotation !== true) out.push(missing("enableKeyRotation", r.props.enableKeyRotation, "true"));
    if (r.props.bypassPolicyLockoutSafetyCheck === true) out.push("bypassPolicyLockoutSafetyCheck: found true; allowed false");
    return out;
  },
};

const LISTENERS = [
  "aws:lb/listener:Listener", "aws:alb/listener:Listener",
  "aws:elasticloadbalancingv2/listener:Listener", "aws:applicationloadbalancing/listener:Listener",
];

export const lbHttpsOnly: ResourceRule = {
  id: "lb-http-redirects-to-https",
  description: "Plain-HTTP load balancer listeners only redirect to HTTPS. Fix: make the listener's single default action `{ type: \"redirect\", redirect: { protocol: \"HTTPS\", port: \"443\", statusCode: \"HTTP_301\" } }`.",
  enforcement: "mandatory",
  types: LISTENERS,
  check: (r) => {
    if (r.props.protocol !== "HTTP") return [];
    const actions = asRecords(r.props.defaultActions);
    const redirect = actions.length === 1 && actions[0]!.type === "redirect" && isRecord(actions[0]!.redirect) && actions[0]!.redirect.protocol === "HTTPS";
    return redirect ? [] : [`defaultActions: found ${JSON.stringify(actions.map((a) => a.type))} on an HTTP listener; allowed a single redirect to HTTPS`];
  },
};

/** TLS 1.2+ with forward secrecy: the TLS13 family, the FS-1-2-Res family and their FIPS variants. */
export function isModernTlsPolicy(policy: unknown): boolean {
  return typeof policy === "string" && (/^ELBSecurityPolicy-TLS13-1-[23](-[A-Za-z]+)*-20\d\d-\d\d$/.test(policy) || /^ELBSecurityPolicy-FS-1-2-Res-20\d\d-\d\d$/.test(policy));
}

export const lbModernTls: ResourceRule = {
  id: "lb-modern-tls",
  description: "HTTPS and TLS listeners use a TLS 1.2+ forward-secret policy. Fix: set `sslPolicy: \"ELBSecurityPolicy-TLS13-1-2-2021-06\"` (or a newer TLS13 policy).",
  enforcement: "mandatory",
  types: LISTENERS,
  check: (r) => {
    if (r.props.protocol !== "HTTPS" && r.props.protocol !== "TLS") return [];
    return isModernTlsPolicy(r.props.sslPolicy) ? [] : [missing("sslPolicy", r.props.sslPolicy ?? "ELBSecurityPolicy-2016-08 (the default)", "an ELBSecurityPolicy-TLS13-* or -FS-1-2-Res-* policy")];
  },
};

function paramValue(params: unknown, name: string): string | undefined {
  const p = asRecords(params).find((x) => x.name === name);
  return p === undefined ? undefined : String(p.value);
}

function majorVersion(family: string): number {
  return Number(/(\d+)/.exec(family)?.[1] ?? 0);
}

export const rdsForceSsl: ResourceRule = {
  id: "rds-force-ssl",
  description: "Database connections must use TLS: Postgres parameter groups set `rds.force_ssl = 1` (on by default only from Postgres 15), MySQL/MariaDB ones `require_secure_transport = ON`; an older Postgres on the default group is flagged. Fix: set the parameter in the instance's parameter group.",
  enforcement: "mandatory",
  types: ["aws:rds/parameterGroup:ParameterGroup", "aws:rds/clusterParameterGroup:ClusterParameterGroup", "aws:rds/instance:Instance"],
  check: (r) => {
    if (r.type === "aws:rds/instance:Instance") {
      const engine = String(r.props.engine ?? "");
      if (engine === "postgres" && r.props.parameterGroupName === undefined && r.props.replicateSourceDb === undefined && majorVersion(String(r.props.engineVersion ?? "15")) < 15) {
        return [`parameterGroupName: found nothing (the default group of Postgres ${String(r.props.engineVersion)} does not force SSL); allowed a group with rds.force_ssl = 1`];
      }
      return [];
    }
    const family = String(r.props.family ?? "");
    if (/postgres/.test(family)) {
      const v = paramValue(r.props.parameters, "rds.force_ssl");
      const ok = v === "1" || (v === undefined && majorVersion(family) >= 15);
      return ok ? [] : [missing("parameters[rds.force_ssl]", v, "\"1\"")];
    }
    if (/mysql|mariadb/.test(family)) {
      const v = paramValue(r.props.parameters, "require_secure_transport");
      return v !== undefined && ["1", "on"].includes(v.toLowerCase()) ? [] : [missing("parameters[require_secure_transport]", v, "\"ON\"")];
    }
    return [];
  },
};

const BUCKETS = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const SSE_CONFIGS = [
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];

/** The default-encryption algorithms a bucket declares, inline or as a separate resource. */
function sseAlgorithms(bucket: PolicyResource, all: readonly PolicyResource[]): string[] {
  const fromRules = (rules: unknown): string[] => asRecords(rules).flatMap((rule) => {
    const d = isRecord(rule.applyServerSideEncryptionByDefault) ? rule.applyServerSideEncryptionByDefault : {};
    return typeof d.sseAlgorithm === "string" ? [d.sseAlgorithm] : [];
  });
  const inline = view(bucket).serverSideEncryptionConfiguration;
  const own = isRecord(inline) ? fromRules(inline.rule ?? inline.rules) : [];
  const separate = all.filter((c) => SSE_CONFIGS.includes(c.type) && refersTo(c, "bucket", bucket)).flatMap((c) => fromRules(view(c).rules));
  return [...own, ...separate];
}

export const s3DefaultEncryption: StackRule = {
  kind: "stack",
  id: "s3-default-encryption",
  description: "Every bucket declares default encryption, and buckets tagged environment=prod use KMS (aws:kms or aws:kms:dsse). Fix: add an aws.s3.BucketServerSideEncryptionConfiguration with `sseAlgorithm: \"aws:kms\"` and a key.",
  enforcement: "mandatory",
  checkStack: (all) => all.filter((b) => BUCKETS.includes(b.type)).flatMap((bucket): StackFinding[] => {
    const algorithms = sseAlgorithms(bucket, all);
    if (algorithms.length === 0) return [{ urn: bucket.urn, message: "serverSideEncryptionConfiguration: found none declared; allowed aws:kms (or AES256 outside prod)" }];
    if (environmentTag(bucket) === "prod" && !algorithms.every((a) => a.startsWith("aws:kms"))) {
      return [{ urn: bucket.urn, message: `sseAlgorithm: found ${JSON.stringify(algorithms)} on a prod bucket; allowed "aws:kms" or "aws:kms:dsse"` }];
    }
    return [];
  }),
};

/** Whether a bucket policy denies every request made without TLS. */
export function deniesInsecureTransport(policy: unknown): boolean {
  const doc = parseJson(policy);
  return isRecord(doc) && asRecords(doc.Statement).some((s) => {
    const cond = isRecord(s.Condition) ? s.Condition : {};
    const bool = isRecord(cond.Bool) ? cond.Bool : {};
    return s.Effect === "Deny" && String(bool["aws:SecureTransport"]) === "false";
  });
}

export const s3TlsOnly: StackRule = {
  kind: "stack",
  id: "s3-tls-only",
  description: "Every bucket has a policy that denies requests without TLS (aws:SecureTransport = false). Fix: attach an aws.s3.BucketPolicy with that Deny statement.",
  enforcement: "mandatory",
  checkStack: (all) => all.filter((b) => BUCKETS.includes(b.type)).flatMap((bucket): StackFinding[] => {
    const policies = [view(bucket).policy, ...all.filter((p) => p.type === "aws:s3/bucketPolicy:BucketPolicy" && refersTo(p, "bucket", bucket)).map((p) => view(p).policy)];
    return policies.some(deniesInsecureTransport) ? [] : [{ urn: bucket.urn, message: "policy: found no statement denying aws:SecureTransport = false; allowed a bucket policy that denies non-TLS requests" }];
  }),
};
