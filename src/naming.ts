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

/** A physical name AWS accepts for most services: lower case, letters, digits and hyphens, starting with a letter. */
export function physicalName(parts: readonly string[], maxLength: number): string {
  const joined = parts.join("-").toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "");
  const lettered = /^[a-z]/.test(joined) ? joined : `p-${joined}`;
  return lettered.slice(0, maxLength).replace(/-$/, "");
}
