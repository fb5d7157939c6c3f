import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EksCluster, Workload, type EksClusterArgs, type WorkloadArgs } from "../components/eks-cluster";
import { ALL_PACKS } from "../policies/rules";
import { ArgError } from "../src/errors";
import { record, type Plan } from "../src/testing";

const network = { vpcId: "vpc-0abc", privateSubnetIds: ["subnet-a", "subnet-b", "subnet-c"] };
const planOf = (args: Partial<EksClusterArgs> & { environment: EksClusterArgs["environment"] }): Promise<Plan> => record(() => {
  const eks = new EksCluster("k8s", { network, adminRoleArns: ["arn:aws:iam::111122223333:role/platform-admin"], ...args });
  new Workload("api", { namespace: "apps", image: "ghcr.io/acme/api:1.4.2", port: 8080, clusterName: eks.clusterName }, { provider: eks.provider });
}, { mode: "resolve", stack: args.environment, config: { "aws:region": "eu-west-1" }, packs: ALL_PACKS });

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

  test("the add-ons, the EBS CSI driver through Pod Identity", () => {
    expect(plan.all("aws:eks/addon:Addon").map((a) => a.inputs.addonName).sort()).toEqual(["amazon-cloudwatch-observability", "aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
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
    expect(results).toHaveLength(7);
    expect(results.filter((r: { ok: boolean }) => !r.ok)).toEqual([]);
  });
});

describe("EksCluster and Workload args", () => {
  test("dev may open the API to named public CIDRs, never 0.0.0.0/0", async () => {
    const plan = await planOf({ environment: "dev", publicAccessCidrs: ["203.0.113.0/24"] });
    expect(plan.one("aws:eks/cluster:Cluster", "k8s-cluster").inputs.vpcConfig).toMatchObject({ endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] });
    expect(plan.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });

  test.each([
    ["the whole internet", { environment: "dev", publicAccessCidrs: ["0.0.0.0/0"] }, 'publicAccessCidrs[0]: found "0.0.0.0/0"'],
    ["a public endpoint in prod", { environment: "prod", publicAccessCidrs: ["203.0.113.0/24"] }, "publicAccessCidrs: found"],
    ["too few prod nodes", { environment: "prod", nodes: { min: 1 } }, "nodes.min: found 1; allowed at least 3 in prod"],
    ["an unknown version", { environment: "dev", version: "1.9" }, 'version: found "1.9"'],
    ["a kube- namespace", { environment: "dev", namespaces: ["kube-tools"] }, 'namespaces: found "kube-tools"'],
  ])("cluster: %s is a clear error", (_l, change, message) => {
    expect(() => new EksCluster("k8s", { network, ...change } as EksClusterArgs)).toThrow(ArgError);
    expect(() => new EksCluster("k8s", { network, ...change } as EksClusterArgs)).toThrow(`EksCluster "k8s": ${message}`);
  });

  test.each([
    ["root", { runAsUser: 0 }, "runAsUser: found 0; allowed a non-zero uid (workloads never run as root)"],
    ["privileged", { privileged: true }, "privileged: found true; allowed false (workloads never run privileged)"],
    ["privilege escalation", { allowPrivilegeEscalation: true }, "allowPrivilegeEscalation: found true; allowed false"],
    ["min above max", { replicas: { min: 5, max: 2 } }, "replicas.min: found 5; allowed at most replicas.max (2)"],
  ])("workload: %s is rejected", (_l, change, message) => {
    const args = { namespace: "apps", image: "ghcr.io/acme/api:1", port: 8080, ...change } as WorkloadArgs;
    expect(() => new Workload("api", args)).toThrow(`Workload "api": ${message}`);
  });
});

test("the OpenAPI check itself fails on an invalid object", () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "paved-k8s-")), "bad.json");
  fs.writeFileSync(file, JSON.stringify([{ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" }, spec: { selector: {}, template: { spec: { containers: [{ name: "c", securityContext: { runAsUser: "zero" } }] } } } }]));
  const [result] = JSON.parse(execFileSync(process.execPath, [path.join(__dirname, "helpers", "validate-k8s.mjs"), file], { encoding: "utf8" }));
  expect(result.ok).toBe(false);
  expect(result.error).toMatch(/runAsUser/);
});
