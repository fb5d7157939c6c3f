import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The name a component had first: the `name` of its first alias, else its
 * name. Physical names (database identifiers, bucket names) derive from it, so
 * renaming a component with `aliases: [{ name: "old" }]` keeps them, as the
 * engine keeps the resources.
 */
export function identityName(name: string, opts: pulumi.ComponentResourceOptions | undefined): string {
  for (const alias of opts?.aliases ?? []) {
    if (typeof alias === "object" && alias !== null && "name" in alias && typeof alias.name === "string") return alias.name;
  }
  return name;
}

/** Hex characters of the hash that ends a shortened name: 32 bits, so distinct long names do not collide by accident. */
export const NAME_HASH_LENGTH = 8;
/** The shortest `maxLength` that can hold a shortened name: one letter, a hyphen and the hash. */
export const MIN_SHORTENED_LENGTH = NAME_HASH_LENGTH + 2;

/**
 * A physical name AWS accepts for most services: lower case, letters, digits and hyphens, starting with a letter,
 * at most `maxLength` characters. A name that fits is returned as it is (deployed names must not change). A longer
 * one keeps a readable prefix and ends with a hash of the whole normalised name, so two long names that share a
 * prefix stay distinct instead of naming the same resource.
 */
export function physicalName(parts: readonly string[], maxLength: number): string {
  const joined = parts.join("-").toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "");
  const lettered = /^[a-z]/.test(joined) ? joined : `p-${joined}`;
  const fitting = lettered.replace(/-$/, "");
  if (fitting.length <= maxLength) return fitting;
  if (maxLength < MIN_SHORTENED_LENGTH) {
    throw new RangeError(`physicalName: "${fitting}" is longer than ${maxLength} and ${maxLength} cannot hold a shortened name (at least ${MIN_SHORTENED_LENGTH})`);
  }
  const hash = createHash("sha256").update(fitting).digest("hex").slice(0, NAME_HASH_LENGTH);
  const prefix = fitting.slice(0, maxLength - NAME_HASH_LENGTH - 1).replace(/-$/, "");
  return `${prefix}-${hash}`;
}
