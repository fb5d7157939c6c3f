import { definedOnly } from "../../src/environment";
import { checkInt, issue, type Issue } from "../../src/issues";
import { isLogRetention, LOG_RETENTION_DAYS } from "../../src/retention";
import { checkBool, checkOneOf, validateCommon } from "../../src/validate-common";
import { FLOW_LOG_TRAFFIC, NAT_MODES, type VpcArgs } from "./args";
import { validateVpcCidr } from "./cidr";
import { VPC_PRESETS, type VpcSettings } from "./presets";

/** Regions have at most six AZs. */
export const MAX_AZ_COUNT = 6;

const AZ_NAME = /^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/;
const GRAVITON_TYPE = /^[a-z]+\d+[a-z]*g[a-z]*\.[a-z0-9]+$/;

/** The preset for the environment, overridden by every arg that was given. */
export function resolveVpcSettings(args: VpcArgs): VpcSettings {
  return {
    ...VPC_PRESETS[args.environment],
    ...definedOnly({
      cidrBlock: args.cidrBlock,
      azCount: args.azCount ?? args.availabilityZones?.length,
      nat: args.nat,
      natInstanceType: args.natInstanceType,
      gatewayEndpoints: args.endpoints?.gateway,
      interfaceEndpoints: args.endpoints?.interface,
      flowLogs: args.flowLogs?.enabled,
      flowLogRetentionDays: args.flowLogs?.retentionDays,
      flowLogTrafficType: args.flowLogs?.trafficType,
      protect: args.protect,
    }),
  };
}

/** Every problem with the args, each naming its path. Pure: also run on the stack config. */
export function validateVpcArgs(args: Partial<Record<keyof VpcArgs, unknown>>): Issue[] {
  const out = validateCommon(args);
  if (args.cidrBlock !== undefined) out.push(...validateVpcCidr("cidrBlock", args.cidrBlock));
  if (args.azCount !== undefined) {
    out.push(...(typeof args.azCount === "number" ? checkInt("azCount", args.azCount, 1, MAX_AZ_COUNT) : [issue("azCount", args.azCount, `an integer 1–${MAX_AZ_COUNT}`)]));
  }
  const azs = args.availabilityZones;
  if (azs !== undefined) {
    if (!Array.isArray(azs) || azs.some((z) => typeof z !== "string" || !AZ_NAME.test(z))) {
      out.push(issue("availabilityZones", azs, "a list of AZ names such as [\"eu-west-1a\", \"eu-west-1b\"]"));
    } else {
      if (new Set(azs).size !== azs.length) out.push(issue("availabilityZones", azs, "each AZ at most once"));
      if (azs.length < 1 || azs.length > MAX_AZ_COUNT) out.push(issue("availabilityZones", `${azs.length} AZs`, `1–${MAX_AZ_COUNT} AZs`));
      if (typeof args.azCount === "number" && args.azCount !== azs.length) {
        out.push(issue("availabilityZones", `${azs.length} AZs`, `exactly azCount (${args.azCount}) AZs, or leave azCount out`));
      }
      const regions = new Set(azs.map((z: string) => z.slice(0, -1)));
      if (regions.size > 1) out.push(issue("availabilityZones", azs, "AZs of a single region"));
    }
  }
  out.push(...checkOneOf("nat", args.nat, NAT_MODES));
  if (args.natInstanceType !== undefined && (typeof args.natInstanceType !== "string" || !GRAVITON_TYPE.test(args.natInstanceType))) {
    out.push(issue("natInstanceType", args.natInstanceType, "an arm64 (Graviton) instance type such as \"t4g.nano\""));
  }
  out.push(...checkBool("protect", args.protect));
  const ep = args.endpoints as Record<string, unknown> | undefined;
  if (ep !== undefined) {
    out.push(...checkBool("endpoints.gateway", ep.gateway), ...checkBool("endpoints.interface", ep.interface));
  }
  const fl = args.flowLogs as Record<string, unknown> | undefined;
  if (fl !== undefined) {
    out.push(...checkBool("flowLogs.enabled", fl.enabled), ...checkOneOf("flowLogs.trafficType", fl.trafficType, FLOW_LOG_TRAFFIC));
    if (fl.retentionDays !== undefined && !isLogRetention(fl.retentionDays)) {
      out.push(issue("flowLogs.retentionDays", fl.retentionDays, `one of ${LOG_RETENTION_DAYS.join(", ")}`));
    }
  }
  return out;
}
