import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withTransform } from "../../src/transform";
import type { S3BackupsTransforms } from "./args";
import { tlsOnlyBucketPolicy } from "./documents";

export interface SecureBucketOptions {
  readonly name: string;
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly retentionDays: number;
  readonly objectLock: boolean;
  readonly tags: Record<string, string>;
  readonly opts: pulumi.CustomResourceOptions;
  readonly stateful: pulumi.CustomResourceOptions;
  readonly transform: S3BackupsTransforms;
}

/**
 * A versioned, KMS-encrypted (bucket key on), private, owner-enforced,
 * TLS-only bucket whose objects and old versions expire after the retention.
 */
export function secureBucket(o: SecureBucketOptions): { bucket: aws.s3.Bucket; versioning: aws.s3.BucketVersioning } {
  const bucket = withTransform((a, opts) => new aws.s3.Bucket(`${o.name}-bucket`, a, opts), {
    objectLockEnabled: o.objectLock,
    forceDestroy: false,
    tags: o.tags,
  }, o.stateful, o.transform.bucket);
  const child = o.opts;
  const versioning = new aws.s3.BucketVersioning(`${o.name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, child);
  new aws.s3.BucketServerSideEncryptionConfiguration(`${o.name}-encryption`, {
    bucket: bucket.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: o.kmsKeyArn }, bucketKeyEnabled: true }],
  }, child);
  new aws.s3.BucketPublicAccessBlock(`${o.name}-public-access`, {
    bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
  }, child);
  new aws.s3.BucketOwnershipControls(`${o.name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
  new aws.s3.BucketPolicy(`${o.name}-tls-only`, { bucket: bucket.id, policy: bucket.arn.apply(tlsOnlyBucketPolicy) }, child);
  withTransform((a, opts) => new aws.s3.BucketLifecycleConfiguration(`${o.name}-lifecycle`, a, opts), {
    bucket: bucket.id,
    rules: [{
      id: "expire-backups",
      status: "Enabled",
      filter: {},
      expiration: { days: o.retentionDays },
      noncurrentVersionExpiration: { noncurrentDays: o.retentionDays },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    }],
  }, { ...child, dependsOn: [versioning] }, o.transform.lifecycle);
  if (o.objectLock) {
    new aws.s3.BucketObjectLockConfiguration(`${o.name}-object-lock`, {
      bucket: bucket.id,
      rule: { defaultRetention: { mode: "GOVERNANCE", days: o.retentionDays } },
    }, { ...child, dependsOn: [versioning] });
  }
  return { bucket, versioning };
}
