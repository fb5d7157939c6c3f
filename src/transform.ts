import type * as pulumi from "@pulumi/pulumi";

/**
 * A per-child escape hatch: runs after the component computed the child's args
 * and options, before the child is created. It may change both in place.
 */
export type Transform<A> = (args: A, opts: pulumi.CustomResourceOptions) => void;
