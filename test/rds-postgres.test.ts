import * as aws from "@pulumi/aws";
import { RdsPostgres, type RdsPostgresArgs } from "../components/rds-postgres";
import { Vpc } from "../components/vpc";
import { ALL_PACKS } from "../policies/rules";
import { diffPlans } from "../src/diff/diff";
import { loadDiffDocumentFromJson } from "./helpers/diff";
import { ArgError } from "../src/errors";
import { record, type Plan } from "../src/testing";
import type { AlarmSpec } from "../src/alarms";
import { POSTGRES_LOG_EXPORTS, rdsLogGroupName } from "../components/rds-postgres/logs";
import { hoursToFull, minAutoscalingCeilingGb, NOT_FILLING_HOURS, storageAutoscales, storageFloorBytes, timeToFullExpression } from "../components/rds-postgres/storage";

const DB = "aws:rds/instance:Instance";
const network = { vpcId: "vpc-0abc", dbSubnetGroupName: "data-subnets" };

async function alarmsOf(args: Partial<RdsPostgresArgs> & { environment: RdsPostgresArgs["environment"] }): Promise<readonly AlarmSpec[]> {
  let db: RdsPostgres | undefined;
  await record(() => { db = new RdsPostgres("orders", { network, ...args }); }, { mode: "resolve", stack: "prod" });
  return db!.alarms;
}

async function planOf(args: Partial<RdsPostgresArgs> & { environment: RdsPostgresArgs["environment"] }, name = "orders", aliases?: string[]): Promise<Plan> {
  return record(() => {
    const dr = new aws.Provider("dr", { region: "eu-central-1" });
    new RdsPostgres(name, { network, allowedSecurityGroupIds: ["sg-app"], disasterRecovery: { provider: dr }, ...args }, { aliases: aliases?.map((a) => ({ name: a })) });
  }, { mode: "resolve", stack: "prod", config: { "aws:region": "eu-west-1" }, packs: ALL_PACKS });
}

describe("RdsPostgres prod", () => {
  let plan: Plan;
  beforeAll(async () => { plan = await planOf({ environment: "prod" }); });

  test("the instance: private, encrypted with its own key, Multi-AZ, 30 days of PITR, protected", () => {
    const db = plan.one(DB, "orders-db");
    const key = plan.one("aws:kms/key:Key", "orders-key");
    expect(db.inputs).toMatchObject({
      identifier: "prod-orders", engine: "postgres", storageEncrypted: true, kmsKeyId: key.outputs.arn, multiAz: true,
      backupRetentionPeriod: 30, deletionProtection: true, publiclyAccessible: false, skipFinalSnapshot: false,
      finalSnapshotIdentifier: "prod-orders-final", dbSubnetGroupName: "data-subnets", manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: key.outputs.arn, iamDatabaseAuthenticationEnabled: true, storageType: "gp3",
      maxAllocatedStorage: 1000, performanceInsightsKmsKeyId: key.outputs.arn, caCertIdentifier: "rds-ca-rsa2048-g1",
      copyTagsToSnapshot: true, tags: expect.objectContaining({ "paved:backup": "true" }),
    });
    expect(db.options.protect).toBe(true);
    expect(key.options.protect).toBe(true);
    expect(key.inputs.enableKeyRotation).toBe(true);
    expect(db.parent).toBe(plan.urnOf("orders"));
  });

  test("a TLS-only parameter group for the engine family", () => {
    const params = plan.one("aws:rds/parameterGroup:ParameterGroup", "orders-params");
    expect(params.inputs.family).toBe("postgres16");
    expect(params.inputs.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: "rds.force_ssl", value: "1" }), expect.objectContaining({ name: "log_connections", value: "1" })]));
    expect(plan.one(DB, "orders-db").inputs.parameterGroupName).toBe(params.outputs.name);
  });

  test("5432 is open only to the given security group", () => {
    const sg = plan.one("aws:ec2/securityGroup:SecurityGroup", "orders-sg");
    const rules = plan.all("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    expect(rules.map((r) => r.inputs)).toEqual([expect.objectContaining({ securityGroupId: sg.id, referencedSecurityGroupId: "sg-app", fromPort: 5432, toPort: 5432 })]);
    expect(sg.inputs.ingress).toBeUndefined();
  });

  test("logs go to pre-created, encrypted, retained groups the instance waits for", () => {
    const db = plan.one(DB, "orders-db");
    const logs = plan.one("aws:cloudwatch/logGroup:LogGroup", "orders-postgresql-logs");
    expect(logs.inputs).toMatchObject({ name: "/aws/rds/instance/prod-orders/postgresql", retentionInDays: 365 });
    expect(db.dependencies).toContain(logs.urn);
    expect(plan.one("aws:cloudwatch/logMetricFilter:LogMetricFilter", "orders-failed-logins").inputs.logGroupName).toBe(logs.outputs.name);
  });

  test("the RDS-managed password rotates; no password exists anywhere in the plan", () => {
    const db = plan.one(DB, "orders-db");
    const rotation = plan.one("aws:secretsmanager/secretRotation:SecretRotation", "orders-secret-rotation");
    expect(rotation.inputs).toEqual({ secretId: (db.outputs.masterUserSecrets as Array<{ secretArn: string }>)[0]!.secretArn, rotationRules: { automaticallyAfterDays: 30 } });
    const json = JSON.stringify(plan.toJSON());
    expect(json).not.toMatch(/"password"\s*:/i);
    expect(db.inputs.password).toBeUndefined();
  });

  test("one read replica with the same posture", () => {
    const replica = plan.one(DB, "orders-replica-1");
    expect(replica.inputs).toMatchObject({ identifier: "prod-orders-replica-1", replicateSourceDb: "prod-orders", publiclyAccessible: false, performanceInsightsEnabled: true });
    expect(replica.inputs.vpcSecurityGroupIds).toEqual(plan.one(DB, "orders-db").inputs.vpcSecurityGroupIds);
  });

  test("the replica's exported logs go to groups created first, encrypted and retained like the primary's", () => {
    const replica = plan.one(DB, "orders-replica-1");
    const key = plan.one("aws:kms/key:Key", "orders-key");
    expect(replica.inputs.enabledCloudwatchLogsExports).toEqual(["postgresql", "upgrade"]);
    for (const log of ["postgresql", "upgrade"]) {
      const group = plan.one("aws:cloudwatch/logGroup:LogGroup", `orders-replica-1-${log}-logs`);
      const primary = plan.one("aws:cloudwatch/logGroup:LogGroup", `orders-${log}-logs`);
      expect(group.inputs).toMatchObject({ name: `/aws/rds/instance/prod-orders-replica-1/${log}`, retentionInDays: 365, kmsKeyId: key.outputs.arn });
      expect(group.inputs.retentionInDays).toBe(primary.inputs.retentionInDays);
      expect(group.options.protect).toBe(true);
      expect(group.parent).toBe(plan.urnOf("orders"));
      expect(replica.dependencies).toContain(group.urn);
    }
  });

  test("the replica's volume autoscales to the same ceiling as the primary's", () => {
    expect(plan.one(DB, "orders-replica-1").inputs.maxAllocatedStorage).toBe(plan.one(DB, "orders-db").inputs.maxAllocatedStorage);
  });

  test("no DR-region log groups: only backups are replicated there, no instance runs there", () => {
    const groups = plan.all("aws:cloudwatch/logGroup:LogGroup");
    expect(groups.map((g) => g.inputs.name)).toEqual([
      "/aws/rds/instance/prod-orders/postgresql", "/aws/rds/instance/prod-orders/upgrade",
      "/aws/rds/instance/prod-orders-replica-1/postgresql", "/aws/rds/instance/prod-orders-replica-1/upgrade",
    ]);
    expect(plan.all(DB).every((db) => db.provider === undefined || !/::dr::/.test(db.provider))).toBe(true);
  });

  test("automated backups replicate to the DR region with a key made there", () => {
    const replication = plan.one("aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication", "orders-dr-backups");
    const drKey = plan.one("aws:kms/key:Key", "orders-dr-key");
    expect(drKey.outputs.arn).toMatch(/^arn:aws:kms:eu-central-1:/);
    expect(replication.inputs).toMatchObject({ sourceDbInstanceArn: plan.one(DB, "orders-db").outputs.arn, kmsKeyId: drKey.outputs.arn, retentionPeriod: 30 });
    expect(replication.provider).toMatch(/pulumi:providers:aws::dr::/);
  });

  test("passes every policy pack", () => {
    expect(plan.violations).toEqual([]);
    expect(plan.unknowns).toEqual([]);
  });
});

describe("RdsPostgres dev and args", () => {
  test("dev: single-AZ, smallest class, unprotected, no replica, still encrypted with 30 days of backups", async () => {
    const plan = await planOf({ environment: "dev" });
    const db = plan.one(DB, "orders-db");
    expect(db.inputs).toMatchObject({ instanceClass: "db.t4g.micro", multiAz: false, deletionProtection: false, storageEncrypted: true, backupRetentionPeriod: 30, skipFinalSnapshot: false });
    expect(db.options.protect).toBe(false);
    expect(plan.all(DB)).toHaveLength(1);
    expect(plan.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });

  test("renaming the component with an alias keeps every child (URNs aliased, same identifier): no delete, no replace", async () => {
    const before = await planOf({ environment: "prod" }, "orders");
    const after = await planOf({ environment: "prod" }, "billing", ["orders"]);
    expect(after.one(DB, "billing-db").inputs.identifier).toBe("prod-orders");
    const result = diffPlans(loadDiffDocumentFromJson(before), loadDiffDocumentFromJson(after));
    expect(result.changes.filter((c) => c.kind !== "update")).toEqual([]);
    expect(result.blocking).toBe(0);
  });

  test("alarms come as data, named after the identifier", async () => {
    const alarms = await alarmsOf({ environment: "prod" });
    expect(alarms.map((a) => a.id)).toEqual([
      "cpu-high", "storage-time-to-full", "storage-low", "connections-high", "failed-logins",
      "replica-lag-prod-orders-replica-1", "storage-time-to-full-prod-orders-replica-1", "storage-low-prod-orders-replica-1",
    ]);
    expect(alarms.find((a) => a.id === "connections-high")!.threshold).toBe(Math.floor(0.8 * 901)); // db.m7g.large: 8 GiB
  });

  test("low disk: hours to full by metric math over FreeStorageSpace, paging under the 6-hour autoscaling wait", async () => {
    const alarms = await alarmsOf({ environment: "prod" });
    const ttf = alarms.find((a) => a.id === "storage-time-to-full")!;
    expect(ttf).toMatchObject({ threshold: 6, comparison: "LessThanThreshold", severity: "page", periodSeconds: 300, evaluationPeriods: 3 });
    expect(ttf.math).toEqual({
      expression: "IF(RATE(free) < 0, free / (-3600 * RATE(free)), 8760)",
      metrics: { free: { namespace: "AWS/RDS", metricName: "FreeStorageSpace", dimensions: { DBInstanceIdentifier: "prod-orders" }, statistic: "Average" } },
    });
    const replicaTtf = alarms.find((a) => a.id === "storage-time-to-full-prod-orders-replica-1")!;
    expect(replicaTtf.math!.metrics.free!.dimensions).toEqual({ DBInstanceIdentifier: "prod-orders-replica-1" });
  });

  test("low disk: the floor sits under where autoscaling acts, at any size it grows to; a fixed-size volume keeps 20 %", async () => {
    const prod = (await alarmsOf({ environment: "prod" })).find((a) => a.id === "storage-low")!;
    // prod: 100 GiB growing to 1000 GiB. Autoscaling acts at 10 % of the allocation (10 GiB at first, more later).
    expect(prod).toMatchObject({ metricName: "FreeStorageSpace", statistic: "Minimum", comparison: "LessThanThreshold", severity: "page" });
    expect(prod.threshold).toBe(5 * 1024 ** 3);
    for (const allocatedGb of [100, 250, 640, 1000]) expect(prod.threshold).toBeLessThan(0.1 * allocatedGb * 1024 ** 3);
    const fixed = (await alarmsOf({ environment: "prod", allocatedStorageGb: 100, maxAllocatedStorageGb: 100 })).find((a) => a.id === "storage-low")!;
    expect(fixed.threshold).toBe(Math.round(0.2 * 100 * 1024 ** 3));
  });

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ["engineVersion", { engineVersion: "9.6" }, 'engineVersion: found "9.6"; allowed a Postgres major version 13, 14, 15, 16, 17'],
    ["instanceClass", { instanceClass: "m5.large" }, 'instanceClass: found "m5.large"; allowed an RDS class'],
    ["allocatedStorageGb", { allocatedStorageGb: 5 }, "allocatedStorageGb: found 5; allowed an integer 20–65536"],
    ["maxAllocatedStorageGb", { maxAllocatedStorageGb: 10 }, "maxAllocatedStorageGb: found 10; allowed an integer 20–65536"],
    ["maxAllocatedStorageGb below the allocation", { allocatedStorageGb: 100, maxAllocatedStorageGb: 50 }, "maxAllocatedStorageGb: found 50; allowed an integer from allocatedStorageGb (100) to 65536"],
    // The rule runs on the settings in effect: dev's preset ceiling (50) is below the given allocation.
    ["preset ceiling below a given allocation", { allocatedStorageGb: 100 }, "maxAllocatedStorageGb: found 50; allowed an integer from allocatedStorageGb (100) to 65536"],
    ["maxAllocatedStorageGb headroom", { allocatedStorageGb: 100, maxAllocatedStorageGb: 105 }, "maxAllocatedStorageGb: found 105; allowed allocatedStorageGb (100) to turn storage autoscaling off, or at least 110 (10 % above it) up to 65536"],
    ["backupRetentionDays", { backupRetentionDays: 0 }, "backupRetentionDays: found 0; allowed an integer 1–35"],
    ["readReplicas", { readReplicas: 9 }, "readReplicas: found 9; allowed an integer 0–5"],
    ["backupWindow", { backupWindow: "3am" }, 'backupWindow: found "3am"; allowed hh:mm-hh:mm'],
    ["maintenanceWindow", { maintenanceWindow: "sunday" }, 'maintenanceWindow: found "sunday"; allowed ddd:hh:mm-ddd:hh:mm'],
    ["logRetentionDays", { logRetentionDays: 0 }, "logRetentionDays: found 0; allowed one of 1, 3"],
    ["monitoringIntervalSeconds", { monitoringIntervalSeconds: 2 }, "monitoringIntervalSeconds: found 2; allowed one of 1, 5, 10, 15, 30, 60"],
    ["username", { username: "postgres" }, 'username: found "postgres"; allowed 1–63 lower-case'],
    ["databaseName", { databaseName: "My-DB" }, 'databaseName: found "My-DB"'],
    ["identifier", { identifier: "Orders_DB" }, 'identifier: found "Orders_DB"'],
    ["allowedCidrBlocks", { allowedCidrBlocks: ["0.0.0.0/0"] }, 'allowedCidrBlocks[0]: found "0.0.0.0/0"; allowed a private CIDR'],
    ["network", { network: undefined }, "network: found nothing; allowed { vpcId, dbSubnetGroupName }"],
    ["caCertificate", { caCertificate: "rds-ca-2019" }, 'caCertificate: found "rds-ca-2019"; allowed "rds-ca-rsa2048-g1" | "rds-ca-rsa4096-g1" | "rds-ca-ecc384-g1"'],
    ["performanceInsights.retentionDays", { performanceInsights: { retentionDays: 30 } }, "performanceInsights.retentionDays: found 30; allowed one of 7, 31, 62,"],
    ["performanceInsights unknown key", { performanceInsights: { retentionDay: 7 } }, 'performanceInsights.retentionDay: unknown key (did you mean "retentionDays"?)'],
    ["disasterRecovery.retentionDays", { disasterRecovery: { provider: undefined, retentionDays: 40 } }, "disasterRecovery.retentionDays: found 40; allowed an integer 1–35"],
  ];
  test.each(bad)("%s: a clear error before anything is created", (_label, change, message) => {
    const args = { environment: "dev", network, ...change } as unknown as RdsPostgresArgs;
    expect(() => new RdsPostgres("orders", args)).toThrow(ArgError);
    expect(() => new RdsPostgres("orders", args)).toThrow(`RdsPostgres "orders": ${message}`);
  });

  test("the CA and the Performance Insights retention are settings: today's values by default, an arg overrides them", async () => {
    const plan = await planOf({ environment: "prod", caCertificate: "rds-ca-ecc384-g1", performanceInsights: { retentionDays: 31 } });
    for (const name of ["orders-db", "orders-replica-1"]) {
      expect(plan.one(DB, name).inputs).toMatchObject({ caCertIdentifier: "rds-ca-ecc384-g1", performanceInsightsRetentionPeriod: 31 });
    }
    const defaults = await planOf({ environment: "dev" });
    expect(defaults.one(DB, "orders-db").inputs).toMatchObject({ caCertIdentifier: "rds-ca-rsa2048-g1", performanceInsightsRetentionPeriod: 7 });
  });

  test("an explicit nested arg overrides its preset; an omitted one keeps it", () => {
    let given: RdsPostgres | undefined;
    let omitted: RdsPostgres | undefined;
    return record(() => {
      given = new RdsPostgres("orders", { environment: "prod", network, performanceInsights: { retentionDays: 731 } });
      omitted = new RdsPostgres("billing", { environment: "prod", network, performanceInsights: { retentionDays: undefined } });
    }).then(() => {
      expect(given!.settings.performanceInsights).toEqual({ retentionDays: 731 });
      expect(given!.settings.backupRetentionDays).toBe(30);
      expect(omitted!.settings.performanceInsights).toEqual({ retentionDays: 7 });
    });
  });

  test("a transform of each new role reaches its child; logGroup and replicaLogGroup are separate", async () => {
    const plan = await planOf({
      environment: "prod",
      allowedCidrBlocks: ["10.30.0.0/16"],
      transform: {
        ingressRule: (a) => { a.description = "t:ingressRule"; },
        logGroup: (a) => { a.tags = { t: "logGroup" }; },
        replicaLogGroup: (a) => { a.tags = { t: "replicaLogGroup" }; },
        monitoringRole: (a) => { a.description = "t:monitoringRole"; },
        monitoringPolicy: (_a, o) => { o.ignoreChanges = ["policyArn"]; },
        secretRotation: (a) => { a.rotationRules = { automaticallyAfterDays: 7 }; },
        failedLoginFilter: (a) => { a.pattern = "t:failedLoginFilter"; },
        drKey: (a) => { a.description = "t:drKey"; },
        drBackupReplication: (a) => { a.retentionPeriod = 14; },
      },
    });
    const rules = plan.all("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    expect(rules).toHaveLength(2);
    for (const r of rules) expect(r.inputs.description).toBe("t:ingressRule");
    expect(plan.one("aws:cloudwatch/logGroup:LogGroup", "orders-postgresql-logs").inputs.tags).toEqual({ t: "logGroup" });
    expect(plan.one("aws:cloudwatch/logGroup:LogGroup", "orders-replica-1-upgrade-logs").inputs.tags).toEqual({ t: "replicaLogGroup" });
    expect(plan.one("aws:iam/role:Role", "orders-monitoring-role").inputs.description).toBe("t:monitoringRole");
    expect(plan.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "orders-monitoring-policy").options.ignoreChanges).toEqual(["policyArn"]);
    expect(plan.one("aws:secretsmanager/secretRotation:SecretRotation", "orders-secret-rotation").inputs.rotationRules).toEqual({ automaticallyAfterDays: 7 });
    expect(plan.one("aws:cloudwatch/logMetricFilter:LogMetricFilter", "orders-failed-logins").inputs.pattern).toBe("t:failedLoginFilter");
    expect(plan.one("aws:kms/key:Key", "orders-dr-key").inputs.description).toBe("t:drKey");
    expect(plan.one("aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication", "orders-dr-backups").inputs.retentionPeriod).toBe(14);
  });

  test("every child is made through a role: nodes lists them all", () => {
    let db: RdsPostgres | undefined;
    return record(() => {
      const dr = new aws.Provider("dr", { region: "eu-central-1" });
      db = new RdsPostgres("orders", { environment: "prod", network, allowedSecurityGroupIds: ["sg-app"], allowedCidrBlocks: ["10.30.0.0/16"], disasterRecovery: { provider: dr } });
    }, { stack: "prod" }).then((plan) => {
      const count = Object.values(db!.nodes).reduce((n, list) => n + (list?.length ?? 0), 0);
      // Every custom resource but the test's own DR provider is in nodes (none is made around create).
      expect(count).toBe(plan.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).length);
      expect(Object.keys(db!.nodes).sort()).toEqual([
        "drBackupReplication", "drKey", "failedLoginFilter", "ingressRule", "instance", "key", "logGroup", "monitoringPolicy",
        "monitoringRole", "parameterGroup", "replica", "replicaLogGroup", "secretRotation", "securityGroup",
      ]);
      expect(db!.nodes.ingressRule).toHaveLength(2);
      expect(db!.nodes.replicaLogGroup).toHaveLength(2);
    });
  });

  test("works with a Paved Vpc as its network", async () => {
    const plan = await record(() => {
      const vpc = new Vpc("net", { environment: "dev" });
      new RdsPostgres("orders", { environment: "dev", network: vpc });
    }, { mode: "resolve", packs: ALL_PACKS });
    expect(plan.one(DB, "orders-db").inputs.dbSubnetGroupName).toBe(plan.one("aws:rds/subnetGroup:SubnetGroup", "net-db-subnets").outputs.name);
    expect(plan.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });
});

describe("RdsPostgres storage and log helpers", () => {
  test.each([
    // free GiB, GiB lost per hour, hours to full
    [10, 1, 10],
    [60, 40, 1.5],
    [500, 100, 5],
  ])("%s GiB free, losing %s GiB/h: full in %s h", (freeGb, lossGbPerHour, hours) => {
    expect(hoursToFull(freeGb * 1024 ** 3, (-lossGbPerHour * 1024 ** 3) / 3600)).toBeCloseTo(hours, 6);
  });

  test("free space that holds or grows (an autoscaling step) never reads as filling", () => {
    expect(hoursToFull(1024 ** 3, 0)).toBe(NOT_FILLING_HOURS);
    expect(hoursToFull(1024 ** 3, 10 * 1024 ** 3)).toBe(NOT_FILLING_HOURS);
  });

  test("the floor stays under the autoscaling trigger for every allocation autoscaling can reach", () => {
    for (const [allocatedStorageGb, maxAllocatedStorageGb] of [[20, 50], [50, 200], [100, 1000], [400, 440], [65000, 65536]] as const) {
      const floor = storageFloorBytes({ allocatedStorageGb, maxAllocatedStorageGb });
      for (let gb = allocatedStorageGb; gb <= maxAllocatedStorageGb; gb += Math.max(1, Math.floor((maxAllocatedStorageGb - allocatedStorageGb) / 17))) {
        expect(floor).toBeLessThan(0.1 * gb * 1024 ** 3);
      }
    }
  });

  test("autoscaling is on when the ceiling is above the allocation; RDS wants 10 % headroom", () => {
    expect(storageAutoscales({ allocatedStorageGb: 100, maxAllocatedStorageGb: 100 })).toBe(false);
    expect(storageAutoscales({ allocatedStorageGb: 100, maxAllocatedStorageGb: 110 })).toBe(true);
    expect([20, 100, 1000, 1001].map(minAutoscalingCeilingGb)).toEqual([22, 110, 1100, 1102]);
  });

  test("the expression names its metric and keeps the not-filling value", () => {
    expect(timeToFullExpression("m1")).toBe(`IF(RATE(m1) < 0, m1 / (-3600 * RATE(m1)), ${NOT_FILLING_HOURS})`);
  });

  test("log groups follow RDS's /aws/rds/instance/<id>/<log> for both PostgreSQL exports", () => {
    expect(POSTGRES_LOG_EXPORTS.map((log) => rdsLogGroupName("prod-orders-replica-2", log)))
      .toEqual(["/aws/rds/instance/prod-orders-replica-2/postgresql", "/aws/rds/instance/prod-orders-replica-2/upgrade"]);
  });
});
