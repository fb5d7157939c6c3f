import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const owner = new pulumi.Config().require("owner");
const topic = new aws.sns.Topic("alerts", { kmsMasterKeyId: "alias/aws/sns", tags: { owner } });

export const topicArn = topic.arn;
