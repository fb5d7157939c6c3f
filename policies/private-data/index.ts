import { PolicyPack } from "@pulumi/policy";
import { toCrossGuard } from "../crossguard";
import { privateDataPack } from "../rules";

// Served by `pulumi preview --policy-pack policies/private-data`; each rule keeps its own default level.
new PolicyPack(privateDataPack.name, { description: privateDataPack.description, policies: toCrossGuard(privateDataPack) });
