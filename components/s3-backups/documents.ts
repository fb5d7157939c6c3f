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

/** Lets AWS Backup publish vault events to the topic, for this account only. */
export function backupTopicPolicy(topicArn: string, accountId: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "BackupPublishes", Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "SNS:Publish", Resource: topicArn, Condition: { StringEquals: { "aws:SourceAccount": accountId } } },
      { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "SNS:Publish", Resource: topicArn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ],
  });
}
