/**
 * The IAM path of AWS managed policies that programs commonly look up by name.
 * Their ARN is arn:<partition>:iam::aws:policy<path><name>; each policy's page in
 * the AWS Managed Policy Reference Guide gives its ARN (e.g. AmazonEBSCSIDriverPolicy
 * and AmazonEFSCSIDriverPolicy under /service-role/, the EKS cluster and node
 * policies at the root).
 */
export const AWS_MANAGED_POLICY_PATHS: Readonly<Record<string, string>> = {
  AdministratorAccess: "/",
  PowerUserAccess: "/",
  ReadOnlyAccess: "/",
  IAMReadOnlyAccess: "/",
  AmazonS3FullAccess: "/",
  AmazonS3ReadOnlyAccess: "/",
  AmazonEC2FullAccess: "/",
  AmazonEC2ReadOnlyAccess: "/",
  AmazonDynamoDBFullAccess: "/",
  AmazonSQSFullAccess: "/",
  CloudWatchAgentServerPolicy: "/",
  CloudWatchLogsFullAccess: "/",
  SecretsManagerReadWrite: "/",
  AmazonSSMManagedInstanceCore: "/",
  AWSXRayDaemonWriteAccess: "/",
  AmazonEC2ContainerRegistryReadOnly: "/",
  AmazonEC2ContainerRegistryPullOnly: "/",
  AmazonEKSClusterPolicy: "/",
  AmazonEKSServicePolicy: "/",
  AmazonEKSWorkerNodePolicy: "/",
  AmazonEKSWorkerNodeMinimalPolicy: "/",
  AmazonEKS_CNI_Policy: "/",
  AmazonEKSVPCResourceController: "/",
  AmazonEKSFargatePodExecutionRolePolicy: "/",
  AmazonEKSComputePolicy: "/",
  AmazonEKSBlockStoragePolicy: "/",
  AmazonEKSLoadBalancingPolicy: "/",
  AmazonEKSNetworkingPolicy: "/",
  AWSLambdaBasicExecutionRole: "/service-role/",
  AWSLambdaVPCAccessExecutionRole: "/service-role/",
  AWSLambdaSQSQueueExecutionRole: "/service-role/",
  AWSLambdaDynamoDBExecutionRole: "/service-role/",
  AWSLambdaKinesisExecutionRole: "/service-role/",
  AmazonECSTaskExecutionRolePolicy: "/service-role/",
  AmazonEC2ContainerServiceforEC2Role: "/service-role/",
  AmazonEC2RoleforSSM: "/service-role/",
  AmazonEBSCSIDriverPolicy: "/service-role/",
  AmazonEFSCSIDriverPolicy: "/service-role/",
  AmazonRDSEnhancedMonitoringRole: "/service-role/",
  ViewOnlyAccess: "/job-function/",
  Billing: "/job-function/",
  DatabaseAdministrator: "/job-function/",
  NetworkAdministrator: "/job-function/",
  SystemAdministrator: "/job-function/",
};

export function awsManagedPolicyPath(name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(AWS_MANAGED_POLICY_PATHS, name) ? AWS_MANAGED_POLICY_PATHS[name] : undefined;
}
