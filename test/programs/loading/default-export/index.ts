import * as aws from "@pulumi/aws";

export default async () => {
  const region = await aws.getRegion();
  const reports = new aws.s3.Bucket("reports", { tags: { region: region.region } });
  return { reportsBucket: reports.bucket, regionName: region.region };
};
