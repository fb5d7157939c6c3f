/**
 * Public-exposure rules for data services found by the coverage survey
 * (docs/policy-coverage.md): public endpoints, public snapshots and images,
 * resource policies that grant everyone. Omitted properties follow the AWS
 * default named in each comment.
 */
import type { PolicyResource, ResourceRule } from "../model";
import { asArray, asRecords, isRecord, parseJson } from "./util";

const show = (v: unknown): string => (v === undefined || v === null ? "nothing" : JSON.stringify(v));

/** How each type says "reachable from the internet", and what AWS does when it is omitted. */
interface PublicFlag {
  readonly path: string;
  readonly read: (p: Record<string, unknown>) => unknown;
  /** Whether the value (possibly undefined) means public. */
  readonly isPublic: (v: unknown) => boolean;
  readonly omitted: string;
}

const flag = (defaultPublic: boolean, omitted: string): PublicFlag => ({
  path: "publiclyAccessible",
  read: (p) => p.publiclyAccessible,
  isPublic: (v) => v === true || (v === undefined && defaultPublic),
  omitted,
});

const PUBLIC_FLAGS: Readonly<Record<string, PublicFlag>> = {
  // AWS DMS CreateReplicationInstance PubliclyAccessible: "The default value is true." (AWS SDK for JavaScript, clients/dms.d.ts)
  "aws:dms/replicationInstance:ReplicationInstance": flag(true, "AWS default: public"),
  // @pulumi/aws dms/instanceProfile.d.ts: "Default is `true`."
  "aws:dms/instanceProfile:InstanceProfile": flag(true, "AWS default: public"),
  // The flags below are private when omitted (documented defaults false or opt-in); only an explicit true is public.
  // neptune/clusterInstance.d.ts: "Default is `false`."
  "aws:neptune/clusterInstance:ClusterInstance": flag(false, ""),
  "aws:redshiftserverless/workgroup:Workgroup": flag(false, ""),
  "aws:mq/broker:Broker": flag(false, ""),
  "aws:lightsail/database:Database": flag(false, ""),
  "aws:timestreaminfluxdb/dbInstance:DbInstance": flag(false, ""),
  "aws:timestreaminfluxdb/dbCluster:DbCluster": flag(false, ""),
  "aws:rds/shardGroup:ShardGroup": flag(false, ""),
  // MSK public access: types/input.d.ts ClusterBrokerNodeGroupInfoConnectivityInfoPublicAccess.type `DISABLED` | `SERVICE_PROVIDED_EIPS`.
  "aws:msk/cluster:Cluster": {
    path: "brokerNodeGroupInfo.connectivityInfo.publicAccess.type",
    read: (p) => {
      const info = isRecord(p.brokerNodeGroupInfo) ? p.brokerNodeGroupInfo.connectivityInfo : undefined;
      const pub = isRecord(info) ? info.publicAccess : undefined;
      return isRecord(pub) ? pub.type : undefined;
    },
    isPublic: (v) => v === "SERVICE_PROVIDED_EIPS",
    omitted: "",
  },
};

export const dataServiceNotPublic: ResourceRule = {
  id: "data-service-not-public",
  description: "Databases, brokers and replication instances outside RDS/Redshift are not reachable from the internet: DMS replication instances and instance profiles (public unless `publiclyAccessible: false`), Neptune instances, Redshift Serverless workgroups, Amazon MQ brokers, Lightsail databases, Timestream for InfluxDB, Aurora shard groups, MSK public access. Fix: set `publiclyAccessible: false` (MSK: `publicAccess.type: \"DISABLED\"`) and reach them through the VPC.",
  enforcement: "mandatory",
  types: Object.keys(PUBLIC_FLAGS),
  check: (r) => {
    const spec = PUBLIC_FLAGS[r.type];
    if (!spec) return [];
    const v = spec.read(r.props);
    if (!spec.isPublic(v)) return [];
    return [`${spec.path}: found ${v === undefined ? `nothing (${spec.omitted})` : show(v)}; allowed ${spec.path === "publiclyAccessible" ? "false" : "\"DISABLED\""}`];
  },
};

export const noPublicSnapshots: ResourceRule = {
  id: "no-public-snapshots",
  description: "RDS snapshots and AMIs are not shared with everyone. Fix: list account ids in `sharedAccounts` (never \"all\"); grant AMI launch permission to accounts or organizations, not `group: \"all\"`.",
  enforcement: "mandatory",
  types: ["aws:rds/snapshot:Snapshot", "aws:rds/clusterSnapshot:ClusterSnapshot", "aws:ec2/amiLaunchPermission:AmiLaunchPermission"],
  check: (r) => {
    // rds/snapshot.d.ts sharedAccounts: "Use `all` to make the snapshot public."
    if (r.type !== "aws:ec2/amiLaunchPermission:AmiLaunchPermission") {
      return asArray(r.props.sharedAccounts).includes("all") ? [`sharedAccounts: found ${show(r.props.sharedAccounts)}; allowed account ids only (\"all\" makes the snapshot public)`] : [];
    }
    // ec2/amiLaunchPermission.d.ts group: "Valid values: `\"all\"`" (the public group).
    return r.props.group === "all" ? ["group: found \"all\" (a public AMI); allowed accountId, organizationArn or organizationalUnitArn"] : [];
  },
};

/** Whether a policy principal names everyone: "*", { AWS: "*" } or a list containing "*". */
function isEveryone(principal: unknown): boolean {
  if (principal === "*") return true;
  if (!isRecord(principal)) return false;
  return Object.values(principal).some((v) => asArray(v).includes("*"));
}

/** Statements that allow everyone without any condition (a condition may restrict to a VPC, org or account). */
export function publicStatements(policy: unknown): string[] {
  const doc = parseJson(policy);
  if (!isRecord(doc)) return [];
  return asRecords(doc.Statement).flatMap((s, i) => {
    const conditioned = isRecord(s.Condition) && Object.keys(s.Condition).length > 0;
    const broad = isEveryone(s.Principal) || s.NotPrincipal !== undefined;
    return s.Effect === "Allow" && broad && !conditioned ? [String(s.Sid ?? `Statement[${i}]`)] : [];
  });
}

/** Resource-policy types and the property that holds the policy JSON. */
const POLICY_PROPS: Readonly<Record<string, string>> = {
  "aws:s3/bucketPolicy:BucketPolicy": "policy",
  "aws:sqs/queue:Queue": "policy",
  "aws:sqs/queuePolicy:QueuePolicy": "policy",
  "aws:sns/topic:Topic": "policy",
  "aws:sns/topicPolicy:TopicPolicy": "policy",
  "aws:secretsmanager/secret:Secret": "policy",
  "aws:secretsmanager/secretPolicy:SecretPolicy": "policy",
  "aws:kms/key:Key": "policy",
  "aws:kms/keyPolicy:KeyPolicy": "policy",
  "aws:kms/replicaKey:ReplicaKey": "policy",
  "aws:kms/externalKey:ExternalKey": "policy",
  "aws:kms/replicaExternalKey:ReplicaExternalKey": "policy",
  "aws:ecr/repositoryPolicy:RepositoryPolicy": "policy",
  "aws:backup/vaultPolicy:VaultPolicy": "policy",
  "aws:efs/fileSystemPolicy:FileSystemPolicy": "policy",
  "aws:dynamodb/resourcePolicy:ResourcePolicy": "policy",
  "aws:kinesis/resourcePolicy:ResourcePolicy": "policy",
  "aws:lambda/resourcePolicy:ResourcePolicy": "policy",
  "aws:glue/resourcePolicy:ResourcePolicy": "policy",
  "aws:redshift/resourcePolicy:ResourcePolicy": "policy",
  "aws:redshiftserverless/resourcePolicy:ResourcePolicy": "policy",
  "aws:msk/clusterPolicy:ClusterPolicy": "policy",
  "aws:dsql/clusterPolicy:ClusterPolicy": "policy",
  "aws:s3tables/tableBucketPolicy:TableBucketPolicy": "resourcePolicy",
  "aws:s3tables/tablePolicy:TablePolicy": "resourcePolicy",
  "aws:opensearch/domain:Domain": "accessPolicies",
  "aws:elasticsearch/domain:Domain": "accessPolicies",
};

const LAMBDA_PERMISSION = "aws:lambda/permission:Permission";

/** A Lambda permission for "*" with no source account, ARN or organization lets anyone invoke the function. */
function publicLambdaPermission(r: PolicyResource): string[] {
  if (r.props.principal !== "*") return [];
  const scoped = ["sourceArn", "sourceAccount", "principalOrgId"].some((k) => r.props[k] !== undefined);
  return scoped ? [] : ["principal: found \"*\" with no sourceArn, sourceAccount or principalOrgId; allowed a service or account principal, or a scoped \"*\""];
}

export const noPublicResourcePolicy: ResourceRule = {
  id: "no-public-resource-policy",
  description: "Resource policies on data (buckets, queues, topics, secrets, keys, repositories, vaults, file systems, tables, streams, domains, functions) never allow `Principal: \"*\"` without a condition. A domain inside a VPC may allow \"*\" (the VPC and its security groups restrict it). Fix: name the principals, or add a condition such as aws:SourceVpce, aws:PrincipalOrgID or aws:SourceAccount.",
  enforcement: "mandatory",
  types: [...Object.keys(POLICY_PROPS), LAMBDA_PERMISSION],
  check: (r) => {
    if (r.type === LAMBDA_PERMISSION) return publicLambdaPermission(r);
    const prop = POLICY_PROPS[r.type]!;
    if (prop === "accessPolicies") {
      const vpc = r.props.vpcOptions;
      if (isRecord(vpc) && asArray(vpc.subnetIds).length > 0) return [];
    }
    const policy = r.props[prop];
    if (policy === undefined) return [];
    const open = publicStatements(policy);
    return open.length === 0 ? [] : [`${prop}: found ${open.join(", ")} allowing Principal "*" with no Condition; allowed named principals or a restricting condition`];
  },
};

export const opensearchServerlessNotPublic: ResourceRule = {
  id: "opensearch-serverless-not-public",
  description: "OpenSearch Serverless network policies do not open collections or dashboards to the internet. Fix: set `AllowFromPublic: false` with `SourceVPCEs` in every rule of the network policy.",
  enforcement: "mandatory",
  types: ["aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy"],
  check: (r) => {
    if (r.props.type !== "network") return [];
    // A network policy is a JSON list of { Rules, AllowFromPublic, SourceVPCEs } (AWS OpenSearch Serverless network access docs).
    const entries = asRecords(parseJson(r.props.policy));
    return entries.some((e) => e.AllowFromPublic === true) ? ["policy: found AllowFromPublic true; allowed AllowFromPublic false with SourceVPCEs"] : [];
  },
};

export const lambdaUrlAuth: ResourceRule = {
  id: "lambda-url-auth",
  description: "Lambda function URLs require IAM auth; `NONE` makes the function callable by anyone on the internet (sometimes intended, e.g. webhooks: advisory). Fix: `authorizationType: \"AWS_IAM\"`, or put the function behind API Gateway with an authorizer.",
  enforcement: "advisory",
  types: ["aws:lambda/functionUrl:FunctionUrl"],
  // lambda/functionUrl.d.ts authorizationType: "Valid values are `AWS_IAM` and `NONE`" (required, so never defaulted).
  check: (r) => (r.props.authorizationType === "NONE" ? ["authorizationType: found \"NONE\" (anyone can invoke); allowed \"AWS_IAM\""] : []),
};

/** Registered in the private-data pack (policies/rules/index.ts). */
export const PRIVATE_SERVICE_RULES: readonly ResourceRule[] = [
  dataServiceNotPublic, noPublicSnapshots, noPublicResourcePolicy, opensearchServerlessNotPublic, lambdaUrlAuth,
];
