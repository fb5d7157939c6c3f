/**
 * What an offline plan records but cannot look inside. A remote
 * (multi-language) component is one node under mocks: its children are built
 * by a plugin at deploy time (awsx v2, @pulumi/eks v2+, Helm v4 charts, YAML v2
 * config groups). Some custom resources hide what they deploy in a template or
 * a script. None of them may be reported as checked.
 */
export interface OpaqueEntry {
  readonly urn: string;
  readonly type: string;
  readonly reason: string;
}

const REMOTE_REASON = "a multi-language (remote) component: its children are created by its plugin at deploy time, so the offline plan never sees them";

/** Custom resources whose real contents live somewhere the plan does not evaluate. */
const OPAQUE_CUSTOM: Readonly<Record<string, string>> = {
  "aws:cloudformation/stack:Stack": "a CloudFormation stack: the resources in its template are not evaluated",
  "aws:cloudformation/stackSet:StackSet": "a CloudFormation stack set: the resources in its template are not evaluated",
  "aws:cloudformation/stackSetInstance:StackSetInstance": "a CloudFormation stack set instance: its template's resources are not evaluated",
  "aws:serverlessrepository/cloudFormationStack:CloudFormationStack": "a Serverless Application Repository stack: its template's resources are not evaluated",
  "kubernetes:helm.sh/v3:Release": "a Helm release: the chart's manifests are rendered by Helm at deploy time, not by the plan",
  "pulumi-nodejs:dynamic:Resource": "a dynamic provider resource: what it creates is decided by its own code at deploy time",
  "command:local:Command": "a local command: what it does is not visible to the plan",
  "command:remote:Command": "a remote command: what it does is not visible to the plan",
};

/** Components whose children come from an invoke the plan cannot run (Helm v3 renders with the helm binary). */
export const TEMPLATE_INVOKES: Readonly<Record<string, { readonly component: string; readonly reason: string }>> = {
  "kubernetes:helm:template": {
    component: "kubernetes:helm.sh/v3:Chart",
    reason: "a Helm v3 chart: the plan cannot run helm, so the chart's manifests were not rendered (give the rendered objects as the kubernetes:helm:template result in paved.mocks.json)",
  },
};

export function opaqueReason(type: string, custom: boolean, remote: boolean): string | undefined {
  if (remote) return REMOTE_REASON;
  return custom ? OPAQUE_CUSTOM[type] : undefined;
}
