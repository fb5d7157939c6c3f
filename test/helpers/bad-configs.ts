/** Kinds of bad stack config: [label, change to a valid config (undefined deletes), expected message]. */
export const BAD_CONFIGS: Array<[string, Record<string, unknown>, string]> = [
  ["wrong type", { "paved:vpc": { azCount: "three" } }, 'paved:vpc.azCount: found "three"; allowed a number'],
  ["unknown nested key", { "paved:vpc": { cidrBlok: "10.0.0.0/16" } }, 'paved:vpc.cidrBlok: unknown key (did you mean "cidrBlock"?); allowed keys: cidrBlock,'],
  ["unknown top-level key", { "paved:vcp": {} }, 'paved:vcp: unknown key (did you mean "vpc"?)'],
  ["unknown namespace", { "pavd:owner": "x" }, 'pavd:owner: unknown config namespace "pavd" (did you mean "paved:owner"?)'],
  ["out of range", { "paved:vpc": { azCount: 9 } }, "paved:vpc.azCount: found 9; allowed an integer 1–6"],
  ["bad enum", { "paved:environment": "production" }, 'paved:environment: found "production"; allowed "dev" | "staging" | "prod"'],
  ["missing required", { "paved:owner": undefined }, "paved:owner: found nothing (required); allowed a string"],
  ["bad CIDR", { "paved:vpc": { cidrBlock: "10.0.0.0/8" } }, 'paved:vpc.cidrBlock: found "10.0.0.0/8"; allowed a private IPv4 block /16–/23'],
  ["bad region", { "aws:region": "europe" }, 'aws:region: found "europe"; allowed an AWS region such as "eu-west-1"'],
  ["section of the wrong shape", { "paved:vpc": "big" }, 'paved:vpc: found "big"; allowed an object'],
  ["retention CloudWatch does not offer", { "paved:vpc": { flowLogs: { retentionDays: 13 } } }, "paved:vpc.flowLogs.retentionDays: found 13; allowed one of 1, 3, 5, 7, 14,"],
  ["empty string", { "paved:costCenter": "" }, 'paved:costCenter: found ""; allowed a non-empty string'],
  ["tag of the wrong type", { "paved:tags": { team: 1 } }, "paved:tags.team: found 1; allowed a string"],
  ["database value out of range", { "paved:database": { backupRetentionDays: 40 } }, "paved:database.backupRetentionDays: found 40; allowed an integer 1–35"],
  ["database unknown key", { "paved:database": { multiAZ: true } }, 'paved:database.multiAZ: unknown key (did you mean "multiAz"?)'],
  ["DR region equal to the stack's region", { "paved:drRegion": "eu-west-1" }, 'paved:drRegion: found "eu-west-1"; allowed an AWS region other than aws:region (eu-west-1)'],
];
