import * as fs from "node:fs";
import * as aws from "@pulumi/aws";

// The template is read from the project folder, where Pulumi runs the program.
const legacy = new aws.cloudformation.Stack("legacy-queue", {
  templateBody: fs.readFileSync("template.yaml", "utf8"),
  capabilities: [],
  onFailure: "ROLLBACK",
});

const alarm = new aws.cloudwatch.MetricAlarm("legacy-queue-age", {
  namespace: "AWS/SQS",
  metricName: "ApproximateAgeOfOldestMessage",
  statistic: "Maximum",
  period: 300,
  evaluationPeriods: 1,
  threshold: 3600,
  comparisonOperator: "GreaterThanThreshold",
});

export const queueUrl = legacy.outputs.apply((o) => o["QueueUrl"]);
export const alarmName = alarm.name;
