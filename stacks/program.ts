import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EcsCluster, EcsService } from "../components/ecs-service";
import { EksCluster, Workload } from "../components/eks-cluster";
import { MonitoringStack } from "../components/monitoring";
import { RdsPostgres } from "../components/rds-postgres";
import { Redis } from "../components/redis";
import { S3Backups } from "../components/s3-backups";
import { Vpc } from "../components/vpc";
import { subnetLayout } from "../components/vpc/cidr";
import { parseStackConfig } from "./config/load";
import type { StackConfig } from "./config/schema";

/**
 * The platform every environment runs: parsed from Pulumi.<stack>.yaml, then
 * composed from Paved components. Returns the stack outputs.
 */
export function program(): Record<string, unknown> {
  const cfg = parseStackConfig(pulumi.runtime.allConfig());
  const tags = { owner: cfg.owner, "cost-center": cfg.costCenter, ...cfg.tags };

  const vpc = new Vpc("main", { environment: cfg.environment, service: "network", tags, ...cfg.vpc });
  const dr = cfg.drRegion ? new aws.Provider("dr", { region: cfg.drRegion as aws.Region }) : undefined;

  const cluster = new EcsCluster("main", { environment: cfg.environment, service: "compute", tags });
  const services = Object.entries(cfg.services ?? {}).map(([name, svc]) => {
    const { certificateArn, ...rest } = svc;
    return new EcsService(name, {
      environment: cfg.environment, service: name, tags, clusterName: cluster.clusterName, network: vpc, ...rest,
      certificate: certificateArn ? { arn: certificateArn } : { domainName: `${name}.${cfg.dns!.domain}`, zoneId: cfg.dns!.zoneId },
    });
  });
  // The config loader has checked the whole section (deployRoleArn included) before anything was created.
  const { workloads: workloadConfig, ...kubernetes }: Partial<NonNullable<StackConfig["kubernetes"]>> = cfg.kubernetes ?? {};
  const eks = new EksCluster("main", { environment: cfg.environment, service: "kubernetes", tags, network: vpc, ...kubernetes, deployRoleArn: kubernetes.deployRoleArn! });
  const appSecurityGroups = [...services.map((s) => s.securityGroupId), eks.clusterSecurityGroupId];

  const db = new RdsPostgres("main", {
    environment: cfg.environment, service: "database", tags, network: vpc, allowedSecurityGroupIds: appSecurityGroups, ...cfg.database,
    ...(dr ? { disasterRecovery: { provider: dr } } : {}),
  });
  const cache = new Redis("main", { environment: cfg.environment, service: "cache", tags, network: vpc, allowedSecurityGroupIds: appSecurityGroups, ...cfg.cache });
  // Workloads may reach the data services in the isolated subnets on their ports (NetworkPolicy egress).
  const isolatedCidrs = [...subnetLayout(vpc.settings.cidrBlock, vpc.settings.azCount).isolated];
  const dataServices = { database: { name: "database", cidrs: isolatedCidrs, port: db.port }, cache: { name: "cache", cidrs: isolatedCidrs, port: cache.port } };
  const workloads = Object.entries(workloadConfig ?? {}).map(([name, { connectsTo, ...w }]) =>
    new Workload(name, { ...w, clusterName: eks.clusterName, egress: (connectsTo ?? ["database", "cache"]).map((d) => dataServices[d]) }, { provider: eks.provider, parent: eks }));
  const backups = new S3Backups("main", {
    environment: cfg.environment, service: "backups", tags, ...cfg.backups,
    restoreTestDatabaseArns: [db.instanceArn],
    restoreTestNetwork: { dbSubnetGroupName: vpc.dbSubnetGroupName, securityGroupIds: [db.securityGroupId] },
    ...(dr ? { disasterRecovery: { provider: dr } } : {}),
  });

  const monitoring = new MonitoringStack("main", {
    environment: cfg.environment, service: "monitoring", tags, ...cfg.monitoring,
    sources: [
      ...Object.keys(cfg.services ?? {}).map((name, i) => ({ name, kind: "service" as const, alarms: services[i]!.alarms })),
      { name: "database", kind: "database", alarms: db.alarms },
      { name: "cache", kind: "cache", alarms: cache.alarms },
      { name: "backups", kind: "backups", alarms: backups.alarms, events: backups.events },
      { name: "kubernetes", kind: "other", alarms: workloads.flatMap((w) => w.alarms) },
    ],
  });

  return {
    environment: cfg.environment,
    region: cfg.region,
    vpcId: vpc.vpcId,
    availabilityZones: vpc.availabilityZones,
    publicSubnetIds: vpc.publicSubnetIds,
    privateSubnetIds: vpc.privateSubnetIds,
    isolatedSubnetIds: vpc.isolatedSubnetIds,
    dbSubnetGroupName: vpc.dbSubnetGroupName,
    cacheSubnetGroupName: vpc.cacheSubnetGroupName,
    natPublicIps: vpc.natPublicIps,
    databaseEndpoint: db.endpoint,
    databasePort: db.port,
    databaseSecretArn: db.secretArn,
    databaseSecurityGroupId: db.securityGroupId,
    cachePrimaryEndpoint: cache.primaryEndpoint,
    cacheReaderEndpoint: cache.readerEndpoint,
    cacheAuthSecretArn: cache.authSecretArn,
    cacheSecurityGroupId: cache.securityGroupId,
    backupBucketName: backups.bucketName,
    backupVaultArn: backups.vaultArn,
    backupPlanId: backups.planId,
    clusterName: cluster.clusterName,
    eksClusterName: eks.clusterName,
    eksEndpoint: eks.endpoint,
    kubeconfig: eks.kubeconfig,
    dashboardName: monitoring.dashboardName,
    pageTopicArn: monitoring.pageTopicArn,
    notifyTopicArn: monitoring.notifyTopicArn,
    serviceUrls: pulumi.all(Object.fromEntries(services.map((s, i) => [Object.keys(cfg.services ?? {})[i]!, s.url]))),
    // What each service runs (a digest when built or promoted): the next stack's `image.promoteFrom` reads it.
    serviceImages: pulumi.all(Object.fromEntries(services.map((s, i) => [Object.keys(cfg.services ?? {})[i]!, s.image]))),
  };
}
