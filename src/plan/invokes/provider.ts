import * as pulumi from "@pulumi/pulumi";
import { digest } from "../ids";
import { availabilityZoneIds, availabilityZones, partitionOf } from "../regions";
import type { InvokeTable } from "./context";
import { dnsSuffix, ec2Filters, reverseDnsPrefix, str, strings } from "./common";
import { OPT_IN_REGIONS, REGION_NAMES, regionName } from "./region-names";

/** The `aws:index/*` lookups about the provider's own context: region, partition, caller, AZs, default tags. */
export const PROVIDER_INVOKES: InvokeTable = {
  "aws:index/getAvailabilityZones:getAvailabilityZones": (c) => {
    const exclude = new Set([...strings(c.inputs.excludeNames), ...strings(c.inputs.excludeZoneIds)]);
    const names = availabilityZones(c.region);
    const ids = availabilityZoneIds(c.region);
    const keep = names.map((n, i) => !exclude.has(n) && !exclude.has(ids[i]!));
    return {
      id: c.region,
      names: names.filter((_n, i) => keep[i]),
      zoneIds: ids.filter((_n, i) => keep[i]),
      groupNames: names.filter((_n, i) => keep[i]).map(() => c.region),
      region: c.region,
      state: c.inputs.state ?? "available",
    };
  },
  "aws:index/getRegion:getRegion": (c) => {
    // `name` and `id` are the deprecated spellings of the region asked for.
    const region = str(c.inputs.name) ?? str(c.inputs.id) ?? c.region;
    return {
      id: region,
      name: region,
      region,
      endpoint: `ec2.${region}.${dnsSuffix(partitionOf(region))}`,
      description: regionName(region) ?? region,
    };
  },
  "aws:index/getRegions:getRegions": (c) => {
    const all = c.inputs.allRegions === true;
    const optIn = ec2Filters(c).get("opt-in-status");
    const names = Object.keys(REGION_NAMES)
      .filter((r) => partitionOf(r) === c.partition)
      .filter((r) => {
        // The stack's own region is enabled, or the program could not run there.
        const status = !OPT_IN_REGIONS.has(r) ? "opt-in-not-required" : r === c.region ? "opted-in" : "not-opted-in";
        if (optIn !== undefined) return optIn.includes(status);
        return all || status !== "not-opted-in";
      })
      .sort();
    return { id: c.partition, names, allRegions: c.inputs.allRegions, filters: c.inputs.filters };
  },
  "aws:index/getCallerIdentity:getCallerIdentity": (c) => ({
    id: c.account,
    accountId: c.account,
    arn: `arn:${c.partition}:sts::${c.account}:assumed-role/paved-plan/offline`,
    userId: `AROA${digest(c.account).slice(0, 17).toUpperCase()}:offline`,
  }),
  "aws:index/getPartition:getPartition": (c) => ({
    id: c.partition,
    partition: c.partition,
    dnsSuffix: dnsSuffix(c.partition),
    reverseDnsPrefix: reverseDnsPrefix(c.partition),
  }),
  // The provider returns its own `defaultTags` setting; offline that is the stack's `aws:defaultTags` config.
  "aws:index/getDefaultTags:getDefaultTags": (c) => ({ id: c.partition, tags: configuredDefaultTags() }),
};

function configuredDefaultTags(): Record<string, string> {
  const raw = pulumi.runtime.getConfig("aws:defaultTags");
  if (raw === undefined) return {};
  try {
    const parsed = JSON.parse(raw) as { tags?: unknown };
    const tags = parsed.tags;
    if (tags === null || typeof tags !== "object" || Array.isArray(tags)) return {};
    return Object.fromEntries(Object.entries(tags).filter((e): e is [string, string] => typeof e[1] === "string"));
  } catch {
    return {};
  }
}
