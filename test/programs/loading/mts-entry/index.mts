import * as aws from "@pulumi/aws";
import { prefix } from "./naming.mjs";

const queue = new aws.sqs.Queue(prefix("jobs"), { messageRetentionSeconds: 86400 });

export const queueName = queue.name;
