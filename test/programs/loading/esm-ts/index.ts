import * as aws from "@pulumi/aws";
import { network } from "./network.js";

const region = await aws.getRegion();
const zones = await aws.getAvailabilityZones({ state: "available" });
const identity = await aws.getCallerIdentity();

const app = network("app", zones.names.slice(0, 2));

export const regionName = region.region;
export const account = identity.accountId;
export const zoneNames = zones.names.slice(0, 2);
export const vpcId = app.vpc.id;
