import { awsId, digest } from "../ids";
import type { InvokeContext, InvokeTable } from "./context";
import { cannotKnow, dnsSuffix, pastDate, secret, str } from "./common";
import { addonVersion, NEWEST_EKS_VERSION } from "./eks-addon-versions";
import { defaultVpcId, subnetsByQuery } from "./ec2-network-model";

/** The 32 upper-case hex digits EKS uses both in a cluster's API host and its OIDC issuer path. */
function clusterCode(c: InvokeContext, name: string): string {
  return digest("eks-cluster", c.account, c.region, name).slice(0, 32).toUpperCase();
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A certificate authority bundle as EKS returns it: base64 of a PEM certificate (not a parseable one). */
function certificateData(seed: string): string {
  const body = Buffer.from(digest("eks-ca", seed) + digest("eks-ca-2", seed), "hex").toString("base64");
  return Buffer.from(`-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`, "utf8").toString("base64");
}

export const EKS_INVOKES: InvokeTable = {
  "aws:eks/getAddonVersion:getAddonVersion": (c) => {
    const addon = String(c.inputs.addonName ?? "");
    const k8s = String(c.inputs.kubernetesVersion ?? "");
    const version = addonVersion(addon, k8s);
    if (version === undefined) throw cannotKnow(c.token, `the version of EKS add-on "${addon}" for Kubernetes ${k8s}, which Paved's add-on table does not cover`);
    return { id: addon, addonName: addon, kubernetesVersion: k8s, mostRecent: c.inputs.mostRecent, region: c.region, version };
  },
  "aws:eks/getCluster:getCluster": (c) => {
    const name = str(c.inputs.name);
    if (name === undefined) throw cannotKnow(c.token, "a getCluster lookup without a name");
    const code = clusterCode(c, name);
    const vpcId = defaultVpcId(c);
    return {
      id: name,
      name,
      arn: `arn:${c.partition}:eks:${c.region}:${c.account}:cluster/${name}`,
      endpoint: `https://${code}.gr7.${c.region}.eks.${dnsSuffix(c.partition)}`,
      certificateAuthorities: [{ data: certificateData(`${c.account}/${c.region}/${name}`) }],
      identities: [{ oidcs: [{ issuer: `https://oidc.eks.${c.region}.${dnsSuffix(c.partition)}/id/${code}` }] }],
      // Set only for local clusters on Outposts.
      clusterId: "",
      createdAt: pastDate(`eks/${name}`),
      deletionProtection: false,
      enabledClusterLogTypes: [],
      // The cluster exists outside the program: its version, role and network are placeholders (the newest version
      // Paved knows, the default VPC); supply the real ones in paved.mocks.json when they matter.
      version: NEWEST_EKS_VERSION,
      platformVersion: "eks.1",
      roleArn: "",
      status: "ACTIVE",
      accessConfigs: [{ authenticationMode: "API_AND_CONFIG_MAP", bootstrapClusterCreatorAdminPermissions: false }],
      computeConfigs: [],
      controlPlaneScalingConfigs: [{ tier: "standard" }],
      kubeApiServerConfigs: [],
      kubeControllerManagerConfigs: [],
      kubeSchedulerConfigs: [],
      // Without a service CIDR, EKS assigns from 10.100.0.0/16 or 172.20.0.0/16 (EKS API model,
      // KubernetesNetworkConfigRequest.serviceIpv4Cidr): 172.20.0.0/16 only in a 10.0.0.0/8 VPC, which the placeholder is not.
      kubernetesNetworkConfigs: [{ elasticLoadBalancings: [{ enabled: false }], ipFamily: "ipv4", serviceIpv4Cidr: "10.100.0.0/16", serviceIpv6Cidr: "" }],
      outpostConfigs: [],
      remoteNetworkConfigs: [],
      storageConfigs: [],
      region: c.region,
      tags: c.inputs.tags ?? {},
      upgradePolicies: [{ supportType: "EXTENDED" }],
      vpcConfig: {
        clusterSecurityGroupId: awsId("sg", `eks-cluster-sg/${c.account}/${c.region}/${name}`),
        controlPlaneEgressMode: "",
        endpointPrivateAccess: false,
        endpointPublicAccess: true,
        publicAccessCidrs: ["0.0.0.0/0"],
        securityGroupIds: [],
        subnetIds: subnetsByQuery(c, new Map([["vpc-id", [vpcId]]])).map((s) => s.id),
        vpcId,
      },
      zonalShiftConfigs: [],
    };
  },
  "aws:eks/getClusterAuth:getClusterAuth": (c) => {
    const name = str(c.inputs.name);
    if (name === undefined) throw cannotKnow(c.token, "a getClusterAuth lookup without a name");
    // The token is "k8s-aws-v1." and a base64url presigned STS GetCallerIdentity URL (aws-iam-authenticator's format).
    const seed = `${c.account}/${c.region}/${name}`;
    const url = `https://sts.${c.region}.${dnsSuffix(c.partition)}/?Action=GetCallerIdentity&Version=2011-06-15` +
      `&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIA${digest("key", seed).slice(0, 16).toUpperCase()}%2F20250115%2F${c.region}%2Fsts%2Faws4_request` +
      `&X-Amz-Date=20250115T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=${digest("signature", seed)}`;
    return { id: name, name, region: c.region, token: secret(`k8s-aws-v1.${base64url(url)}`) };
  },
};
