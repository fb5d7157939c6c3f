import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { EksCluster, Workload, type EksClusterArgs, type EksClusterTransforms, type WorkloadArgs, type WorkloadTransforms } from "../components/eks-cluster";
import { atLeast } from "../components/eks-cluster/addons";
import { autoscalerPolicy, discoveryTags } from "../components/eks-cluster/autoscaler";
import { EKS_SETTINGS } from "../components/eks-cluster/settings";
import { crashLoopAlarm } from "../components/eks-cluster/workload-alarms";
import { ALL_PACKS } from "../policies/rules";
import { parseStackConfig } from "../stacks/config/load";
import { ArgError, ConfigError } from "../src/errors";
import { resolveSettings } from "../src/settings";
import { program } from "../stacks/program";
import { planStack, record, type Plan } from "../src/testing";
import { REPO } from "./helpers/project";

const network = { vpcId: "vpc-0abc", privateSubnetIds: ["subnet-a", "subnet-b", "subnet-c"] };
const deployRoleArn = "arn:aws:iam::111122223333:role/paved-deploy";
const egress = [{ name: "database", cidrs: ["10.30.128.0/21", "10.30.136.0/21"], port: 5432 }, { name: "cache", cidrs: ["10.30.128.0/21"], port: 6379 }];
const planOf = (args: Partial<EksClusterArgs> & { environment: EksClusterArgs["environment"] }): Promise<Plan> => record(() => {
  const eks = new EksCluster("k8s", { network, deployRoleArn, adminRoleArns: ["arn:aws:iam::111122223333:role/platform-admin"], ...args });
  new Workload("api", { namespace: "apps", image: "ghcr.io/acme/api:1.4.2", port: 8080, clusterName: eks.clusterName, egress }, { provider: eks.provider });
}, { mode: "resolve", stack: args.environment, config: { "aws:region": "eu-west-1" }, packs: ALL_PACKS });
type Spec = Record<string, any>;

describe.each(["dev", "prod"] as const)("EksCluster %s", (environment) => {
  let plan: Plan;
  beforeAll(async () => { plan = await planOf({ environment }); });

  test("the control plane: private endpoint, secrets encrypted with its key, all five log types, API auth", () => {
    const cluster = plan.one("aws:eks/cluster:Cluster", "k8s-cluster");
    const key = plan.one("aws:kms/key:Key", "k8s-key");
    expect(cluster.inputs).toMatchObject({
      name: `${environment}-k8s`, version: "1.33",
      vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: false, subnetIds: network.privateSubnetIds },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: key.outputs.arn } },
      enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
    });
    expect(key.inputs.enableKeyRotation).toBe(true);
    expect(cluster.options.protect).toBe(environment === "prod");
    expect(plan.one("aws:cloudwatch/logGroup:LogGroup", "k8s-logs").inputs).toMatchObject({ name: `/aws/eks/${environment}-k8s/cluster`, retentionInDays: environment === "prod" ? 365 : 14 });
    expect(plan.one("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "k8s-admin-1-policy").inputs.policyArn).toMatch(/AmazonEKSClusterAdminPolicy$/);
  });

  test("nodes: a managed group in private subnets on a launch template with IMDSv2 (hop 1) and an encrypted gp3 root", () => {
    const lt = plan.one("aws:ec2/launchTemplate:LaunchTemplate", "k8s-nodes-lt");
    expect(lt.inputs).toMatchObject({
      metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [{ ebs: { encrypted: "true", volumeType: "gp3" } }],
    });
    const group = plan.one("aws:eks/nodeGroup:NodeGroup", "k8s-nodes");
    expect(group.inputs).toMatchObject({
      subnetIds: network.privateSubnetIds, amiType: "AL2023_ARM_64_STANDARD", updateConfig: { maxUnavailablePercentage: 33 },
      scalingConfig: environment === "prod" ? { minSize: 3, maxSize: 9 } : { minSize: 1, maxSize: 2 },
      launchTemplate: { id: lt.id },
    });
    expect(group.options.ignoreChanges).toEqual(["scalingConfig.desiredSize"]);
  });

  test("the add-ons, the EBS CSI driver through Pod Identity, metrics-server for the HPAs, vpc-cni enforcing NetworkPolicies", () => {
    expect(plan.all("aws:eks/addon:Addon").map((a) => a.inputs.addonName).sort()).toEqual(["amazon-cloudwatch-observability", "aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy", "metrics-server", "vpc-cni"]);
    expect(JSON.parse(plan.one("aws:eks/addon:Addon", "k8s-vpc-cni").inputs.configurationValues as string)).toEqual({ enableNetworkPolicy: "true" });
    expect(plan.one("aws:eks/addon:Addon", "k8s-metrics-server").dependencies).toContain(plan.urnOf("k8s-nodes"));
    expect(plan.one("aws:eks/addon:Addon", "k8s-aws-ebs-csi-driver").inputs.podIdentityAssociations).toEqual([
      { roleArn: plan.one("aws:iam/role:Role", "k8s-ebs-csi-role").outputs.arn, serviceAccount: "ebs-csi-controller-sa" },
    ]);
  });

  test("the baseline: a restricted namespace with default-deny and DNS-only egress, through the cluster's provider", () => {
    const ns = plan.one("kubernetes:core/v1:Namespace", "k8s-ns-apps");
    expect(ns.inputs.metadata).toMatchObject({ name: "apps", labels: { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/audit": "restricted", "pod-security.kubernetes.io/warn": "restricted" } });
    expect(ns.provider).toMatch(/pulumi:providers:kubernetes::k8s-k8s::/);
    expect(plan.one("kubernetes:networking.k8s.io/v1:NetworkPolicy", "k8s-ns-apps-default-deny").inputs.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    expect(JSON.stringify(plan.one("kubernetes:networking.k8s.io/v1:NetworkPolicy", "k8s-ns-apps-allow-dns").inputs.spec)).toContain('"port":53');
  });

  test("access: the deploy role is cluster admin, viewers get the view policy, and every in-cluster object waits for the deploy role", () => {
    const deploy = plan.one("aws:eks/accessEntry:AccessEntry", "k8s-deploy");
    expect(deploy.inputs).toMatchObject({ principalArn: deployRoleArn, type: "STANDARD" });
    const policy = (n: string) => plan.one("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", n).inputs;
    expect(policy("k8s-deploy-policy")).toMatchObject({ principalArn: deployRoleArn, policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", accessScope: { type: "cluster" } });
    expect(plan.one("pulumi:providers:kubernetes", "k8s-k8s").dependencies).toContain(plan.urnOf("k8s-deploy-policy"));
    for (const r of plan.all().filter((x) => x.type.startsWith("kubernetes:"))) expect(r.provider).toMatch(/pulumi:providers:kubernetes::k8s-k8s::/);
  });

  test("node autoscaling: Cluster Autoscaler on Pod Identity, scaling only this cluster's node groups, non-root, image of the cluster's minor", () => {
    const role = plan.one("aws:iam/role:Role", "k8s-autoscaler-role");
    expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Principal).toEqual({ Service: "pods.eks.amazonaws.com" });
    const doc = JSON.parse(plan.one("aws:iam/rolePolicy:RolePolicy", "k8s-autoscaler-policy").inputs.policy as string);
    expect(doc.Statement[1]).toMatchObject({ Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"], Condition: { StringLike: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${environment}-k8s`]: "*" } } });
    expect(plan.one("aws:eks/podIdentityAssociation:PodIdentityAssociation", "k8s-autoscaler-pod-identity").inputs).toMatchObject({ namespace: "kube-system", serviceAccount: "cluster-autoscaler", roleArn: role.outputs.arn });
    const deployment = plan.one("kubernetes:apps/v1:Deployment", "k8s-autoscaler");
    const pod = (deployment.inputs.spec as Spec).template.spec;
    expect(pod.serviceAccountName).toBe("cluster-autoscaler");
    expect(pod.containers[0].image).toBe("registry.k8s.io/autoscaling/cluster-autoscaler:v1.33.6");
    expect(pod.containers[0].command).toContain(`--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/${environment}-k8s`);
    expect(pod.containers[0].env).toEqual([{ name: "AWS_REGION", value: "eu-west-1" }]);
    expect(pod.volumes).toBeUndefined();
    expect(deployment.dependencies).toContain(plan.urnOf("k8s-autoscaler-pod-identity"));
    for (const kind of ["core/v1:ServiceAccount", "rbac.authorization.k8s.io/v1:ClusterRole", "rbac.authorization.k8s.io/v1:Role", "rbac.authorization.k8s.io/v1:ClusterRoleBinding", "rbac.authorization.k8s.io/v1:RoleBinding"]) {
      expect(plan.all(`kubernetes:${kind}`).map((r) => (r.inputs.metadata as Spec).name)).toEqual(["cluster-autoscaler"]);
    }
  });

  test("the workload: no pinned replicas (the HPA owns them), service port = container port, ingress from its namespace, egress to the data services", () => {
    const spec = plan.one("kubernetes:apps/v1:Deployment", "api-deployment").inputs.spec as Spec;
    expect(spec).not.toHaveProperty("replicas");
    expect(plan.one("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "api-hpa").inputs.spec).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
    expect((plan.one("kubernetes:core/v1:Service", "api-service").inputs.spec as Spec).ports).toEqual([{ name: "http", port: 8080, targetPort: "http", protocol: "TCP" }]);
    const selector = { matchLabels: { "app.kubernetes.io/name": "api", "app.kubernetes.io/managed-by": "paved" } };
    expect(plan.one("kubernetes:networking.k8s.io/v1:NetworkPolicy", "api-ingress").inputs).toMatchObject({
      metadata: { name: "api-ingress", namespace: "apps" },
      spec: { podSelector: selector, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }], ports: [{ protocol: "TCP", port: 8080 }] }] },
    });
    expect(plan.one("kubernetes:networking.k8s.io/v1:NetworkPolicy", "api-egress").inputs.spec).toEqual({
      podSelector: selector, policyTypes: ["Egress"],
      egress: [
        { to: [{ ipBlock: { cidr: "10.30.128.0/21" } }, { ipBlock: { cidr: "10.30.136.0/21" } }], ports: [{ protocol: "TCP", port: 5432 }] },
        { to: [{ ipBlock: { cidr: "10.30.128.0/21" } }], ports: [{ protocol: "TCP", port: 6379 }] },
      ],
    });
  });

  test("the workload satisfies PSS restricted and every pack; the kubeconfig stays secret", () => {
    const pod = ((plan.one("kubernetes:apps/v1:Deployment", "api-deployment").inputs.spec as Record<string, any>).template.spec);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } });
    expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    expect(plan.one("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "api-hpa").inputs.spec).toMatchObject({ metrics: [{ resource: { name: "cpu", target: { averageUtilization: 70 } } }, { resource: { name: "memory", target: { averageUtilization: 80 } } }] });
    expect(plan.violations).toEqual([]);
    expect(plan.unknowns).toEqual([]);
    expect(plan.one("pulumi:providers:kubernetes", "k8s-k8s").inputs.kubeconfig).toBe("[secret]");
  });

  test("every rendered Kubernetes object validates against the Kubernetes OpenAPI schema", () => {
    const objects = plan.all().filter((r) => r.type.startsWith("kubernetes:")).map((r) => r.inputs);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "paved-k8s-")), "objects.json");
    fs.writeFileSync(file, JSON.stringify(objects));
    const results = JSON.parse(execFileSync(process.execPath, [path.join(__dirname, "helpers", "validate-k8s.mjs"), file], { encoding: "utf8" }));
    expect(results.map((r: { kind: string }) => r.kind).sort()).toEqual([
      "ClusterRole", "ClusterRoleBinding", "Deployment", "Deployment", "HorizontalPodAutoscaler", "Namespace", "NetworkPolicy", "NetworkPolicy", "NetworkPolicy", "NetworkPolicy",
      "PodDisruptionBudget", "Role", "RoleBinding", "Service", "ServiceAccount",
    ]);
    expect(results.filter((r: { ok: boolean }) => !r.ok)).toEqual([]);
  });
});

describe("EksCluster and Workload args", () => {
  test("any environment may open the API to named public CIDRs (the private endpoint stays on); viewers get AmazonEKSViewPolicy", async () => {
    const plan = await planOf({ environment: "prod", apiAccess: { mode: "public", cidrs: ["192.30.252.0/22"] }, viewRoleArns: ["arn:aws:iam::111122223333:role/ops/readonly"] });
    expect(plan.one("aws:eks/cluster:Cluster", "k8s-cluster").inputs.vpcConfig).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["192.30.252.0/22"] });
    expect(plan.one("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "k8s-view-1-policy").inputs).toMatchObject({
      principalArn: "arn:aws:iam::111122223333:role/ops/readonly", policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
    });
    expect(plan.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });

  test.each([
    ["no deploy role", { environment: "dev", deployRoleArn: undefined }, 'deployRoleArn: found nothing (required); allowed an IAM role ARN such as "arn:aws:iam::123456789012:role/platform-deploy"'],
    ["a deploy role that is not an ARN", { environment: "dev", deployRoleArn: "paved-deploy" }, 'deployRoleArn: found "paved-deploy"; allowed an IAM role ARN'],
    ["an assumed-role session", { environment: "dev", deployRoleArn: "arn:aws:sts::111122223333:assumed-role/paved-deploy/gha" }, 'deployRoleArn: found "arn:aws:sts::111122223333:assumed-role/paved-deploy/gha"; allowed an IAM role ARN'],
    ["a user ARN for a viewer", { environment: "dev", viewRoleArns: ["arn:aws:iam::111122223333:user/alice"] }, 'viewRoleArns[0]: found "arn:aws:iam::111122223333:user/alice"; allowed an IAM role ARN'],
    ["a role in two entries", { environment: "dev", adminRoleArns: [deployRoleArn] }, "adminRoleArns[0]: found \"arn:aws:iam::111122223333:role/paved-deploy\"; allowed a role not already in deployRoleArn"],
    ["the whole internet", { environment: "dev", apiAccess: { mode: "public", cidrs: ["0.0.0.0/0"] } }, 'apiAccess.cidrs[0]: found "0.0.0.0/0"; allowed a specific public CIDR (never 0.0.0.0/0)'],
    ["a public endpoint without CIDRs", { environment: "prod", apiAccess: { mode: "public", cidrs: [] } }, "apiAccess.cidrs: found []; allowed at least one public CIDR"],
    ["a private range", { environment: "dev", apiAccess: { mode: "public", cidrs: ["10.0.0.0/16"] } }, 'apiAccess.cidrs[0]: found "10.0.0.0/16"; allowed a public CIDR outside private and reserved ranges'],
    ["not a CIDR", { environment: "dev", apiAccess: { mode: "public", cidrs: ["my-office"] } }, 'apiAccess.cidrs[0]: found "my-office"; allowed an IPv4 CIDR'],
    ["an old vpc-cni", { environment: "dev", addonVersions: { "vpc-cni": "v1.13.4-eksbuild.1" } }, 'addonVersions.vpc-cni: found "v1.13.4-eksbuild.1"; allowed v1.14.0-eksbuild.3 or later'],
    ["a minor without an autoscaler release", { environment: "dev", version: "1.29" }, 'version: found "1.29"; allowed a minor with a Cluster Autoscaler release'],
    ["too few prod nodes", { environment: "prod", nodes: { min: 1 } }, "nodes.min: found 1; allowed at least 3 in prod"],
    ["an unknown version", { environment: "dev", version: "1.9" }, 'version: found "1.9"'],
    ["a kube- namespace", { environment: "dev", namespaces: ["kube-tools"] }, 'namespaces[0]: found "kube-tools"; allowed a DNS-label name (at most 63 characters), not kube-*'],
    ["a bad Fargate namespace", { environment: "dev", fargateNamespaces: ["Batch"] }, 'fargateNamespaces[0]: found "Batch"'],
    ["a namespace listed twice", { environment: "dev", namespaces: ["apps", "web", "apps"] }, 'namespaces: found ["apps","web","apps"]; allowed each namespace once ("apps" listed more than once)'],
    ["a Fargate namespace listed twice", { environment: "dev", fargateNamespaces: ["batch", "batch"] }, 'fargateNamespaces: found ["batch","batch"]; allowed each namespace once ("batch" listed more than once)'],
    ["an unknown add-on", { environment: "dev", addonVersions: { "vpc-cnii": "v1.19.2-eksbuild.1" } }, 'addonVersions.vpc-cnii: unknown key (did you mean "vpc-cni"?)'],
    ["min above max", { environment: "dev", nodes: { min: 3 } }, "nodes.min: found 3; allowed at most nodes.max (2)"],
    ["an unknown OS", { environment: "dev", nodes: { os: "UBUNTU" } }, 'nodes.os: found "UBUNTU"; allowed "AL2023" | "BOTTLEROCKET"'],
  ])("cluster: %s is a clear error", (_l, change, message) => {
    expect(() => new EksCluster("k8s", { network, deployRoleArn, ...change } as EksClusterArgs)).toThrow(ArgError);
    expect(() => new EksCluster("k8s", { network, deployRoleArn, ...change } as EksClusterArgs)).toThrow(`EksCluster "k8s": ${message}`);
  });

  test.each([
    ["root", { runAsUser: 0 }, "runAsUser: found 0; allowed a non-zero uid (workloads never run as root)"],
    ["privileged", { privileged: true }, "privileged: found true; allowed false (workloads never run privileged)"],
    ["privilege escalation", { allowPrivilegeEscalation: true }, "allowPrivilegeEscalation: found true; allowed false"],
    ["min above max", { replicas: { min: 5, max: 2 } }, "replicas.min: found 5; allowed at most replicas.max (2)"],
    ["egress to everything", { egress: [{ name: "internet", cidrs: ["0.0.0.0/0"], port: 443 }] }, 'egress[0].cidrs[0]: found "0.0.0.0/0"; allowed a specific CIDR (never 0.0.0.0/0)'],
    ["egress without CIDRs", { egress: [{ name: "database", cidrs: [], port: 5432 }] }, "egress[0].cidrs: found []; allowed at least one IPv4 CIDR"],
    ["a bad egress port", { egress: [{ name: "database", cidrs: ["10.0.0.0/24"], port: 0 }] }, "egress[0].port: found 0; allowed an integer 1–65535"],
    ["ingress from a CIDR with host bits", { ingress: { cidrs: ["10.0.0.1/24"] } }, 'ingress.cidrs[0]: found "10.0.0.1/24"; allowed an IPv4 CIDR on its network boundary'],
  ])("workload: %s is rejected", (_l, change, message) => {
    const args = { namespace: "apps", image: "ghcr.io/acme/api:1", port: 8080, ...change } as WorkloadArgs;
    expect(() => new Workload("api", args)).toThrow(`Workload "api": ${message}`);
  });
});

/** A child of each role: a transform for the role must reach it (and no other role's transform). */
const EKS_ROLE_CHILD: Record<keyof EksClusterTransforms, string> = {
  key: "k8s-key", logGroup: "k8s-logs", clusterRole: "k8s-cluster-role", clusterSecurityGroup: "k8s-cluster-sg", cluster: "k8s-cluster",
  accessEntry: "k8s-deploy", accessPolicyAssociation: "k8s-deploy-policy", nodeRole: "k8s-node-role", launchTemplate: "k8s-nodes-lt",
  nodeGroup: "k8s-nodes", fargateRole: "k8s-fargate-role", fargateProfile: "k8s-fargate", ebsCsiRole: "k8s-ebs-csi-role",
  cloudwatchRole: "k8s-cloudwatch-role", autoscalerRole: "k8s-autoscaler-role", autoscalerPolicy: "k8s-autoscaler-policy", addon: "k8s-vpc-cni",
  provider: "k8s-k8s", namespace: "k8s-ns-apps", defaultDenyPolicy: "k8s-ns-apps-default-deny", allowDnsPolicy: "k8s-ns-apps-allow-dns",
  autoscalerPodIdentity: "k8s-autoscaler-pod-identity", autoscalerServiceAccount: "k8s-autoscaler-sa", autoscalerClusterRole: "k8s-autoscaler-cluster-role",
  autoscalerNamespaceRole: "k8s-autoscaler-ns-role", autoscalerClusterRoleBinding: "k8s-autoscaler-cluster-binding",
  autoscalerNamespaceRoleBinding: "k8s-autoscaler-ns-binding", autoscalerDeployment: "k8s-autoscaler",
};
const WORKLOAD_ROLE_CHILD: Record<keyof WorkloadTransforms, string> = {
  deployment: "api-deployment", service: "api-service", horizontalPodAutoscaler: "api-hpa", podDisruptionBudget: "api-pdb", ingressPolicy: "api-ingress", egressPolicy: "api-egress",
};
/** A transform per role that marks its child's options with the role. */
function marking<T extends object>(table: Record<keyof T, string>): T {
  return Object.fromEntries(Object.keys(table).map((role) => [role, (_a: unknown, o: pulumi.CustomResourceOptions) => { o.replaceOnChanges = [`role:${role}`]; }])) as T;
}
const workloadArgs = { namespace: "apps", image: "ghcr.io/acme/api:1.4.2", port: 8080, egress };

describe("transforms, nodes and settings", () => {
  test("a transform of each EksCluster and Workload role reaches that role's children and no other", async () => {
    const plan = await record(() => {
      const eks = new EksCluster("k8s", { environment: "dev", network, deployRoleArn, fargateNamespaces: ["batch"], transform: marking<EksClusterTransforms>(EKS_ROLE_CHILD) });
      new Workload("api", { ...workloadArgs, transform: marking<WorkloadTransforms>(WORKLOAD_ROLE_CHILD) }, { provider: eks.provider });
    });
    for (const [role, child] of [...Object.entries(EKS_ROLE_CHILD), ...Object.entries(WORKLOAD_ROLE_CHILD)]) {
      expect([child, plan.resources.find((r) => r.name === child)?.options.replaceOnChanges]).toEqual([child, [`role:${role}`]]);
    }
    // Each child was marked once, by its own role: options are never shared between children.
    for (const r of plan.resources.filter((x) => x.custom)) expect(r.options.replaceOnChanges).toHaveLength(1);
  });

  test("a transform changes a child's args: the cluster's upgrade policy, the Deployment's annotations", async () => {
    const plan = await record(() => {
      const eks = new EksCluster("k8s", { environment: "dev", network, deployRoleArn, transform: { cluster: (a) => { a.upgradePolicy = { supportType: "EXTENDED" }; } } });
      new Workload("api", { ...workloadArgs, transform: { deployment: (a) => { a.metadata = { ...(a.metadata as object), annotations: { team: "search" } }; } } }, { provider: eks.provider });
    });
    expect(plan.one("aws:eks/cluster:Cluster", "k8s-cluster").inputs.upgradePolicy).toEqual({ supportType: "EXTENDED" });
    expect((plan.one("kubernetes:apps/v1:Deployment", "api-deployment").inputs.metadata as Spec).annotations).toEqual({ team: "search" });
    // The Service's metadata is its own object: the Deployment's transform did not reach it.
    expect((plan.one("kubernetes:core/v1:Service", "api-service").inputs.metadata as Spec).annotations).toBeUndefined();
  });

  test("every child is made through a role: nodes lists every custom resource EksCluster and Workload register", async () => {
    let eks: EksCluster | undefined;
    let workload: Workload | undefined;
    const plan = await record(() => {
      eks = new EksCluster("k8s", { environment: "prod", network, deployRoleArn, viewRoleArns: ["arn:aws:iam::111122223333:role/ro"], fargateNamespaces: ["batch"] });
      workload = new Workload("api", workloadArgs, { provider: eks.provider });
    });
    const count = (nodes: Readonly<Record<string, readonly unknown[] | undefined>>) => Object.values(nodes).reduce((n, list) => n + (list?.length ?? 0), 0);
    expect(count(eks!.nodes) + count(workload!.nodes)).toBe(plan.resources.filter((r) => r.custom).length);
    expect(Object.keys(eks!.nodes).sort()).toEqual(Object.keys(EKS_ROLE_CHILD).sort());
    expect(Object.keys(workload!.nodes).sort()).toEqual(Object.keys(WORKLOAD_ROLE_CHILD).sort());
    expect(eks!.nodes.addon).toHaveLength(7);
    expect(eks!.nodes.accessEntry).toHaveLength(2);
  });

  test("an explicit arg overrides its preset for that nested key only", async () => {
    let eks: EksCluster | undefined;
    let workload: Workload | undefined;
    const plan = await record(() => {
      eks = new EksCluster("k8s", { environment: "prod", network, deployRoleArn, nodes: { max: 12 } });
      workload = new Workload("api", { ...workloadArgs, replicas: { max: 10 } }, { provider: eks.provider });
    }, { stack: "prod" });
    expect(eks!.settings.nodes).toEqual({ instanceTypes: ["m7g.large"], min: 3, max: 12, os: "AL2023", diskGb: 40, capacityType: "ON_DEMAND" });
    expect(plan.one("aws:eks/nodeGroup:NodeGroup", "k8s-nodes").inputs).toMatchObject({ capacityType: "ON_DEMAND", scalingConfig: { minSize: 3, maxSize: 12, desiredSize: 3 } });
    expect(workload!.settings.replicas).toEqual({ min: 2, max: 10 });
    expect(plan.one("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "api-hpa").inputs.spec).toMatchObject({ minReplicas: 2, maxReplicas: 10 });
  });

  test("a Workload's defaults do not depend on an environment, and its errors come through the base", () => {
    expect(() => new Workload("api", { ...workloadArgs, replicas: { min: 8 } })).toThrow('Workload "api": replicas.min: found 8; allowed at most replicas.max (6)');
    const thrown = (() => {
      try {
        new Workload("api", { ...workloadArgs, cpu: "a lot", healthPath: "health" });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(ArgError);
    // Every problem at once.
    expect((thrown as ArgError).issues).toEqual([
      'cpu: found "a lot"; allowed a Kubernetes quantity such as "250m" or "256Mi"',
      'healthPath: found "health"; allowed an absolute path such as "/health"',
    ]);
  });
});

test("the OpenAPI check itself fails on an invalid object", () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "paved-k8s-")), "bad.json");
  fs.writeFileSync(file, JSON.stringify([{ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" }, spec: { selector: {}, template: { spec: { containers: [{ name: "c", securityContext: { runAsUser: "zero" } }] } } } }]));
  const [result] = JSON.parse(execFileSync(process.execPath, [path.join(__dirname, "helpers", "validate-k8s.mjs"), file], { encoding: "utf8" }));
  expect(result.ok).toBe(false);
  expect(result.error).toMatch(/runAsUser/);
});

/** The paths of the problems EksCluster's settings report for `given` (dev). */
const issuePaths = (given: Record<string, unknown>): string[] => resolveSettings(EKS_SETTINGS, "dev", given).issues.map((i) => i.path);

describe("pure helpers", () => {
  test("the crash-loop alarm sums the per-collection restart deltas over two 10-minute windows, and clears when restarts stop", () => {
    expect(crashLoopAlarm({ workload: "api", namespace: "apps", clusterName: "prod-main" })).toEqual({
      id: "crash-loop-api", description: "api: containers restarting in each of the last two 10-minute windows (crash loop)",
      namespace: "ContainerInsights", metricName: "pod_number_of_container_restarts",
      dimensions: { ClusterName: "prod-main", Namespace: "apps", PodName: "api" },
      statistic: "Sum", periodSeconds: 600, evaluationPeriods: 2, threshold: 1, comparison: "GreaterThanOrEqualToThreshold",
      severity: "page", treatMissingData: "notBreaching",
    });
  });

  test.each([
    ["v1.14.0-eksbuild.3", true], ["v1.14.0-eksbuild.1", false], ["v1.13.4-eksbuild.1", false], ["v1.19.2-eksbuild.1", true], ["v2.0.0", true], ["1.19.2", false], [undefined, false],
  ] as const)("vpc-cni version %s supports network policies: %s", (version, ok) => {
    expect(atLeast(version, [1, 14, 0])).toBe(ok);
  });

  test.each([
    [{ mode: "private" }, []],
    [{ mode: "public", cidrs: ["192.30.252.0/22", "140.82.112.0/20"] }, []],
    [{ mode: "public", cidrs: ["203.0.113.0/24"] }, ["apiAccess.cidrs[0]"]],
    [{ mode: "public", cidrs: ["192.0.0.0/8"] }, ["apiAccess.cidrs[0]"]],
    [{ mode: "public", cidrs: ["192.30.252.1/22"] }, ["apiAccess.cidrs[0]"]],
    [{ mode: "open" }, ["apiAccess.mode"]],
  ] as const)("apiAccess %j: issues at %j", (access, paths) => {
    expect(issuePaths({ deployRoleArn, apiAccess: access })).toEqual(paths);
  });

  test("role ARNs: a path is allowed, other partitions too; outputs are skipped; duplicates across lists are caught", () => {
    expect(issuePaths({ deployRoleArn: "arn:aws-us-gov:iam::111122223333:role/ci/deploy", adminRoleArns: ["arn:aws:iam::111122223333:role/a"], viewRoleArns: [pulumi.output("arn")] })).toEqual([]);
    expect(issuePaths({ deployRoleArn: "arn:aws:iam::1111:role/x" })).toEqual(["deployRoleArn"]);
    expect(issuePaths({ deployRoleArn, viewRoleArns: ["arn:aws:iam::111122223333:role/v", "arn:aws:iam::111122223333:role/v"] })).toEqual(["viewRoleArns[1]"]);
  });

  test("the autoscaler scales only ASGs carrying the cluster's discovery tag", () => {
    expect(discoveryTags("prod-main")).toEqual(["k8s.io/cluster-autoscaler/enabled", "k8s.io/cluster-autoscaler/prod-main"]);
    const doc = JSON.parse(autoscalerPolicy("prod-main"));
    expect(doc.Statement[0].Action).not.toContain("autoscaling:SetDesiredCapacity");
    expect(doc.Statement[1].Condition).toEqual({ StringLike: { "aws:ResourceTag/k8s.io/cluster-autoscaler/prod-main": "*" } });
  });
});

describe("in the prod stack (preview)", () => {
  let plan: Plan;
  beforeAll(async () => { plan = await planStack({ dir: REPO, stack: "prod", program, packs: ALL_PACKS }); });

  test("the deploy role from config gets its entry; workloads reach the isolated subnets on the database and cache ports only", () => {
    expect(plan.one("aws:eks/accessEntry:AccessEntry", "main-deploy").inputs.principalArn).toBe("arn:aws:iam::123456789012:role/paved-deploy-prod");
    expect(plan.one("aws:eks/cluster:Cluster", "main-cluster").inputs.vpcConfig).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: false });
    const egress = (plan.one("kubernetes:networking.k8s.io/v1:NetworkPolicy", "catalog-egress").inputs.spec as Spec).egress;
    expect(egress.map((r: Spec) => r.to.map((t: Spec) => t.ipBlock.cidr))).toEqual([["10.30.128.0/21", "10.30.136.0/21", "10.30.144.0/21"], ["10.30.128.0/21", "10.30.136.0/21", "10.30.144.0/21"]]);
    expect(plan.violations).toEqual([]);
    expect(plan.unknowns.filter((u) => u.urn.includes("kubernetes:"))).toEqual([]);
  });
});

describe("the stack config's kubernetes section", () => {
  const base = {
    "aws:region": "eu-west-1", "paved:environment": "prod", "paved:owner": "platform", "paved:costCenter": "cc-1",
    "paved:services": JSON.stringify({ web: { image: { reference: "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine" }, port: 8080, certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e" } }),
  };
  const parse = (k8s: unknown) => () => parseStackConfig({ ...base, "paved:kubernetes": JSON.stringify(k8s) });

  test("reports a missing deploy role and a bad API CIDR at config time, with their paths", () => {
    expect(parse({ apiAccess: { mode: "public", cidrs: ["0.0.0.0/0"] } })).toThrow(ConfigError);
    expect(parse({ apiAccess: { mode: "public", cidrs: ["0.0.0.0/0"] } })).toThrow(/paved:kubernetes\.deployRoleArn: found nothing \(required\); allowed an IAM role ARN/);
    expect(parse({ apiAccess: { mode: "public", cidrs: ["0.0.0.0/0"] } })).toThrow(/paved:kubernetes\.apiAccess\.cidrs\[0\]: found "0\.0\.0\.0\/0"/);
    expect(parse({ deployRoleArn: "arn:aws:iam::123456789012:role/deploy", apiAccess: { mode: "open" } })).toThrow(/paved:kubernetes\.apiAccess/);
  });

  test("checks each workload with the Workload's schema and rules, and its namespace against the cluster's", () => {
    const k8s = (workload: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      parse({ deployRoleArn: "arn:aws:iam::123456789012:role/deploy", ...extra, workloads: { api: { namespace: "apps", image: "x:1", port: 8080, ...workload } } });
    expect(k8s({ runAsUser: 0 })).toThrow(/paved:kubernetes\.workloads\.api\.runAsUser: found 0; allowed a non-zero uid/);
    expect(k8s({ replicas: { min: 9 } })).toThrow(/paved:kubernetes\.workloads\.api\.replicas\.min: found 9; allowed at most replicas\.max \(6\)/);
    expect(k8s({ namespace: "web" })).toThrow(/paved:kubernetes\.workloads\.api\.namespace: found "web"; allowed one of the cluster's namespaces \(apps\)/);
    expect(k8s({ namespace: "web" }, { namespaces: ["apps", "web"] })).not.toThrow();
    expect(k8s({ connectTo: ["database"] })).toThrow(/paved:kubernetes\.workloads\.api\.connectTo: unknown key \(did you mean "connectsTo"\?\)/);
  });

  test("accepts the access model and per-workload data services", () => {
    const cfg = parseStackConfig({ ...base, "paved:kubernetes": JSON.stringify({
      deployRoleArn: "arn:aws:iam::123456789012:role/deploy", apiAccess: { mode: "private" }, viewRoleArns: ["arn:aws:iam::123456789012:role/ro"],
      workloads: { api: { namespace: "apps", image: "x:1", port: 8080, connectsTo: ["database"], ingress: { namespaces: ["web"] } } },
    }) });
    expect(cfg.kubernetes).toMatchObject({ apiAccess: { mode: "private" }, workloads: { api: { connectsTo: ["database"] } } });
  });
});
