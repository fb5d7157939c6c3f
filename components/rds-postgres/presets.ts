import type { Environment } from "../../src/environment";

export interface RdsPostgresSettings {
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
}

const common = {
  engineVersion: "16", backupRetentionDays: 30, backupWindow: "03:00-04:00", maintenanceWindow: "sun:04:30-sun:05:30",
  passwordRotationDays: 30, username: "paved_admin", databaseName: "app",
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
