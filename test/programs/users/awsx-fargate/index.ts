import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";

const config = new pulumi.Config();
const containerPort = config.getNumber("containerPort") ?? 80;
const desiredCount = config.getNumber("desiredCount") ?? 1;
const cpu = config.getNumber("cpu") ?? 512;
const memory = config.getNumber("memory") ?? 1024;
const tags = { service: "orders", owner: "team-orders", environment: pulumi.getStack(), "cost-center": "cc-123" };

// The network: awsx picks the AZs, subnets and NAT gateways.
const vpc = new awsx.ec2.Vpc("orders", {
  cidrBlock: "10.40.0.0/16",
  numberOfAvailabilityZones: 2,
  natGateways: { strategy: awsx.ec2.NatGatewayStrategy.Single },
  tags,
});

const cluster = new aws.ecs.Cluster("orders", {
  settings: [{ name: "containerInsights", value: "enabled" }],
  tags,
});

const lb = new awsx.lb.ApplicationLoadBalancer("orders", {
  subnetIds: vpc.publicSubnetIds,
  defaultTargetGroup: { port: containerPort, protocol: "HTTP", targetType: "ip", healthCheck: { path: "/healthz" } },
  tags,
});

// Only the load balancer reaches the tasks.
const tasks = new aws.ec2.SecurityGroup("orders-tasks", {
  vpcId: vpc.vpcId,
  description: "orders tasks",
  ingress: [{ protocol: "tcp", fromPort: containerPort, toPort: containerPort, cidrBlocks: ["10.40.0.0/16"] }],
  egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
  tags,
});

const service = new awsx.ecs.FargateService("orders", {
  cluster: cluster.arn,
  desiredCount,
  networkConfiguration: { subnets: vpc.privateSubnetIds, securityGroups: [tasks.id], assignPublicIp: false },
  taskDefinitionArgs: {
    container: {
      name: "orders",
      image: "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine",
      cpu,
      memory,
      essential: true,
      user: "101:101",
      portMappings: [{ containerPort, targetGroup: lb.defaultTargetGroup }],
    },
  },
  tags,
});

export const url = pulumi.interpolate`http://${lb.loadBalancer.dnsName}`;
export const vpcId = vpc.vpcId;
export const serviceName = service.service.name;
export const clusterName = cluster.name;
