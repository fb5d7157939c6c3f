import * as aws from "@pulumi/aws";
import { logsBucket } from "./storage.js";
import { standardTags } from "./tags.js";

const data = new aws.s3.Bucket("data", { tags: standardTags("data") });
const logs = logsBucket("logs");

export const dataBucket = data.bucket;
export const logsBucketArn = logs.arn;
export const kind = "cjs-ts";
