import { PolicyPack } from "@pulumi/policy";
import { toCrossGuard } from "../crossguard";
import { nonRootPack } from "../rules";

// Served by `pulumi preview --policy-pack policies/non-root`; each rule keeps its own default level.
new PolicyPack(nonRootPack.name, { description: nonRootPack.description, policies: toCrossGuard(nonRootPack) });
