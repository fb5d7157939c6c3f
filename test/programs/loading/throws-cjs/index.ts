import * as aws from "@pulumi/aws";
import { requireRetention } from "./checks.js";

const logs = new aws.cloudwatch.LogGroup("app", { retentionInDays: requireRetention(3) });

export const logGroup = logs.name;
