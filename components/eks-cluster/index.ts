import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { accountContext } from "../../src/aws/account";
import { keyPolicy, rotatingKeyArgs } from "../../src/aws/kms";
import { assertValid } from "../../src/errors";
import { identityName, physicalName } from "../../src/naming";
import { childTags } from "../../src/tags";
import type { EksClusterArgs } from "./args";
import { accessPolicyArn, endpointConfig, type AccessLevel } from "./access";
import {
  AUTOSCALER_NAME, AUTOSCALER_NAMESPACE, autoscalerClusterRoleRules, autoscalerDeploymentSpec, autoscalerImage, autoscalerMetadata,
  autoscalerPolicy, autoscalerRoleRules,
} from "./autoscaler";
import { kubeconfig, restrictedLabels, trustPolicy } from "./documents";
import { ADDON_CONFIGURATION, ADDONS, LOG_TYPES, type EksSettings } from "./presets";
import { resolveEksSettings, validateEksArgs } from "./validate";
import { assertComponentAws } from "../../src/aws/provider-version";

export type { EksApiAccess, EksClusterArgs, EksNetwork, EksNodeGroupArgs } from "./args";
export { EKS_PRESETS, type EksSettings } from "./presets";
export { resolveEksSettings, validateEksArgs } from "./validate";
export { Workload, validateWorkloadArgs, type EgressRule, type WorkloadArgs } from "./workload";
export { crashLoopAlarm } from "./workload-alarms";

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
export class EksCluster extends pulumi.ComponentResource {
  public readonly clusterName: pulumi.Output<string>;
  public readonly endpoint: pulumi.Output<string>;
  /** A kubeconfig using `aws eks get-token` (no stored credential). */
  public readonly kubeconfig: pulumi.Output<string>;
  /** Provider for in-cluster objects; pass it to Workloads. */
  public readonly provider: k8s.Provider;
  public readonly clusterSecurityGroupId: pulumi.Output<string>;
  public readonly namespaces: readonly string[];
  public readonly settings: EksSettings;

  constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    const s = resolveEksSettings(args);
    assertValid("EksCluster", name, validateEksArgs(args, s).map((i) => `${i.path}: ${i.message}`));
    assertComponentAws("EksCluster", name);
    super("paved:compute:EksCluster", name, {}, opts);
    this.settings = s;
    const tags = (child: string) => childTags({ environment: args.environment, service: args.service ?? name, tags: args.tags }, child);
    const child = (o?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions => ({ parent: this, ...o });
    const stateful = (o?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions => child({ protect: s.protect, ...o });
    const clusterName = physicalName([pulumi.getStack(), identityName(name, opts)], 100);
    const account = accountContext(this);

    const key = new aws.kms.Key(`${name}-key`, rotatingKeyArgs(
      `Envelope-encrypts the secrets and logs of cluster ${clusterName}`, account.apply((c) => keyPolicy(c, { logs: true })), tags(`${name}-key`)),
    stateful());
    // EKS writes to this exact name; creating it first sets retention and the key.
    const logs = new aws.cloudwatch.LogGroup(`${name}-logs`, {
      name: `/aws/eks/${clusterName}/cluster`, retentionInDays: s.logRetentionDays, kmsKeyId: key.arn, tags: tags(`${name}-logs`),
    }, child());

    const clusterRole = new aws.iam.Role(`${name}-cluster-role`, {
      description: `Control plane of ${clusterName}`,
      assumeRolePolicy: account.apply((c) => trustPolicy("eks.amazonaws.com", c.accountId, ["sts:AssumeRole", "sts:TagSession"])),
      managedPolicyArns: [managed(account.partition, "AmazonEKSClusterPolicy")],
      tags: tags(`${name}-cluster-role`),
    }, child());
    const clusterSg = new aws.ec2.SecurityGroup(`${name}-cluster-sg`, {
      vpcId: args.network.vpcId, description: `Additional security group of the ${clusterName} control plane`, tags: tags(`${name}-cluster-sg`),
    }, child());

    const cluster = new aws.eks.Cluster(`${name}-cluster`, {
      name: clusterName,
      version: s.version,
      roleArn: clusterRole.arn,
      vpcConfig: {
        subnetIds: args.network.privateSubnetIds,
        securityGroupIds: [clusterSg.id],
        ...endpointConfig(args.apiAccess ?? { mode: "private" }),
      },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: key.arn } },
      enabledClusterLogTypes: [...LOG_TYPES],
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
      upgradePolicy: { supportType: "STANDARD" },
      tags: tags(`${name}-cluster`),
    }, stateful({ dependsOn: [logs] }));

    // Access entries: the cluster creator gets no implicit admin (bootstrap off), so the deploy role
    // needs its own entry before any in-cluster object can be applied.
    const grant = (entryName: string, roleArn: pulumi.Input<string>, level: AccessLevel): aws.eks.AccessPolicyAssociation => {
      const entry = new aws.eks.AccessEntry(entryName, { clusterName: cluster.name, principalArn: roleArn, type: "STANDARD", tags: tags(entryName) }, child());
      return new aws.eks.AccessPolicyAssociation(`${entryName}-policy`, {
        clusterName: cluster.name, principalArn: entry.principalArn,
        policyArn: account.apply((c) => accessPolicyArn(c.partition, level)),
        accessScope: { type: "cluster" },
      }, child());
    };
    const deployAccess = grant(`${name}-deploy`, args.deployRoleArn, "admin");
    (args.adminRoleArns ?? []).forEach((roleArn, i) => grant(`${name}-admin-${i + 1}`, roleArn, "admin"));
    (args.viewRoleArns ?? []).forEach((roleArn, i) => grant(`${name}-view-${i + 1}`, roleArn, "view"));

    // Nodes: managed group on a launch template with IMDSv2 (hop limit 1: pods use Pod Identity) and an encrypted gp3 root.
    const nodeRole = new aws.iam.Role(`${name}-node-role`, {
      description: `Nodes of ${clusterName}`,
      assumeRolePolicy: account.apply((c) => trustPolicy("ec2.amazonaws.com", c.accountId)),
      managedPolicyArns: ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonEKS_CNI_Policy", "AmazonSSMManagedInstanceCore"].map((p) => managed(account.partition, p)),
      tags: tags(`${name}-node-role`),
    }, child());
    const bottlerocket = s.os === "BOTTLEROCKET";
    const launchTemplate = new aws.ec2.LaunchTemplate(`${name}-nodes-lt`, {
      description: `Nodes of ${clusterName}: IMDSv2 only, encrypted gp3 root volume`,
      metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1, httpEndpoint: "enabled", instanceMetadataTags: "disabled" },
      blockDeviceMappings: [{ deviceName: bottlerocket ? "/dev/xvdb" : "/dev/xvda", ebs: { volumeSize: s.diskGb, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }],
      monitoring: { enabled: true },
      tagSpecifications: [{ resourceType: "instance", tags: tags(`${name}-node`) }, { resourceType: "volume", tags: tags(`${name}-node-volume`) }],
      tags: tags(`${name}-nodes-lt`),
    }, child());
    const arm = s.instanceTypes.every((t) => /^[a-z]+\d+[a-z]*g[a-z]*\./.test(t));
    const nodeGroup = new aws.eks.NodeGroup(`${name}-nodes`, {
      clusterName: cluster.name,
      nodeRoleArn: nodeRole.arn,
      subnetIds: args.network.privateSubnetIds,
      instanceTypes: [...s.instanceTypes],
      amiType: `${bottlerocket ? "BOTTLEROCKET" : "AL2023"}_${arm ? "ARM_64" : "x86_64"}${bottlerocket ? "" : "_STANDARD"}`,
      capacityType: s.capacityType,
      scalingConfig: { minSize: s.min, maxSize: s.max, desiredSize: s.min },
      updateConfig: { maxUnavailablePercentage: 33 },
      launchTemplate: { id: launchTemplate.id, version: pulumi.interpolate`${launchTemplate.latestVersion}` },
      tags: tags(`${name}-nodes`),
      // The cluster autoscaler owns the desired size after creation.
    }, child({ ignoreChanges: ["scalingConfig.desiredSize"] }));

    if ((args.fargateNamespaces ?? []).length > 0) {
      const podRole = new aws.iam.Role(`${name}-fargate-role`, {
        description: `Fargate pods of ${clusterName}`,
        assumeRolePolicy: account.apply((c) => trustPolicy("eks-fargate-pods.amazonaws.com", c.accountId)),
        managedPolicyArns: [managed(account.partition, "AmazonEKSFargatePodExecutionRolePolicy")],
        tags: tags(`${name}-fargate-role`),
      }, child());
      new aws.eks.FargateProfile(`${name}-fargate`, {
        clusterName: cluster.name, podExecutionRoleArn: podRole.arn, subnetIds: args.network.privateSubnetIds,
        selectors: (args.fargateNamespaces ?? []).map((namespace) => ({ namespace })), tags: tags(`${name}-fargate`),
      }, child());
    }

    // Add-ons; the EBS CSI driver gets its permissions through Pod Identity.
    const ebsRole = new aws.iam.Role(`${name}-ebs-csi-role`, {
      description: `EBS CSI driver of ${clusterName} (Pod Identity)`,
      assumeRolePolicy: account.apply((c) => trustPolicy("pods.eks.amazonaws.com", c.accountId, ["sts:AssumeRole", "sts:TagSession"])),
      managedPolicyArns: [managed(account.partition, "service-role/AmazonEBSCSIDriverPolicy")],
      tags: tags(`${name}-ebs-csi-role`),
    }, child());
    const cwRole = new aws.iam.Role(`${name}-cloudwatch-role`, {
      description: `CloudWatch agent of ${clusterName} (Container Insights, Pod Identity)`,
      assumeRolePolicy: account.apply((c) => trustPolicy("pods.eks.amazonaws.com", c.accountId, ["sts:AssumeRole", "sts:TagSession"])),
      managedPolicyArns: [managed(account.partition, "CloudWatchAgentServerPolicy")],
      tags: tags(`${name}-cloudwatch-role`),
    }, child());
    const autoscalerRole = new aws.iam.Role(`${name}-autoscaler-role`, {
      description: `Cluster Autoscaler of ${clusterName} (Pod Identity)`,
      assumeRolePolicy: account.apply((c) => trustPolicy("pods.eks.amazonaws.com", c.accountId, ["sts:AssumeRole", "sts:TagSession"])),
      tags: tags(`${name}-autoscaler-role`),
    }, child());
    new aws.iam.RolePolicy(`${name}-autoscaler-policy`, { role: autoscalerRole.id, policy: autoscalerPolicy(clusterName) }, child());
    const podIdentity: Partial<Record<string, { roleArn: pulumi.Output<string>; serviceAccount: string }>> = {
      "aws-ebs-csi-driver": { roleArn: ebsRole.arn, serviceAccount: "ebs-csi-controller-sa" },
      "amazon-cloudwatch-observability": { roleArn: cwRole.arn, serviceAccount: "cloudwatch-agent" },
    };
    const needsNodes = new Set(["coredns", "aws-ebs-csi-driver", "amazon-cloudwatch-observability", "metrics-server"]);
    const addons: aws.eks.Addon[] = [];
    for (const addon of ADDONS) {
      const version = args.addonVersions?.[addon];
      addons.push(new aws.eks.Addon(`${name}-${addon}`, {
        clusterName: cluster.name,
        addonName: addon,
        ...(version ? { addonVersion: version } : {}),
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "PRESERVE",
        ...(podIdentity[addon] ? { podIdentityAssociations: [podIdentity[addon]!] } : {}),
        ...(ADDON_CONFIGURATION[addon] ? { configurationValues: JSON.stringify(ADDON_CONFIGURATION[addon]) } : {}),
        tags: tags(`${name}-${addon}`),
      }, child({ dependsOn: needsNodes.has(addon) ? [nodeGroup] : [] })));
    }

    this.kubeconfig = pulumi.secret(pulumi.all([cluster.name, cluster.endpoint, cluster.certificateAuthority, account.region])
      .apply(([n, endpoint, ca, region]) => kubeconfig({ clusterName: n, endpoint, caData: ca.data ?? "", region })));
    // Every in-cluster object goes through this provider, so it waits for the deploy role's access.
    this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig, enableServerSideApply: true }, child({ dependsOn: [...addons, deployAccess] }));

    // Baseline: restricted namespaces, each denying all traffic but DNS unless a policy allows more.
    const namespaces = args.namespaces ?? ["apps"];
    const k8sOpts = { parent: this, provider: this.provider };
    for (const ns of namespaces) {
      const namespace = new k8s.core.v1.Namespace(`${name}-ns-${ns}`, { metadata: { name: ns, labels: { ...restrictedLabels(), "paved.dev/environment": args.environment } } }, k8sOpts);
      const inNs = { ...k8sOpts, dependsOn: [namespace] };
      new k8s.networking.v1.NetworkPolicy(`${name}-ns-${ns}-default-deny`, {
        metadata: { name: "default-deny", namespace: ns },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
      }, inNs);
      new k8s.networking.v1.NetworkPolicy(`${name}-ns-${ns}-allow-dns`, {
        metadata: { name: "allow-dns", namespace: ns },
        spec: {
          podSelector: {},
          policyTypes: ["Egress"],
          egress: [{
            to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
            ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
          }],
        },
      }, inNs);
    }

    // Node autoscaling: Cluster Autoscaler (why this one: ./autoscaler.ts), credentials via Pod Identity.
    const autoscalerIdentity = new aws.eks.PodIdentityAssociation(`${name}-autoscaler-pod-identity`, {
      clusterName: cluster.name, namespace: AUTOSCALER_NAMESPACE, serviceAccount: AUTOSCALER_NAME, roleArn: autoscalerRole.arn,
      tags: tags(`${name}-autoscaler-pod-identity`),
    }, child({ dependsOn: addons }));
    const sa = new k8s.core.v1.ServiceAccount(`${name}-autoscaler-sa`, { metadata: autoscalerMetadata(true), automountServiceAccountToken: true }, k8sOpts);
    const autoscalerClusterRole = new k8s.rbac.v1.ClusterRole(`${name}-autoscaler-cluster-role`, { metadata: autoscalerMetadata(false), rules: autoscalerClusterRoleRules() }, k8sOpts);
    const nsRole = new k8s.rbac.v1.Role(`${name}-autoscaler-ns-role`, { metadata: autoscalerMetadata(true), rules: autoscalerRoleRules() }, k8sOpts);
    const subjects = [{ kind: "ServiceAccount", name: AUTOSCALER_NAME, namespace: AUTOSCALER_NAMESPACE }];
    const bindings = [
      new k8s.rbac.v1.ClusterRoleBinding(`${name}-autoscaler-cluster-binding`, {
        metadata: autoscalerMetadata(false), roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: AUTOSCALER_NAME }, subjects,
      }, { ...k8sOpts, dependsOn: [autoscalerClusterRole, sa] }),
      new k8s.rbac.v1.RoleBinding(`${name}-autoscaler-ns-binding`, {
        metadata: autoscalerMetadata(true), roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: AUTOSCALER_NAME }, subjects,
      }, { ...k8sOpts, dependsOn: [nsRole, sa] }),
    ];
    new k8s.apps.v1.Deployment(`${name}-autoscaler`, {
      metadata: autoscalerMetadata(true),
      spec: autoscalerDeploymentSpec({ clusterName, region: account.region, image: autoscalerImage(s.version)! }),
    }, { ...k8sOpts, dependsOn: [...bindings, autoscalerIdentity] });

    this.clusterName = cluster.name;
    this.endpoint = cluster.endpoint;
    this.clusterSecurityGroupId = cluster.vpcConfig.apply((v) => v.clusterSecurityGroupId ?? "");
    this.namespaces = namespaces;
    this.registerOutputs({ clusterName: this.clusterName, endpoint: this.endpoint, kubeconfig: this.kubeconfig, clusterSecurityGroupId: this.clusterSecurityGroupId });
  }
}
