/**
 * Input properties whose change makes the AWS provider replace the resource
 * (ForceNew in its schema), for the types Paved's components create and their
 * common neighbours. A path covers everything below it (`vpcConfig` covers
 * `vpcConfig.subnetIds`).
 */
export const REPLACE_PROPS: Readonly<Record<string, readonly string[]>> = {
  "aws:ec2/vpc:Vpc": ["cidrBlock", "instanceTenancy", "ipv4IpamPoolId", "ipv4NetmaskLength"],
  "aws:ec2/subnet:Subnet": ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId", "outpostArn"],
  "aws:ec2/natGateway:NatGateway": ["allocationId", "subnetId", "connectivityType", "privateIp"],
  "aws:ec2/eip:Eip": ["domain", "networkBorderGroup", "publicIpv4Pool", "customerOwnedIpv4Pool"],
  "aws:ec2/routeTable:RouteTable": ["vpcId"],
  "aws:ec2/route:Route": ["routeTableId", "destinationCidrBlock", "destinationIpv6CidrBlock", "destinationPrefixListId"],
  "aws:ec2/routeTableAssociation:RouteTableAssociation": ["subnetId", "gatewayId"],
  "aws:ec2/securityGroup:SecurityGroup": ["name", "namePrefix", "description", "vpcId"],
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ["vpcId"],
  "aws:ec2/securityGroupRule:SecurityGroupRule": ["type", "fromPort", "toPort", "protocol", "cidrBlocks", "ipv6CidrBlocks", "sourceSecurityGroupId", "securityGroupId", "self", "prefixListIds"],
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ["securityGroupId"],
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ["securityGroupId"],
  "aws:ec2/vpcEndpoint:VpcEndpoint": ["vpcId", "serviceName", "vpcEndpointType"],
  "aws:ec2/flowLog:FlowLog": ["vpcId", "subnetId", "eniId", "trafficType", "logDestination", "logDestinationType", "logGroupName", "iamRoleArn", "maxAggregationInterval", "logFormat", "destinationOptions"],
  "aws:ec2/instance:Instance": ["ami", "availabilityZone", "subnetId", "associatePublicIpAddress", "privateIp", "keyName", "tenancy", "placementGroup", "rootBlockDevice.encrypted", "rootBlockDevice.kmsKeyId", "ebsBlockDevices", "ephemeralBlockDevices", "networkInterfaces", "hostId"],
  "aws:ec2/launchTemplate:LaunchTemplate": ["name", "namePrefix"],
  "aws:kms/key:Key": ["customerMasterKeySpec", "keySpec", "keyUsage", "multiRegion", "customKeyStoreId", "xksKeyId"],
  "aws:kms/alias:Alias": ["name", "namePrefix"],
  "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix", "logGroupClass"],
  "aws:cloudwatch/metricAlarm:MetricAlarm": ["name"],
  "aws:iam/role:Role": ["name", "namePrefix", "path"],
  "aws:iam/rolePolicy:RolePolicy": ["name", "namePrefix", "role"],
  "aws:iam/policy:Policy": ["name", "namePrefix", "path", "description"],
  "aws:rds/subnetGroup:SubnetGroup": ["name", "namePrefix"],
  "aws:rds/parameterGroup:ParameterGroup": ["name", "namePrefix", "family", "description"],
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": ["name", "namePrefix", "family", "description"],
  "aws:rds/instance:Instance": ["identifier", "identifierPrefix", "engine", "dbSubnetGroupName", "kmsKeyId", "storageEncrypted", "availabilityZone", "characterSetName", "ncharCharacterSetName", "dbName", "username", "timezone", "replicateSourceDb", "customIamInstanceProfile"],
  "aws:rds/cluster:Cluster": ["clusterIdentifier", "clusterIdentifierPrefix", "engine", "engineMode", "kmsKeyId", "storageEncrypted", "availabilityZones", "databaseName", "masterUsername", "dbSubnetGroupName", "snapshotIdentifier"],
  "aws:rds/clusterInstance:ClusterInstance": ["identifier", "identifierPrefix", "clusterIdentifier", "engine", "availabilityZone", "dbSubnetGroupName"],
  "aws:elasticache/subnetGroup:SubnetGroup": ["name"],
  "aws:elasticache/parameterGroup:ParameterGroup": ["name", "family", "description"],
  "aws:elasticache/replicationGroup:ReplicationGroup": ["replicationGroupId", "subnetGroupName", "atRestEncryptionEnabled", "kmsKeyId", "port", "snapshotArns", "snapshotName", "preferredCacheClusterAzs", "networkType"],
  "aws:elasticache/cluster:Cluster": ["clusterId", "engine", "subnetGroupName", "port", "availabilityZone", "snapshotArns", "snapshotName"],
  "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix", "objectLockEnabled"],
  "aws:s3/bucketV2:BucketV2": ["bucket", "bucketPrefix", "objectLockEnabled"],
  "aws:backup/vault:Vault": ["name", "kmsKeyArn"],
  "aws:secretsmanager/secret:Secret": ["name", "namePrefix"],
  "aws:dynamodb/table:Table": ["name", "hashKey", "rangeKey", "localSecondaryIndexes"],
  "aws:efs/fileSystem:FileSystem": ["creationToken", "encrypted", "kmsKeyId", "performanceMode", "availabilityZoneName"],
  "aws:sns/topic:Topic": ["name", "namePrefix", "fifoTopic"],
  "aws:sqs/queue:Queue": ["name", "namePrefix", "fifoQueue"],
  "aws:ecr/repository:Repository": ["name", "encryptionConfigurations"],
  "aws:ecs/cluster:Cluster": ["name"],
  "aws:ecs/service:Service": ["name", "cluster", "launchType", "iamRole", "schedulingStrategy"],
  "aws:ecs/taskDefinition:TaskDefinition": ["family", "containerDefinitions", "cpu", "memory", "networkMode", "executionRoleArn", "taskRoleArn", "volumes", "runtimePlatform", "requiresCompatibilities", "pidMode", "ipcMode", "ephemeralStorage"],
  "aws:lb/loadBalancer:LoadBalancer": ["name", "namePrefix", "internal", "loadBalancerType", "customerOwnedIpv4Pool"],
  "aws:lb/targetGroup:TargetGroup": ["name", "namePrefix", "port", "protocol", "protocolVersion", "vpcId", "targetType"],
  "aws:eks/cluster:Cluster": ["name", "roleArn", "vpcConfig.subnetIds", "encryptionConfig", "kubernetesNetworkConfig", "outpostConfig"],
  "aws:eks/nodeGroup:NodeGroup": ["nodeGroupName", "nodeGroupNamePrefix", "clusterName", "subnetIds", "instanceTypes", "amiType", "capacityType", "diskSize", "nodeRoleArn", "remoteAccess"],
  "aws:eks/fargateProfile:FargateProfile": ["fargateProfileName", "clusterName", "podExecutionRoleArn", "selectors", "subnetIds"],
  "aws:eks/addon:Addon": ["addonName", "clusterName"],
};

/**
 * Types whose deletion loses data or identity: databases, caches, buckets,
 * vaults, keys, clusters, log groups, secrets, queues, file systems.
 */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  "aws:rds/instance:Instance", "aws:rds/cluster:Cluster", "aws:rds/clusterInstance:ClusterInstance",
  "aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/cluster:Cluster", "aws:elasticache/serverlessCache:ServerlessCache",
  "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2",
  "aws:backup/vault:Vault",
  "aws:kms/key:Key",
  "aws:eks/cluster:Cluster", "aws:ecs/cluster:Cluster",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:secretsmanager/secret:Secret",
  "aws:dynamodb/table:Table", "aws:efs/fileSystem:FileSystem", "aws:ebs/volume:Volume",
  "aws:ecr/repository:Repository", "aws:sqs/queue:Queue", "aws:kinesis/stream:Stream",
  "aws:docdb/cluster:Cluster", "aws:redshift/cluster:Cluster", "aws:opensearch/domain:Domain",
]);

/** The first replace-forcing path that covers a changed path, if any. */
export function forcesReplacement(type: string, changedPath: string): string | undefined {
  return (REPLACE_PROPS[type] ?? []).find((p) => changedPath === p || changedPath.startsWith(`${p}.`) || changedPath.startsWith(`${p}[`) || p.startsWith(`${changedPath}.`));
}
