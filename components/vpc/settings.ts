import { z } from "zod";
import type { Environment } from "../../src/environment";
import { issue } from "../../src/issues";
import { logRetention } from "../../src/retention";
import { bool, input, int, list, object, oneOf, text, type SettingsSpec } from "../../src/settings";
import { FLOW_LOG_TRAFFIC, NAT_MODES, type NatMode } from "./args";
import { validateVpcCidr } from "./cidr";

/** Regions have at most six AZs. */
export const MAX_AZ_COUNT = 6;

const AZ_NAME = /^[a-z]{2}(-[a-z]+)*-[a-z]+-\d[a-z]$/;
const GRAVITON_TYPE = /^[a-z]+\d+[a-z]*g[a-z]*\.[a-z0-9]+$/;

const cidrBlock = z.string({ error: "a private IPv4 block /16–/23" }).superRefine((v, ctx) => {
  for (const i of validateVpcCidr("cidrBlock", v)) ctx.addIssue({ code: "custom", message: i.message.replace(/^found .*?; allowed /, "") });
});

/** What a Vpc caller (or `paved:vpc`) may set. */
export const VPC_SCHEMA = object({
  cidrBlock: cidrBlock.describe("The VPC's IPv4 block, /16–/23 in a private range."),
  azCount: int(1, MAX_AZ_COUNT).describe("Number of AZs, each with a public, a private and an isolated subnet."),
  availabilityZones: list(text(AZ_NAME, "an AZ name such as \"eu-west-1a\""), "a list of AZ names such as [\"eu-west-1a\", \"eu-west-1b\"]")
    .min(1, { error: `1–${MAX_AZ_COUNT} AZs` }).max(MAX_AZ_COUNT, { error: `1–${MAX_AZ_COUNT} AZs` })
    .describe("Exact AZ names; length must equal azCount."),
  nat: oneOf(NAT_MODES).describe("NAT tier for the private subnets."),
  natInstanceType: text(GRAVITON_TYPE, "an arm64 (Graviton) instance type such as \"t4g.nano\"").describe("Instance type of the NAT instance (nat: instance)."),
  endpoints: object({
    gateway: bool().describe("S3 and DynamoDB gateway endpoints.").optional(),
    interface: bool().describe("ECR, Logs, Secrets Manager and STS interface endpoints.").optional(),
  }).optional(),
  flowLogs: object({
    enabled: bool().describe("Flow logs to an encrypted CloudWatch log group.").optional(),
    retentionDays: logRetention().describe("Days CloudWatch keeps the flow logs.").optional(),
    trafficType: oneOf(FLOW_LOG_TRAFFIC).describe("Which traffic to record.").optional(),
    kmsKeyArn: input(text(/^arn:aws[a-z-]*:kms:/, "a KMS key ARN")).describe("An existing KMS key for the log group.").optional(),
  }).optional(),
  protect: bool().describe("`protect` on the VPC, subnets and flow-log key and group.").optional(),
}).partial();

export interface VpcSettings {
  readonly cidrBlock: string;
  readonly azCount: number;
  /** Exact AZs when given; otherwise the region's first azCount available AZs. */
  readonly availabilityZones?: readonly string[];
  readonly nat: NatMode;
  readonly natInstanceType: string;
  readonly endpoints: { readonly gateway: boolean; readonly interface: boolean };
  readonly flowLogs: { readonly enabled: boolean; readonly retentionDays: number; readonly trafficType: (typeof FLOW_LOG_TRAFFIC)[number] };
  readonly protect: boolean;
}

/** Every default of the Vpc, per environment. Each must pass the policy packs. */
export const VPC_PRESETS = {
  dev: {
    cidrBlock: "10.10.0.0/16", azCount: 2, nat: "instance", natInstanceType: "t4g.nano",
    endpoints: { gateway: true, interface: false },
    flowLogs: { enabled: true, retentionDays: 14, trafficType: "ALL" }, protect: false,
  },
  staging: {
    cidrBlock: "10.20.0.0/16", azCount: 3, nat: "single", natInstanceType: "t4g.nano",
    endpoints: { gateway: true, interface: true },
    flowLogs: { enabled: true, retentionDays: 90, trafficType: "ALL" }, protect: false,
  },
  prod: {
    cidrBlock: "10.30.0.0/16", azCount: 3, nat: "perAz", natInstanceType: "t4g.nano",
    endpoints: { gateway: true, interface: true },
    flowLogs: { enabled: true, retentionDays: 365, trafficType: "ALL" }, protect: true,
  },
} as const satisfies Record<Environment, VpcSettings>;

export const VPC_SETTINGS: SettingsSpec<typeof VPC_SCHEMA, VpcSettings> = {
  component: "Vpc",
  schema: VPC_SCHEMA,
  presets: VPC_PRESETS,
  // Listing the AZs sets their count.
  derive: (s, given) => (given.azCount === undefined && given.availabilityZones ? { ...s, azCount: given.availabilityZones.length } : s),
  rules: (s) => {
    const azs = s.availabilityZones;
    if (azs === undefined) return [];
    const out = [];
    if (new Set(azs).size !== azs.length) out.push(issue("availabilityZones", azs, "each AZ at most once"));
    if (s.azCount !== azs.length) out.push(issue("availabilityZones", `${azs.length} AZs`, `exactly azCount (${s.azCount}) AZs, or leave azCount out`));
    if (new Set(azs.map((a) => a.slice(0, -1))).size > 1) out.push(issue("availabilityZones", azs, "AZs of a single region"));
    return out;
  },
};
