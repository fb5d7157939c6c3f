import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "./account";

export interface KeyPolicyOptions {
  /** Let CloudWatch Logs of this account and region encrypt log groups with the key. */
  readonly logs?: boolean;
  /** Service principals (e.g. "sns.amazonaws.com") that may use the key for this account's resources. */
  readonly services?: readonly string[];
}

/**
 * A key policy that leaves administration to the account (IAM decides who) and
 * lets only the named AWS services use the key, only on behalf of this account.
 * Services that act with the caller's credentials (RDS, ElastiCache, Secrets
 * Manager, S3, Backup) need no statement: the account statement covers them.
 */
export function keyPolicy(c: AccountContext, o: KeyPolicyOptions = {}): string {
  const statements: object[] = [{
    Sid: "AccountAdministers",
    Effect: "Allow",
    Principal: { AWS: `arn:${c.partition}:iam::${c.accountId}:root` },
    Action: "kms:*",
    Resource: "*",
  }];
  if (o.logs) {
    statements.push({
      Sid: "CloudWatchLogsEncrypts",
      Effect: "Allow",
      Principal: { Service: `logs.${c.region}.amazonaws.com` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${c.partition}:logs:${c.region}:${c.accountId}:log-group:*` } },
    });
  }
  if (o.services && o.services.length > 0) {
    statements.push({
      Sid: "ServicesUseForThisAccount",
      Effect: "Allow",
      Principal: { Service: [...o.services] },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": c.accountId } },
    });
  }
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Args of every key Paved creates: rotation on, a 30-day deletion window, the given policy. */
export function rotatingKeyArgs(description: string, policy: pulumi.Input<string>, tags: Record<string, string>): aws.kms.KeyArgs {
  return { description, enableKeyRotation: true, deletionWindowInDays: 30, policy, tags };
}
