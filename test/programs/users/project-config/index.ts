import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const config = new pulumi.Config();
const instanceCount = config.requireNumber("instanceCount");
const cidrBlock = config.require("cidrBlock");
const owner = config.require("owner");

const vpc = new aws.ec2.Vpc("workers", { cidrBlock, tags: { owner } });
const zones = aws.getAvailabilityZonesOutput({ state: "available" });
const subnets: aws.ec2.Subnet[] = [];
for (let i = 0; i < instanceCount; i++) {
  subnets.push(new aws.ec2.Subnet(`workers-${i}`, {
    vpcId: vpc.id,
    cidrBlock: `10.70.${i}.0/24`,
    availabilityZone: zones.names[i % 3],
  }));
}

export const region = aws.config.region;
export const count = instanceCount;
export const cidr = cidrBlock;
export const ownerTag = owner;
export const firstZone = zones.names[0];
