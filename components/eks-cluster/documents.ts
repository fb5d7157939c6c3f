/** Pure documents of EksCluster: trust policies and the kubeconfig. */

export function trustPolicy(service: string, accountId: string, actions: readonly string[] = ["sts:AssumeRole"]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: [...actions], Condition: { StringEquals: { "aws:SourceAccount": accountId } } }],
  });
}

/** A kubeconfig that gets short-lived tokens from `aws eks get-token`: no static credential is stored. */
export function kubeconfig(o: { clusterName: string; endpoint: string; caData: string; region: string }): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: o.clusterName, cluster: { server: o.endpoint, "certificate-authority-data": o.caData } }],
    contexts: [{ name: o.clusterName, context: { cluster: o.clusterName, user: o.clusterName } }],
    "current-context": o.clusterName,
    users: [{
      name: o.clusterName,
      user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", o.clusterName, "--region", o.region], interactiveMode: "Never" } },
    }],
  });
}

/** Pod Security Standards labels: enforce, audit and warn "restricted". */
export function restrictedLabels(): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const mode of ["enforce", "audit", "warn"]) {
    labels[`pod-security.kubernetes.io/${mode}`] = "restricted";
    labels[`pod-security.kubernetes.io/${mode}-version`] = "latest";
  }
  return labels;
}
