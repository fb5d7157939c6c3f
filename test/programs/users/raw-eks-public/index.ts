import * as aws from "@pulumi/aws";

const zones = aws.getAvailabilityZonesOutput({ state: "available" });

const vpc = new aws.ec2.Vpc("eks", { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true });
const subnets = [0, 1].map((i) => new aws.ec2.Subnet(`eks-${i}`, {
  vpcId: vpc.id,
  cidrBlock: `10.0.${i}.0/24`,
  availabilityZone: zones.names[i],
}));

const clusterRole = new aws.iam.Role("eks-cluster", {
  assumeRolePolicy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
  }),
});
new aws.iam.RolePolicyAttachment("eks-cluster-policy", {
  role: clusterRole.name,
  policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
});

// The API endpoint is public and, with no publicAccessCidrs, open to 0.0.0.0/0.
const cluster = new aws.eks.Cluster("main", {
  roleArn: clusterRole.arn,
  version: "1.31",
  vpcConfig: {
    subnetIds: subnets.map((s) => s.id),
    endpointPublicAccess: true,
    endpointPrivateAccess: true,
  },
});

// "Temporarily" open Postgres to the world.
const db = new aws.ec2.SecurityGroup("db", {
  vpcId: vpc.id,
  description: "postgres",
  ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }],
});

export const endpoint = cluster.endpoint;
export const dbSecurityGroup = db.id;
