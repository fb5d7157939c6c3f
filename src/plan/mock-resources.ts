import { autoName, awsId, digest, uuid } from "./ids";
import { APP_SPECS } from "./mock-specs-apps";
import { arn, genericArn, type MockContext, type TypeSpec } from "./mock-spec";

export type { MockContext } from "./mock-spec";


const ec2 = (kind: string) => (c: MockContext, id: string) => arn(c, "ec2", `${kind}/${id}`);
const privateIp = (seed: string): string => {
  const h = digest(seed);
  return `10.${parseInt(h.slice(0, 2), 16) % 64}.${parseInt(h.slice(2, 4), 16)}.${(parseInt(h.slice(4, 6), 16) % 250) + 4}`;
};
/** 203.0.113.0/24 is reserved for documentation: a mock public IP can never be real. */
const publicIp = (seed: string): string => `203.0.113.${(parseInt(digest(seed).slice(0, 2), 16) % 250) + 4}`;

const CORE_SPECS: Readonly<Record<string, TypeSpec>> = {
  "aws:ec2/vpc:Vpc": {
    idPrefix: "vpc",
    arn: ec2("vpc"),
    extra: (c) => ({
      defaultSecurityGroupId: awsId("sg", `${c.urn}#default-sg`),
      defaultNetworkAclId: awsId("acl", `${c.urn}#default-acl`),
      defaultRouteTableId: awsId("rtb", `${c.urn}#default-rtb`),
      mainRouteTableId: awsId("rtb", `${c.urn}#default-rtb`),
      ownerId: c.account,
      ipv6CidrBlock: c.inputs.assignGeneratedIpv6CidrBlock === true ? "2600:1f18:1234:5600::/56" : "",
    }),
  },
  "aws:ec2/subnet:Subnet": { idPrefix: "subnet", arn: ec2("subnet"), extra: (c) => ({ ownerId: c.account }) },
  "aws:ec2/internetGateway:InternetGateway": { idPrefix: "igw", arn: ec2("internet-gateway") },
  "aws:ec2/eip:Eip": {
    idPrefix: "eipalloc",
    arn: ec2("elastic-ip"),
    extra: (c, id) => ({ allocationId: id, publicIp: publicIp(c.urn), domain: "vpc" }),
  },
  "aws:ec2/natGateway:NatGateway": {
    idPrefix: "nat",
    arn: ec2("natgateway"),
    extra: (c) => ({
      networkInterfaceId: awsId("eni", `${c.urn}#eni`),
      privateIp: privateIp(c.urn),
      publicIp: c.inputs.connectivityType === "private" ? "" : publicIp(c.urn),
    }),
  },
  "aws:ec2/routeTable:RouteTable": { idPrefix: "rtb", arn: ec2("route-table"), extra: (c) => ({ ownerId: c.account }) },
  "aws:ec2/route:Route": {
    extra: () => ({ origin: "CreateRoute", state: "active" }),
  },
  "aws:ec2/routeTableAssociation:RouteTableAssociation": { idPrefix: "rtbassoc" },
  "aws:ec2/securityGroup:SecurityGroup": { idPrefix: "sg", nameProp: "name", arn: ec2("security-group"), extra: (c) => ({ ownerId: c.account }) },
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": { idPrefix: "sg", arn: ec2("security-group"), extra: (c) => ({ ownerId: c.account, name: "default" }) },
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": { idPrefix: "sgr", arn: ec2("security-group-rule") },
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": { idPrefix: "sgr", arn: ec2("security-group-rule") },
  "aws:ec2/vpcEndpoint:VpcEndpoint": {
    idPrefix: "vpce",
    arn: ec2("vpc-endpoint"),
    extra: (c, id) => ({
      state: "available",
      ownerId: c.account,
      prefixListId: c.inputs.vpcEndpointType === "Gateway" ? awsId("pl", String(c.inputs.serviceName), 8) : "",
      dnsEntries: c.inputs.vpcEndpointType === "Interface"
        ? [{ dnsName: `${id}.${String(c.inputs.serviceName).split(".").slice(3).join(".")}.${c.region}.vpce.amazonaws.com`, hostedZoneId: "Z7HUB22UULQXV" }]
        : [],
    }),
  },
  "aws:ec2/flowLog:FlowLog": { idPrefix: "fl", arn: ec2("vpc-flow-log") },
  "aws:ec2/instance:Instance": {
    idPrefix: "i",
    arn: ec2("instance"),
    extra: (c) => ({
      primaryNetworkInterfaceId: awsId("eni", `${c.urn}#eni`),
      privateIp: privateIp(c.urn),
      publicIp: "",
      instanceState: "running",
    }),
  },
  "aws:kms/key:Key": {
    extra: (c, id) => ({ keyId: id, arn: arn(c, "kms", `key/${id}`) }),
  },
  "aws:kms/alias:Alias": {
    extra: (c) => ({ arn: arn(c, "kms", String(c.inputs.name ?? `alias/${c.name}`)) }),
  },
  "aws:cloudwatch/logGroup:LogGroup": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "logs", `log-group:${name}`),
  },
  "aws:iam/role:Role": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "iam", `role/${name}`, true),
    extra: (c) => ({ uniqueId: `AROA${digest(c.urn).slice(0, 17).toUpperCase()}`, createDate: "2026-01-01T00:00:00Z" }),
  },
  "aws:iam/policy:Policy": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "iam", `policy/${name}`, true),
    extra: (c) => ({ policyId: `ANPA${digest(c.urn).slice(0, 17).toUpperCase()}` }),
  },
  "aws:iam/rolePolicy:RolePolicy": { nameProp: "name" },
  "aws:rds/instance:Instance": {
    nameProp: "identifier",
    arn: (c, _id, name) => arn(c, "rds", `db:${name}`),
    extra: (c, _id, name) => {
      const port = typeof c.inputs.port === "number" ? c.inputs.port : String(c.inputs.engine ?? "postgres").includes("mysql") ? 3306 : 5432;
      const address = `${name}.${digest("rds-host", c.account, c.region).slice(0, 12)}.${c.region}.rds.amazonaws.com`;
      return {
        address, port, endpoint: `${address}:${port}`,
        resourceId: `db-${digest(c.urn).slice(0, 26).toUpperCase()}`,
        hostedZoneId: "Z29XKXDKYMONMX",
        status: "available",
        masterUserSecrets: c.inputs.manageMasterUserPassword === true
          ? [{ secretArn: arn(c, "secretsmanager", `secret:rds!db-${uuid(c.urn)}-${digest("suffix", c.urn).slice(0, 6)}`), kmsKeyId: c.inputs.masterUserSecretKmsKeyId ?? "", secretStatus: "active" }]
          : [],
      };
    },
  },
  "aws:rds/parameterGroup:ParameterGroup": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "rds", `pg:${name}`),
  },
  "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": {
    extra: (c) => ({ id: arn(c, "rds", `auto-backup:ab-${digest(c.urn).slice(0, 26)}`) }),
  },
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {},
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": { nameProp: "name" },
  "aws:elasticache/replicationGroup:ReplicationGroup": {
    nameProp: "replicationGroupId",
    arn: (c, _id, name) => arn(c, "elasticache", `replicationgroup:${name}`),
    extra: (c, _id, name) => {
      const host = `${name}.${digest("cache-host", c.account, c.region).slice(0, 6)}.${c.region.replace(/-(\w)\w*-/, "$1")}.cache.amazonaws.com`;
      const nodes = typeof c.inputs.numCacheClusters === "number" ? c.inputs.numCacheClusters : 1;
      return {
        primaryEndpointAddress: `master.${host}`,
        readerEndpointAddress: `replica.${host}`,
        memberClusters: Array.from({ length: nodes }, (_v, i) => `${name}-${String(i + 1).padStart(3, "0")}`),
        clusterEnabled: false,
      };
    },
  },
  "aws:elasticache/parameterGroup:ParameterGroup": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "elasticache", `parametergroup:${name}`),
  },
  "aws:secretsmanager/secret:Secret": {
    nameProp: "name",
    extra: (c, _id, name) => {
      const secretArn = arn(c, "secretsmanager", `secret:${name}-${digest("suffix", c.urn).slice(0, 6)}`);
      return { id: secretArn, arn: secretArn };
    },
  },
  "aws:secretsmanager/secretVersion:SecretVersion": {
    extra: (c) => ({ id: `${String(c.inputs.secretId)}|${uuid(c.urn)}`, versionId: uuid(c.urn), versionStages: ["AWSCURRENT"] }),
  },
  "aws:s3/bucket:Bucket": {
    nameProp: "bucket",
    arn: (c, _id, name) => `arn:${c.partition}:s3:::${name}`,
    extra: (c, _id, name) => ({
      bucketDomainName: `${name}.s3.amazonaws.com`,
      bucketRegionalDomainName: `${name}.s3.${c.region}.amazonaws.com`,
      region: c.region,
      hostedZoneId: "Z1BKCTXD74EZPE",
    }),
  },
  "aws:backup/vault:Vault": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "backup", `backup-vault:${name}`),
    extra: () => ({ recoveryPoints: 0 }),
  },
  "aws:backup/plan:Plan": {
    extra: (c) => ({ id: uuid(c.urn), arn: arn(c, "backup", `backup-plan:${uuid(c.urn)}`), version: digest("version", c.urn).slice(0, 40) }),
  },
  "aws:backup/selection:Selection": {
    extra: (c) => ({ id: uuid(c.urn) }),
  },
  "aws:backup/restoreTestingPlan:RestoreTestingPlan": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "backup", `restore-testing-plan:${name}-${uuid(c.urn)}`),
  },
  "aws:sns/topic:Topic": {
    nameProp: "name",
    extra: (c, _id, name) => {
      const topicArn = arn(c, "sns", name);
      return { id: topicArn, arn: topicArn };
    },
  },
  "aws:ecs/cluster:Cluster": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "ecs", `cluster/${name}`),
  },
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": {},
  "aws:ecs/taskDefinition:TaskDefinition": {
    extra: (c) => ({ id: String(c.inputs.family), revision: 1, arn: arn(c, "ecs", `task-definition/${String(c.inputs.family)}:1`), arnWithoutRevision: arn(c, "ecs", `task-definition/${String(c.inputs.family)}`) }),
  },
  "aws:ecs/service:Service": {
    nameProp: "name",
    extra: (c, _id, name) => ({ id: arn(c, "ecs", `service/${String(c.inputs.cluster)}/${name}`) }),
  },
  "aws:lb/loadBalancer:LoadBalancer": {
    nameProp: "name",
    extra: (c, _id, name) => {
      const suffix = `app/${name}/${digest("lb", c.urn).slice(0, 16)}`;
      const lbArn = arn(c, "elasticloadbalancing", `loadbalancer/${suffix}`);
      return { id: lbArn, arn: lbArn, arnSuffix: suffix, dnsName: `${c.inputs.internal === true ? "internal-" : ""}${name}-${parseInt(digest("dns", c.urn).slice(0, 8), 16)}.${c.region}.elb.amazonaws.com`, zoneId: "Z32O12XQLNTSW2" };
    },
  },
  "aws:lb/targetGroup:TargetGroup": {
    nameProp: "name",
    extra: (c, _id, name) => {
      const suffix = `targetgroup/${name}/${digest("tg", c.urn).slice(0, 16)}`;
      const tgArn = arn(c, "elasticloadbalancing", suffix);
      return { id: tgArn, arn: tgArn, arnSuffix: suffix };
    },
  },
  "aws:lb/listener:Listener": {
    extra: (c) => {
      const listenerArn = arn(c, "elasticloadbalancing", `listener/app/${digest("listener", c.urn).slice(0, 16)}/${digest("l2", c.urn).slice(0, 16)}`);
      return { id: listenerArn, arn: listenerArn };
    },
  },
  "aws:lb/listenerRule:ListenerRule": {
    extra: (c) => {
      const ruleArn = arn(c, "elasticloadbalancing", `listener-rule/app/${digest("rule", c.urn).slice(0, 16)}/${digest("r2", c.urn).slice(0, 16)}`);
      return { id: ruleArn, arn: ruleArn };
    },
  },
  "aws:acm/certificate:Certificate": {
    extra: (c) => {
      const certArn = arn(c, "acm", `certificate/${uuid(c.urn)}`);
      const domain = String(c.inputs.domainName);
      const token = digest("acm", domain).slice(0, 32);
      return {
        id: certArn, arn: certArn, status: "PENDING_VALIDATION",
        domainValidationOptions: [{ domainName: domain, resourceRecordName: `_${token}.${domain}.`, resourceRecordType: "CNAME", resourceRecordValue: `_${digest("acm-value", domain).slice(0, 32)}.acm-validations.aws.` }],
      };
    },
  },
  "aws:acm/certificateValidation:CertificateValidation": {
    extra: (c) => ({ id: String(c.inputs.certificateArn) }),
  },
  "aws:route53/record:Record": {
    extra: (c) => ({ id: `${String(c.inputs.zoneId)}_${String(c.inputs.name)}_${String(c.inputs.type)}`, fqdn: String(c.inputs.name).replace(/\.$/, "") }),
  },
  "aws:wafv2/webAcl:WebAcl": {
    nameProp: "name",
    extra: (c, _id, name) => {
      const aclArn = arn(c, "wafv2", `regional/webacl/${name}/${uuid(c.urn)}`);
      return { id: uuid(c.urn), arn: aclArn, capacity: 1400 };
    },
  },
  "aws:ecr/repository:Repository": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "ecr", `repository/${name}`),
    extra: (c, _id, name) => ({ repositoryUrl: `${c.account}.dkr.ecr.${c.region}.amazonaws.com/${name}`, registryId: c.account }),
  },
  "docker:index/image:Image": {
    extra: (c) => {
      const imageName = String(c.inputs.imageName);
      return { id: `sha256:${digest("image-id", c.urn)}`, repoDigest: `${imageName.replace(/:[^:/]+$/, "")}@sha256:${digest("image", c.urn)}` };
    },
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "cloudwatch", `alarm:${name}`),
  },
  "aws:cloudwatch/compositeAlarm:CompositeAlarm": {
    nameProp: "alarmName",
    arn: (c, _id, name) => arn(c, "cloudwatch", `alarm:${name}`),
  },
  "aws:cloudwatch/dashboard:Dashboard": {
    nameProp: "dashboardName",
    extra: (c, _id, name) => ({ id: name, dashboardArn: `arn:${c.partition}:cloudwatch::${c.account}:dashboard/${name}` }),
  },
  "aws:budgets/budget:Budget": {
    nameProp: "name",
    extra: (c, _id, name) => ({ id: `${c.account}:${name}`, arn: `arn:${c.partition}:budgets::${c.account}:budget/${name}` }),
  },
  "aws:costexplorer/anomalyMonitor:AnomalyMonitor": {
    extra: (c) => {
      const monitorArn = `arn:${c.partition}:ce::${c.account}:anomalymonitor/${uuid(c.urn)}`;
      return { id: monitorArn, arn: monitorArn };
    },
  },
  "aws:costexplorer/anomalySubscription:AnomalySubscription": {
    extra: (c) => {
      const subArn = `arn:${c.partition}:ce::${c.account}:anomalysubscription/${uuid(c.urn)}`;
      return { id: subArn, arn: subArn };
    },
  },
  "aws:sns/topicSubscription:TopicSubscription": {
    extra: (c) => {
      const subArn = `${String(c.inputs.topic)}:${uuid(c.urn)}`;
      return { id: subArn, arn: subArn, pendingConfirmation: c.inputs.protocol === "email" };
    },
  },
  "aws:eks/cluster:Cluster": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "eks", `cluster/${name}`),
    extra: (c, _id, name) => ({
      endpoint: `https://${digest("eks", c.urn).slice(0, 32).toUpperCase()}.gr7.${c.region}.eks.amazonaws.com`,
      certificateAuthority: { data: Buffer.from(`-----BEGIN CERTIFICATE-----\nMOCK-${name}\n-----END CERTIFICATE-----\n`).toString("base64") },
      vpcConfig: { ...(c.inputs.vpcConfig as object), clusterSecurityGroupId: awsId("sg", `${c.urn}#cluster-sg`), vpcId: awsId("vpc", `${c.urn}#vpc`) },
      identities: [{ oidcs: [{ issuer: `https://oidc.eks.${c.region}.amazonaws.com/id/${digest("oidc", c.urn).slice(0, 32).toUpperCase()}` }] }],
      status: "ACTIVE",
      platformVersion: "eks.10",
    }),
  },
  "aws:eks/nodeGroup:NodeGroup": {
    nameProp: "nodeGroupName",
    extra: (c, _id, name) => ({ id: `${String(c.inputs.clusterName)}:${name}`, arn: arn(c, "eks", `nodegroup/${String(c.inputs.clusterName)}/${name}/${uuid(c.urn)}`), status: "ACTIVE" }),
  },
  "aws:ec2/launchTemplate:LaunchTemplate": {
    idPrefix: "lt",
    nameProp: "name",
    arn: ec2("launch-template"),
    extra: () => ({ latestVersion: 1, defaultVersion: 1 }),
  },
  "aws:eks/addon:Addon": {
    extra: (c) => ({
      id: `${String(c.inputs.clusterName)}:${String(c.inputs.addonName)}`,
      arn: arn(c, "eks", `addon/${String(c.inputs.clusterName)}/${String(c.inputs.addonName)}/${uuid(c.urn)}`),
      addonVersion: c.inputs.addonVersion ?? "v1.0.0-eksbuild.1",
    }),
  },
  "aws:eks/accessEntry:AccessEntry": {
    extra: (c) => ({ id: `${String(c.inputs.clusterName)}:${String(c.inputs.principalArn)}`, accessEntryArn: arn(c, "eks", `access-entry/${String(c.inputs.clusterName)}/${uuid(c.urn)}`) }),
  },
  "aws:eks/fargateProfile:FargateProfile": {
    nameProp: "fargateProfileName",
    extra: (c, _id, name) => ({ id: `${String(c.inputs.clusterName)}:${name}`, arn: arn(c, "eks", `fargateprofile/${String(c.inputs.clusterName)}/${name}/${uuid(c.urn)}`) }),
  },
  "aws:appautoscaling/target:Target": {
    extra: (c) => ({ id: String(c.inputs.resourceId), arn: arn(c, "application-autoscaling", `scalable-target/${digest("target", c.urn).slice(0, 32)}`) }),
  },
  "aws:appautoscaling/policy:Policy": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "autoscaling", `scalingPolicy:${uuid(c.urn)}:resource/ecs/${String(c.inputs.resourceId)}:policyName/${name}`),
  },
  "aws:rds/subnetGroup:SubnetGroup": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "rds", `subgrp:${name}`),
  },
  "aws:elasticache/subnetGroup:SubnetGroup": {
    nameProp: "name",
    arn: (c, _id, name) => arn(c, "elasticache", `subnetgroup:${name}`),
  },
};

const SPECS: Readonly<Record<string, TypeSpec>> = { ...CORE_SPECS, ...APP_SPECS };

/** Types whose Pulumi auto-name is lower case because AWS requires it. */
const LOWERCASE_NAMES = new Set([
  "aws:rds/subnetGroup:SubnetGroup", "aws:elasticache/subnetGroup:SubnetGroup", "aws:rds/instance:Instance",
  "aws:rds/parameterGroup:ParameterGroup", "aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/parameterGroup:ParameterGroup",
  "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "aws:ecr/repository:Repository",
]);

/** Types whose AWS names are at most 32 characters: Pulumi trims the logical part of the auto-name. */
const SHORT_NAMES = new Set(["aws:lb/loadBalancer:LoadBalancer", "aws:lb/targetGroup:TargetGroup"]);

/** In-cluster objects: the provider auto-names `metadata.name` when it is absent, as Pulumi does. */
function mockKubernetes(c: MockContext): MockResult {
  const metadata = { ...(c.inputs.metadata as Record<string, unknown> | undefined) };
  if (typeof metadata.name !== "string") metadata.name = `${c.name}-${digest("k8s", c.urn).slice(0, 8)}`;
  metadata.uid = uuid(c.urn);
  const id = typeof metadata.namespace === "string" ? `${metadata.namespace}/${String(metadata.name)}` : String(metadata.name);
  return { id, state: { ...c.inputs, metadata, status: {} } };
}

export interface MockResult {
  readonly id: string;
  readonly state: Record<string, unknown>;
}

/**
 * What `pulumi preview` knows of a resource it is about to create: the inputs
 * (as the provider's Check returns them) and the auto-name that Check assigns;
 * every other output the provider computes on create (ids, ARNs, endpoints,
 * Kubernetes uids and status) is unknown. `unknown` is the runtime's sentinel.
 */
export function previewResult(c: MockContext, full: MockResult, unknown: string): Record<string, unknown> {
  if (c.type.startsWith("pulumi:providers:")) return full.state;
  const state: Record<string, unknown> = {};
  if (c.type.startsWith("kubernetes:")) {
    const { uid: _uid, ...metadata } = full.state.metadata as Record<string, unknown>;
    for (const [k, v] of Object.entries(full.state)) state[k] = k in c.inputs ? v : unknown;
    return { ...state, metadata };
  }
  const known = new Set([...Object.keys(c.inputs), SPECS[c.type]?.nameProp, "tagsAll"]);
  for (const [k, v] of Object.entries(full.state)) state[k] = known.has(k) ? v : unknown;
  return state;
}

/**
 * The outputs a real `pulumi up` would report for a resource: the inputs, plus
 * what AWS computes (ids, ARNs, auto-names, endpoints), all derived from the URN
 * so repeated plans agree.
 */
export function mockResource(c: MockContext): MockResult {
  if (c.type.startsWith("pulumi:providers:")) return { id: uuid(c.urn), state: { ...c.inputs } };
  if (c.type.startsWith("kubernetes:")) return mockKubernetes(c);
  const spec = SPECS[c.type] ?? {};
  let name = c.name;
  const extra: Record<string, unknown> = {};
  if (spec.nameProp !== undefined) {
    const given = c.inputs[spec.nameProp];
    const prefix = c.inputs[`${spec.nameProp}Prefix`];
    name = typeof given === "string" && given !== "" ? given
      : typeof prefix === "string" ? `${prefix}${digest("autoname", c.urn).slice(0, 26)}`
      : autoName(c.name, c.urn) + (spec.autoNameSuffix?.(c) ?? "");
    if (LOWERCASE_NAMES.has(c.type)) name = name.toLowerCase();
    if (SHORT_NAMES.has(c.type) && given === undefined && name.length > 32) name = `${c.name.slice(0, 24)}-${name.slice(-7)}`;
    extra[spec.nameProp] = name;
  }
  let id = spec.idPrefix !== undefined ? awsId(spec.idPrefix, c.urn)
    : c.type === "aws:kms/key:Key" ? uuid(c.urn)
    : name;
  if (spec.arn !== undefined) extra.arn = spec.arn(c, id, name);
  // A type no spec describes still gets an ARN in AWS's shape, so a resolved plan never reads undefined.
  else if (SPECS[c.type] === undefined && c.type.startsWith("aws:") && c.inputs.arn === undefined) extra.arn = genericArn(c, id);
  Object.assign(extra, spec.extra?.(c, id, name));
  // Some types are identified by something they compute (an ARN): the spec returns it as `id`.
  if (typeof extra.id === "string") {
    id = extra.id;
    delete extra.id;
  }
  // tagsAll: the provider's default tags under the resource's own, as the AWS provider computes it at plan time.
  if (c.inputs.tags !== undefined || (c.defaultTags !== undefined && Object.keys(c.defaultTags).length > 0 && c.type.startsWith("aws:"))) {
    extra.tagsAll = { ...c.defaultTags, ...(c.inputs.tags as Record<string, unknown> | undefined) };
  }
  return { id, state: { ...c.inputs, ...extra } };
}
