import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Where a component's resources live: what key and role policies need to name. */
export interface AccountContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/** Looks up the partition, region and account of the component's provider (one invoke each). */
export function accountContext(parent: pulumi.Resource, provider?: pulumi.ProviderResource): pulumi.Output<AccountContext> {
  const opts = { parent, ...(provider ? { provider } : {}) };
  return pulumi.all([
    aws.getPartitionOutput({}, opts).partition,
    aws.getRegionOutput({}, opts).region,
    aws.getCallerIdentityOutput({}, opts).accountId,
  ]).apply(([partition, region, accountId]) => ({ partition, region, accountId }));
}
