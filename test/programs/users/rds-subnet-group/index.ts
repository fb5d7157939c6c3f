import * as aws from "@pulumi/aws";

const zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

const vpc = new aws.ec2.Vpc("data", { cidrBlock: "10.9.0.0/16", enableDnsHostnames: true });

// Private subnets: one route table with no route out.
const privateRoutes = new aws.ec2.RouteTable("data-private", { vpcId: vpc.id });
const subnets = zones.map((zone, i) => new aws.ec2.Subnet(`data-${zone}`, {
  vpcId: vpc.id,
  cidrBlock: `10.9.${i}.0/24`,
  availabilityZone: zone,
  mapPublicIpOnLaunch: false,
}));
subnets.forEach((subnet, i) => new aws.ec2.RouteTableAssociation(`data-${i}`, { subnetId: subnet.id, routeTableId: privateRoutes.id }));

const group = new aws.rds.SubnetGroup("orders", { subnetIds: subnets.map((s) => s.id) });

export const subnetGroupName = group.name;
