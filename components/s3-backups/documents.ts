/** Pure policy documents of S3Backups. */

/** Denies every request to the bucket or its objects made without TLS. */
export function tlsOnlyBucketPolicy(bucketArn: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    }],
  });
}

export function assumeRolePolicy(service: string, accountId: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": accountId } } }],
  });
}

/** What S3 replication needs: read the source versions, write replicas, use both keys. */
export function replicationPolicy(source: string, destination: string, sourceKey: string, destinationKey: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: [source] },
      { Effect: "Allow", Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], Resource: [`${source}/*`] },
      { Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource: [`${destination}/*`] },
      { Effect: "Allow", Action: ["kms:Decrypt"], Resource: [sourceKey] },
      { Effect: "Allow", Action: ["kms:Encrypt", "kms:GenerateDataKey"], Resource: [destinationKey] },
    ],
  });
}

/**
 * Restore metadata overrides for restore tests of an RDS instance: private, in the given subnet
 * group and security groups. Keys are the overridable ones AWS Backup lists for RDS instances;
 * list values are JSON-array strings, since the overrides are a string map
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html).
 */
export function rdsRestoreOverrides(dbSubnetGroupName: string, securityGroupIds: readonly string[]): Record<string, string> {
  return { publiclyAccessible: "false", dbSubnetGroupName, vpcSecurityGroupIds: JSON.stringify([...securityGroupIds]) };
}
