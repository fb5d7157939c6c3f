/** Regions of the commercial partition that exist even where @pulumi/aws is absent (paved check on a machine without it). */
const FALLBACK = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-southeast-1", "ap-southeast-2", "ap-south-1", "sa-east-1", "ca-central-1"];

/**
 * The regions the AWS provider accepts (its `Region` enum, generated from the
 * provider schema), read when @pulumi/aws is installed: a region it lists but
 * the offline plan's AZ table lacks gets three invented AZs there.
 */
function providerRegions(): readonly string[] {
  try {
    const enums = require("@pulumi/aws/types/enums") as { Region?: Record<string, string> };
    return Object.values(enums.Region ?? {});
  } catch {
    return [];
  }
}
let regions: readonly string[] | undefined;
export function awsRegions(): readonly string[] {
  regions ??= [...new Set([...FALLBACK, ...providerRegions()])].sort();
  return regions;
}


/** The partition of a region (the AWS General Reference lists them; the ISO ones by prefix). */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  if (region.startsWith("us-isof-")) return "aws-iso-f";
  if (region.startsWith("eu-isoe-")) return "aws-iso-e";
  if (region.startsWith("us-iso-")) return "aws-iso";
  if (region.startsWith("eusc-")) return "aws-eusc";
  return "aws";
}
