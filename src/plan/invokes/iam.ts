import { digest } from "../ids";
import type { InvokeContext, InvokeTable } from "./context";
import { cannotKnow, pastDate, str, upperAlnum } from "./common";
import { awsManagedPolicyPath } from "./aws-managed-policies";
import { renderPolicyDocument } from "./iam-policy-document";

/**
 * IAM unique ids: a 4-letter prefix by kind and 17 upper-case alphanumerics
 * (IAM User Guide, "IAM identifiers" → unique identifier prefixes: AROA role,
 * ANPA managed policy).
 */
function uniqueId(prefix: "AROA" | "ANPA", seed: string): string {
  return `${prefix}${upperAlnum(`iam-id/${seed}`, 17)}`;
}

/** The offline caller's role id, as getCallerIdentity reports it in userId. */
function callerRoleId(account: string): string {
  return `AROA${digest(account).slice(0, 17).toUpperCase()}`;
}

const POLICY_ARN = /^arn:([\w-]+):iam::(aws|\d{12}):policy(\/(?:[^/]+\/)*)([^/]+)$/;

function policyResult(c: InvokeContext, arn: string, name: string, path: string): Record<string, unknown> {
  return {
    id: arn,
    arn,
    name,
    path,
    pathPrefix: c.inputs.pathPrefix,
    policyId: uniqueId("ANPA", arn),
    // The document, description and attachment count belong to the account (or AWS's current version): not modelled.
    policy: "",
    description: "",
    attachmentCount: 0,
    tags: {},
  };
}

export const IAM_INVOKES: InvokeTable = {
  "aws:iam/getPolicyDocument:getPolicyDocument": (c) => ({
    ...renderPolicyDocument(c.inputs),
    overrideJson: c.inputs.overrideJson,
    overridePolicyDocuments: c.inputs.overridePolicyDocuments,
    policyId: c.inputs.policyId,
    sourceJson: c.inputs.sourceJson,
    sourcePolicyDocuments: c.inputs.sourcePolicyDocuments,
    statements: c.inputs.statements,
    version: c.inputs.version ?? "2012-10-17",
  }),
  "aws:iam/getPolicy:getPolicy": (c) => {
    const arn = str(c.inputs.arn);
    if (arn !== undefined) {
      const m = POLICY_ARN.exec(arn);
      if (m === null) throw cannotKnow(c.token, `"${arn}" is not an IAM policy ARN (arn:<partition>:iam::<account|aws>:policy/<path><name>)`);
      return policyResult(c, arn, m[4]!, m[3]!);
    }
    const name = str(c.inputs.name);
    if (name === undefined) throw cannotKnow(c.token, "a getPolicy lookup without arn or name");
    const managed = awsManagedPolicyPath(name);
    if (managed !== undefined) return policyResult(c, `arn:${c.partition}:iam::aws:policy${managed}${name}`, name, managed);
    // Not an AWS managed policy Paved knows: the account's own, under the path asked for.
    const path = str(c.inputs.pathPrefix) ?? "/";
    return policyResult(c, `arn:${c.partition}:iam::${c.account}:policy${path}${name}`, name, path);
  },
  "aws:iam/getRole:getRole": (c) => {
    const name = str(c.inputs.name);
    if (name === undefined) throw cannotKnow(c.token, "a getRole lookup without a name");
    return {
      id: name,
      name,
      arn: `arn:${c.partition}:iam::${c.account}:role/${name}`,
      path: "/",
      uniqueId: uniqueId("AROA", `${c.account}/${name}`),
      createDate: pastDate(`role/${c.account}/${name}`),
      // IAM's default (CreateRole MaxSessionDuration defaults to 3600 seconds).
      maxSessionDuration: 3600,
      // Who may assume it and what it describes itself as are the account's: not modelled.
      assumeRolePolicy: "",
      description: "",
      permissionsBoundary: "",
      roleLastUseds: [],
      tags: c.inputs.tags ?? {},
    };
  },
  "aws:iam/getSessionContext:getSessionContext": (c) => {
    const arn = String(c.inputs.arn ?? "");
    const m = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/(.+)\/([^/]+)$/.exec(arn);
    // Not an assumed-role session: the ARN is its own issuer.
    if (m === null) return { id: arn, arn, issuerArn: arn, issuerId: "", issuerName: "", sessionName: "" };
    const [, partition, account, role, session] = m;
    const issuerArn = `arn:${partition}:iam::${account}:role/${role}`;
    const issuerId = account === c.account && role === "paved-plan" ? callerRoleId(account) : uniqueId("AROA", `${account}/${role}`);
    return { id: arn, arn, issuerArn, issuerId, issuerName: role, sessionName: session };
  },
};
