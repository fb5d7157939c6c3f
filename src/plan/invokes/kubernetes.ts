import { parseAllDocuments } from "yaml";
import type { InvokeTable } from "./context";

/**
 * kubernetes:yaml:decode, as pulumi-kubernetes answers it
 * (provider/pkg/provider/invoke_decode_yaml.go): every YAML or JSON document
 * of `text` that has a kind and an apiVersion, in order; empty documents are
 * skipped. List kinds are returned as they are: the SDK expands them
 * (@pulumi/kubernetes yaml.parseYamlObject). Kubernetes decodes YAML 1.1, so
 * yes/no/on/off are booleans; timestamps stay strings.
 */

/** Kinds that are not namespaced, for `defaultNamespace` (kubectl api-resources --namespaced=false, core groups). */
const CLUSTER_SCOPED = new Set([
  "APIService", "CertificateSigningRequest", "ClusterRole", "ClusterRoleBinding", "ComponentStatus", "CSIDriver", "CSINode",
  "CustomResourceDefinition", "FlowSchema", "IngressClass", "MutatingWebhookConfiguration", "Namespace", "Node",
  "PersistentVolume", "PriorityClass", "PriorityLevelConfiguration", "RuntimeClass", "StorageClass",
  "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration", "VolumeAttachment",
]);

function decode(text: string, defaultNamespace: string | undefined): Record<string, unknown>[] {
  const docs = parseAllDocuments(text, {
    version: "1.1",
    customTags: (tags) => tags.filter((t) => typeof t === "string" || t.tag !== "tag:yaml.org,2002:timestamp"),
  });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: Record<string, unknown>[] = [];
  list.forEach((doc, i) => {
    if (doc.errors.length > 0) throw new Error(`offline plan: kubernetes:yaml:decode: document ${i + 1}: ${doc.errors[0]!.message}`);
    const value: unknown = doc.toJS({ maxAliasCount: -1 });
    if (value === null || value === undefined) return;
    if (typeof value !== "object" || Array.isArray(value)) {
      throw new Error(`offline plan: kubernetes:yaml:decode: document ${i + 1} is not a Kubernetes object: ${JSON.stringify(value)}`);
    }
    const obj = value as Record<string, unknown>;
    if (typeof obj.kind !== "string" || obj.kind === "" || typeof obj.apiVersion !== "string" || obj.apiVersion === "") return;
    if (defaultNamespace !== undefined && !CLUSTER_SCOPED.has(obj.kind)) {
      const meta = (obj.metadata !== null && typeof obj.metadata === "object" ? obj.metadata : {}) as Record<string, unknown>;
      if (typeof meta.namespace !== "string" || meta.namespace === "") obj.metadata = { ...meta, namespace: defaultNamespace };
    }
    out.push(obj);
  });
  return out;
}

export const KUBERNETES_INVOKES: InvokeTable = {
  "kubernetes:yaml:decode": (c) => {
    const ns = typeof c.inputs.defaultNamespace === "string" && c.inputs.defaultNamespace !== "" ? c.inputs.defaultNamespace : undefined;
    return { result: decode(String(c.inputs.text ?? ""), ns) };
  },
};
