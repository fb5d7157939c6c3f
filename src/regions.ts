/**
 * The AZ letters each region offers to a new account. The offline plan's
 * `getAvailabilityZones` mock answers from it, and components use it to reject
 * an impossible AZ count before creating anything.
 */
const AZ_LETTERS: Readonly<Record<string, string>> = {
  "us-east-1": "abcdef",
  "us-east-2": "abc",
  "us-west-1": "ac",
  "us-west-2": "abcd",
  "ca-central-1": "abd",
  "sa-east-1": "abc",
  "eu-west-1": "abc",
  "eu-west-2": "abc",
  "eu-west-3": "abc",
  "eu-central-1": "abc",
  "eu-central-2": "abc",
  "eu-north-1": "abc",
  "eu-south-1": "abc",
  "eu-south-2": "abc",
  "ap-south-1": "abc",
  "ap-south-2": "abc",
  "ap-northeast-1": "acd",
  "ap-northeast-2": "abcd",
  "ap-northeast-3": "abc",
  "ap-southeast-1": "abc",
  "ap-southeast-2": "abc",
  "ap-southeast-3": "abc",
  "ap-southeast-4": "abc",
  "ap-east-1": "abc",
  "me-south-1": "abc",
  "me-central-1": "abc",
  "af-south-1": "abc",
  "il-central-1": "abc",
};

export const KNOWN_REGIONS: readonly string[] = Object.keys(AZ_LETTERS);

export function isKnownRegion(region: string): boolean {
  return Object.prototype.hasOwnProperty.call(AZ_LETTERS, region);
}

export function availabilityZones(region: string): string[] {
  const letters = AZ_LETTERS[region];
  if (letters === undefined) {
    throw new Error(`offline plan: unknown AWS region "${region}"; known: ${KNOWN_REGIONS.join(", ")}`);
  }
  return [...letters].map((l) => `${region}${l}`);
}

/** AZ ids (use1-az1…) are account-specific in reality; a stable mapping is enough offline. */
export function availabilityZoneIds(region: string): string[] {
  const short = region.replace(/^(\w\w)-(\w)\w*-(\d)$/, (_m, a: string, b: string, n: string) => `${a}${b}${n}`);
  return availabilityZones(region).map((_z, i) => `${short}-az${i + 1}`);
}

export function partitionOf(region: string): "aws" | "aws-cn" | "aws-us-gov" {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}
