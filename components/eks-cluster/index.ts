import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { accountContext } from "../../src/aws/account";
import { keyPolicy, rotatingKeyArgs } from "../../src/aws/kms";
import { PavedComponent } from "../../src/component";
import { accessPolicyArn, endpointConfig, type AccessLevel } from "./access";
import { ADDON_CONFIGURATION, ADDONS } from "./addons";
import type { EksClusterArgs, EksClusterTransforms } from "./args";
import {
  AUTOSCALER_NAME, AUTOSCALER_NAMESPACE, autoscalerClusterRoleRules, autoscalerDeploymentSpec, autoscalerImage, autoscalerMetadata,
  autoscalerPolicy, autoscalerRoleRules,
} from "./autoscaler";
import { kubeconfig, restrictedLabels, trustPolicy } from "./documents";
import { EKS_SETTINGS, type EksSettings } from "./settings";

export type { EksApiAccess, EksClusterArgs, EksClusterTransforms, EksNetwork, EksNodeGroupArgs } from "./args";
export type { EksSettings } from "./settings";
export { Workload } from "./workload";
export type { EgressRule, WorkloadArgs, WorkloadTransforms } from "./workload-args";
export type { WorkloadSettings } from "./workload-settings";

const LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

const managed = (partition: pulumi.Input<string>, name: string) => pulumi.interpolate`arn:${partition}:iam::aws:policy/${name}`;

/**
 * A private, encrypted, logged EKS cluster: API endpoint private (public too
 * only from named CIDRs), secrets envelope-encrypted with its own key, all
 * control-plane logs kept, API authentication with access entries (the deploy
 * role, admins, viewers), managed nodes on a hardened launch template scaled
 * by Cluster Autoscaler, the core add-ons with NetworkPolicy enforcement and
 * metrics-server, and a Kubernetes baseline: restricted namespaces with
 * default-deny network policies.
 */
export class EksCluster extends PavedComponent<EksSettings, EksClusterTransforms, EksClusterArgs> {
  public readonly clusterName: pulumi.Output<string>;
  public readonly endpoint: pulumi.Output<string>;
  /** A kubeconfig using `aws eks get-token` (no stored credential). */
  public readonly kubeconfig: pulumi.Output<string>;
  /** Provider for in-cluster objects; pass it to Workloads. */
  public readonly provider: k8s.Provider;
  public readonly clusterSecurityGroupId: pulumi.Output<string>;
  public readonly namespaces: readonly string[];

  constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super({ type: "paved:compute:EksCluster", settings: EKS_SETTINGS }, name, args, opts);
    const s = this.settings;
    const clusterName = this.physicalName(100);
    const account = accountContext(this);

    const key = this.create("key", aws.kms.Key, `${name}-key`, rotatingKeyArgs(
      `Envelope-encrypts the secrets and logs of cluster ${clusterName}`, account.apply((c) => keyPolicy(c, { logs: true })), this.tags(`${name}-key`)),
    this.stateful());
    // EKS writes to this exact name; creating it first sets retention and the key.
    const logs = this.create("logGroup", aws.cloudwatch.LogGroup, `${name}-logs`, {
      name: `/aws/eks/${clusterName}/cluster`, retentionInDays: s.logRetentionDays, kmsKeyId: key.arn, tags: this.tags(`${name}-logs`),
    });

    const clusterRole = this.create("clusterRole", aws.iam.Role, `${name}-cluster-role`, {
      description: `Control plane of ${clusterName}`,
      assumeRolePolicy: account.apply((c) => trustPolicy("eks.amazonaws.com", c.accountId, ["sts:AssumeRole", "sts:TagSession"])),
      managedPolicyArns: [managed(account.partition, "AmazonEKSClusterPolicy")],
      tags: this.tags(`${name}-cluster-role`),
    });
    const clusterSg = this.create("clusterSecurityGroup", aws.ec2.SecurityGroup, `${name}-cluster-sg`, {
      vpcId: args.network.vpcId, description: `Additional security group of the ${clusterName} control plane`, tags: this.tags(`${name}-cluster-sg`),
    });

    const cluster = this.create("cluster", aws.eks.Cluster, `${name}-cluster`, {
      name: clusterName,
      version: s.version,
      roleArn: clusterRole.arn,
      vpcConfig: {
        subnetIds: args.network.privateSubnetIds,
        securityGroupIds: [clusterSg.id],
        ...endpointConfig(s.apiAccess),
      },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: key.arn } },
      enabledClusterLogTypes: [...LOG_TYPES],
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
      upgradePolicy: { supportType: "STANDARD" },
      tags: this.tags(`${name}-cluster`),
    }, this.stateful({ dependsOn: [logs] }));

    // Access entries: the cluster creator gets no implicit admin (bootstrap off), so the deploy role
    // needs its own entry before any in-cluster object can be applied.
    const grant = (entryName: string, roleArn: pulumi.Input<string>, level: AccessLevel): aws.eks.AccessPolicyAssociation => {
      const entry = this.create("accessEntry", aws.eks.AccessEntry, entryName, { clusterName: cluster.name, principalArn: roleArn, type: "STANDARD", tags: this.tags(entryName) });
      return this.create("accessPolicyAssociation", aws.eks.AccessPolicyAssociation, `${entryName}-policy`, {
        clusterName: cluster.name, principalArn: entry.principalArn,
        policyArn: account.apply((c) => accessPolicyArn(c.partition, level)),
        accessScope: { type: "cluster" },
      });
    };
    const deployAccess = grant(`${name}-deploy`, args.deployRoleArn, "admin");
    (args.adminRoleArns ?? []).forEach((roleArn, i) => grant(`${name}-admin-${i + 1}`, roleArn, "admin"));
    (args.viewRoleArns ?? []).forEach((roleArn, i) => grant(`${name}-view-${i + 1}`, roleArn, "view"));

    // Nodes: managed group on a launch template with IMDSv2 (hop limit 1: pods use Pod Identity) and an encrypted gp3 root.
    const nodes = s.nodes;
    const nodeRole = this.create("nodeRole", aws.iam.Role, `${name}-node-role`, {
      description: `Nodes of ${clusterName}`,
      assumeRolePolicy: account.apply((c) => trustPolicy("ec2.amazonaws.com", c.accountId)),
      managedPolicyArns: ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonEKS_CNI_Policy", "AmazonSSMManagedInstanceCore"].map((p) => managed(account.partition, p)),
      tags: this.tags(`${name}-node-role`),
    });
    const bottlerocket = nodes.os === "BOTTLEROCKET";
    const launchTemplate = this.create("launchTemplate", aws.ec2.LaunchTemplate, `${name}-nodes-lt`, {
      description: `Nodes of ${clusterName}: IMDSv2 only, encrypted gp3 root volume`,
      metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1, httpEndpoint: "enabled", instanceMetadataTags: "disabled" },
      blockDeviceMappings: [{ deviceName: bottlerocket ? "/dev/xvdb" : "/dev/xvda", ebs: { volumeSize: nodes.diskGb, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }],
      monitoring: { enabled: true },
      tagSpecifications: [{ resourceType: "instance", tags: this.tags(`${name}-node`) }, { resourceType: "volume", tags: this.tags(`${name}-node-volume`) }],
      tags: this.tags(`${name}-nodes-lt`),
    });
    const arm = nodes.instanceTypes.every((t) => /^[a-z]+\d+[a-z]*g[a-z]*\./.test(t));
    const nodeGroup = this.create("nodeGroup", aws.eks.NodeGroup, `${name}-nodes`, {
      clusterName: cluster.name,
      nodeRoleArn: nodeRole.arn,
      subnetIds: args.network.privateSubnetIds,
      instanceTypes: [...nodes.instanceTypes],
      amiType: `${bottlerocket ? "BOTTLEROCKET" : "AL2023"}_${arm ? "ARM_64" : "x86_64"}${bottlerocket ? "" : "_STANDARD"}`,
      capacityType: nodes.capacityType,
      scalingConfig: { minSize: nodes.min, maxSize: nodes.max, desiredSize: nodes.min },
      updateConfig: { maxUnavailablePercentage: 33 },
      launchTemplate: { id: launchTemplate.id, version: pulumi.interpolate`${launchTemplate.latestVersion}` },
      tags: this.tags(`${name}-nodes`),
      // The cluster autoscaler owns the desired size after creation.
    }, this.child({ ignoreChanges: ["scalingConfig.desiredSize"] }));

    if (s.fargateNamespaces.length > 0) {
      const podRole = this.create("fargateRole", aws.iam.Role, `${name}-fargate-role`, {
        description: `Fargate pods of ${clusterName}`,
        assumeRolePolicy: account.apply((c) => trustPolicy("eks-fargate-pods.amazonaws.com", c.accountId)),
        managedPolicyArns: [managed(account.partition, "AmazonEKSFargatePodExecutionRolePolicy")],
        tags: this.tags(`${name}-fargate-role`),
      });
      this.create("fargateProfile", aws.eks.FargateProfile, `${name}-fargate`, {
        clusterName: cluster.name, podExecutionRoleArn: podRole.arn, subnetIds: args.network.privateSubnetIds,
        selectors: s.fargateNamespaces.map((namespace) => ({ namespace })), tags: this.tags(`${name}-fargate`),
      });
    }

    // Add-ons; the EBS CSI driver gets its permissions through Pod Identity.
    const podIdentityRole = (role: "ebsCsiRole" | "cloudwatchRole" | "autoscalerRole", roleName: string, description: string, policies: string[]) =>
      this.create(role, aws.iam.Role, roleName, {
        description,
        assumeRolePolicy: account.apply((c) => trustPolicy("pods.eks.amazonaws.com", c.accountId, ["sts:AssumeRole", "sts:TagSession"])),
        ...(policies.length > 0 ? { managedPolicyArns: policies.map((p) => managed(account.partition, p)) } : {}),
        tags: this.tags(roleName),
      });
    const ebsRole = podIdentityRole("ebsCsiRole", `${name}-ebs-csi-role`, `EBS CSI driver of ${clusterName} (Pod Identity)`, ["service-role/AmazonEBSCSIDriverPolicy"]);
    const cwRole = podIdentityRole("cloudwatchRole", `${name}-cloudwatch-role`, `CloudWatch agent of ${clusterName} (Container Insights, Pod Identity)`, ["CloudWatchAgentServerPolicy"]);
    const autoscalerRole = podIdentityRole("autoscalerRole", `${name}-autoscaler-role`, `Cluster Autoscaler of ${clusterName} (Pod Identity)`, []);
    this.create("autoscalerPolicy", aws.iam.RolePolicy, `${name}-autoscaler-policy`, { role: autoscalerRole.id, policy: autoscalerPolicy(clusterName) });
    const podIdentity: Partial<Record<string, { roleArn: pulumi.Output<string>; serviceAccount: string }>> = {
      "aws-ebs-csi-driver": { roleArn: ebsRole.arn, serviceAccount: "ebs-csi-controller-sa" },
      "amazon-cloudwatch-observability": { roleArn: cwRole.arn, serviceAccount: "cloudwatch-agent" },
    };
    const needsNodes = new Set(["coredns", "aws-ebs-csi-driver", "amazon-cloudwatch-observability", "metrics-server"]);
    const addons: aws.eks.Addon[] = [];
    for (const addon of ADDONS) {
      const version = s.addonVersions[addon];
      addons.push(this.create("addon", aws.eks.Addon, `${name}-${addon}`, {
        clusterName: cluster.name,
        addonName: addon,
        ...(version ? { addonVersion: version } : {}),
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "PRESERVE",
        ...(podIdentity[addon] ? { podIdentityAssociations: [podIdentity[addon]!] } : {}),
        ...(ADDON_CONFIGURATION[addon] ? { configurationValues: JSON.stringify(ADDON_CONFIGURATION[addon]) } : {}),
        tags: this.tags(`${name}-${addon}`),
      }, this.child({ dependsOn: needsNodes.has(addon) ? [nodeGroup] : [] })));
    }

    this.kubeconfig = pulumi.secret(pulumi.all([cluster.name, cluster.endpoint, cluster.certificateAuthority, account.region])
      .apply(([n, endpoint, ca, region]) => kubeconfig({ clusterName: n, endpoint, caData: ca.data ?? "", region })));
    // Every in-cluster object goes through this provider, so it waits for the deploy role's access.
    this.provider = this.create("provider", k8s.Provider, `${name}-k8s`, { kubeconfig: this.kubeconfig, enableServerSideApply: true },
      this.child({ dependsOn: [...addons, deployAccess] }));

    // Baseline: restricted namespaces, each denying all traffic but DNS unless a policy allows more.
    // Fresh options per child: a transform may change them in place.
    const inCluster = (dependsOn?: pulumi.Resource[]) => this.child({ provider: this.provider, ...(dependsOn ? { dependsOn } : {}) });
    for (const ns of s.namespaces) {
      const namespace = this.create("namespace", k8s.core.v1.Namespace, `${name}-ns-${ns}`, {
        metadata: { name: ns, labels: { ...restrictedLabels(), "paved.dev/environment": this.environment } },
      }, inCluster());
      this.create("defaultDenyPolicy", k8s.networking.v1.NetworkPolicy, `${name}-ns-${ns}-default-deny`, {
        metadata: { name: "default-deny", namespace: ns },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
      }, inCluster([namespace]));
      this.create("allowDnsPolicy", k8s.networking.v1.NetworkPolicy, `${name}-ns-${ns}-allow-dns`, {
        metadata: { name: "allow-dns", namespace: ns },
        spec: {
          podSelector: {},
          policyTypes: ["Egress"],
          egress: [{
            to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
            ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
          }],
        },
      }, inCluster([namespace]));
    }

    // Node autoscaling: Cluster Autoscaler (why this one: ./autoscaler.ts), credentials via Pod Identity.
    const autoscalerIdentity = this.create("autoscalerPodIdentity", aws.eks.PodIdentityAssociation, `${name}-autoscaler-pod-identity`, {
      clusterName: cluster.name, namespace: AUTOSCALER_NAMESPACE, serviceAccount: AUTOSCALER_NAME, roleArn: autoscalerRole.arn,
      tags: this.tags(`${name}-autoscaler-pod-identity`),
    }, this.child({ dependsOn: addons }));
    const sa = this.create("autoscalerServiceAccount", k8s.core.v1.ServiceAccount, `${name}-autoscaler-sa`, {
      metadata: autoscalerMetadata(true), automountServiceAccountToken: true,
    }, inCluster());
    const autoscalerClusterRole = this.create("autoscalerClusterRole", k8s.rbac.v1.ClusterRole, `${name}-autoscaler-cluster-role`, {
      metadata: autoscalerMetadata(false), rules: autoscalerClusterRoleRules(),
    }, inCluster());
    const nsRole = this.create("autoscalerNamespaceRole", k8s.rbac.v1.Role, `${name}-autoscaler-ns-role`, {
      metadata: autoscalerMetadata(true), rules: autoscalerRoleRules(),
    }, inCluster());
    const subjects = () => [{ kind: "ServiceAccount", name: AUTOSCALER_NAME, namespace: AUTOSCALER_NAMESPACE }];
    const bindings = [
      this.create("autoscalerClusterRoleBinding", k8s.rbac.v1.ClusterRoleBinding, `${name}-autoscaler-cluster-binding`, {
        metadata: autoscalerMetadata(false), roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: AUTOSCALER_NAME }, subjects: subjects(),
      }, inCluster([autoscalerClusterRole, sa])),
      this.create("autoscalerNamespaceRoleBinding", k8s.rbac.v1.RoleBinding, `${name}-autoscaler-ns-binding`, {
        metadata: autoscalerMetadata(true), roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: AUTOSCALER_NAME }, subjects: subjects(),
      }, inCluster([nsRole, sa])),
    ];
    this.create("autoscalerDeployment", k8s.apps.v1.Deployment, `${name}-autoscaler`, {
      metadata: autoscalerMetadata(true),
      spec: autoscalerDeploymentSpec({ clusterName, region: account.region, image: autoscalerImage(s.version)! }),
    }, inCluster([...bindings, autoscalerIdentity]));

    this.clusterName = cluster.name;
    this.endpoint = cluster.endpoint;
    this.clusterSecurityGroupId = cluster.vpcConfig.apply((v) => v.clusterSecurityGroupId ?? "");
    this.namespaces = s.namespaces;
    this.registerOutputs({ clusterName: this.clusterName, endpoint: this.endpoint, kubeconfig: this.kubeconfig, clusterSecurityGroupId: this.clusterSecurityGroupId });
  }
}
