import type * as pulumi from "@pulumi/pulumi";

/**
 * A per-child escape hatch: runs after the component computed the child's args
 * and options, before the child is created. It may change both in place.
 */
export type Transform<A> = (args: A, opts: pulumi.CustomResourceOptions) => void;

/** Build a child through its transform: one line per child in every component. */
export function withTransform<A, R>(
  make: (args: A, opts: pulumi.CustomResourceOptions) => R,
  args: A,
  opts: pulumi.CustomResourceOptions,
  transform: Transform<A> | undefined,
): R {
  transform?.(args, opts);
  return make(args, opts);
}
