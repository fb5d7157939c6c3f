import * as pulumi from "@pulumi/pulumi";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";

const config = new pulumi.Config();
const replicas = config.getNumber("replicas") ?? 1;

// @pulumi/eks builds the control plane, node group, IAM and kubeconfig.
const cluster = new eks.Cluster("platform", {
  instanceType: "t3.medium",
  desiredCapacity: 2,
  minSize: 1,
  maxSize: 3,
  endpointPrivateAccess: true,
  endpointPublicAccess: false,
  tags: { service: "platform", owner: "team-platform", environment: "dev", "cost-center": "cc-9" },
});

const ns = new k8s.core.v1.Namespace("apps", { metadata: { name: "apps" } }, { provider: cluster.provider });

const labels = { app: "hello" };
const deployment = new k8s.apps.v1.Deployment("hello", {
  metadata: { namespace: ns.metadata.name, labels },
  spec: {
    replicas,
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: {
        securityContext: { runAsNonRoot: true, runAsUser: 101, seccompProfile: { type: "RuntimeDefault" } },
        containers: [{
          name: "hello",
          image: "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine",
          ports: [{ containerPort: 8080 }],
          resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "128Mi" } },
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
          volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
        }],
        volumes: [{ name: "tmp", emptyDir: {} }],
      },
    },
  },
}, { provider: cluster.provider });

// Ingress from the upstream chart, rendered by Helm at deploy time.
new k8s.helm.v3.Chart("ingress", {
  chart: "ingress-nginx",
  version: "4.11.3",
  fetchOpts: { repo: "https://kubernetes.github.io/ingress-nginx" },
  namespace: "ingress-nginx",
  values: { controller: { replicaCount: 2 } },
}, { provider: cluster.provider });

export const kubeconfig = pulumi.secret(cluster.kubeconfig);
export const deploymentName = deployment.metadata.name;
