import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config();
const retentionDays = config.requireNumber("retentionDays");
const allowed = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365];

function checkRetention(days: number): number {
  if (!allowed.includes(days)) {
    // Our own guard: CloudWatch only takes certain values.
    throw new Error(`retentionDays must be one of ${allowed.join(", ")}; got ${days}`);
  }
  return days;
}

const logs = new aws.cloudwatch.LogGroup("app", { retentionInDays: checkRetention(retentionDays) });

export const logGroupName = logs.name;
