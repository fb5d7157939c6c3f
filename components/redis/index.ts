import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../../src/alarms";
import { accountContext } from "../../src/aws/account";
import { dataSecurityGroup } from "../../src/aws/data-security-group";
import { keyPolicy, rotatingKeyArgs } from "../../src/aws/kms";
import { PavedComponent } from "../../src/component";
import { issue, type Issue } from "../../src/issues";
import type { RedisArgs, RedisTransforms } from "./args";
import { redisAlarms } from "./alarms";
import { REDIS_SETTINGS, type RedisSettings } from "./settings";

export type { RedisArgs, CacheNetwork, CacheEngine, RedisTransforms } from "./args";
export type { RedisSettings } from "./settings";

const PORT = 6379;

/** Checks of args the settings schema does not hold: the network inputs. */
function validate(args: RedisArgs): Issue[] {
  return !args.network || args.network.vpcId === undefined || args.network.cacheSubnetGroupName === undefined
    ? [issue("network", args.network, "{ vpcId, cacheSubnetGroupName }, e.g. a Paved Vpc")]
    : [];
}

/**
 * Redis OSS or Valkey on ElastiCache: a replication group in your cache subnet
 * group, encrypted at rest with its own key and in transit (required), an AUTH
 * token generated into Secrets Manager, Multi-AZ with automatic failover in
 * staging and prod, snapshots, a final snapshot, and slow and engine logs.
 */
export class Redis extends PavedComponent<RedisSettings, RedisTransforms, RedisArgs> {
  public readonly primaryEndpoint: pulumi.Output<string>;
  /** Endpoint that spreads reads over the replicas. */
  public readonly readerEndpoint: pulumi.Output<string>;
  public readonly port: pulumi.Output<number>;
  /** Secrets Manager secret holding the AUTH token. */
  public readonly authSecretArn: pulumi.Output<string>;
  public readonly securityGroupId: pulumi.Output<string>;
  public readonly replicationGroupId: string;
  public readonly alarms: readonly AlarmSpec[];

  constructor(name: string, args: RedisArgs, opts?: pulumi.ComponentResourceOptions) {
    super({ type: "paved:data:Redis", settings: REDIS_SETTINGS, validate }, name, args, opts);
    const s = this.settings;
    const groupId = s.replicationGroupId ?? this.physicalName(40);
    this.replicationGroupId = groupId;
    const account = accountContext(this);

    const key = this.create("key", aws.kms.Key, `${name}-key`, rotatingKeyArgs(
      `Encrypts cache ${groupId}: data at rest, AUTH secret, logs`, account.apply((c) => keyPolicy(c, { logs: true })), this.tags(`${name}-key`)),
    this.stateful());

    const sg = dataSecurityGroup({
      name, vpcId: args.network.vpcId, port: PORT, label: `Cache ${groupId}`,
      sources: args.allowedSecurityGroupIds, tags: (c) => this.tags(c),
      create: (role, cls, childName, a) => this.create(role, cls, childName, a),
    });

    // The token is drawn once; ignoreChanges keeps the stored one, so later runs never rotate it by accident.
    const secret = this.create("authSecret", aws.secretsmanager.Secret, `${name}-auth`, {
      description: `AUTH token of cache ${groupId}`,
      kmsKeyId: key.arn,
      recoveryWindowInDays: 30,
      tags: this.tags(`${name}-auth`),
    }, this.stateful());
    const drawn = aws.secretsmanager.getRandomPasswordOutput({ passwordLength: 64, excludePunctuation: true }, { parent: this });
    const token = this.create("authToken", aws.secretsmanager.SecretVersion, `${name}-auth-token`, {
      secretId: secret.id,
      secretString: pulumi.secret(drawn.randomPassword.apply((p) => p ?? "")),
    }, this.child({ ignoreChanges: ["secretString"] }));

    const params = this.create("parameterGroup", aws.elasticache.ParameterGroup, `${name}-params`, {
      family: `${s.engine}${s.engineVersion.split(".")[0]}`,
      description: `Parameters of cache ${groupId}`,
      parameters: [{ name: "maxmemory-policy", value: "volatile-lru" }],
      tags: this.tags(`${name}-params`),
    });

    const logs = (["slow-log", "engine-log"] as const).map((kind) => ({
      kind,
      group: this.create("logGroup", aws.cloudwatch.LogGroup, `${name}-${kind}`, {
        name: `/paved/elasticache/${groupId}/${kind}`,
        retentionInDays: s.logRetentionDays,
        kmsKeyId: key.arn,
        tags: this.tags(`${name}-${kind}`),
      }, this.stateful()),
    }));

    const group = this.create("replicationGroup", aws.elasticache.ReplicationGroup, `${name}-cache`, {
      replicationGroupId: groupId,
      description: `Cache ${groupId} (${this.environment})`,
      engine: s.engine,
      engineVersion: s.engineVersion,
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
      snapshotWindow: s.snapshotWindow,
      maintenanceWindow: s.maintenanceWindow,
      finalSnapshotIdentifier: `${groupId}-final`,
      logDeliveryConfigurations: logs.map(({ kind, group: g }) => ({
        destination: g.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: kind,
      })),
      tags: this.tags(`${name}-cache`),
    }, this.stateful());

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
