import * as aws from "@pulumi/aws";

// Every resource gets the org's tags from aws:defaultTags; resources add only their own.
const topic = new aws.sns.Topic("events", { kmsMasterKeyId: "alias/aws/sns", tags: { purpose: "events" } });
const queue = new aws.sqs.Queue("events", { sqsManagedSseEnabled: true, tags: { purpose: "events" } });
new aws.sns.TopicSubscription("events", { topic: topic.arn, protocol: "sqs", endpoint: queue.arn });

export const topicArn = topic.arn;
