/**
 * `paved/policies`: the rule objects, the packs that group them, the
 * CrossGuard adapter, and the evaluator that `paved plan` and `paved check` use.
 * Serve a pack from your own policy pack folder:
 *
 *   import { PolicyPack } from "@pulumi/policy";
 *   import { encryptionPack, toCrossGuard } from "paved/policies";
 *   new PolicyPack(encryptionPack.name, { policies: toCrossGuard(encryptionPack) });
 */
export * from "./rules";
export * from "./rules/advisory";
export * from "./rules/ecs";
export * from "./rules/encryption";
export * from "./rules/kubernetes";
export * from "./rules/private-data";
export { toCrossGuard } from "./crossguard";
export { evaluatePacks, guardUnknowns, UnknownValueError, UNKNOWN_VALUE } from "../src/plan/policy";
export type { Rule, ResourceRule, StackRule, RulePack, PolicyResource, PolicyConfig, StackFinding, UnknownCheck, Evaluation } from "../src/plan/policy";
