import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const tags = { service: "reports", owner: "team-data", environment: pulumi.getStack(), "cost-center": "cc-77" };

// aws 6 names: BucketV2 and its *V2 companion resources.
const reports = new aws.s3.BucketV2("reports", { tags });
new aws.s3.BucketServerSideEncryptionConfigurationV2("reports", {
  bucket: reports.id,
  rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
});
new aws.s3.BucketVersioningV2("reports", { bucket: reports.id, versioningConfiguration: { status: "Enabled" } });

const zones = aws.getAvailabilityZonesOutput({ state: "available" });
const vpc = new aws.ec2.Vpc("data", { cidrBlock: "10.60.0.0/16", enableDnsHostnames: true, tags });
const subnets = [0, 1].map((i) => new aws.ec2.Subnet(`data-${i}`, {
  vpcId: vpc.id,
  cidrBlock: `10.60.${i}.0/24`,
  availabilityZone: zones.names[i],
  tags,
}));

// aws 6 still reads the region as aws.config.region and getRegion().name.
const region = aws.getRegionOutput();

export const bucketName = reports.bucket;
export const subnetIds = subnets.map((s) => s.id);
export const regionName = region.name;
