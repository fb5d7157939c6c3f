import { PolicyPack } from "@pulumi/policy";
import { toCrossGuard } from "../crossguard";
import { encryptionPack } from "../rules";

// Served by `pulumi preview --policy-pack policies/encryption`; each rule keeps its own default level.
new PolicyPack(encryptionPack.name, { description: encryptionPack.description, policies: toCrossGuard(encryptionPack) });
