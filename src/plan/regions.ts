import { awsRegions, partitionOf } from "../aws/regions";
import { UserError } from "../errors";
import { closest } from "../suggest";

export { partitionOf };
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
  // Other partitions (AWS China and GovCloud user guides list these AZs).
  "cn-north-1": "abd",
  "cn-northwest-1": "abc",
  "us-gov-west-1": "abc",
  "us-gov-east-1": "abc",
};

export const KNOWN_REGIONS: readonly string[] = Object.keys(AZ_LETTERS);

export function isKnownRegion(region: string): boolean {
  return awsRegions().includes(region);
}

/** The region's AZs as the offline plan answers them; an unknown region is the user's error (exit 2), with the nearest name. */
export function availabilityZones(region: string): string[] {
  const letters = AZ_LETTERS[region] ?? (isKnownRegion(region) ? "abc" : undefined);
  if (letters === undefined) {
    const hint = closest(region, awsRegions());
    throw new UserError(`aws:region: found ${JSON.stringify(region)}; allowed a region the AWS provider knows${hint ? ` (did you mean "${hint}"?)` : ""}: ${awsRegions().join(", ")}`);
  }
  return [...letters].map((l) => `${region}${l}`);
}

/** AZ ids (use1-az1…) are account-specific in reality; a stable mapping is enough offline. */
export function availabilityZoneIds(region: string): string[] {
  const short = region.replace(/^(\w\w)-(\w)\w*-(\d)$/, (_m, a: string, b: string, n: string) => `${a}${b}${n}`);
  return availabilityZones(region).map((_z, i) => `${short}-az${i + 1}`);
}

