import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config();
const apiToken = config.requireSecret("apiToken");

const key = new aws.kms.Key("ledger", { enableKeyRotation: true, deletionWindowInDays: 7 });
const secret = new aws.secretsmanager.Secret("api-token", { kmsKeyId: key.arn });
new aws.secretsmanager.SecretVersion("api-token", { secretId: secret.id, secretString: apiToken });

export const token = apiToken;
export const tokenLength = apiToken.apply((t) => t.length);
