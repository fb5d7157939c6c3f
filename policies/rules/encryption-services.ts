/**
 * Encryption rules for data services found by the coverage survey
 * (docs/policy-coverage.md, scripts/survey-aws-types.js). Each rule follows
 * the AWS/Pulumi default of an omitted property; the source is in a comment.
 * A customer-managed key is never demanded here: AWS-managed keys count.
 */
import type { ResourceRule } from "../model";
import { asArray, isRecord } from "./util";

const show = (v: unknown): string => (v === undefined || v === null ? "nothing" : JSON.stringify(v));
const found = (path: string, v: unknown, allowed: string, omitted?: string): string =>
  `${path}: found ${v === undefined && omitted ? `nothing (${omitted})` : show(v)}; allowed ${allowed}`;

/** A nested record, or an empty one when the block is omitted (AWS then applies the block's defaults). */
const block = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});

const isFalse = (v: unknown): boolean => v === false || v === "false";
const isTrueish = (v: unknown): boolean => v === true || v === "true";

export const redshiftEncrypted: ResourceRule = {
  id: "redshift-encrypted",
  description: "Redshift clusters keep encryption at rest on (the default). Fix: remove `encrypted: \"false\"` (or set it to \"true\"); an unencrypted cluster must be migrated.",
  enforcement: "mandatory",
  types: ["aws:redshift/cluster:Cluster"],
  // @pulumi/aws redshift/cluster.d.ts: `encrypted` "Default is `true`" (a string in this schema).
  check: (r) => (isFalse(r.props.encrypted) ? [found("encrypted", r.props.encrypted, "\"true\" or omitted (AWS default: encrypted)")] : []),
};

/** TLS policies of an OpenSearch/Elasticsearch HTTPS endpoint that still allow TLS 1.0/1.1. */
const OLD_TLS_POLICY = /^Policy-Min-TLS-1-0-/;

export const opensearchEncrypted: ResourceRule = {
  id: "opensearch-encrypted",
  description: "OpenSearch and Elasticsearch domains encrypt at rest and between nodes, require HTTPS and refuse TLS 1.0. Fix: `encryptAtRest: { enabled: true }`, `nodeToNodeEncryption: { enabled: true }`, `domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: \"Policy-Min-TLS-1-2-2019-07\" }`.",
  enforcement: "mandatory",
  types: ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"],
  check: (r) => {
    const out: string[] = [];
    // types/input.d.ts DomainEncryptAtRest.enabled: "If the `encryptAtRest` block is not provided then this defaults to `false`."
    const atRest = block(r.props.encryptAtRest).enabled;
    if (!isTrueish(atRest)) out.push(found("encryptAtRest.enabled", atRest, "true", "AWS default: not encrypted"));
    // DomainNodeToNodeEncryption.enabled: "If the `nodeToNodeEncryption` block is not provided then this defaults to `false`."
    const n2n = block(r.props.nodeToNodeEncryption).enabled;
    if (!isTrueish(n2n)) out.push(found("nodeToNodeEncryption.enabled", n2n, "true", "AWS default: plaintext between nodes"));
    // DomainDomainEndpointOptions.enforceHttps: "Defaults to `true`."
    const endpoint = block(r.props.domainEndpointOptions);
    if (isFalse(endpoint.enforceHttps)) out.push(found("domainEndpointOptions.enforceHttps", endpoint.enforceHttps, "true or omitted"));
    const tls = endpoint.tlsSecurityPolicy;
    if (typeof tls === "string" && OLD_TLS_POLICY.test(tls)) out.push(found("domainEndpointOptions.tlsSecurityPolicy", tls, "a Policy-Min-TLS-1-2-* policy"));
    return out;
  },
};

export const docdbNeptuneEncrypted: ResourceRule = {
  id: "docdb-neptune-encrypted",
  description: "DocumentDB and Neptune clusters encrypt their storage (off by default). Fix: set `storageEncrypted: true` (and a `kmsKeyId` for a customer key); an existing cluster needs a snapshot-restore migration.",
  enforcement: "mandatory",
  types: ["aws:docdb/cluster:Cluster", "aws:neptune/cluster:Cluster"],
  check: (r) => {
    // docdb/cluster.d.ts: "The default is `false`."; neptune/cluster.d.ts: "The default is `false` if not specified."
    return isTrueish(r.props.storageEncrypted) ? [] : [found("storageEncrypted", r.props.storageEncrypted, "true", "AWS default: not encrypted")];
  },
};

export const mskEncryptedInTransit: ResourceRule = {
  id: "msk-encrypted-in-transit",
  description: "MSK clusters keep TLS between clients and brokers and inside the cluster (the defaults); at rest MSK always encrypts. Fix: `encryptionInfo.encryptionInTransit: { clientBroker: \"TLS\", inCluster: true }` or omit it.",
  enforcement: "mandatory",
  types: ["aws:msk/cluster:Cluster"],
  check: (r) => {
    const transit = block(block(r.props.encryptionInfo).encryptionInTransit);
    const out: string[] = [];
    // types/input.d.ts ClusterEncryptionInfoEncryptionInTransit: clientBroker "Default value is `TLS`", inCluster "Default value: `true`".
    const cb = transit.clientBroker;
    if (cb !== undefined && cb !== "TLS") out.push(found("encryptionInfo.encryptionInTransit.clientBroker", cb, "\"TLS\" or omitted"));
    if (isFalse(transit.inCluster)) out.push(found("encryptionInfo.encryptionInTransit.inCluster", transit.inCluster, "true or omitted"));
    return out;
  },
};

export const memorydbTls: ResourceRule = {
  id: "memorydb-tls",
  description: "MemoryDB clusters keep in-transit encryption on (the default; at rest MemoryDB always encrypts). Fix: remove `tlsEnabled: false`.",
  enforcement: "mandatory",
  types: ["aws:memorydb/cluster:Cluster", "aws:memorydb/multiRegionCluster:MultiRegionCluster"],
  // memorydb/cluster.d.ts tlsEnabled: "Defaults to `true`."
  check: (r) => (isFalse(r.props.tlsEnabled) ? [found("tlsEnabled", r.props.tlsEnabled, "true or omitted")] : []),
};

export const elasticacheClusterEncrypted: ResourceRule = {
  id: "elasticache-cluster-encrypted",
  description: "Stand-alone ElastiCache clusters encrypt in transit: Memcached sets `transitEncryptionEnabled: true` (off by default); a stand-alone Redis/Valkey cluster cannot encrypt and must be a replication group. Members of a replication group are judged by `elasticache-encrypted`. Fix: set `transitEncryptionEnabled: true`, or use aws.elasticache.ReplicationGroup.",
  enforcement: "mandatory",
  types: ["aws:elasticache/cluster:Cluster"],
  check: (r) => {
    if (r.props.replicationGroupId !== undefined) return [];
    const engine = r.props.engine;
    // elasticache/cluster.d.ts transitEncryptionEnabled: "Supported only with Memcached ... For Redis or Valkey transit encryption, use `aws.elasticache.ReplicationGroup` instead."
    if (engine === "memcached") return isTrueish(r.props.transitEncryptionEnabled) ? [] : [found("transitEncryptionEnabled", r.props.transitEncryptionEnabled, "true", "AWS default: plaintext")];
    return [`engine: found ${show(engine)} in a stand-alone cluster, which cannot encrypt at rest or in transit; allowed an aws.elasticache.ReplicationGroup with encryption, or memcached with transitEncryptionEnabled`];
  },
};

/** DMS endpoint engines that talk to a database over the network and accept `sslMode`. */
const DMS_SSL_ENGINES = new Set([
  "aurora", "aurora-postgresql", "aurora-serverless", "aurora-postgresql-serverless", "azuredb", "azure-sql-managed-instance", "babelfish",
  "db2", "db2-zos", "docdb", "mariadb", "mongodb", "mysql", "oracle", "postgres", "redshift", "redshift-serverless", "sqlserver", "sybase",
]);

export const dmsEndpointSsl: ResourceRule = {
  id: "dms-endpoint-ssl",
  description: "DMS database endpoints connect with TLS (the AWS default `sslMode` is `none`). Fix: set `sslMode: \"require\"` (or `verify-ca`/`verify-full` with a certificate).",
  enforcement: "mandatory",
  types: ["aws:dms/endpoint:Endpoint"],
  check: (r) => {
    const engine = r.props.engineName;
    // S3, DynamoDB, Kinesis, Kafka, OpenSearch, Neptune endpoints have no sslMode: they use HTTPS/TLS settings of their own.
    if (typeof engine !== "string" || !DMS_SSL_ENGINES.has(engine)) return [];
    const mode = r.props.sslMode;
    // AWS DMS CreateEndpoint SslMode: "The default is none" (AWS SDK docs; Pulumi dms S3Endpoint docs: "AWS default is none").
    return mode === undefined || mode === "none" ? [found("sslMode", mode, "\"require\", \"verify-ca\" or \"verify-full\"", "AWS default: none")] : [];
  },
};

export const glueCatalogEncrypted: ResourceRule = {
  id: "glue-catalog-encrypted",
  description: "Glue Data Catalog encryption settings encrypt the catalog at rest and keep connection passwords encrypted. Fix: `encryptionAtRest.catalogEncryptionMode: \"SSE-KMS\"` and `connectionPasswordEncryption.returnConnectionPasswordEncrypted: true`.",
  enforcement: "mandatory",
  types: ["aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings"],
  check: (r) => {
    const s = block(r.props.dataCatalogEncryptionSettings);
    const out: string[] = [];
    // types/input.d.ts: catalogEncryptionMode valid values `DISABLED`, `SSE-KMS`, `SSE-KMS-WITH-SERVICE-ROLE`.
    const mode = block(s.encryptionAtRest).catalogEncryptionMode;
    if (mode !== "SSE-KMS" && mode !== "SSE-KMS-WITH-SERVICE-ROLE") out.push(found("dataCatalogEncryptionSettings.encryptionAtRest.catalogEncryptionMode", mode, "\"SSE-KMS\" or \"SSE-KMS-WITH-SERVICE-ROLE\""));
    const ret = block(s.connectionPasswordEncryption).returnConnectionPasswordEncrypted;
    if (!isTrueish(ret)) out.push(found("dataCatalogEncryptionSettings.connectionPasswordEncryption.returnConnectionPasswordEncrypted", ret, "true"));
    return out;
  },
};

export const daxEncrypted: ResourceRule = {
  id: "dax-encrypted",
  description: "DAX clusters encrypt at rest and serve TLS endpoints (both off by default). Fix: `serverSideEncryption: { enabled: true }` and `clusterEndpointEncryptionType: \"TLS\"` (both replace the cluster).",
  enforcement: "mandatory",
  types: ["aws:dax/cluster:Cluster"],
  check: (r) => {
    const out: string[] = [];
    // types/input.d.ts ClusterServerSideEncryption.enabled: "Defaults to `false`."
    const sse = block(r.props.serverSideEncryption).enabled;
    if (!isTrueish(sse)) out.push(found("serverSideEncryption.enabled", sse, "true", "AWS default: not encrypted"));
    // dax/cluster.d.ts clusterEndpointEncryptionType: "Default value is `NONE`."
    const tls = r.props.clusterEndpointEncryptionType;
    if (tls !== "TLS") out.push(found("clusterEndpointEncryptionType", tls, "\"TLS\"", "AWS default: NONE"));
    return out;
  },
};

export const transferNoPlainFtp: ResourceRule = {
  id: "transfer-no-plain-ftp",
  description: "Transfer Family servers do not offer plain FTP (unencrypted). Fix: use `protocols: [\"SFTP\"]` (the default) or FTPS.",
  enforcement: "mandatory",
  types: ["aws:transfer/server:Server"],
  // transfer/server.d.ts protocols: "This defaults to `SFTP`... `FTP` (unencrypted file transfer)."
  check: (r) => (asArray(r.props.protocols).includes("FTP") ? [found("protocols", r.props.protocols, "SFTP, FTPS or AS2 (no FTP)")] : []),
};

/** Registered in the encryption pack (policies/rules/index.ts). */
export const ENCRYPTION_SERVICE_RULES: readonly ResourceRule[] = [
  redshiftEncrypted, opensearchEncrypted, docdbNeptuneEncrypted, mskEncryptedInTransit, memorydbTls, elasticacheClusterEncrypted,
  dmsEndpointSsl, glueCatalogEncrypted, daxEncrypted, transferNoPlainFtp,
];
