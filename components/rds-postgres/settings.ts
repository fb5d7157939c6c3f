import type { Environment } from "../../src/environment";
import { isPrivateCidr } from "../../src/cidr";
import { issue, type Issue } from "../../src/issues";
import { logRetention } from "../../src/retention";
import { bool, checked, int, list, object, oneOf, oneOfNumbers, text, type SettingsSpec } from "../../src/settings";
import { RDS_CA_CERTIFICATES, type RdsCaCertificate } from "./args";
import { minAutoscalingCeilingGb, storageAutoscales } from "./storage";

export const SUPPORTED_MAJORS = [13, 14, 15, 16, 17] as const;
const RESERVED_USERS = ["postgres", "rdsadmin", "admin", "root", "rdsrepladmin"];
const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60];
/** RDS API (CreateDBInstance, PerformanceInsightsRetentionPeriod): 7, a number of months (1–23) times 31, or 731. */
const PI_RETENTION_DAYS = [7, ...Array.from({ length: 23 }, (_v, i) => 31 * (i + 1)), 731];
const MAX_STORAGE_GB = 65536;
const IDENTIFIER = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const PG_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const WINDOW = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
const WEEKLY = /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/;

export function majorOf(version: string): number {
  return Number(/^(\d+)/.exec(version)?.[1] ?? NaN);
}

/** What an RdsPostgres caller (or `paved:database`) may set. */
export const RDS_POSTGRES_SCHEMA = object({
  identifier: checked((v) => v.length <= 63 && IDENTIFIER.test(v), "1–63 lower-case letters, digits and single hyphens, starting with a letter")
    .describe("The instance's identifier (AWS name); changing it replaces the database."),
  allowedCidrBlocks: list(checked(isPrivateCidr, "a private CIDR such as the VPC's (never 0.0.0.0/0)"), "a list of private CIDRs such as the VPC's")
    .describe("Private CIDRs that may connect on 5432."),
  engineVersion: checked((v) => (SUPPORTED_MAJORS as readonly number[]).includes(majorOf(v)),
    `a Postgres major version ${SUPPORTED_MAJORS.join(", ")} (e.g. "16" or "16.4")`).describe("Postgres major version (13–17)."),
  instanceClass: text(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "an RDS class such as \"db.t4g.medium\"").describe("RDS instance class, e.g. db.t4g.medium."),
  allocatedStorageGb: int(20, MAX_STORAGE_GB).describe("Initial gp3 storage in GiB."),
  maxAllocatedStorageGb: int(20, MAX_STORAGE_GB).describe("Ceiling for storage autoscaling in GiB; equal to allocatedStorageGb turns it off."),
  multiAz: bool().describe("A standby in a second AZ."),
  backupRetentionDays: int(1, 35).describe("1–35 days of point-in-time recovery."),
  backupWindow: text(WINDOW, "hh:mm-hh:mm in UTC, e.g. \"03:00-04:00\"").describe("Daily backup window (UTC)."),
  maintenanceWindow: text(WEEKLY, "ddd:hh:mm-ddd:hh:mm in UTC, e.g. \"sun:04:30-sun:05:30\"").describe("Weekly maintenance window (UTC)."),
  deletionProtection: bool().describe("Deletion protection on the instance."),
  protect: bool().describe("`protect` on the instance, its key and its log groups."),
  readReplicas: int(0, 5).describe("Read replicas with the primary's posture."),
  logRetentionDays: logRetention().describe("Days CloudWatch keeps the exported postgres and upgrade logs."),
  monitoringIntervalSeconds: oneOfNumbers(MONITORING_INTERVALS).describe("Enhanced monitoring interval in seconds."),
  passwordRotationDays: int(1, 365).describe("Days between rotations of the RDS-managed master password."),
  username: checked((v) => PG_NAME.test(v) && !RESERVED_USERS.includes(v),
    `1–63 lower-case letters, digits or _, starting with a letter, not ${RESERVED_USERS.join("/")}`).describe("Master user name."),
  databaseName: text(PG_NAME, "1–63 lower-case letters, digits or _, starting with a letter").describe("Name of the database created with the instance."),
  caCertificate: oneOf(RDS_CA_CERTIFICATES).describe("The CA that signs the instance's server certificate."),
  performanceInsights: object({
    retentionDays: oneOfNumbers(PI_RETENTION_DAYS).describe("Days Performance Insights keeps its data: 7, months × 31, or 731.").optional(),
  }).optional(),
}).partial();

export interface RdsPostgresSettings {
  /** Given only by the caller; otherwise "<stack>-<first name>" (the component computes it). */
  readonly identifier?: string;
  readonly allowedCidrBlocks?: readonly string[];
  readonly engineVersion: string;
  readonly instanceClass: string;
  readonly allocatedStorageGb: number;
  readonly maxAllocatedStorageGb: number;
  readonly multiAz: boolean;
  readonly backupRetentionDays: number;
  readonly backupWindow: string;
  readonly maintenanceWindow: string;
  readonly deletionProtection: boolean;
  readonly protect: boolean;
  readonly readReplicas: number;
  readonly logRetentionDays: number;
  readonly monitoringIntervalSeconds: number;
  readonly passwordRotationDays: number;
  readonly username: string;
  readonly databaseName: string;
  readonly caCertificate: RdsCaCertificate;
  readonly performanceInsights: { readonly retentionDays: number };
}

const common = {
  engineVersion: "16", backupRetentionDays: 30, backupWindow: "03:00-04:00", maintenanceWindow: "sun:04:30-sun:05:30",
  passwordRotationDays: 30, username: "paved_admin", databaseName: "app",
  // The RDS CA that AWS recommends for new instances.
  caCertificate: "rds-ca-rsa2048-g1",
  // The free tier of Performance Insights.
  performanceInsights: { retentionDays: 7 },
} as const;

/** Every default of RdsPostgres, per environment. Each passes the policy packs. */
export const RDS_POSTGRES_PRESETS = {
  dev: {
    ...common, instanceClass: "db.t4g.micro", allocatedStorageGb: 20, maxAllocatedStorageGb: 50, multiAz: false,
    deletionProtection: false, protect: false, readReplicas: 0, logRetentionDays: 14, monitoringIntervalSeconds: 60,
  },
  staging: {
    ...common, instanceClass: "db.t4g.medium", allocatedStorageGb: 50, maxAllocatedStorageGb: 200, multiAz: true,
    deletionProtection: true, protect: true, readReplicas: 0, logRetentionDays: 90, monitoringIntervalSeconds: 60,
  },
  prod: {
    ...common, instanceClass: "db.m7g.large", allocatedStorageGb: 100, maxAllocatedStorageGb: 1000, multiAz: true,
    deletionProtection: true, protect: true, readReplicas: 1, logRetentionDays: 365, monitoringIntervalSeconds: 15,
  },
} as const satisfies Record<Environment, RdsPostgresSettings>;

/** The storage ceiling against the allocation in effect (either may come from the preset). */
function storageRules(s: RdsPostgresSettings): Issue[] {
  if (s.maxAllocatedStorageGb < s.allocatedStorageGb) {
    return [issue("maxAllocatedStorageGb", s.maxAllocatedStorageGb, `an integer from allocatedStorageGb (${s.allocatedStorageGb}) to ${MAX_STORAGE_GB}`)];
  }
  if (storageAutoscales(s) && s.maxAllocatedStorageGb < minAutoscalingCeilingGb(s.allocatedStorageGb)) {
    // RDS refuses a ceiling less than 10 % above the allocation ("Invalid max storage size"; USER_PIOPS.Autoscaling).
    return [issue("maxAllocatedStorageGb", s.maxAllocatedStorageGb,
      `allocatedStorageGb (${s.allocatedStorageGb}) to turn storage autoscaling off, or at least ${minAutoscalingCeilingGb(s.allocatedStorageGb)} (10 % above it) up to ${MAX_STORAGE_GB}`)];
  }
  return [];
}

export const RDS_POSTGRES_SETTINGS: SettingsSpec<typeof RDS_POSTGRES_SCHEMA, RdsPostgresSettings> = {
  component: "RdsPostgres",
  schema: RDS_POSTGRES_SCHEMA,
  presets: RDS_POSTGRES_PRESETS,
  rules: storageRules,
};
