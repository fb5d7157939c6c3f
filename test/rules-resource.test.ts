import { ALL_PACKS } from "../policies/rules";
import { ENCRYPTION_SERVICE_RULES } from "../policies/rules/encryption-services";
import { PRIVATE_SERVICE_RULES } from "../policies/rules/private-services";
import { UNKNOWN } from "./helpers/fixtures";
import { describeRuleCases, type RuleCase } from "./helpers/rule-cases";

const TD = "aws:ecs/taskDefinition:TaskDefinition";
const defs = (...containers: object[]) => JSON.stringify(containers);
const safeContainer = { name: "app", image: "app:1", user: "1000:1000", readonlyRootFilesystem: true, linuxParameters: { capabilities: { drop: ["ALL"] } } };

const pod = (spec: object) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec });
const deployment = (spec: object) => ({ spec: { selector: {}, template: { metadata: {}, spec } } });
const cronJob = (spec: object) => ({ spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec } } } } });
const restrictedCtx = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true };
const restrictedPod = (over: object = {}, container: object = {}) => ({
  securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
  containers: [{ name: "web", image: "web:1", securityContext: restrictedCtx, resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "128Mi" } }, ...container }],
  volumes: [{ name: "tmp", emptyDir: {} }],
  ...over,
});

/** [rule, type, compliant inputs, violating inputs, expected message, inputs with the decisive value unknown] */
type Case = RuleCase;
const CASES: Case[] = [
  // non-root: ECS
  ["ecs-non-root-user", TD, { containerDefinitions: defs(safeContainer) }, { containerDefinitions: defs({ ...safeContainer, user: "0:1000" }) }, 'containerDefinitions[app].user: found "0:1000"', { containerDefinitions: UNKNOWN }],
  ["ecs-non-root-user", TD, { containerDefinitions: defs({ ...safeContainer, user: "app" }) }, { containerDefinitions: defs({ name: "x", image: "x" }) }, "user: found nothing (the image's default user", { containerDefinitions: UNKNOWN }],
  ["ecs-non-root-user", TD, { containerDefinitions: defs(safeContainer) }, { containerDefinitions: defs(safeContainer, { ...safeContainer, name: "sidecar", user: "ROOT" }) }, 'containerDefinitions[sidecar].user: found "ROOT"', { containerDefinitions: UNKNOWN }],
  ["ecs-no-privileged", TD, { containerDefinitions: defs(safeContainer) }, { containerDefinitions: defs({ ...safeContainer, privileged: true }) }, "privileged: found true", { containerDefinitions: UNKNOWN }],
  ["ecs-no-host-namespaces", TD, { pidMode: "task" }, { pidMode: "host" }, 'pidMode: found "host"', { pidMode: UNKNOWN }],
  ["ecs-drop-all-capabilities", TD, { containerDefinitions: defs(safeContainer) }, { containerDefinitions: defs({ ...safeContainer, linuxParameters: {} }) }, 'capabilities.drop: found []; allowed a list containing "ALL"', { containerDefinitions: UNKNOWN }],
  ["ecs-readonly-rootfs", TD, { containerDefinitions: defs(safeContainer) }, { containerDefinitions: defs({ ...safeContainer, readonlyRootFilesystem: false }) }, "readonlyRootFilesystem: found false", { containerDefinitions: UNKNOWN }],
  // non-root: Kubernetes, pod-level and container-level merged
  ["k8s-run-as-non-root", "kubernetes:core/v1:Pod", pod(restrictedPod()), pod(restrictedPod({}, { securityContext: { ...restrictedCtx, runAsUser: 0 } })), "containers[web].securityContext.runAsUser: found 0", pod(restrictedPod({ securityContext: UNKNOWN }))],
  ["k8s-run-as-non-root", "kubernetes:apps/v1:Deployment", deployment(restrictedPod()), deployment(restrictedPod({ securityContext: {}, initContainers: [{ name: "init", securityContext: restrictedCtx }] })), "initContainers[init].securityContext.runAsNonRoot: found null", deployment(UNKNOWN as never)],
  ["k8s-run-as-non-root", "kubernetes:batch/v1:CronJob", cronJob(restrictedPod()), cronJob(restrictedPod({}, { securityContext: { ...restrictedCtx, runAsNonRoot: false } })), "runAsNonRoot: found false", cronJob(restrictedPod({ containers: UNKNOWN }))],
  ["k8s-no-privileged", "kubernetes:apps/v1:StatefulSet", deployment(restrictedPod()), deployment(restrictedPod({}, { securityContext: { ...restrictedCtx, privileged: true } })), "securityContext.privileged: found true", deployment(restrictedPod({ containers: UNKNOWN }))],
  ["k8s-no-privilege-escalation", "kubernetes:apps/v1:DaemonSet", deployment(restrictedPod()), deployment(restrictedPod({}, { securityContext: { capabilities: { drop: ["ALL"] } } })), "allowPrivilegeEscalation: found null; allowed false", deployment(restrictedPod({ containers: UNKNOWN }))],
  ["k8s-drop-all-capabilities", "kubernetes:apps/v1:ReplicaSet", deployment(restrictedPod()), deployment(restrictedPod({}, { securityContext: { ...restrictedCtx, capabilities: { drop: ["ALL"], add: ["SYS_ADMIN"] } } })), 'capabilities.add: found ["SYS_ADMIN"]', deployment(restrictedPod({ containers: UNKNOWN }))],
  ["k8s-seccomp-profile", "kubernetes:batch/v1:Job", deployment(restrictedPod()), deployment(restrictedPod({ securityContext: { runAsNonRoot: true } })), 'seccompProfile.type: found null (pod and container merged); allowed "RuntimeDefault"', deployment(restrictedPod({ securityContext: UNKNOWN }))],
  ["k8s-no-host-access", "kubernetes:core/v1:Pod", pod(restrictedPod()), pod(restrictedPod({ hostNetwork: true })), "spec.hostNetwork: found true", pod(restrictedPod({ hostNetwork: UNKNOWN }))],
  ["k8s-no-host-access", "kubernetes:apps/v1:DeploymentPatch", deployment(restrictedPod()), deployment(restrictedPod({}, { ports: [{ containerPort: 80, hostPort: 80 }] })), "ports.hostPort: found 80", deployment(restrictedPod({ containers: UNKNOWN }))],
  ["k8s-restricted-volumes", "kubernetes:core/v1:Pod", pod(restrictedPod()), pod(restrictedPod({ volumes: [{ name: "docker", hostPath: { path: "/var/run" } }] })), "volumes[docker]: found hostPath", pod(restrictedPod({ volumes: UNKNOWN }))],
  ["k8s-readonly-rootfs", "kubernetes:core/v1:Pod", pod(restrictedPod()), pod(restrictedPod({}, { securityContext: { ...restrictedCtx, readOnlyRootFilesystem: false } })), "readOnlyRootFilesystem: found false", pod(restrictedPod({ containers: UNKNOWN }))],
  ["k8s-resource-limits", "kubernetes:core/v1:Pod", pod(restrictedPod()), pod(restrictedPod({}, { resources: {} })), "resources: found no requests.cpu, requests.memory, limits.memory", pod(restrictedPod({ containers: UNKNOWN }))],
  // private data
  ["rds-not-public", "aws:rds/instance:Instance", { publiclyAccessible: false }, { publiclyAccessible: true }, "publiclyAccessible: found true", { publiclyAccessible: UNKNOWN }],
  ["rds-not-public", "aws:rds/clusterInstance:ClusterInstance", {}, { publiclyAccessible: true }, "publiclyAccessible: found true", { publiclyAccessible: UNKNOWN }],
  ["redshift-not-public", "aws:redshift/cluster:Cluster", {}, { publiclyAccessible: true }, "publiclyAccessible: found true", { publiclyAccessible: UNKNOWN }],
  ["opensearch-in-vpc", "aws:opensearch/domain:Domain", { vpcOptions: { subnetIds: ["subnet-1"] } }, {}, "vpcOptions.subnetIds: found nothing", { vpcOptions: UNKNOWN }],
  ["eks-private-endpoint", "aws:eks/cluster:Cluster", { vpcConfig: { endpointPublicAccess: false } }, { vpcConfig: { subnetIds: ["s"] } }, "publicAccessCidrs: found nothing (AWS default 0.0.0.0/0)", { vpcConfig: UNKNOWN }],
  ["eks-private-endpoint", "aws:eks/cluster:Cluster", { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] } }, { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["10.0.0.0/8", "0.0.0.0/0"] } }, '["10.0.0.0/8","0.0.0.0/0"]', { vpcConfig: { endpointPublicAccess: true, publicAccessCidrs: UNKNOWN } }],
  ["elasticache-subnet-group", "aws:elasticache/replicationGroup:ReplicationGroup", { subnetGroupName: "data" }, {}, "subnetGroupName: found null", { subnetGroupName: UNKNOWN }],
  ["no-public-data-ports", "aws:ec2/securityGroup:SecurityGroup", { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: ["sg-app"] }] }, { ingress: [{ protocol: "tcp", fromPort: 3000, toPort: 7000, cidrBlocks: ["0.0.0.0/0"] }] }, "ingress[0]: found ports 5432, 3306, 6379, 5439 open to 0.0.0.0/0", { ingress: UNKNOWN }],
  ["no-public-data-ports", "aws:ec2/securityGroupRule:SecurityGroupRule", { type: "egress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }, { type: "ingress", protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }, "open to ::/0", { type: "ingress", protocol: "tcp", fromPort: 6379, toPort: 6379, cidrBlocks: UNKNOWN }],
  ["no-public-data-ports", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }, { ipProtocol: "tcp", fromPort: 27017, toPort: 27017, cidrIpv4: "0.0.0.0/0" }, "found ports 27017 open to 0.0.0.0/0", { ipProtocol: "tcp", fromPort: 27017, toPort: 27017, cidrIpv4: UNKNOWN }],
  // encryption
  ["rds-storage-encrypted", "aws:rds/instance:Instance", { storageEncrypted: true }, { storageEncrypted: false }, "storageEncrypted: found false; allowed true", { storageEncrypted: UNKNOWN }],
  ["rds-storage-encrypted", "aws:rds/cluster:Cluster", { storageEncrypted: true }, {}, "storageEncrypted: found nothing; allowed true", { storageEncrypted: UNKNOWN }],
  ["elasticache-encrypted", "aws:elasticache/replicationGroup:ReplicationGroup", { atRestEncryptionEnabled: true, transitEncryptionEnabled: true }, { atRestEncryptionEnabled: true }, "transitEncryptionEnabled: found nothing", { atRestEncryptionEnabled: true, transitEncryptionEnabled: UNKNOWN }],
  ["ebs-encrypted", "aws:ebs/volume:Volume", { encrypted: true }, { encrypted: false }, "encrypted: found false", { encrypted: UNKNOWN }],
  ["ebs-encrypted", "aws:ec2/launchTemplate:LaunchTemplate", { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true" } }] }, { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 20 } }] }, "blockDeviceMappings[0].ebs.encrypted: found nothing", { blockDeviceMappings: UNKNOWN }],
  ["ebs-encrypted", "aws:ec2/instance:Instance", { rootBlockDevice: { encrypted: true } }, { rootBlockDevice: { encrypted: false } }, "rootBlockDevice.encrypted: found false", { rootBlockDevice: UNKNOWN }],
  ["efs-encrypted", "aws:efs/fileSystem:FileSystem", { encrypted: true }, {}, "encrypted: found nothing", { encrypted: UNKNOWN }],
  ["sqs-encrypted", "aws:sqs/queue:Queue", {}, { sqsManagedSseEnabled: false }, "sqsManagedSseEnabled: found false", { sqsManagedSseEnabled: UNKNOWN }],
  ["streams-encrypted", "aws:kinesis/stream:Stream", { encryptionType: "KMS" }, { encryptionType: "NONE" }, 'encryptionType: found "NONE"', { encryptionType: UNKNOWN }],
  ["streams-encrypted", "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", { serverSideEncryption: { enabled: true } }, {}, "serverSideEncryption.enabled: found nothing", { serverSideEncryption: UNKNOWN }],
  ["kms-key-rotation", "aws:kms/key:Key", { enableKeyRotation: true }, { enableKeyRotation: true, bypassPolicyLockoutSafetyCheck: true }, "bypassPolicyLockoutSafetyCheck: found true", { enableKeyRotation: UNKNOWN }],
  ["lb-http-redirects-to-https", "aws:lb/listener:Listener", { protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] }, { protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: "tg" }] }, 'defaultActions: found ["forward"] on an HTTP listener', { protocol: UNKNOWN }],
  ["lb-modern-tls", "aws:alb/listener:Listener", { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }, { protocol: "HTTPS" }, 'sslPolicy: found "ELBSecurityPolicy-2016-08 (the default)"', { protocol: "HTTPS", sslPolicy: UNKNOWN }],
  ["rds-force-ssl", "aws:rds/parameterGroup:ParameterGroup", { family: "postgres14", parameters: [{ name: "rds.force_ssl", value: "1" }] }, { family: "postgres16", parameters: [{ name: "rds.force_ssl", value: "0" }] }, 'parameters[rds.force_ssl]: found "0"', { family: "postgres14", parameters: UNKNOWN }],
  ["rds-force-ssl", "aws:rds/clusterParameterGroup:ClusterParameterGroup", { family: "aurora-mysql8.0", parameters: [{ name: "require_secure_transport", value: "ON" }] }, { family: "aurora-mysql8.0" }, "parameters[require_secure_transport]: found nothing", { family: UNKNOWN }],
  ["rds-force-ssl", "aws:rds/instance:Instance", { engine: "postgres", engineVersion: "16.4" }, { engine: "postgres", engineVersion: "14.12" }, "the default group of Postgres 14.12 does not force SSL", { engine: UNKNOWN }],
  // Omitted protocol: HTTP on an ALB; a MySQL/MariaDB instance on its default parameter group accepts plaintext.
  ["lb-http-redirects-to-https", "aws:lb/listener:Listener", { protocol: "HTTPS", defaultActions: [{ type: "forward" }] }, { port: 80, defaultActions: [{ type: "forward", targetGroupArn: "tg" }] }, "on a listener without protocol (HTTP by default)", { certificateArn: UNKNOWN }],
  ["rds-force-ssl", "aws:rds/instance:Instance", { engine: "mysql", parameterGroupName: "tls-required" }, { engine: "mariadb", engineVersion: "10.11" }, "the default mariadb group leaves require_secure_transport OFF", { engine: "mysql", parameterGroupName: UNKNOWN }],
  // advisory
  ["log-retention", "aws:cloudwatch/logGroup:LogGroup", { retentionInDays: 30 }, { retentionInDays: 0 }, "retentionInDays: found 0 (never expire)", { retentionInDays: UNKNOWN }],
  ["prod-deletion-protection", "aws:rds/instance:Instance", { tags: { environment: "prod" }, deletionProtection: true }, { tags: { environment: "prod" }, skipFinalSnapshot: true }, "skipFinalSnapshot: found true", { tags: UNKNOWN }],
];

describeRuleCases(CASES);

test("every resource rule of every pack has a case here (the survey's rules: in rules-coverage.test.ts)", () => {
  const covered = new Set([...CASES.map((c) => c[0]), ...[...ENCRYPTION_SERVICE_RULES, ...PRIVATE_SERVICE_RULES].map((r) => r.id)]);
  const resourceRules = ALL_PACKS.flatMap((p) => p.rules).filter((r) => r.kind !== "stack").map((r) => r.id);
  expect(resourceRules.filter((id) => !covered.has(id))).toEqual([]);
});
