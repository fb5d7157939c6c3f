import { PolicyPack } from "@pulumi/policy";
import { toCrossGuard } from "../crossguard";
import { advisoryPack } from "../rules";

// Served by `pulumi preview --policy-pack policies/advisory`; each rule keeps its own default level.
new PolicyPack(advisoryPack.name, { description: advisoryPack.description, policies: toCrossGuard(advisoryPack) });
