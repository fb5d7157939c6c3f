#!/usr/bin/env node
/**
 * Survey of @pulumi/aws resource types that store data, move data or expose an
 * endpoint (issue 15, "coverage by survey, not by memory").
 *
 *   node scripts/survey-aws-types.js            print the counts
 *   node scripts/survey-aws-types.js --write    regenerate docs/policy-coverage.md
 *   node scripts/survey-aws-types.js --json     the candidates and their matched properties
 *
 * How a type becomes a candidate: its `<Name>Args` interface in
 * node_modules/@pulumi/aws/<module>/<name>.d.ts, followed into nested input types
 * (types/input.d.ts) up to three levels deep, has a property whose path matches one
 * of the KEYWORDS below. Each candidate then gets a decision from DECISIONS
 * (scripts/survey-decisions.js is not used: the table lives here so one file
 * generates the doc). A candidate without a decision is listed as "unreviewed"
 * and the test in test/rules-coverage.test.ts fails.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const AWS = path.join(ROOT, "node_modules", "@pulumi", "aws");
const DOC = path.join(ROOT, "docs", "policy-coverage.md");

/**
 * What makes a property relevant, by family. Each regex is matched against one
 * segment of a property path (`encryptAtRest.kmsKeyId` → `encryptAtRest`, `kmsKeyId`).
 * `protocol(s)` and `policy` count only at the top level of the args: nested
 * they are routing rules (security groups, ACLs, health checks) or unrelated documents.
 */
const KEYWORDS = {
  encryption: /encrypt|Encrypt|^kms|Kms|^sse|Sse[A-Z]|serverSideEncryption|customerManagedKey|^cmk/,
  transit: /^tls|Tls|^ssl|Ssl[A-Z]|^sslMode$|^mtls|Mtls|transitEncryption|inTransit|InTransit|enforceHttps|^https$|httpsPolicy|secureTransport|^securityPolicy(Name)?$|tlsSecurityPolicy|clientBroker|requireTls/,
  public: /^(publiclyAccessible|isPubliclyAccessible|publicAccess|publicAccessBlock|publicAccessBlockConfiguration|associatePublicIpAddress|assignPublicIp|createPublicIp|mapPublicIpOnLaunch|vpcConfig|vpcOptions|authorizationType|authType|sharedAccounts|isPublic|launchPermission|endpointPublicAccess|principal|functionUrlAuthType)$/,
};
const TOP_LEVEL = {
  transit: /^protocols?$/,
  policy: /^(policy|resourcePolicy|accessPolicies|accessPolicy|policyDocument)$/,
};

/** Types the keywords cannot see (the public switch is a generic name), added by hand. */
const EXTRA = {
  "aws:ec2/amiLaunchPermission:AmiLaunchPermission": { public: ["group"] },
  "aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission": { public: ["accountId"] },
};

/** Segments that match a keyword but mean something else. */
const NOISE = /^(transitGateway\w*|\w*TransitGateway\w*|kmsKeyName)$/;

function parseInputTypes() {
  const text = fs.readFileSync(path.join(AWS, "types", "input.d.ts"), "utf8");
  /** "ns.Name" -> [[prop, typeText]] */
  const types = new Map();
  let ns = [];
  let current;
  for (const line of text.split("\n")) {
    const nsm = /^(\s*)export (?:declare )?namespace (\w+) \{/.exec(line);
    if (nsm) {
      ns = ns.slice(0, nsm[1].length / 4);
      ns.push(nsm[2]);
      continue;
    }
    const im = /^(\s*)interface (\w+) \{/.exec(line);
    if (im) {
      ns = ns.slice(0, im[1].length / 4);
      current = [];
      types.set([...ns, im[2]].join("."), current);
      continue;
    }
    const pm = /^\s+(\w+)\??: (.+);$/.exec(line);
    if (pm && current) current.push([pm[1], pm[2]]);
  }
  return types;
}

function parseArgs(dts, name) {
  const start = dts.indexOf(`export interface ${name}Args {`);
  if (start < 0) return [];
  const end = dts.indexOf("\n}", start);
  const props = [];
  for (const line of dts.slice(start, end).split("\n")) {
    const pm = /^    (\w+)\??: (.+);$/.exec(line);
    if (pm) props.push([pm[1], pm[2]]);
  }
  return props;
}

/** Every property path of an args interface, following nested input types. */
function paths(props, types, prefix = "", depth = 0) {
  const out = [];
  for (const [prop, typeText] of props) {
    const p = prefix ? `${prefix}.${prop}` : prop;
    out.push(p);
    if (depth >= 3) continue;
    const ref = /inputs\.([\w.]+)/.exec(typeText);
    const nested = ref && types.get(ref[1]);
    if (nested) out.push(...paths(nested, types, p, depth + 1));
  }
  return out;
}

function matchFamilies(allPaths) {
  const hits = {};
  const add = (family, p) => (hits[family] ??= new Set()).add(p);
  for (const p of allPaths) {
    const segs = p.split(".");
    for (const seg of segs) {
      if (NOISE.test(seg)) continue;
      for (const [family, re] of Object.entries(KEYWORDS)) if (re.test(seg)) add(family, p);
    }
    if (segs.length === 1) for (const [family, re] of Object.entries(TOP_LEVEL)) if (re.test(p)) add(family, p);
  }
  return Object.fromEntries(Object.entries(hits).map(([k, v]) => [k, [...v].sort()]));
}

/** All resource types with their matched properties. */
function survey() {
  const types = parseInputTypes();
  const all = [];
  for (const mod of fs.readdirSync(AWS).sort()) {
    const dir = path.join(AWS, mod);
    if (!fs.statSync(dir).isDirectory() || mod === "types" || mod === "config") continue;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".js")).sort()) {
      const js = fs.readFileSync(path.join(dir, file), "utf8");
      const tm = /static __pulumiType = '([^']+)'/.exec(js);
      if (!tm) continue;
      const cls = /^exports\.(\w+) = (\w+);/m.exec(js.slice(js.indexOf("__pulumiType")))?.[1] ?? /class (\w+) extends pulumi\.CustomResource/.exec(js)?.[1];
      const dts = fs.readFileSync(path.join(dir, file.replace(/\.js$/, ".d.ts")), "utf8");
      const name = /export declare class (\w+) extends pulumi\.CustomResource/.exec(dts)?.[1] ?? cls;
      const hits = { ...matchFamilies(paths(parseArgs(dts, name), types)), ...EXTRA[tm[1]] };
      all.push({ token: tm[1], module: mod, hits });
    }
  }
  return all;
}


// ---------------------------------------------------------------------------
// Decisions. First match wins. [token or regex, decision, rule ids, risk, AWS default when omitted (+ source)]
// decision: "covered" (a rule checks the risk), "n/a" (nothing to enforce, why),
// "out of scope" (a real setting, not judged by these packs, why).
// ---------------------------------------------------------------------------
const D = (file) => `@pulumi/aws ${file}.d.ts`;
const S3_DEFAULT = "S3 encrypts every new object with SSE-S3 since 2023-01-05 (AWS S3 User Guide, default encryption)";
const ALWAYS = (what, src) => ["n/a", [], what, `always encrypted at rest with an AWS key; the key property only picks a customer key (the stricter CMK level) — ${src}`];
const REF = ["n/a", [], "the matched property names a key/role/bucket used by another resource, which is judged on its own", "—"];
const NET = ["n/a", [], "routing/firewall plumbing: `protocol` is the traffic it matches, not a transport-security setting", "—"];
const IAM = ["out of scope", [], "identity (IAM/IoT/RAM/Lake Formation) permissions: least privilege, not data exposure; a separate IAM pack", "—"];
const OUTPUT_TO_S3 = ["n/a", [], "job/export/config whose output lands in S3; the key only replaces S3's default encryption", S3_DEFAULT];
const NICHE = (why) => ["out of scope", [], why, "—"];

const DECISIONS = [
  // ----- covered by rules that existed before the survey
  ["aws:rds/instance:Instance", "covered", ["rds-storage-encrypted", "rds-not-public", "rds-force-ssl"], "storage, public endpoint, TLS", `storageEncrypted false (${D("rds/instance")}); publiclyAccessible depends on subnet group (AWS CreateDBInstance)`],
  ["aws:rds/cluster:Cluster", "covered", ["rds-storage-encrypted"], "storage encryption", `storageEncrypted false for provisioned (${D("rds/cluster")})`],
  ["aws:rds/clusterInstance:ClusterInstance", "covered", ["rds-not-public"], "public endpoint", `publiclyAccessible false (${D("rds/clusterInstance")})`],
  ["aws:elasticache/replicationGroup:ReplicationGroup", "covered", ["elasticache-encrypted", "elasticache-subnet-group"], "at rest, in transit, network", `atRest/transit false (${D("elasticache/replicationGroup")})`],
  [/^aws:ebs\/volume:|^aws:ec2\/(instance|launchTemplate):/, "covered", ["ebs-encrypted"], "block device encryption", "EBS encryption by default is an account setting, off unless enabled (AWS EC2 User Guide)"],
  ["aws:efs/fileSystem:FileSystem", "covered", ["efs-encrypted"], "at rest", `encrypted false (${D("efs/fileSystem")})`],
  ["aws:sns/topic:Topic", "covered", ["sns-encrypted", "no-public-resource-policy"], "at rest, topic policy", "not encrypted unless kmsMasterKeyId (AWS SNS SSE docs)"],
  ["aws:sqs/queue:Queue", "covered", ["sqs-encrypted", "no-public-resource-policy"], "at rest, queue policy", "SQS-managed SSE on by default for new queues (AWS SQS Developer Guide)"],
  ["aws:eks/cluster:Cluster", "covered", ["eks-secrets-encryption", "eks-private-endpoint"], "secrets, public API", "public endpoint from 0.0.0.0/0 (AWS EKS User Guide)"],
  ["aws:kinesis/stream:Stream", "covered", ["streams-encrypted"], "at rest", `encryptionType NONE (${D("kinesis/stream")})`],
  ["aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "covered", ["streams-encrypted"], "at rest", "SSE off unless serverSideEncryption.enabled (Firehose API)"],
  ["aws:dynamodb/table:Table", "covered", ["dynamodb-kms"], "at rest key", "AWS-owned key (always encrypted); the rule demands KMS (level under review by the levels helper)"],
  ["aws:backup/vault:Vault", "covered", ["backup-vault-cmk"], "recovery-point key", "AWS Backup default key"],
  ["aws:cloudwatch/logGroup:LogGroup", "covered", ["log-group-kms"], "at rest key", "always encrypted by CloudWatch Logs; kmsKeyId adds a customer key"],
  [/^aws:kms\/(key|keyPolicy|replicaKey|externalKey|replicaExternalKey):/, "covered", ["no-public-resource-policy"], "key policy granting everyone", "default key policy grants the account root only (AWS KMS Developer Guide)"],
  [/^aws:(lb|alb)\/listener:/, "covered", ["lb-http-redirects-to-https", "lb-modern-tls"], "plain HTTP, old TLS", `sslPolicy ELBSecurityPolicy-2016-08 (${D("lb/listener")})`],
  [/^aws:ec2\/(subnet|defaultSubnet):/, "covered", ["data-subnet-groups-private"], "public data subnets", "mapPublicIpOnLaunch false (custom subnets), true (default subnets) (AWS VPC User Guide)"],
  ["aws:ec2/securityGroupRule:SecurityGroupRule", "covered", ["no-public-data-ports"], "data ports open to the world", "—"],
  ["aws:opensearch/domain:Domain", "covered", ["opensearch-in-vpc", "opensearch-encrypted", "no-public-resource-policy"], "public endpoint, at rest, node-to-node, HTTPS, access policy", `encryptAtRest/nodeToNode false, enforceHttps true (types/input.d.ts opensearch.DomainEncryptAtRest etc.)`],
  ["aws:elasticsearch/domain:Domain", "covered", ["opensearch-in-vpc", "opensearch-encrypted", "no-public-resource-policy"], "same as OpenSearch", "same as OpenSearch (types/input.d.ts elasticsearch.*)"],
  ["aws:redshift/cluster:Cluster", "covered", ["redshift-not-public", "redshift-encrypted"], "public endpoint, at rest", `encrypted "true" (${D("redshift/cluster")})`],
  // ----- covered by the survey's new rules
  [/^aws:(docdb|neptune)\/cluster:Cluster$/, "covered", ["docdb-neptune-encrypted"], "storage encryption", `storageEncrypted false (${D("docdb/cluster")}, ${D("neptune/cluster")})`],
  ["aws:msk/cluster:Cluster", "covered", ["msk-encrypted-in-transit", "data-service-not-public"], "plaintext Kafka, public brokers", "clientBroker TLS, inCluster true, publicAccess DISABLED (types/input.d.ts msk.*); at rest always encrypted"],
  [/^aws:memorydb\/(cluster|multiRegionCluster):/, "covered", ["memorydb-tls"], "in transit", `tlsEnabled true (${D("memorydb/cluster")}); at rest always encrypted (AWS MemoryDB docs)`],
  ["aws:elasticache/cluster:Cluster", "covered", ["elasticache-cluster-encrypted", "elasticache-subnet-group"], "plaintext Memcached, unencryptable stand-alone Redis", `transitEncryptionEnabled false (${D("elasticache/cluster")})`],
  ["aws:dms/endpoint:Endpoint", "covered", ["dms-endpoint-ssl"], "plaintext replication of a database", "sslMode none (AWS DMS API CreateEndpoint)"],
  [/^aws:dms\/(replicationInstance|instanceProfile):/, "covered", ["data-service-not-public"], "public replication instance", `publiclyAccessible true (AWS DMS API CreateReplicationInstance; ${D("dms/instanceProfile")})`],
  ["aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings", "covered", ["glue-catalog-encrypted"], "catalog metadata and connection passwords", "catalog not encrypted until these settings exist (AWS Glue Developer Guide)"],
  ["aws:dax/cluster:Cluster", "covered", ["dax-encrypted"], "at rest, TLS endpoint", `SSE false, endpoint NONE (${D("dax/cluster")})`],
  ["aws:transfer/server:Server", "covered", ["transfer-no-plain-ftp"], "plain FTP", `protocols [SFTP] (${D("transfer/server")})`],
  [/^aws:(neptune\/clusterInstance|redshiftserverless\/workgroup|mq\/broker|lightsail\/database|timestreaminfluxdb\/db(Instance|Cluster)|rds\/shardGroup):/, "covered", ["data-service-not-public"], "public endpoint", `publiclyAccessible false/opt-in (${D("neptune/clusterInstance")}: false; others: public only when set)`],
  [/^aws:rds\/(snapshot|clusterSnapshot):/, "covered", ["no-public-snapshots"], "public snapshot", `not shared (${D("rds/snapshot")}: \`all\` makes it public)`],
  ["aws:ec2/amiLaunchPermission:AmiLaunchPermission", "covered", ["no-public-snapshots"], "public AMI", `private (${D("ec2/amiLaunchPermission")}: group "all" is public)`],
  ["aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy", "covered", ["opensearch-serverless-not-public"], "public collection (network policy)", "collections have no network access until a network policy grants it (AWS OpenSearch Serverless docs)"],
  ["aws:lambda/functionUrl:FunctionUrl", "covered", ["lambda-url-auth"], "unauthenticated function URL (advisory)", `authorizationType required (${D("lambda/functionUrl")})`],
  ["aws:lambda/permission:Permission", "covered", ["no-public-resource-policy"], "anyone may invoke", "—"],
  [/^aws:(s3\/bucketPolicy|sqs\/queuePolicy|sns\/topicPolicy|secretsmanager\/secretPolicy|ecr\/repositoryPolicy|backup\/vaultPolicy|efs\/fileSystemPolicy|dynamodb\/resourcePolicy|kinesis\/resourcePolicy|lambda\/resourcePolicy|glue\/resourcePolicy|redshift\/resourcePolicy|redshiftserverless\/resourcePolicy|msk\/clusterPolicy|dsql\/clusterPolicy|s3tables\/tableBucketPolicy|s3tables\/tablePolicy):/, "covered", ["no-public-resource-policy"], "resource policy granting everyone", "no policy: only the owning account (IAM User Guide, resource-based policies)"],
  ["aws:secretsmanager/secret:Secret", "covered", ["no-public-resource-policy"], "secret policy granting everyone", "always encrypted with aws/secretsmanager (AWS Secrets Manager docs)"],
  [/^aws:(s3\/bucket|s3\/bucketV2):/, "covered", ["s3-default-encryption", "s3-tls-only"], "default encryption, TLS-only policy", S3_DEFAULT],
  [/^aws:s3\/bucketServerSideEncryptionConfiguration/, "covered", ["s3-default-encryption"], "default encryption", S3_DEFAULT],
  // ----- n/a: AWS always encrypts (CMK is the stricter configurable level)
  [/^aws:(docdb\/elasticCluster|dsql\/cluster|elasticache\/serverlessCache|redshiftserverless\/namespace|s3tables\/(table|tableBucket)|keyspaces\/table|qldb\/ledger|timestreamwrite\/(database|table)|neptunegraph\/graph|fsx\/\w+|sagemaker\/(notebookInstance|endpointConfiguration|domain|userProfile|featureGroup|modelCard)|ecr\/(repository|repositoryCreationTemplate)|kinesis\/videoStream|mwaa\/environment|grafana\/workspace|amp\/workspace|codecommit\/repository|codeartifact\/domain|cloudtrail\/eventDataStore|sfn\/(activity|stateMachine)|opensearch\/(serverlessCollection|application)|opensearchingest\/pipeline|backup\/logicallyAirGappedVault|memorydb\/snapshot|s3\/(vectorsIndex|vectorsVectorBucket|filesFileSystem)|location\/(geofenceCollection|tracker)|kendra\/index|qbusiness\/application|bedrock\/\w+|bedrockmodel\/\w+|lex\/\w+|m2\/application|finspace\/kxEnvironment|workmail\/organization|datazone\/domain|customerprofiles\/domain|appintegrations\/dataIntegration|appflow\/\w+|appconfig\/\w+|cloudwatch\/(eventBus|eventArchive|logAnomalyDetector)|auditmanager\/accountRegistration|securityhub\/connectorV2|resiliencehub\/v2\w+|rekognition\/streamProcessor|emr\/studio|emrcontainers\/jobTemplate|imagebuilder\/(component|workflow)|verifiedaccess\/\w+|workspacesweb\/\w+|networkfirewall\/\w+|chime\/\w+|kinesisanalyticsv2\/application|agentregistry\/registry|apprunner\/service|lambda\/capacityProvider|appfabric\/appBundle|paymentcryptography\/key|ssmincidents\/replicationSet|devopsguru\/serviceIntegration|dynamodb\/tableReplica|observabilityadmin\/\w+|securitylake\/dataLake):/,
    ...ALWAYS("data at rest in a managed service", "each type's .d.ts documents the key as optional with an AWS-managed or AWS-owned default")],
  ["aws:redshift/snapshotCopyGrant:SnapshotCopyGrant", ...REF],
  [/^aws:(rds\/(clusterActivityStream|customDbEngineVersion|exportTask|instanceAutomatedBackupsReplication|integration|snapshotCopy|clusterSnapshotCopy)|redshift\/integration|docdb\/clusterInstance|dms\/(replicationConfig|s3Endpoint|dataProvider)|efs\/replicationConfiguration|ebs\/(snapshotCopy|snapshotImport)|ec2\/(ami|amiCopy|amiFromInstance))/, "n/a", [], "copy, replica or export of a resource judged elsewhere (encryption follows the source or the key named)", "copies keep the source's encryption (AWS RDS/EBS snapshot docs)"],
  [/^aws:(dynamodb\/tableExport|cfg\/deliveryChannel|macie2\/classificationExportConfiguration|ssm\/resourceDataSync|guardduty\/publishingDestination|dataexchange\/\w+|s3\/(inventory|bucketMetadataConfiguration|bucketReplicationConfig|objectCopy|bucketObject|bucketObjectv2)|s3control\/storageLensConfiguration|timestreamquery\/scheduledQuery|athena\/\w+|codebuild\/(project|reportGroup)|codepipeline\/pipeline|sagemaker\/\w+|comprehend\/\w+|mailmanager\/(ruleSet|archive)|ses\/receiptRule|emr\/cluster|emrserverless\/application|cloudtrail\/trail|elastictranscoder\/pipeline|cognito\/userPool|dlm\/lifecyclePolicy|synthetics\/canary|connect\/instanceStorageConfig|chimesdkmediapipelines\/\w+|glue\/(catalog|connection|securityConfiguration)|lambda\/(function|eventSourceMapping)|ecs\/cluster|storagegateway\/\w+|codegurureviewer\/\w+|imagebuilder\/\w+|datasync\/locationHdfs|drs\/\w+|odb\/network|cloudfront\/fieldLevelEncryptionProfile|scheduler\/schedule|pipes\/pipe|cloudwatch\/eventConnection)/, ...OUTPUT_TO_S3],
  // ----- n/a: network plumbing
  [/^aws:(ec2\/(networkAclRule|networkInsightsPath|trafficMirrorFilterRule|vpcIpamPool|eip|eipAssociation)|ec2transitgateway\/|networkmanager\/|networkmonitor\/|route53\/resolver|globalaccelerator\/|vpclattice\/(listener|resourceConfiguration|targetGroup)|ec2\/vpnConnection|directconnect\/|gamelift\/|lightsail\/instancePublicPorts|appmesh\/|datasync\/(fsxOpenZfsFileSystem|locationFsxOntapFileSystem))/, ...NET],
  [/^aws:(alb|lb)\/(targetGroup|listenerRule):/, "n/a", [], "behind a listener that `lb-http-redirects-to-https` judges; target traffic stays in the VPC", "—"],
  [/^aws:(alb|lb)\/loadBalancer:/, "n/a", [], "the matched property is a header option; listeners carry the TLS settings", "—"],
  ["aws:ec2/securityGroup:SecurityGroup", "covered", ["no-public-data-ports", "no-public-configured-data-port"], "data ports open to the world", "—"],
  // ----- IAM-like permissions
  [/^aws:(iam\/|iot\/|ram\/|lakeformation\/|quicksight\/|verifiedpermissions\/|accountaccess\/|acmpca\/|licensemanager\/|signer\/|securitylake\/(subscriber|customLogSource)|datazone\/policyGrant|glue\/catalogDatabase|lambda\/layerVersionPermission|cloudwatch\/eventPermission|eks\/podIdentityAssociation|codebuild\/sourceCredential|appfabric\/appAuthorization)/, ...IAM],
  // ----- out of scope, with the reason
  ["aws:elb/loadBalancer:LoadBalancer", ...NICHE("Classic Load Balancer (legacy): listener protocols are not judged; use aws.lb")],
  [/^aws:(msk\/(channel|replicator)|mskconnect\/connector|datasync\/efsLocation|cleanrooms\/collaboration)/, ...NICHE("data movers between stores judged elsewhere (MSK replicator/connect, DataSync, Clean Rooms); their transit defaults are TLS or service-internal — a follow-up could flag explicit PLAINTEXT")],
  [/^aws:(s3\/accessPoint|s3control\/\w+|s3\/vectorsVectorBucketPolicy|s3\/filesFileSystemPolicy)/, ...NICHE("S3 access points and Multi-Region points are subject to the account/bucket Block Public Access; public-access-block rules are listed as a gap in the README")],
  [/^aws:(ec2\/(vpcEndpoint|vpcEndpointPolicy)):/, ...NICHE("endpoint policies narrow what a VPC may reach; a permissive one exposes nothing to the internet")],
  [/^aws:(apigateway|apigatewayv2|appsync)\//, ...NICHE("API front doors are public by design; authorization and TLS policy are API design (README lists API Gateway rules as a gap)")],
  [/^aws:(cloudfront)\//, ...NICHE("CDN viewer/origin protocol policies: a web-delivery pack, not data stores")],
  [/^aws:(ecs\/(service|taskSet|taskDefinition)|cloudwatch\/eventTarget|ec2\/(launchConfiguration|spotFleetRequest|spotInstanceRequest|snapshotCreateVolumePermission)|appstream\/|devicefarm\/|codeconnections\/|codestarconnections\/)/, ...NICHE("compute networking (public IPs on tasks/instances) — README lists no-public-IP as a gap; EBS snapshot permissions take account ids only, never `all`")],
  [/^aws:(rds\/proxy):/, ...NICHE("requireTls default undocumented in the schema (AWS API: off); left for a follow-up rule")],
  [/^aws:(docdb\/globalCluster|neptune\/globalCluster|rds\/globalCluster)/, "n/a", [], "global clusters take encryption from their member clusters, which the cluster rules check", "—"],
  [/^aws:(sns\/(topicSubscription|dataProtectionPolicy)|ses\/|sesv2\/|workmail\/|pinpoint\/|mailmanager\/|chime\/)/, ...NICHE("messaging delivery options (email TLS policy, subscription protocol): not a data store; SNS HTTPS endpoints are the subscriber's choice")],
  [/^aws:(cloudwatch\/(log\w+Policy|logAccountPolicy|logResourcePolicy|logDestinationPolicy|eventBusPolicy)|oam\/|xray\/|amp\/resourcePolicy|schemas\/|codeartifact\/|codebuild\/resourcePolicy|networkfirewall\/resourcePolicy|opensearchingest\/resourcePolicy|bedrock\/agentcoreResourcePolicy|sagemaker\/modelPackageGroupPolicy|mediastore\/|glacier\/|transfer\/(access|user|connector)|resiliencehub\/resiliencyPolicy|ecr\/(lifecyclePolicy|registryPolicy)|ecrpublic\/|opensearch\/(serverlessAccessPolicy|serverlessLifecyclePolicy|domainPolicy|vpcEndpoint)|elasticsearch\/(domainPolicy|vpcEndpoint)|cloudsearch\/|vpclattice\/(authPolicy|resourcePolicy|service|serviceNetwork)|iot\/)/, ...NICHE("resource policy or setting of an observability/tooling/legacy service, or a policy the rule cannot judge alone (a domain policy without its domain's VPC); public ECR is public by design")],
  [/^aws:(workspaces\/|m2\/environment|opensearchingest\/pipelineEndpoint|quicksight\/dataSource|odb\/|account\/)/, ...NICHE("end-user computing / mainframe / BI connectors: outside the application data services these packs target")],
];

/** Rule ids added by the survey (the rest existed before it). */
const NEW_RULES = new Set([
  "redshift-encrypted", "opensearch-encrypted", "docdb-neptune-encrypted", "msk-encrypted-in-transit", "memorydb-tls",
  "elasticache-cluster-encrypted", "dms-endpoint-ssl", "glue-catalog-encrypted", "dax-encrypted", "transfer-no-plain-ftp",
  "data-service-not-public", "no-public-snapshots", "no-public-resource-policy", "opensearch-serverless-not-public", "lambda-url-auth",
]);

function decide(token) {
  for (const [m, decision, rules, risk, dflt] of DECISIONS) {
    if (typeof m === "string" ? m === token : m.test(token)) return { decision, rules, risk, dflt };
  }
  return { decision: "unreviewed", rules: [], risk: "", dflt: "" };
}

const cell = (v) => String(v).replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The survey as rows plus the markdown of docs/policy-coverage.md. */
function surveyTable() {
  const all = survey();
  const candidates = all.filter((t) => Object.keys(t.hits).length > 0);
  const rows = candidates.map((t) => ({ ...t, ...decide(t.token) }));
  const coveredNow = rows.filter((r) => r.rules.length > 0);
  const coveredBefore = rows.filter((r) => r.rules.some((id) => !NEW_RULES.has(id)));
  const count = (d) => rows.filter((r) => r.decision === d).length;
  const families = Object.keys({ ...KEYWORDS, ...TOP_LEVEL });
  const lines = [
    "# Policy coverage survey of `@pulumi/aws`",
    "",
    "Generated by `node scripts/survey-aws-types.js --write` from the installed `@pulumi/aws`",
    `(${require(path.join(AWS, "package.json")).version}); \`test/rules-coverage.test.ts\` fails when this file is stale or a candidate has no decision.`,
    "",
    "A resource type is a candidate when its `Args` (followed into nested input types, three levels) has a property",
    `matching one of the families ${families.map((f) => `\`${f}\``).join(", ")} (the regexes are in the script).`,
    "Each candidate is **covered** (a rule checks the risk), **n/a** (nothing to enforce, and why) or **out of scope**",
    "(a real setting these packs do not judge, and why). The default column is what AWS does when the property is",
    "omitted, with its source; rules follow it (a default that encrypts or stays private is compliant).",
    "",
    "| count | |",
    "|---|---|",
    `| resource types in @pulumi/aws | ${all.length} |`,
    `| candidates surveyed | ${rows.length} |`,
    `| covered before the survey | ${coveredBefore.length} |`,
    `| covered now | ${coveredNow.length} |`,
    `| n/a | ${count("n/a")} |`,
    `| out of scope | ${count("out of scope")} |`,
    `| unreviewed | ${count("unreviewed")} |`,
    "",
    "Rules added by the survey: " + [...NEW_RULES].map((id) => `\`${id}\``).join(", ") + ".",
    "",
    "| type | matched | at risk / why | decision | rules | AWS default when omitted (source) |",
    "|---|---|---|---|---|---|",
    ...rows.map((r) => {
      const matched = Object.entries(r.hits).map(([f, ps]) => `${f}: ${ps.slice(0, 2).map((x) => `\`${x}\``).join(", ")}${ps.length > 2 ? ` +${ps.length - 2}` : ""}`).join("; ");
      return `| \`${r.token}\` | ${cell(matched)} | ${cell(r.risk)} | ${r.decision} | ${r.rules.map((id) => `\`${id}\``).join(", ")} | ${cell(r.dflt)} |`;
    }),
    "",
  ];
  return { rows, markdown: lines.join("\n"), counts: { types: all.length, candidates: rows.length, coveredBefore: coveredBefore.length, coveredNow: coveredNow.length, na: count("n/a"), outOfScope: count("out of scope"), unreviewed: count("unreviewed") } };
}

module.exports = { survey, surveyTable, KEYWORDS };

if (require.main === module) {
  const { rows, markdown, counts } = surveyTable();
  if (process.argv.includes("--json")) {
    process.stdout.write(JSON.stringify(rows, null, 1) + "\n");
  } else {
    if (process.argv.includes("--write")) fs.writeFileSync(DOC, markdown);
    console.log(JSON.stringify(counts));
    for (const r of rows.filter((x) => x.decision === "unreviewed")) console.log(`unreviewed: ${r.token} ${JSON.stringify(r.hits)}`);
  }
}
