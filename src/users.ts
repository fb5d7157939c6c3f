/**
 * Whether a container `user` runs as root: no user (the image's default,
 * usually root), or a uid part of "0" or "root" ("0:1000", "root:app").
 * EcsService rejects these at construction; the non-root pack flags them.
 */
export function isRootUser(user: unknown): boolean {
  if (typeof user !== "string" || user.trim() === "") return true;
  const uid = user.split(":")[0]!.trim().toLowerCase();
  return uid === "0" || uid === "root";
}
