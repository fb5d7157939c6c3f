import * as aws from "@pulumi/aws";

// Created when the module is first evaluated: a second plan sees it only if this file is evaluated again.
export const flowLogs = new aws.cloudwatch.LogGroup("flow-logs", {
  retentionInDays: 30,
  kmsKeyId: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
});
