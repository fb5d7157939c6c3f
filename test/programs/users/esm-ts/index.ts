import * as aws from "@pulumi/aws";
import { bucketName } from "./names.js";

const identity = await aws.getCallerIdentity();

const assets = new aws.s3.Bucket("assets", { bucket: bucketName("assets", identity.accountId) });

new aws.s3.BucketServerSideEncryptionConfiguration("assets", {
  bucket: assets.id,
  rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true }],
});

new aws.s3.BucketPublicAccessBlock("assets", {
  bucket: assets.id,
  blockPublicAcls: true,
  blockPublicPolicy: true,
  ignorePublicAcls: true,
  restrictPublicBuckets: true,
});

const tlsOnly = aws.iam.getPolicyDocumentOutput({
  statements: [{
    sid: "DenyInsecureTransport",
    effect: "Deny",
    principals: [{ type: "*", identifiers: ["*"] }],
    actions: ["s3:*"],
    resources: [assets.arn, assets.arn.apply((arn) => `${arn}/*`)],
    conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
  }],
});
new aws.s3.BucketPolicy("assets", { bucket: assets.id, policy: tlsOnly.json });

export const bucket = assets.bucket;
export const account = identity.accountId;
