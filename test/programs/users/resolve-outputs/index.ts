import * as aws from "@pulumi/aws";

const dlq = new aws.sqs.Queue("jobs-dlq", { sqsManagedSseEnabled: true, messageRetentionSeconds: 1209600 });
const jobs = new aws.sqs.Queue("jobs", {
  sqsManagedSseEnabled: true,
  redrivePolicy: dlq.arn.apply((arn) => JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 5 })),
});
const table = new aws.dynamodb.Table("jobs", {
  billingMode: "PAY_PER_REQUEST",
  hashKey: "id",
  attributes: [{ name: "id", type: "S" }],
  serverSideEncryption: { enabled: true },
});

// ARNs are arn:partition:service:region:account:resource.
export const queueRegion = jobs.arn.apply((arn) => arn.split(":")[3]);
export const queueAccount = jobs.arn.apply((arn) => arn.split(":")[4]);
export const tableName = table.name.apply((n) => n.toUpperCase());
export const queueHost = jobs.url.apply((u) => new URL(u).host);
