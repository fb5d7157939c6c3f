import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EKS_ADDON_NAMES, METRICS_SERVER_NAMES, NETWORK_POLICY_SWITCH, NODE_AUTOSCALER_NAMES } from "../facts/eks";
import { type Check, type FidelityResource, type Finding, isRecord, ofType, parseJson, valuesAt } from "./types";

const isK8s = (r: FidelityResource) => r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm");
const nameOf = (r: FidelityResource) => String((isRecord(r.inputs.metadata) ? r.inputs.metadata.name : undefined) ?? r.name);
const addons = (resources: readonly FidelityResource[]) => ofType(resources, "aws:eks/addon:Addon");

/** Every Kubernetes object is valid against the Kubernetes OpenAPI schema (npm kubernetes-models). */
export const kubernetesSchemas: Check = (resources) => {
  const objects = resources.filter(isK8s).map((r) => ({ urn: r.urn, object: r.inputs }));
  if (objects.length === 0) return [];
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "paved-fidelity-")), "objects.json");
  fs.writeFileSync(file, JSON.stringify(objects.map((o) => o.object)));
  const results = JSON.parse(execFileSync(process.execPath, [path.join(__dirname, "..", "..", "helpers", "validate-k8s.mjs"), file], { encoding: "utf8" })) as Array<{ ok: boolean; error?: string }>;
  return results.flatMap((res, i) => (res.ok ? [] : [{ check: "kubernetes-schema", urn: objects[i]!.urn, message: res.error ?? "invalid" }]));
};

/** Add-on names are ones EKS offers (facts/eks.ts). */
export const eksAddonNames: Check = (resources) =>
  addons(resources).flatMap((a) => (EKS_ADDON_NAMES.includes(String(a.inputs.addonName)) ? [] : [{
    check: "eks-addons", urn: a.urn, message: `addonName "${String(a.inputs.addonName)}" is not an EKS add-on (facts/eks.ts lists those the EKS user guide names)`,
  }]));

/** NetworkPolicies are enforced only with the VPC CNI's network policy agent switched on. */
export const networkPoliciesEnforced: Check = (resources) => {
  const policies = ofType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy");
  if (policies.length === 0) return [];
  const cni = addons(resources).find((a) => a.inputs.addonName === NETWORK_POLICY_SWITCH.addon);
  const config = parseJson(cni?.inputs.configurationValues);
  if (isRecord(config) && config[NETWORK_POLICY_SWITCH.key] === NETWORK_POLICY_SWITCH.value) return [];
  return policies.map((p) => ({
    check: "network-policy", urn: p.urn,
    message: `NetworkPolicy ${nameOf(p)} is enforced by nothing: the ${NETWORK_POLICY_SWITCH.addon} add-on needs configurationValues {"${NETWORK_POLICY_SWITCH.key}": "${NETWORK_POLICY_SWITCH.value}"}${cni ? "" : " (and there is no such add-on in the plan)"}`,
  }));
};

/**
 * HPAs can act: a metrics server serves their metrics, every container of the target
 * requests the resources the HPA scales on (utilization is a share of the request), and
 * the target does not pin `spec.replicas` (each `pulumi up` would reset what the HPA chose).
 */
export const autoscalersCanAct: Check = (resources) => {
  const out: Finding[] = [];
  const hpas = ofType(resources, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler");
  const deployments = ofType(resources, "kubernetes:apps/v1:Deployment");
  const metricsServer = addons(resources).some((a) => METRICS_SERVER_NAMES.includes(String(a.inputs.addonName)))
    || deployments.some((d) => METRICS_SERVER_NAMES.includes(nameOf(d)));
  for (const hpa of hpas) {
    const spec = isRecord(hpa.inputs.spec) ? hpa.inputs.spec : {};
    if (!metricsServer) out.push({ check: "autoscaling", urn: hpa.urn, message: `HPA ${nameOf(hpa)} has no metrics source: no metrics-server add-on or Deployment in the plan` });
    const ref = isRecord(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
    const namespace = isRecord(hpa.inputs.metadata) ? hpa.inputs.metadata.namespace : undefined;
    const target = deployments.find((d) => nameOf(d) === ref.name && (!isRecord(d.inputs.metadata) || d.inputs.metadata.namespace === namespace));
    if (!target) { out.push({ check: "autoscaling", urn: hpa.urn, message: `HPA ${nameOf(hpa)} targets ${String(ref.kind)} ${String(ref.name)}, which the plan does not have` }); continue; }
    if (isRecord(target.inputs.spec) && target.inputs.spec.replicas !== undefined) {
      out.push({ check: "autoscaling", urn: target.urn, message: `Deployment ${nameOf(target)} sets spec.replicas = ${String(target.inputs.spec.replicas)} although HPA ${nameOf(hpa)} owns the replica count` });
    }
    const scaledOn = valuesAt(spec, "metrics[].resource.name").map(String);
    const containers = valuesAt(target.inputs, "spec.template.spec.containers[]").filter(isRecord);
    for (const resource of scaledOn) {
      for (const c of containers) {
        if (valuesAt(c, `resources.requests.${resource}`).length === 0) {
          out.push({ check: "autoscaling", urn: target.urn, message: `container ${String(c.name)} requests no ${resource}: HPA ${nameOf(hpa)} cannot compute its ${resource} utilization` });
        }
      }
    }
  }
  // Pods that an HPA adds need nodes: a node group that may grow needs something that grows it.
  const autoscaler = deployments.some((d) => NODE_AUTOSCALER_NAMES.includes(nameOf(d)))
    || addons(resources).some((a) => NODE_AUTOSCALER_NAMES.includes(String(a.inputs.addonName)))
    || ofType(resources, "aws:eks/cluster:Cluster").some((c) => isRecord(c.inputs.computeConfig) && c.inputs.computeConfig.enabled === true);
  if (hpas.length > 0 && !autoscaler) {
    for (const group of ofType(resources, "aws:eks/nodeGroup:NodeGroup")) {
      const sc = isRecord(group.inputs.scalingConfig) ? group.inputs.scalingConfig : {};
      if (Number(sc.maxSize) > Number(sc.minSize)) {
        out.push({ check: "autoscaling", urn: group.urn, message: `node group may grow from ${String(sc.minSize)} to ${String(sc.maxSize)} but nothing grows it: no cluster-autoscaler, Karpenter or Auto Mode in the plan` });
      }
    }
  }
  return out;
};


const EKS_ACCESS = "https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html";

/**
 * Kubernetes objects can be applied at all: on a cluster with API authentication and no
 * creator bootstrap, only principals with an access entry and an access policy reach the
 * API, so the Kubernetes provider must wait for a cluster-admin association.
 */
export const eksApiReachable: Check = (resources) => {
  const out: Finding[] = [];
  const associations = ofType(resources, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
  const admin = associations.filter((a) => String(a.inputs.policyArn).endsWith(":cluster-access-policy/AmazonEKSClusterAdminPolicy"));
  for (const c of ofType(resources, "aws:eks/cluster:Cluster")) {
    const access = isRecord(c.inputs.accessConfig) ? c.inputs.accessConfig : {};
    if (access.bootstrapClusterCreatorAdminPermissions !== false) continue;
    if (admin.length === 0) out.push({ check: "eks-access", urn: c.urn, message: `no principal has cluster-admin access: the creator is not bootstrapped and no AccessPolicyAssociation grants AmazonEKSClusterAdminPolicy (${EKS_ACCESS})` });
  }
  const adminUrns = new Set(admin.map((a) => a.urn));
  const objects = resources.filter(isK8s).length;
  for (const p of resources.filter((r) => r.type === "pulumi:providers:kubernetes")) {
    if (objects > 0 && admin.length > 0 && !(p.dependencies ?? []).some((d) => adminUrns.has(d))) {
      out.push({ check: "eks-access", urn: p.urn, message: `applies ${objects} Kubernetes objects without waiting for the cluster-admin access policy association: the first \`pulumi up\` races it and gets 401/403` });
    }
  }
  return out;
};
