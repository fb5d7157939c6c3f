import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RdsPostgres } from "../components/rds-postgres";
import { Redis } from "../components/redis";
import { S3Backups } from "../components/s3-backups";
import { Vpc } from "../components/vpc";
import { parseStackConfig } from "../src/config/load";

/**
 * The platform every environment runs: parsed from Pulumi.<stack>.yaml, then
 * composed from Paved components. Returns the stack outputs.
 */
export function program(): Record<string, unknown> {
  const cfg = parseStackConfig(pulumi.runtime.allConfig());
  const tags = { owner: cfg.owner, "cost-center": cfg.costCenter, ...cfg.tags };

  const vpc = new Vpc("main", { environment: cfg.environment, service: "network", tags, ...cfg.vpc });
  const dr = cfg.drRegion ? new aws.Provider("dr", { region: cfg.drRegion as aws.Region }) : undefined;
  const db = new RdsPostgres("main", {
    environment: cfg.environment, service: "database", tags, network: vpc, ...cfg.database,
    ...(dr ? { disasterRecovery: { provider: dr } } : {}),
  });
  const cache = new Redis("main", { environment: cfg.environment, service: "cache", tags, network: vpc, ...cfg.cache });
  const backups = new S3Backups("main", {
    environment: cfg.environment, service: "backups", tags, ...cfg.backups,
    restoreTestDatabaseArns: [db.instanceArn],
    ...(dr ? { disasterRecovery: { provider: dr } } : {}),
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
  };
}
