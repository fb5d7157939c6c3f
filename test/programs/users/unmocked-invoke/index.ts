import * as aws from "@pulumi/aws";

// The VPC belongs to the network team's CloudFormation stack.
const vpcId = aws.cloudformation.getExportOutput({ name: "shared-vpc-id" }).value;

const web = new aws.ec2.SecurityGroup("web", {
  vpcId,
  description: "web",
  ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
});

export const securityGroupId = web.id;
