/**
 * Paved on EKS: the cluster and the workloads that run in it (needs @pulumi/kubernetes).
 * @module paved/eks
 */
export {
  EksCluster, Workload,
  type EksClusterArgs, type EksClusterTransforms, type EksSettings, type EksNetwork, type EksApiAccess, type EksNodeGroupArgs,
  type WorkloadArgs, type WorkloadTransforms, type WorkloadSettings, type EgressRule,
} from "../components/eks-cluster";
export type { Addon } from "../components/eks-cluster/addons";
