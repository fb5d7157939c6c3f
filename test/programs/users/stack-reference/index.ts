import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config();
const network = new pulumi.StackReference(config.require("networkStack"));

const vpcId = network.requireOutput("vpcId") as pulumi.Output<string>;
const privateSubnetIds = network.getOutput("privateSubnetIds") as pulumi.Output<string[]>;

const app = new aws.ec2.SecurityGroup("billing-app", {
  vpcId,
  description: "billing app",
  ingress: [{ protocol: "tcp", fromPort: 8443, toPort: 8443, cidrBlocks: ["10.0.0.0/8"] }],
  egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
});

const targets = new aws.lb.TargetGroup("billing", { vpcId, port: 8443, protocol: "HTTPS", targetType: "ip" });

const lb = new aws.lb.LoadBalancer("billing", {
  internal: true,
  loadBalancerType: "application",
  subnets: privateSubnetIds,
  securityGroups: [app.id],
});

export const firstSubnet = privateSubnetIds.apply((ids) => ids[0]);
export const loadBalancerDns = lb.dnsName;
export const targetGroupArn = targets.arn;
