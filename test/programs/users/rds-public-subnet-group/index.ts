import * as aws from "@pulumi/aws";

const zones = ["eu-west-1a", "eu-west-1b"];
const vpc = new aws.ec2.Vpc("reports", { cidrBlock: "10.12.0.0/16", enableDnsHostnames: true });
const igw = new aws.ec2.InternetGateway("reports", { vpcId: vpc.id });

const publicRoutes = new aws.ec2.RouteTable("reports-public", { vpcId: vpc.id });
new aws.ec2.Route("reports-internet", { routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });
const publicSubnets = zones.map((zone, i) => new aws.ec2.Subnet(`reports-public-${i}`, {
  vpcId: vpc.id, cidrBlock: `10.12.${i}.0/24`, availabilityZone: zone,
}));
publicSubnets.forEach((s, i) => new aws.ec2.RouteTableAssociation(`reports-public-${i}`, { subnetId: s.id, routeTableId: publicRoutes.id }));

const privateRoutes = new aws.ec2.RouteTable("reports-private", { vpcId: vpc.id });
const privateSubnets = zones.map((zone, i) => new aws.ec2.Subnet(`reports-private-${i}`, {
  vpcId: vpc.id, cidrBlock: `10.12.${10 + i}.0/24`, availabilityZone: zone,
}));
privateSubnets.forEach((s, i) => new aws.ec2.RouteTableAssociation(`reports-private-${i}`, { subnetId: s.id, routeTableId: privateRoutes.id }));

// The mistake: the database's subnet group uses the public subnets.
const group = new aws.rds.SubnetGroup("reports", { subnetIds: publicSubnets.map((s) => s.id) });

export const subnetGroupName = group.name;
