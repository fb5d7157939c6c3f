import { Redis, type RedisArgs } from "../components/redis";
import { ALL_PACKS } from "../policies/rules";
import { ArgError } from "../src/errors";
import { record, type Plan } from "../src/testing";

const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
const network = { vpcId: "vpc-0abc", cacheSubnetGroupName: "cache-subnets" };
const planOf = (args: Partial<RedisArgs> & { environment: RedisArgs["environment"] }, name = "sessions"): Promise<Plan> =>
  record(() => new Redis(name, { network, allowedSecurityGroupIds: ["sg-app"], ...args }), { stack: "prod", config: { "aws:region": "eu-west-1" }, packs: ALL_PACKS });

describe("Redis", () => {
  test("prod: Multi-AZ with failover over 3 nodes, both encryptions with its key, AUTH from Secrets Manager, protected", async () => {
    const plan = await planOf({ environment: "prod" });
    const group = plan.one(RG, "sessions-cache");
    const key = plan.one("aws:kms/key:Key", "sessions-key");
    expect(group.inputs).toMatchObject({
      replicationGroupId: "prod-sessions", engine: "valkey", engineVersion: "8.0", numCacheClusters: 3,
      multiAzEnabled: true, automaticFailoverEnabled: true, atRestEncryptionEnabled: true, kmsKeyId: key.outputs.arn,
      transitEncryptionEnabled: true, transitEncryptionMode: "required", subnetGroupName: "cache-subnets",
      snapshotRetentionLimit: 15, finalSnapshotIdentifier: "prod-sessions-final", authToken: "[secret]",
    });
    expect(group.options.protect).toBe(true);
    expect((group.inputs.logDeliveryConfigurations as Array<{ logType: string }>).map((l) => l.logType)).toEqual(["slow-log", "engine-log"]);
    expect(plan.one("aws:secretsmanager/secretVersion:SecretVersion", "sessions-auth-token").options.ignoreChanges).toEqual(["secretString"]);
    expect(plan.all("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((r) => r.inputs)).toEqual([
      expect.objectContaining({ referencedSecurityGroupId: "sg-app", fromPort: 6379, toPort: 6379 }),
    ]);
    expect(plan.violations).toEqual([]);
  });

  test("the AUTH token never appears in the plan", async () => {
    const plan = await planOf({ environment: "prod" });
    const json = JSON.stringify(plan.toJSON());
    expect(json).not.toMatch(/Mk[0-9a-f]{20}/);
    expect(plan.one("aws:secretsmanager/secretVersion:SecretVersion", "sessions-auth-token").inputs.secretString).toBe("[secret]");
  });

  test("dev: one node, no failover, still encrypted", async () => {
    const plan = await planOf({ environment: "dev" });
    expect(plan.one(RG, "sessions-cache").inputs).toMatchObject({ numCacheClusters: 1, multiAzEnabled: false, automaticFailoverEnabled: false, atRestEncryptionEnabled: true, transitEncryptionEnabled: true, engine: "valkey" });
    expect(plan.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });

  test("Redis OSS by arg, with its parameter family", async () => {
    const plan = await planOf({ environment: "staging", engine: "redis" });
    expect(plan.one(RG, "sessions-cache").inputs).toMatchObject({ engine: "redis", engineVersion: "7.1", numCacheClusters: 2 });
    expect(plan.one("aws:elasticache/parameterGroup:ParameterGroup", "sessions-params").inputs.family).toBe("redis7");
  });

  test("alarms per node as data", () => {
    let cache: Redis | undefined;
    return record(() => { cache = new Redis("sessions", { environment: "prod", network }); }, { stack: "prod" }).then(() => {
      expect(cache!.alarms.filter((a) => a.metricName === "Evictions").map((a) => a.dimensions.CacheClusterId)).toEqual(["prod-sessions-001", "prod-sessions-002", "prod-sessions-003"]);
    });
  });

  test("replication lag is watched on every member, since failover moves the replica role; the primary's silence is not an alarm", async () => {
    const alarmsOf = async (environment: RedisArgs["environment"]) => {
      let cache: Redis | undefined;
      await record(() => { cache = new Redis("sessions", { environment, network }); }, { stack: "prod" });
      return cache!.alarms.filter((a) => a.metricName === "ReplicationLag");
    };
    const prod = await alarmsOf("prod");
    expect(prod.map((a) => a.dimensions)).toEqual(["001", "002", "003"].map((n) => ({ CacheClusterId: `prod-sessions-${n}` })));
    expect(prod.map((a) => a.id)).toEqual(["replication-lag-prod-sessions-001", "replication-lag-prod-sessions-002", "replication-lag-prod-sessions-003"]);
    for (const a of prod) expect(a).toMatchObject({ namespace: "AWS/ElastiCache", treatMissingData: "notBreaching", comparison: "GreaterThanThreshold", threshold: 5 });
    expect((await alarmsOf("staging")).map((a) => a.dimensions.CacheClusterId)).toEqual(["prod-sessions-001", "prod-sessions-002"]);
    expect(await alarmsOf("dev")).toEqual([]); // one node: nothing replicates
  });

  test("the snapshot and maintenance windows are settings: today's values by default, an arg overrides one and keeps the other", async () => {
    const defaults = await planOf({ environment: "prod" });
    expect(defaults.one(RG, "sessions-cache").inputs).toMatchObject({ snapshotWindow: "04:00-05:00", maintenanceWindow: "sun:05:30-sun:06:30" });
    const given = await planOf({ environment: "prod", maintenanceWindow: "wed:02:00-wed:03:00" });
    expect(given.one(RG, "sessions-cache").inputs).toMatchObject({ snapshotWindow: "04:00-05:00", maintenanceWindow: "wed:02:00-wed:03:00" });
  });

  test("an explicit arg overrides its preset, an omitted one keeps it; the version follows the engine unless given", () => {
    const made: Record<string, Redis> = {};
    return record(() => {
      made.given = new Redis("a", { environment: "prod", network, snapshotRetentionDays: 3, nodeType: undefined });
      made.redis = new Redis("b", { environment: "prod", network, engine: "redis" });
      made.pinned = new Redis("c", { environment: "prod", network, engine: "redis", engineVersion: "6.2" });
    }).then(() => {
      expect(made.given!.settings).toMatchObject({ snapshotRetentionDays: 3, nodeType: "cache.m7g.large", engineVersion: "8.0", nodes: 3 });
      expect(made.redis!.settings).toMatchObject({ engine: "redis", engineVersion: "7.1" });
      expect(made.pinned!.settings.engineVersion).toBe("6.2");
    });
  });

  test("a transform of each new role reaches its child", async () => {
    const plan = await planOf({
      environment: "prod",
      transform: {
        ingressRule: (a) => { a.description = "t:ingressRule"; },
        authSecret: (a) => { a.recoveryWindowInDays = 7; },
        authToken: (_a, o) => { o.ignoreChanges = ["secretString", "versionStages"]; },
      },
    });
    expect(plan.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "sessions-from-sg-1").inputs.description).toBe("t:ingressRule");
    expect(plan.one("aws:secretsmanager/secret:Secret", "sessions-auth").inputs.recoveryWindowInDays).toBe(7);
    expect(plan.one("aws:secretsmanager/secretVersion:SecretVersion", "sessions-auth-token").options.ignoreChanges).toEqual(["secretString", "versionStages"]);
  });

  test("every child is made through a role: nodes lists them all", () => {
    let cache: Redis | undefined;
    return record(() => { cache = new Redis("sessions", { environment: "prod", network, allowedSecurityGroupIds: ["sg-a", "sg-b"] }); }, { stack: "prod" }).then((plan) => {
      const count = Object.values(cache!.nodes).reduce((n, list) => n + (list?.length ?? 0), 0);
      expect(count).toBe(plan.resources.filter((r) => r.custom).length);
      expect(Object.keys(cache!.nodes).sort()).toEqual(["authSecret", "authToken", "ingressRule", "key", "logGroup", "parameterGroup", "replicationGroup", "securityGroup"]);
      expect(cache!.nodes.ingressRule).toHaveLength(2);
      expect(cache!.nodes.logGroup).toHaveLength(2);
    });
  });

  test.each([
    ["nodes in prod", { environment: "prod", nodes: 1 }, "nodes: found 1; allowed at least 2 with highAvailability"],
    ["engine", { engine: "memcached" }, 'engine: found "memcached"; allowed "valkey" | "redis"'],
    ["nodeType", { nodeType: "m5.large" }, 'nodeType: found "m5.large"'],
    ["snapshotRetentionDays", { snapshotRetentionDays: 0 }, "snapshotRetentionDays: found 0; allowed an integer 1–35"],
    ["engineVersion", { engineVersion: "8" }, 'engineVersion: found "8"; allowed major.minor'],
    ["snapshotWindow", { snapshotWindow: "4am" }, 'snapshotWindow: found "4am"; allowed hh:mm-hh:mm in UTC'],
    ["maintenanceWindow", { maintenanceWindow: "sun:05:30" }, 'maintenanceWindow: found "sun:05:30"; allowed ddd:hh:mm-ddd:hh:mm in UTC'],
    ["replicationGroupId", { replicationGroupId: "x".repeat(41) }, "replicationGroupId: found \"xxxxxxxx"],
    ["network", { network: undefined }, "network: found nothing; allowed { vpcId, cacheSubnetGroupName }"],
  ])("%s: a clear error", (_label, change, message) => {
    const args = { environment: "dev", network, ...change } as unknown as RedisArgs;
    expect(() => new Redis("sessions", args)).toThrow(ArgError);
    expect(() => new Redis("sessions", args)).toThrow(`Redis "sessions": ${message}`);
  });
});
