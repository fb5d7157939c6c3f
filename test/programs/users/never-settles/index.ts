import * as aws from "@pulumi/aws";

// A helper that was meant to look the name up somewhere, and never calls resolve.
function lookupQueueName(): Promise<string> {
  return new Promise<string>(() => {});
}

const jobs = new aws.sqs.Queue("jobs", { name: lookupQueueName(), sqsManagedSseEnabled: true });
const dlq = new aws.sqs.Queue("jobs-dlq", { sqsManagedSseEnabled: true });

export const queueUrl = jobs.url;
export const dlqUrl = dlq.url;
