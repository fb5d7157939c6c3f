import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../../src/alarms";
import { accountContext } from "../../src/aws/account";
import { dataSecurityGroup } from "../../src/aws/data-security-group";
import { keyPolicy, rotatingKeyArgs } from "../../src/aws/kms";
import { assertValid } from "../../src/errors";
import { identityName, physicalName } from "../../src/naming";
import { childTags } from "../../src/tags";
import { withTransform } from "../../src/transform";
import type { RedisArgs } from "./args";
import { redisAlarms } from "./alarms";
import { DEFAULT_VERSIONS, type RedisSettings } from "./presets";
import { resolveRedisSettings, validateRedisArgs } from "./validate";
import { assertComponentAws } from "../../src/aws/provider-version";

export type { RedisArgs, CacheNetwork, CacheEngine, RedisTransforms } from "./args";
export { CACHE_ENGINES } from "./args";
export { REDIS_PRESETS, type RedisSettings } from "./presets";
export { resolveRedisSettings, validateRedisArgs } from "./validate";

const PORT = 6379;

/**
 * Redis OSS or Valkey on ElastiCache: a replication group in your cache subnet
 * group, encrypted at rest with its own key and in transit (required), an AUTH
 * token generated into Secrets Manager, Multi-AZ with automatic failover in
 * staging and prod, snapshots, a final snapshot, and slow and engine logs.
 */
export class Redis extends pulumi.ComponentResource {
  public readonly primaryEndpoint: pulumi.Output<string>;
  /** Endpoint that spreads reads over the replicas. */
  public readonly readerEndpoint: pulumi.Output<string>;
  public readonly port: pulumi.Output<number>;
  /** Secrets Manager secret holding the AUTH token. */
  public readonly authSecretArn: pulumi.Output<string>;
  public readonly securityGroupId: pulumi.Output<string>;
  public readonly replicationGroupId: string;
  public readonly alarms: readonly AlarmSpec[];
  public readonly settings: RedisSettings;

  constructor(name: string, args: RedisArgs, opts?: pulumi.ComponentResourceOptions) {
    const s = resolveRedisSettings(args);
    assertValid("Redis", name, validateRedisArgs(args, s).map((i) => `${i.path}: ${i.message}`));
    assertComponentAws("Redis", name);
    super("paved:data:Redis", name, {}, opts);
    this.settings = s;
    const t = args.transform ?? {};
    const tags = (child: string) => childTags({ environment: args.environment, service: args.service ?? name, tags: args.tags }, child);
    const child = (o?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions => ({ parent: this, ...o });
    const stateful = (o?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions => child({ protect: s.protect, ...o });
    const groupId = args.replicationGroupId ?? physicalName([pulumi.getStack(), identityName(name, opts)], 40);
    this.replicationGroupId = groupId;
    const version = args.engineVersion ?? DEFAULT_VERSIONS[s.engine];
    const account = accountContext(this);

    const key = withTransform((a, o) => new aws.kms.Key(`${name}-key`, a, o), rotatingKeyArgs(
      `Encrypts cache ${groupId}: data at rest, AUTH secret, logs`, account.apply((c) => keyPolicy(c, { logs: true })), tags(`${name}-key`)),
    stateful(), t.key);

    const sg = dataSecurityGroup({
      parent: this, name, vpcId: args.network.vpcId, port: PORT, label: `Cache ${groupId}`,
      sources: args.allowedSecurityGroupIds, tags, transform: t.securityGroup,
    });

    // The token is drawn once; ignoreChanges keeps the stored one, so later runs never rotate it by accident.
    const secret = new aws.secretsmanager.Secret(`${name}-auth`, {
      description: `AUTH token of cache ${groupId}`,
      kmsKeyId: key.arn,
      recoveryWindowInDays: 30,
      tags: tags(`${name}-auth`),
    }, stateful());
    const drawn = aws.secretsmanager.getRandomPasswordOutput({ passwordLength: 64, excludePunctuation: true }, { parent: this });
    const token = new aws.secretsmanager.SecretVersion(`${name}-auth-token`, {
      secretId: secret.id,
      secretString: pulumi.secret(drawn.randomPassword.apply((p) => p ?? "")),
    }, child({ ignoreChanges: ["secretString"] }));

    const params = withTransform((a, o) => new aws.elasticache.ParameterGroup(`${name}-params`, a, o), {
      family: `${s.engine}${version.split(".")[0]}`,
      description: `Parameters of cache ${groupId}`,
      parameters: [{ name: "maxmemory-policy", value: "volatile-lru" }],
      tags: tags(`${name}-params`),
    }, child(), t.parameterGroup);

    const logs = (["slow-log", "engine-log"] as const).map((kind) => ({
      kind,
      group: withTransform((a, o) => new aws.cloudwatch.LogGroup(`${name}-${kind}`, a, o), {
        name: `/paved/elasticache/${groupId}/${kind}`,
        retentionInDays: s.logRetentionDays,
        kmsKeyId: key.arn,
        tags: tags(`${name}-${kind}`),
      }, stateful(), t.logGroup),
    }));

    const group = withTransform((a, o) => new aws.elasticache.ReplicationGroup(`${name}-cache`, a, o), {
      replicationGroupId: groupId,
      description: `Cache ${groupId} (${args.environment})`,
      engine: s.engine,
      engineVersion: version,
      nodeType: s.nodeType,
      numCacheClusters: s.nodes,
      multiAzEnabled: s.highAvailability,
      automaticFailoverEnabled: s.highAvailability,
      port: PORT,
      subnetGroupName: args.network.cacheSubnetGroupName,
      securityGroupIds: [sg.id],
      parameterGroupName: params.name,
      atRestEncryptionEnabled: true,
      kmsKeyId: key.arn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      authToken: token.secretString.apply((v) => v ?? ""),
      authTokenUpdateStrategy: "ROTATE",
      autoMinorVersionUpgrade: true,
      snapshotRetentionLimit: s.snapshotRetentionDays,
      snapshotWindow: "04:00-05:00",
      maintenanceWindow: "sun:05:30-sun:06:30",
      finalSnapshotIdentifier: `${groupId}-final`,
      logDeliveryConfigurations: logs.map(({ kind, group: g }) => ({
        destination: g.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: kind,
      })),
      tags: tags(`${name}-cache`),
    }, stateful(), t.replicationGroup);

    this.primaryEndpoint = group.primaryEndpointAddress;
    this.readerEndpoint = group.readerEndpointAddress;
    this.port = pulumi.output(PORT);
    this.authSecretArn = secret.arn;
    this.securityGroupId = sg.id;
    this.alarms = redisAlarms(groupId, s.nodes);
    this.registerOutputs({
      primaryEndpoint: this.primaryEndpoint, readerEndpoint: this.readerEndpoint, port: this.port,
      authSecretArn: this.authSecretArn, securityGroupId: this.securityGroupId,
    });
  }
}
