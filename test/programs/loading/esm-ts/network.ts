import * as aws from "@pulumi/aws";
import { flowLogs } from "./flow-logs.js";

export function network(name: string, zones: readonly string[]): { vpc: aws.ec2.Vpc; subnets: aws.ec2.Subnet[] } {
  const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: "10.20.0.0/16", tags: { flowLogs: flowLogs.name } });
  const subnets = zones.map((zone, i) => new aws.ec2.Subnet(`${name}-${i}`, { vpcId: vpc.id, cidrBlock: `10.20.${i}.0/24`, availabilityZone: zone }));
  return { vpc, subnets };
}
