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

  test.each([
    ["nodes in prod", { environment: "prod", nodes: 1 }, "nodes: found 1; allowed at least 2 with highAvailability"],
    ["engine", { engine: "memcached" }, 'engine: found "memcached"; allowed "valkey" | "redis"'],
    ["nodeType", { nodeType: "m5.large" }, 'nodeType: found "m5.large"'],
    ["snapshotRetentionDays", { snapshotRetentionDays: 0 }, "snapshotRetentionDays: found 0; allowed an integer 1–35"],
    ["engineVersion", { engineVersion: "8" }, 'engineVersion: found "8"; allowed major.minor'],
  ])("%s: a clear error", (_label, change, message) => {
    const args = { environment: "dev", network, ...change } as unknown as RedisArgs;
    expect(() => new Redis("sessions", args)).toThrow(ArgError);
    expect(() => new Redis("sessions", args)).toThrow(`Redis "sessions": ${message}`);
  });
});
