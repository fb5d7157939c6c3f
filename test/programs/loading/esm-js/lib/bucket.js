import * as aws from "@pulumi/aws";

export function bucket(name) {
  return new aws.s3.Bucket(name, { forceDestroy: false });
}
