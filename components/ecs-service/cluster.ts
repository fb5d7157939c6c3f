import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../../src/environment";
import { assertValid } from "../../src/errors";
import { childTags, type Tags } from "../../src/tags";
import { validateCommon } from "../../src/validate-common";
import { assertComponentAws } from "../../src/aws/provider-version";

export interface EcsClusterArgs {
  readonly environment: Environment;
  /**
   * Run tasks on Fargate Spot (interruptible, ~70 % cheaper) by default.
   * @default dev: true · staging: false · prod: false
   */
  readonly spot?: boolean;
  /** Name of the service in the `service` tag. @default the component's name */
  readonly service?: string;
  readonly tags?: Tags;
}

const SPOT = { dev: true, staging: false, prod: false } as const;

/** An ECS cluster with Container Insights and the FARGATE and FARGATE_SPOT capacity providers. */
export class EcsCluster extends pulumi.ComponentResource {
  public readonly clusterName: pulumi.Output<string>;
  public readonly clusterArn: pulumi.Output<string>;

  constructor(name: string, args: EcsClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid("EcsCluster", name, validateCommon(args).map((i) => `${i.path}: ${i.message}`));
    assertComponentAws("EcsCluster", name);
    super("paved:compute:EcsCluster", name, {}, opts);
    const spot = args.spot ?? SPOT[args.environment];
    const tags = (child: string) => childTags({ environment: args.environment, service: args.service ?? name, tags: args.tags }, child);
    const cluster = new aws.ecs.Cluster(`${name}-cluster`, {
      settings: [{ name: "containerInsights", value: "enhanced" }],
      tags: tags(`${name}-cluster`),
    }, { parent: this });
    new aws.ecs.ClusterCapacityProviders(`${name}-capacity`, {
      clusterName: cluster.name,
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      defaultCapacityProviderStrategies: spot
        ? [{ capacityProvider: "FARGATE_SPOT", weight: 3 }, { capacityProvider: "FARGATE", weight: 1, base: 1 }]
        : [{ capacityProvider: "FARGATE", weight: 1, base: 1 }],
    }, { parent: this });
    this.clusterName = cluster.name;
    this.clusterArn = cluster.arn;
    this.registerOutputs({ clusterName: this.clusterName, clusterArn: this.clusterArn });
  }
}
