import * as aws from "@pulumi/aws";
import { bucket } from "./lib/bucket.js";

const region = await aws.getRegion();
const assets = bucket("assets");

export const assetsBucket = assets.bucket;
export const regionName = region.region;
