import { z } from "zod";
import { VPC_SCHEMA } from "../../components/vpc/settings";
import { ENVIRONMENTS } from "../../src/environment";

/**
 * The `paved:` namespace of Pulumi.<stack>.yaml, composed of the components'
 * settings schemas by section (the stack adds only its own keys), so a stack
 * file and a TypeScript caller meet the same types, ranges and rules.
 */
export const databaseSection = z.strictObject({
  engineVersion: z.string().describe("Postgres major version (13–17).").optional(),
  instanceClass: z.string().describe("RDS instance class, e.g. db.t4g.medium.").optional(),
  allocatedStorageGb: z.number().int().optional(),
  maxAllocatedStorageGb: z.number().int().optional(),
  multiAz: z.boolean().optional(),
  backupRetentionDays: z.number().int().describe("1–35 days of point-in-time recovery.").optional(),
  backupWindow: z.string().optional(),
  maintenanceWindow: z.string().optional(),
  deletionProtection: z.boolean().optional(),
  protect: z.boolean().optional(),
  readReplicas: z.number().int().optional(),
  logRetentionDays: z.number().int().optional(),
  monitoringIntervalSeconds: z.number().int().optional(),
  passwordRotationDays: z.number().int().optional(),
  databaseName: z.string().optional(),
  username: z.string().optional(),
});

export const cacheSection = z.strictObject({
  engine: z.enum(["valkey", "redis"]).optional(),
  engineVersion: z.string().optional(),
  nodeType: z.string().describe("ElastiCache node type, e.g. cache.t4g.small.").optional(),
  nodes: z.number().int().describe("Primary plus replicas (1–6).").optional(),
  highAvailability: z.boolean().optional(),
  snapshotRetentionDays: z.number().int().optional(),
  protect: z.boolean().optional(),
  logRetentionDays: z.number().int().optional(),
});

export const backupsSection = z.strictObject({
  retentionDays: z.number().int().describe("Days backups are kept (1–35).").optional(),
  objectLock: z.boolean().optional(),
  vaultLock: z.boolean().optional(),
  restoreTesting: z.enum(["daily", "weekly", "off"]).optional(),
  protect: z.boolean().optional(),
});

export const serviceSection = z.strictObject({
  image: z.union([
    z.strictObject({ reference: z.string().describe("An image to run: repo@sha256:<digest>, or repo:tag (not \"latest\" outside dev).") }),
    z.strictObject({
      context: z.string().describe("A directory to build and push to ECR, tagged by a hash of its content."), dockerfile: z.string().optional(),
      pullAccountIds: z.array(z.string()).describe("Accounts that may pull these images, to promote them from another account.").optional(),
    }),
    z.strictObject({ promoteFrom: z.string().describe("Run the digest another stack's service runs (its serviceImages output), e.g. org/project/staging.") }),
  ]),
  port: z.number().int().describe("Container port, 1–65535."),
  cpu: z.number().int().optional(),
  memoryMiB: z.number().int().optional(),
  architecture: z.enum(["ARM64", "X86_64"]).optional(),
  user: z.string().describe("uid:gid the container runs as (never root).").optional(),
  writableTmp: z.boolean().optional(),
  healthCheckPath: z.string().optional(),
  healthCheckCommand: z.array(z.string()).optional(),
  internal: z.boolean().optional(),
  environmentVariables: z.record(z.string(), z.string()).optional(),
  secrets: z.record(z.string(), z.string()).describe("Env var name → Secrets Manager or SSM parameter ARN.").optional(),
  certificateArn: z.string().describe("An ACM certificate; without it paved:dns issues one.").optional(),
  scaling: z.strictObject({
    min: z.number().int().optional(), max: z.number().int().optional(), cpuTarget: z.number().int().optional(),
    memoryTarget: z.number().int().optional(), requestsPerTarget: z.number().int().optional(),
  }).optional(),
  deployment: z.strictObject({
    strategy: z.enum(["rolling", "blueGreen", "canary", "linear"]).optional(), percent: z.number().int().optional(), bakeMinutes: z.number().int().optional(),
  }).optional(),
  logRetentionDays: z.number().int().optional(),
  wafCountOnly: z.boolean().optional(),
  rateLimit: z.number().int().optional(),
});

const subscriptions = z.strictObject({
  emails: z.array(z.string()).optional(),
  httpsEndpoints: z.array(z.string()).optional(),
});

export const monitoringSection = z.strictObject({
  page: subscriptions.describe("Who is paged (not in dev).").optional(),
  notify: subscriptions.describe("Who is notified: non-urgent alarms, budgets, cost anomalies.").optional(),
  overrides: z.record(z.string(), z.strictObject({
    threshold: z.number().optional(), evaluationPeriods: z.number().int().optional(), disabled: z.boolean().optional(),
  })).describe("Per alarm, keyed <source>/<alarm id>, e.g. web/latency-p95.").optional(),
  monthlyBudgetUsd: z.number().optional(),
  anomalyThresholdUsd: z.number().optional(),
  activateCostAllocationTags: z.boolean()
    .describe("Activate environment/service/owner/cost-center as cost allocation tags (default true; false in an AWS Organizations member account).").optional(),
});

export const kubernetesSection = z.strictObject({
  version: z.string().describe("Kubernetes minor version, e.g. 1.33.").optional(),
  apiAccess: z.discriminatedUnion("mode", [
    z.strictObject({ mode: z.literal("private") }).describe("Private endpoint only: the deploy runs inside the VPC (self-hosted runner)."),
    z.strictObject({ mode: z.literal("public"), cidrs: z.array(z.string()).describe("Public CIDRs that may reach the API (never 0.0.0.0/0).") })
      .describe("A public endpoint too, reachable only from these CIDRs."),
  ]).describe("How the deploy and people reach the Kubernetes API.").optional(),
  deployRoleArn: z.string().describe("IAM role that runs pulumi up (the workflow's AWS_ROLE_ARN): gets cluster-admin access.").optional(),
  adminRoleArns: z.array(z.string()).describe("IAM roles with cluster-admin access.").optional(),
  viewRoleArns: z.array(z.string()).describe("IAM roles with read-only access (AmazonEKSViewPolicy).").optional(),
  nodes: z.strictObject({
    instanceTypes: z.array(z.string()).optional(), min: z.number().int().optional(), max: z.number().int().optional(),
    os: z.enum(["AL2023", "BOTTLEROCKET"]).optional(), diskGb: z.number().int().optional(), capacityType: z.enum(["ON_DEMAND", "SPOT"]).optional(),
  }).optional(),
  namespaces: z.array(z.string()).optional(),
  fargateNamespaces: z.array(z.string()).optional(),
  logRetentionDays: z.number().int().optional(),
  protect: z.boolean().optional(),
  workloads: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, "a lower-case DNS label"), z.strictObject({
    namespace: z.string(),
    image: z.string(),
    port: z.number().int(),
    replicas: z.strictObject({ min: z.number().int(), max: z.number().int() }).optional(),
    runAsUser: z.number().int().optional(),
    cpu: z.string().optional(),
    memory: z.string().optional(),
    healthPath: z.string().optional(),
    ingress: z.strictObject({
      namespaces: z.array(z.string()).describe("Other namespaces whose pods may connect.").optional(),
      cidrs: z.array(z.string()).describe("CIDRs that may connect, e.g. a load balancer's subnets.").optional(),
    }).describe("Who else may connect to the port; pods of the same namespace always may.").optional(),
    connectsTo: z.array(z.enum(["database", "cache"])).describe("Data services the pods may reach (egress NetworkPolicy). Default: both.").optional(),
  })).describe("Workloads run in the cluster: name → settings.").optional(),
});

export const pavedConfigSchema = z.strictObject({
  environment: z.enum(ENVIRONMENTS).describe("dev | staging | prod: picks every preset."),
  owner: z.string().min(1).describe("Team that owns the stack: the `owner` tag on every resource."),
  costCenter: z.string().min(1).describe("Cost center: the `cost-center` tag on every resource."),
  tags: z.record(z.string(), z.string()).describe("Extra tags for every resource.").optional(),
  drRegion: z.string().describe("Disaster-recovery region: backups are replicated there.").optional(),
  dns: z.strictObject({
    zoneId: z.string().describe("Route 53 hosted zone of the domain."),
    domain: z.string().describe("Services get <name>.<domain> with a DNS-validated certificate."),
  }).optional(),
  services: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,20}$/, "a lower-case name of up to 21 letters, digits and hyphens"), serviceSection)
    .describe("The services of the stack: name → service settings.").optional(),
  vpc: VPC_SCHEMA.optional(),
  database: databaseSection.optional(),
  cache: cacheSection.optional(),
  backups: backupsSection.optional(),
  monitoring: monitoringSection.optional(),
  kubernetes: kubernetesSection.optional(),
});

export type PavedConfig = z.infer<typeof pavedConfigSchema>;
export type DatabaseSection = z.infer<typeof databaseSection>;
export type CacheSection = z.infer<typeof cacheSection>;
export type BackupsSection = z.infer<typeof backupsSection>;
export type ServiceSection = z.infer<typeof serviceSection>;

/** The whole parsed stack config: the paved namespace plus the provider settings it relies on. */
export interface StackConfig extends PavedConfig {
  readonly region: string;
}
