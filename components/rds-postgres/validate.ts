import { definedOnly } from "../../src/environment";
import { checkInt, issue, type Issue } from "../../src/issues";
import { isLogRetention, LOG_RETENTION_DAYS } from "../../src/retention";
import { checkBool, validateCommon } from "../../src/validate-common";
import { isPrivateCidr } from "../vpc/cidr";
import type { RdsPostgresArgs } from "./args";
import { RDS_POSTGRES_PRESETS, type RdsPostgresSettings } from "./presets";
import { minAutoscalingCeilingGb, storageAutoscales } from "./storage";

export const SUPPORTED_MAJORS = [13, 14, 15, 16, 17] as const;
const RESERVED_USERS = ["postgres", "rdsadmin", "admin", "root", "rdsrepladmin"];
const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60];
const WINDOW = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
const WEEKLY = /^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/;

export function resolveRdsSettings(args: RdsPostgresArgs): RdsPostgresSettings {
  return { ...RDS_POSTGRES_PRESETS[args.environment], ...definedOnly({
    engineVersion: args.engineVersion, instanceClass: args.instanceClass, allocatedStorageGb: args.allocatedStorageGb,
    maxAllocatedStorageGb: args.maxAllocatedStorageGb, multiAz: args.multiAz, backupRetentionDays: args.backupRetentionDays,
    backupWindow: args.backupWindow, maintenanceWindow: args.maintenanceWindow, deletionProtection: args.deletionProtection,
    protect: args.protect, readReplicas: args.readReplicas, logRetentionDays: args.logRetentionDays,
    monitoringIntervalSeconds: args.monitoringIntervalSeconds, passwordRotationDays: args.passwordRotationDays,
    username: args.username, databaseName: args.databaseName,
  }) };
}

export function majorOf(version: string): number {
  return Number(/^(\d+)/.exec(version)?.[1] ?? NaN);
}

/** Every problem with the args (after presets), each naming its arg. */
export function validateRdsArgs(args: RdsPostgresArgs, s: RdsPostgresSettings): Issue[] {
  const out = validateCommon(args);
  if (!args.network || args.network.vpcId === undefined || args.network.dbSubnetGroupName === undefined) {
    out.push(issue("network", args.network, "{ vpcId, dbSubnetGroupName }, e.g. a Paved Vpc"));
  }
  if (!(SUPPORTED_MAJORS as readonly number[]).includes(majorOf(s.engineVersion))) {
    out.push(issue("engineVersion", s.engineVersion, `a Postgres major version ${SUPPORTED_MAJORS.join(", ")} (e.g. "16" or "16.4")`));
  }
  if (!/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(s.instanceClass)) out.push(issue("instanceClass", s.instanceClass, "an RDS class such as \"db.t4g.medium\""));
  out.push(...checkInt("allocatedStorageGb", s.allocatedStorageGb, 20, 65536));
  if (s.maxAllocatedStorageGb < s.allocatedStorageGb || !Number.isInteger(s.maxAllocatedStorageGb) || s.maxAllocatedStorageGb > 65536) {
    out.push(issue("maxAllocatedStorageGb", s.maxAllocatedStorageGb, `an integer from allocatedStorageGb (${s.allocatedStorageGb}) to 65536`));
  } else if (storageAutoscales(s) && s.maxAllocatedStorageGb < minAutoscalingCeilingGb(s.allocatedStorageGb)) {
    // RDS refuses a ceiling less than 10 % above the allocation ("Invalid max storage size"; USER_PIOPS.Autoscaling).
    out.push(issue("maxAllocatedStorageGb", s.maxAllocatedStorageGb,
      `allocatedStorageGb (${s.allocatedStorageGb}) to turn storage autoscaling off, or at least ${minAutoscalingCeilingGb(s.allocatedStorageGb)} (10 % above it) up to 65536`));
  }
  out.push(...checkInt("backupRetentionDays", s.backupRetentionDays, 1, 35));
  out.push(...checkInt("readReplicas", s.readReplicas, 0, 5));
  out.push(...checkInt("passwordRotationDays", s.passwordRotationDays, 1, 365));
  if (!WINDOW.test(s.backupWindow)) out.push(issue("backupWindow", s.backupWindow, "hh:mm-hh:mm in UTC, e.g. \"03:00-04:00\""));
  if (!WEEKLY.test(s.maintenanceWindow)) out.push(issue("maintenanceWindow", s.maintenanceWindow, "ddd:hh:mm-ddd:hh:mm in UTC, e.g. \"sun:04:30-sun:05:30\""));
  if (!isLogRetention(s.logRetentionDays)) out.push(issue("logRetentionDays", s.logRetentionDays, `one of ${LOG_RETENTION_DAYS.join(", ")}`));
  if (!MONITORING_INTERVALS.includes(s.monitoringIntervalSeconds)) out.push(issue("monitoringIntervalSeconds", s.monitoringIntervalSeconds, MONITORING_INTERVALS.join(", ")));
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(s.username) || RESERVED_USERS.includes(s.username)) {
    out.push(issue("username", s.username, `1–63 lower-case letters, digits or _, starting with a letter, not ${RESERVED_USERS.join("/")}`));
  }
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(s.databaseName)) out.push(issue("databaseName", s.databaseName, "1–63 lower-case letters, digits or _, starting with a letter"));
  if (args.identifier !== undefined && (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(args.identifier) || args.identifier.length > 63)) {
    out.push(issue("identifier", args.identifier, "1–63 lower-case letters, digits and single hyphens, starting with a letter"));
  }
  for (const [i, cidr] of (args.allowedCidrBlocks ?? []).entries()) {
    if (!isPrivateCidr(cidr)) out.push(issue(`allowedCidrBlocks[${i}]`, cidr, "a private CIDR such as the VPC's (never 0.0.0.0/0)"));
  }
  if (args.disasterRecovery?.retentionDays !== undefined) out.push(...checkInt("disasterRecovery.retentionDays", args.disasterRecovery.retentionDays, 1, 35));
  out.push(...checkBool("multiAz", args.multiAz), ...checkBool("deletionProtection", args.deletionProtection), ...checkBool("protect", args.protect));
  return out;
}
