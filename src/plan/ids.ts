import { createHash } from "node:crypto";

/** Hex digest of the parts: mock ids derive from URNs so every plan is reproducible. */
export function digest(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

/** An AWS-style resource id such as `vpc-0a1b2c3d4e5f60718`. */
export function awsId(prefix: string, seed: string, length = 17): string {
  return `${prefix}-${digest(seed).slice(0, length)}`;
}

/** A v4-shaped UUID (KMS key ids, request ids). */
export function uuid(seed: string): string {
  const h = digest(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Pulumi's auto-naming: the logical name plus a 7-character random suffix. */
export function autoName(name: string, seed: string): string {
  return `${name}-${digest("autoname", seed).slice(0, 7)}`;
}
