/**
 * `paved/policies`: the rule objects, the packs that group them, the
 * CrossGuard adapter, and the evaluator that `paved plan` and `paved check` use.
 * To serve the packs as they are, point CrossGuard at the compiled folders the package
 * ships (`--policy-pack node_modules/paved/dist/policies/<pack>`). A pack of your own that
 * imports this module must be JavaScript, or TypeScript with typescript >= 4.7 installed:
 * the policy runner's fallback compiler (3.8) cannot resolve package `exports`.
 * @module paved/policies
 */
export * from "./rules";
export * from "./rules/advisory";
export * from "./rules/ecs";
export * from "./rules/encryption";
export * from "./rules/kubernetes";
export * from "./rules/private-data";
export * from "./rules/encryption-services";
export * from "./rules/private-services";
export { toCrossGuard, type CrossGuardResourcePolicy, type CrossGuardStackPolicy } from "./crossguard";
export { evaluatePacks, guardUnknowns, UnknownValueError, UNKNOWN_VALUE } from "./model";
export type { Rule, ResourceRule, StackRule, RulePack, PolicyResource, PolicyConfig, StackFinding, UnknownCheck, Evaluation } from "./model";
