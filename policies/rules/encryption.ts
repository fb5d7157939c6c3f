import type { PolicyConfig, PolicyResource, ResourceRule, StackFinding, StackRule } from "../model";
import { asArray, asRecords, decideEach, environmentTag, indexOf, isRecord, isTrue, isUnknownRead, parseJson } from "./util";

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

/**
 * Resource types whose every instance is a customer-managed KMS key, or an
 * alias of one: alias names beginning "aws/" are reserved for AWS managed
 * keys, so an alias created in the stack names a customer key (KMS CreateAlias,
 * AliasName: "The AliasName value must be string of 1-256 characters... cannot
 * begin with alias/aws/. The alias/aws/ prefix is reserved for AWS managed keys").
 */
export const CUSTOMER_KEY_TYPES: readonly string[] = [
  "aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey", "aws:kms/externalKey:ExternalKey", "aws:kms/replicaExternalKey:ReplicaExternalKey", "aws:kms/alias:Alias",
];

/** An AWS managed key named by its alias ("alias/aws/sns", bare or in an alias ARN). */
export function isAwsManagedAlias(v: string): boolean {
  return /(^|:)alias\/aws\//.test(v);
}

/** What kind of KMS key a property names. */
export type KeyKind = "customer" | "aws-managed" | "none";

/** The type in a URN (`...::parent$aws:kms/key:Key::name`), for a dependency that is not in the list. */
function urnType(urn: string): string {
  return (urn.split("::")[2] ?? "").split("$").pop() ?? "";
}

/**
 * The kind of key that `read()` (a value inside `r.<prop>`) names. A literal
 * alias/aws/* is AWS managed; any other key id, ARN or alias is taken as the
 * customer's. An unknown value (preview: the ARN of a key being created) is
 * decided by `prop`'s property dependencies, which a preview knows: when every
 * one is a customer key of this stack, so is the value. Otherwise the unknown
 * read is rethrown, and the resource is reported as undecided.
 */
export function keyKind(r: PolicyResource, prop: string, all: readonly PolicyResource[], read: () => unknown): KeyKind {
  let v: unknown;
  try {
    v = read();
  } catch (e) {
    if (!isUnknownRead(e)) throw e;
    const deps = r.propertyDependencies?.[prop] ?? [];
    const byUrn = indexOf(all).byUrn;
    if (deps.length > 0 && deps.every((urn) => CUSTOMER_KEY_TYPES.includes(byUrn.get(urn)?.type ?? urnType(urn)))) return "customer";
    throw e;
  }
  if (typeof v !== "string" || v === "") return "none";
  return isAwsManagedAlias(v) ? "aws-managed" : "customer";
}

const keyFound = (kind: KeyKind, v: () => unknown): string => (kind === "none" ? "nothing" : kind === "aws-managed" ? `${JSON.stringify(v())} (an AWS managed key)` : "a customer key");

/** A stack rule that checks the key `prop` (or a path inside it) names on every resource of `type`, each on its own. */
function keyRule(o: {
  id: string; description: string; enforcement: "mandatory" | "advisory"; type: string; prop: string; path: string;
  read: (r: PolicyResource) => unknown; accept: readonly KeyKind[]; allowed: string; extra?: (r: PolicyResource) => string[];
}): StackRule {
  return {
    kind: "stack",
    id: o.id,
    description: o.description,
    enforcement: o.enforcement,
    checkStack: (all) => decideEach(indexOf(all).ofType(o.type), (r): StackFinding[] => {
      const pre = o.extra?.(r) ?? [];
      if (pre.length > 0) return pre.map((message) => ({ urn: r.urn, message }));
      const kind = keyKind(r, o.prop, all, () => o.read(r));
      return o.accept.includes(kind) ? [] : [{ urn: r.urn, message: `${o.path}: found ${keyFound(kind, () => o.read(r))}; allowed ${o.allowed}` }];
    }),
  };
}

/*
 * Encryption at rest comes in two levels. The mandatory rules ask for what AWS
 * does not do by default (SNS topics are unencrypted until a key is set). The
 * customer-managed-key rules below ask for a key of yours where AWS already
 * encrypts with its own (CloudWatch Logs, DynamoDB, AWS Backup, EKS >= 1.28,
 * S3's SSE-S3): they are advisory by default, and CUSTOMER_MANAGED_KEYS raises
 * them to mandatory (Paved's own stacks run at that level).
 */

export const snsEncrypted = keyRule({
  id: "sns-encrypted",
  // SNS: "Server-side encryption (SSE) lets you store sensitive data in encrypted topics"; it is on only
  // when KmsMasterKeyId is set, which may be the AWS managed alias/aws/sns (docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html).
  description: "SNS topics use server-side encryption: AWS does not encrypt a topic unless it names a KMS key (the AWS managed `alias/aws/sns` counts). Decided in preview from the key the topic is wired to. Fix: set `kmsMasterKeyId` (\"alias/aws/sns\" or a key of yours).",
  enforcement: "mandatory",
  type: "aws:sns/topic:Topic",
  prop: "kmsMasterKeyId",
  path: "kmsMasterKeyId",
  read: (r) => r.props.kmsMasterKeyId,
  accept: ["customer", "aws-managed"],
  allowed: "a KMS key id, ARN or alias (alias/aws/sns counts)",
});

export const snsCmk = keyRule({
  id: "sns-cmk",
  description: "Customer-managed keys: SNS topics use a KMS key of yours rather than the AWS managed alias/aws/sns, so that its key policy, rotation and CloudTrail use are yours. Advisory unless raised (CUSTOMER_MANAGED_KEYS). Fix: set `kmsMasterKeyId` to an aws.kms.Key whose policy lets the publishing services use it.",
  enforcement: "advisory",
  type: "aws:sns/topic:Topic",
  prop: "kmsMasterKeyId",
  path: "kmsMasterKeyId",
  read: (r) => r.props.kmsMasterKeyId,
  accept: ["customer"],
  allowed: "a customer-managed KMS key",
});

export const sqsEncrypted: ResourceRule = {
  id: "sqs-encrypted",
  description: "SQS queues keep server-side encryption (SQS-managed or KMS). Fix: remove `sqsManagedSseEnabled: false` or set `kmsMasterKeyId`.",
  enforcement: "mandatory",
  types: ["aws:sqs/queue:Queue"],
  check: (r) => (r.props.sqsManagedSseEnabled === false && !r.props.kmsMasterKeyId ? ["sqsManagedSseEnabled: found false with no kmsMasterKeyId; allowed SQS-managed or KMS encryption"] : []),
};

export const eksSecretsEncrypted = keyRule({
  id: "eks-secrets-encryption",
  // EKS 1.28+ envelope-encrypts all Kubernetes API data with an AWS owned key by default
  // (docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html): a key of yours is the stricter level.
  description: "Customer-managed keys: EKS envelope-encrypts Kubernetes secrets with a KMS key of yours (from 1.28 EKS already encrypts all API data with an AWS owned key). Advisory unless raised (CUSTOMER_MANAGED_KEYS). Fix: set `encryptionConfig: { resources: [\"secrets\"], provider: { keyArn } }`.",
  enforcement: "advisory",
  type: "aws:eks/cluster:Cluster",
  prop: "encryptionConfig",
  path: "encryptionConfig.provider.keyArn",
  read: (r) => {
    const ec = r.props.encryptionConfig;
    return isRecord(ec) && isRecord(ec.provider) ? ec.provider.keyArn : undefined;
  },
  accept: ["customer"],
  allowed: "a customer-managed KMS key ARN",
  extra: (r) => {
    const ec = r.props.encryptionConfig;
    return isRecord(ec) && !asArray(ec.resources).includes("secrets") ? [`encryptionConfig.resources: found ${JSON.stringify(ec.resources ?? null)}; allowed a list containing "secrets"`] : [];
  },
});

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

export const dynamodbEncrypted = keyRule({
  id: "dynamodb-kms",
  // DynamoDB: "All user data stored in Amazon DynamoDB is fully encrypted at rest", by default with an AWS owned key;
  // `serverSideEncryption.enabled` without `kmsKeyArn` picks the AWS managed aws/dynamodb
  // (docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html).
  description: "Customer-managed keys: DynamoDB tables use a KMS key of yours (every table is already encrypted, by default with an AWS owned key). Advisory unless raised (CUSTOMER_MANAGED_KEYS). Fix: set `serverSideEncryption: { enabled: true, kmsKeyArn }`.",
  enforcement: "advisory",
  type: "aws:dynamodb/table:Table",
  prop: "serverSideEncryption",
  path: "serverSideEncryption.kmsKeyArn",
  read: (r) => {
    const sse = r.props.serverSideEncryption;
    return isRecord(sse) ? sse.kmsKeyArn : undefined;
  },
  accept: ["customer"],
  allowed: "a customer-managed KMS key ARN (with enabled: true)",
  extra: (r) => {
    const sse = r.props.serverSideEncryption;
    const enabled = isRecord(sse) ? sse.enabled : undefined;
    return enabled === true ? [] : [`serverSideEncryption.enabled: found ${JSON.stringify(enabled ?? null)} (the AWS owned key); allowed true with a customer-managed kmsKeyArn`];
  },
});

export const backupVaultCmk = keyRule({
  id: "backup-vault-cmk",
  // AWS Backup: "If you do not specify a key, AWS Backup creates a KMS key for you by default"
  // (CloudFormation AWS::Backup::BackupVault EncryptionKeyArn): a vault is never unencrypted.
  description: "Customer-managed keys: AWS Backup vaults encrypt recovery points with a KMS key of yours (without one AWS Backup uses a key it creates). Advisory unless raised (CUSTOMER_MANAGED_KEYS). Fix: set `kmsKeyArn` (it cannot change after creation).",
  enforcement: "advisory",
  type: "aws:backup/vault:Vault",
  prop: "kmsKeyArn",
  path: "kmsKeyArn",
  read: (r) => r.props.kmsKeyArn,
  accept: ["customer"],
  allowed: "a customer-managed KMS key ARN",
});

export const logsEncrypted = keyRule({
  id: "log-group-kms",
  // CloudWatch Logs: "Log group data is always encrypted in CloudWatch Logs. By default, CloudWatch Logs uses
  // server-side encryption ... As an alternative, you can use AWS KMS" (docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
  description: "Customer-managed keys: CloudWatch log groups are encrypted with a KMS key of yours (CloudWatch Logs always encrypts log data at rest on its own). Advisory unless raised (CUSTOMER_MANAGED_KEYS). Fix: set `kmsKeyId` to a key whose policy lets logs.<region>.amazonaws.com use it.",
  enforcement: "advisory",
  type: "aws:cloudwatch/logGroup:LogGroup",
  prop: "kmsKeyId",
  path: "kmsKeyId",
  read: (r) => r.props.kmsKeyId,
  accept: ["customer"],
  allowed: "a customer-managed KMS key ARN",
});

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
    // An omitted protocol is HTTP on an Application Load Balancer (@pulumi/aws lb/listener.d.ts: "valid
    // values are HTTP and HTTPS, with a default of HTTP"); a Network Load Balancer listener names its own.
    const protocol = r.props.protocol ?? (r.props.certificateArn === undefined ? "HTTP" : undefined);
    if (protocol !== "HTTP") return [];
    const actions = asRecords(r.props.defaultActions);
    const redirect = actions.length === 1 && actions[0]!.type === "redirect" && isRecord(actions[0]!.redirect) && actions[0]!.redirect.protocol === "HTTPS";
    const on = r.props.protocol === undefined ? "a listener without protocol (HTTP by default)" : "an HTTP listener";
    return redirect ? [] : [`defaultActions: found ${JSON.stringify(actions.map((a) => a.type))} on ${on}; allowed a single redirect to HTTPS`];
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
      if (r.props.parameterGroupName !== undefined || r.props.replicateSourceDb !== undefined) return [];
      if (engine === "postgres" && majorVersion(String(r.props.engineVersion ?? "15")) < 15) {
        return [`parameterGroupName: found nothing (the default group of Postgres ${String(r.props.engineVersion)} does not force SSL); allowed a group with rds.force_ssl = 1`];
      }
      // The default MySQL and MariaDB groups leave require_secure_transport OFF: plaintext connections
      // are accepted (RDS user guide, "SSL/TLS support for MySQL DB instances": require_secure_transport,
      // default OFF up to MySQL 8.4; MariaDB: "Requiring SSL/TLS for all connections to a MariaDB DB instance").
      if (engine === "mysql" || engine === "mariadb") {
        return [`parameterGroupName: found nothing (the default ${engine} group leaves require_secure_transport OFF); allowed a group with require_secure_transport = ON`];
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

const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const WEBSITE_CONFIGS = [
  "aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration",
  "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2",
];

/**
 * A bucket's own (inline) setting as the program declared it. In a preview
 * Pulumi propagates inputs to outputs, and a value set from another resource's
 * output carries a property dependency on it; so a value that is unknown with
 * no property dependency was not set by the program: it is what the provider
 * computes (the bucket's current policy or encryption), and reads as undefined.
 * An unknown value that came from another resource is rethrown (undecided).
 */
function declared(r: PolicyResource, prop: string): unknown {
  try {
    return (r.state ?? r.props)[prop];
  } catch (e) {
    if (isUnknownRead(e) && (r.propertyDependencies?.[prop] ?? []).length === 0) return undefined;
    throw e;
  }
}

/** The resources of `types` that configure `bucket` through their `bucket` property (by URN, id or name). */
function configsOf(bucket: PolicyResource, all: readonly PolicyResource[], types: readonly string[]): PolicyResource[] {
  const idx = indexOf(all);
  return types.flatMap((t) => [...idx.referrers(t, "bucket", bucket)]);
}

/** The default-encryption algorithms a bucket declares, as separate resources first, else inline. */
function sseAlgorithms(bucket: PolicyResource, all: readonly PolicyResource[]): string[] {
  const fromRules = (rules: unknown): string[] => asRecords(rules).flatMap((rule) => {
    const d = isRecord(rule.applyServerSideEncryptionByDefault) ? rule.applyServerSideEncryptionByDefault : {};
    return typeof d.sseAlgorithm === "string" ? [d.sseAlgorithm] : [];
  });
  const separate = configsOf(bucket, all, SSE_CONFIGS).flatMap((c) => fromRules((c.state ?? c.props).rules));
  if (separate.length > 0) return separate;
  const inline = declared(bucket, "serverSideEncryptionConfiguration");
  return isRecord(inline) ? fromRules(inline.rule ?? inline.rules) : [];
}

export const s3DefaultEncryption: StackRule = {
  kind: "stack",
  id: "s3-default-encryption",
  // S3 "applies server-side encryption with Amazon S3 managed keys (SSE-S3) as the base level of encryption for
  // every bucket" since 2023-01-05 (docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html):
  // a bucket that declares nothing is encrypted with AES256.
  description: "Customer-managed keys: buckets tagged environment=prod encrypt by default with KMS (aws:kms or aws:kms:dsse); others may keep the SSE-S3 (AES256) encryption S3 applies to every bucket. Advisory unless raised (CUSTOMER_MANAGED_KEYS). Fix: add an aws.s3.BucketServerSideEncryptionConfiguration with `sseAlgorithm: \"aws:kms\"` and a key.",
  enforcement: "advisory",
  checkStack: (all) => decideEach(BUCKETS.flatMap((t) => indexOf(all).ofType(t)), (bucket): StackFinding[] => {
    if (environmentTag(bucket) !== "prod") return [];
    const declaredAlgorithms = sseAlgorithms(bucket, all);
    const algorithms = declaredAlgorithms.length > 0 ? declaredAlgorithms : ["AES256"];
    if (algorithms.every((a) => a.startsWith("aws:kms"))) return [];
    const found = declaredAlgorithms.length > 0 ? JSON.stringify(algorithms) : "nothing declared (S3's default SSE-S3, AES256)";
    return [{ urn: bucket.urn, message: `sseAlgorithm: found ${found} on a prod bucket; allowed "aws:kms" or "aws:kms:dsse"` }];
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

/** Whether the bucket serves a static website (inline `website` or a separate website configuration). */
function isWebsite(bucket: PolicyResource, all: readonly PolicyResource[]): boolean {
  return configsOf(bucket, all, WEBSITE_CONFIGS).length > 0 || isRecord(declared(bucket, "website"));
}

export const s3TlsOnly: StackRule = {
  kind: "stack",
  id: "s3-tls-only",
  // Website buckets are exempt: "Amazon S3 website endpoints do not support HTTPS"
  // (docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteEndpoints.html), so the Deny would refuse every website request.
  description: "Every bucket has a policy that denies requests without TLS (aws:SecureTransport = false), followed through property dependencies in preview. Buckets that serve a static website are exempt: S3 website endpoints only speak HTTP, and such a Deny would refuse every website request (serve HTTPS through CloudFront instead). Fix: attach an aws.s3.BucketPolicy with that Deny statement.",
  enforcement: "mandatory",
  checkStack: (all) => decideEach(BUCKETS.flatMap((t) => indexOf(all).ofType(t)), (bucket): StackFinding[] => {
    let unknownPolicy: unknown;
    for (const p of configsOf(bucket, all, [BUCKET_POLICY])) {
      try {
        if (deniesInsecureTransport((p.state ?? p.props).policy)) return [];
      } catch (e) {
        // One policy we cannot read does not hide another that decides; it matters only if none does.
        if (!isUnknownRead(e)) throw e;
        unknownPolicy ??= e;
      }
    }
    if (deniesInsecureTransport(declared(bucket, "policy"))) return [];
    if (unknownPolicy !== undefined) throw unknownPolicy;
    if (isWebsite(bucket, all)) return [];
    return [{ urn: bucket.urn, message: "policy: found no statement denying aws:SecureTransport = false; allowed a bucket policy that denies non-TLS requests (or a website configuration)" }];
  }),
};

/** The customer-managed-key rules: advisory by default, because AWS already encrypts these at rest with its own keys. */
export const CUSTOMER_MANAGED_KEY_RULES: readonly StackRule[] = [logsEncrypted, snsCmk, backupVaultCmk, eksSecretsEncrypted, dynamodbEncrypted, s3DefaultEncryption];

/**
 * The stricter level, as policy config (`paved plan --policy-config`, `paved check --config`,
 * `pulumi preview --policy-pack-config` for the encryption pack): every
 * customer-managed-key rule mandatory. Paved's own stacks are gated at this level.
 */
export const CUSTOMER_MANAGED_KEYS: PolicyConfig = Object.fromEntries(CUSTOMER_MANAGED_KEY_RULES.map((r) => [r.id, "mandatory"]));
