import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { PavedComponent, type CommonArgs } from "../../src/component";
import type { Transform } from "../../src/transform";
import { ECS_CLUSTER_SETTINGS, type EcsClusterSettings } from "./settings";

/** One escape hatch per child role, run after the defaults and before the child is created. */
export interface EcsClusterTransforms {
  cluster?: Transform<aws.ecs.ClusterArgs>;
  capacityProviders?: Transform<aws.ecs.ClusterCapacityProvidersArgs>;
}

export interface EcsClusterArgs extends CommonArgs {
  /**
   * Run tasks on Fargate Spot (interruptible, ~70 % cheaper) by default.
   * @default dev: true · staging: false · prod: false
   */
  readonly spot?: boolean;
  /** Per-child escape hatches, run after the defaults and before each child is created. */
  readonly transform?: EcsClusterTransforms;
}

/** An ECS cluster with Container Insights and the FARGATE and FARGATE_SPOT capacity providers. */
export class EcsCluster extends PavedComponent<EcsClusterSettings, EcsClusterTransforms, EcsClusterArgs> {
  public readonly clusterName: pulumi.Output<string>;
  public readonly clusterArn: pulumi.Output<string>;

  constructor(name: string, args: EcsClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super({ type: "paved:compute:EcsCluster", settings: ECS_CLUSTER_SETTINGS }, name, args, opts);
    const cluster = this.create("cluster", aws.ecs.Cluster, `${name}-cluster`, {
      settings: [{ name: "containerInsights", value: "enhanced" }],
      tags: this.tags(`${name}-cluster`),
    });
    this.create("capacityProviders", aws.ecs.ClusterCapacityProviders, `${name}-capacity`, {
      clusterName: cluster.name,
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      defaultCapacityProviderStrategies: this.settings.spot
        ? [{ capacityProvider: "FARGATE_SPOT", weight: 3 }, { capacityProvider: "FARGATE", weight: 1, base: 1 }]
        : [{ capacityProvider: "FARGATE", weight: 1, base: 1 }],
    });
    this.clusterName = cluster.name;
    this.clusterArn = cluster.arn;
    this.registerOutputs({ clusterName: this.clusterName, clusterArn: this.clusterArn });
  }
}
