import type { Environment } from "../../src/environment";
import type { NatMode } from "./args";

export interface VpcSettings {
  readonly cidrBlock: string;
  readonly azCount: number;
  readonly nat: NatMode;
  readonly natInstanceType: string;
  readonly gatewayEndpoints: boolean;
  readonly interfaceEndpoints: boolean;
  readonly flowLogs: boolean;
  readonly flowLogRetentionDays: number;
  readonly flowLogTrafficType: "ALL" | "ACCEPT" | "REJECT";
  readonly protect: boolean;
}

/** Every default of the Vpc, per environment. Each must pass the policy packs. */
export const VPC_PRESETS = {
  dev: {
    cidrBlock: "10.10.0.0/16", azCount: 2, nat: "instance", natInstanceType: "t4g.nano",
    gatewayEndpoints: true, interfaceEndpoints: false,
    flowLogs: true, flowLogRetentionDays: 14, flowLogTrafficType: "ALL", protect: false,
  },
  staging: {
    cidrBlock: "10.20.0.0/16", azCount: 3, nat: "single", natInstanceType: "t4g.nano",
    gatewayEndpoints: true, interfaceEndpoints: true,
    flowLogs: true, flowLogRetentionDays: 90, flowLogTrafficType: "ALL", protect: false,
  },
  prod: {
    cidrBlock: "10.30.0.0/16", azCount: 3, nat: "perAz", natInstanceType: "t4g.nano",
    gatewayEndpoints: true, interfaceEndpoints: true,
    flowLogs: true, flowLogRetentionDays: 365, flowLogTrafficType: "ALL", protect: true,
  },
} as const satisfies Record<Environment, VpcSettings>;
