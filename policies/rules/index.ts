/**
 * Paved's policy rules, grouped into the packs that CrossGuard serves
 * (policies/<pack>/index.ts) and that `paved plan` and `paved check` run in-process.
 */
import type { RulePack } from "../model";
import { logRetention, prodDeletionProtection, requiredTags, vpcFlowLogs } from "./advisory";
import { ecsDropCapabilities, ecsNoHostNamespaces, ecsNoPrivileged, ecsNonRootUser, ecsReadonlyRootFs } from "./ecs";
import {
  backupVaultCmk, dynamodbEncrypted, ebsEncrypted, efsEncrypted, eksSecretsEncrypted, elasticacheEncrypted, kmsRotation,
  lbHttpsOnly, lbModernTls, logsEncrypted, rdsEncrypted, rdsForceSsl, s3DefaultEncryption, s3TlsOnly, snsCmk, snsEncrypted,
  sqsEncrypted, streamsEncrypted,
} from "./encryption";
import {
  k8sCapabilities, k8sNoHostAccess, k8sNoPrivilegeEscalation, k8sNoPrivileged, k8sReadonlyRootFs, k8sResources,
  k8sRestrictedVolumes, k8sRunAsNonRoot, k8sSeccomp,
} from "./kubernetes";
import {
  cacheSubnetGroup, dataSubnetGroupsPrivate, eksEndpointPrivate, noPublicConfiguredPort, noPublicDataPorts, opensearchInVpc,
  rdsNotPublic, redshiftNotPublic,
} from "./private-data";
import { ENCRYPTION_SERVICE_RULES } from "./encryption-services";
import { PRIVATE_SERVICE_RULES } from "./private-services";

export const nonRootPack: RulePack = {
  name: "paved-non-root",
  description: "Containers never run as root or privileged: ECS task definitions and every Kubernetes pod template (PSS restricted).",
  rules: [
    ecsNonRootUser, ecsNoPrivileged, ecsNoHostNamespaces, ecsDropCapabilities,
    k8sRunAsNonRoot, k8sNoPrivileged, k8sNoPrivilegeEscalation, k8sCapabilities, k8sSeccomp, k8sNoHostAccess, k8sRestrictedVolumes,
  ],
};

export const privateDataPack: RulePack = {
  name: "paved-private-data",
  description: "Databases, caches, warehouses, search domains and cluster APIs are not reachable from the internet.",
  rules: [rdsNotPublic, redshiftNotPublic, opensearchInVpc, eksEndpointPrivate, cacheSubnetGroup, noPublicDataPorts, noPublicConfiguredPort, dataSubnetGroupsPrivate, ...PRIVATE_SERVICE_RULES],
};

export const encryptionPack: RulePack = {
  name: "paved-encryption",
  description: "Data is encrypted at rest with KMS and in transit with modern TLS.",
  rules: [
    rdsEncrypted, elasticacheEncrypted, ebsEncrypted, efsEncrypted, snsEncrypted, snsCmk, sqsEncrypted, eksSecretsEncrypted, streamsEncrypted,
    dynamodbEncrypted, backupVaultCmk, logsEncrypted, kmsRotation, lbHttpsOnly, lbModernTls, rdsForceSsl, s3DefaultEncryption, s3TlsOnly,
    ...ENCRYPTION_SERVICE_RULES,
  ],
};

export const advisoryPack: RulePack = {
  name: "paved-advisory",
  description: "Operational hygiene that never blocks: read-only root filesystems, resource limits, log retention, prod deletion protection, tags, flow logs.",
  rules: [ecsReadonlyRootFs, k8sReadonlyRootFs, k8sResources, logRetention, prodDeletionProtection, requiredTags, vpcFlowLogs],
};

export const ALL_PACKS: readonly RulePack[] = [nonRootPack, privateDataPack, encryptionPack, advisoryPack];
