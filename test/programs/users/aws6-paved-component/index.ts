import { Vpc } from "paved";

const vpc = new Vpc("core", { environment: "dev", tags: { owner: "team-legacy", "cost-center": "cc-3" } });

export const vpcId = vpc.vpcId;
