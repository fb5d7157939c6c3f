import { z } from "zod";
import { ECS_SERVICE_SCHEMA } from "../../components/ecs-service/settings";
import { EKS_SCHEMA } from "../../components/eks-cluster/settings";
import { MONITORING_SCHEMA } from "../../components/monitoring/settings";
import { RDS_POSTGRES_SCHEMA } from "../../components/rds-postgres/settings";
import { REDIS_SCHEMA } from "../../components/redis/settings";
import { WORKLOAD_SCHEMA } from "../../components/eks-cluster/workload-settings";
import { S3_BACKUPS_SCHEMA } from "../../components/s3-backups/settings";
import { VPC_SCHEMA } from "../../components/vpc/settings";
import { ENVIRONMENTS } from "../../src/environment";
import { list, map, oneOf, str, text } from "../../src/settings";

/**
 * The `paved:` namespace of Pulumi.<stack>.yaml, composed of the components'
 * settings schemas by section (the stack adds only its own keys), so a stack
 * file and a TypeScript caller meet the same types, ranges and rules.
 */
// The stack adds where each service's certificate comes from.
export const serviceSection = ECS_SERVICE_SCHEMA.extend({
  certificateArn: str("an ACM certificate ARN").describe("An ACM certificate; without it paved:dns issues one.").optional(),
});

// The stack adds its workloads, each with the data services it may reach (built into egress by the stack).
export const kubernetesSection = EKS_SCHEMA.extend({
  workloads: map(WORKLOAD_SCHEMA.extend({
    connectsTo: list(oneOf(["database", "cache"]), "a list of \"database\" and \"cache\"")
      .describe("Data services the pods may reach (egress NetworkPolicy). Default: both.").optional(),
  }), "a map of workload names to workload settings", text(/^[a-z][a-z0-9-]{0,40}$/, "a lower-case DNS label")).describe("Workloads run in the cluster: name → settings.").optional(),
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
  database: RDS_POSTGRES_SCHEMA.optional(),
  cache: REDIS_SCHEMA.optional(),
  backups: S3_BACKUPS_SCHEMA.optional(),
  monitoring: MONITORING_SCHEMA.optional(),
  kubernetes: kubernetesSection.optional(),
});

export type PavedConfig = z.infer<typeof pavedConfigSchema>;
export type ServiceSection = z.infer<typeof serviceSection>;

/** The whole parsed stack config: the paved namespace plus the provider settings it relies on. */
export interface StackConfig extends PavedConfig {
  readonly region: string;
}
