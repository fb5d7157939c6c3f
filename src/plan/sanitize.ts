import * as pulumi from "@pulumi/pulumi";

/**
 * Turns the wire form of resource properties (a protobuf Struct as plain JS)
 * into what the plan shows: secrets masked, resource references as URNs,
 * assets by path, and preview unknowns marked.
 */
export const SECRET = "[secret]";
export const UNKNOWN = "[unknown]";

const rt = pulumi.runtime;
const SIG_KEY = rt.specialSigKey;
const SIG = {
  secret: rt.specialSecretSig,
  resource: rt.specialResourceSig,
  asset: rt.specialAssetSig,
  archive: rt.specialArchiveSig,
  outputValue: rt.specialOutputValueSig,
} as const;
const UNKNOWN_SENTINEL = rt.unknownValue;

export function sanitize(value: unknown): unknown {
  if (value === UNKNOWN_SENTINEL) return UNKNOWN;
  if (Array.isArray(value)) return value.map(sanitize);
  if (value === null || typeof value !== "object") return value;
  const obj = value as Record<string, unknown>;
  switch (obj[SIG_KEY]) {
    case SIG.secret:
      return SECRET;
    case SIG.resource:
      return obj.urn;
    case SIG.asset:
      return { asset: obj.path ?? obj.uri ?? "(inline text)" };
    case SIG.archive:
      return { archive: obj.path ?? obj.uri ?? "(inline assets)" };
    case SIG.outputValue:
      return obj.secret === true ? SECRET : "value" in obj ? sanitize(obj.value) : UNKNOWN;
    default: {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = sanitize(v);
      return out;
    }
  }
}

/** Mask the named top-level properties (a resource's `additionalSecretOutputs`). */
export function maskKeys(props: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  if (keys.length === 0) return props;
  const out = { ...props };
  for (const k of keys) if (k in out) out[k] = SECRET;
  return out;
}

/**
 * What the policy rules see of a resource's inputs: like `sanitize`, but a secret shows its
 * plaintext, as CrossGuard hands it to policies in-process; every string of it goes to
 * `secrets`, so no message prints it. Never written to the plan.
 */
export function reveal(value: unknown, secrets: string[]): unknown {
  if (value === UNKNOWN_SENTINEL) return UNKNOWN;
  if (Array.isArray(value)) return value.map((v) => reveal(v, secrets));
  if (value === null || typeof value !== "object") return value;
  const obj = value as Record<string, unknown>;
  const plain = (v: unknown): unknown => {
    const shown = reveal(v, secrets);
    secretStrings(shown, secrets);
    return shown;
  };
  switch (obj[SIG_KEY]) {
    case SIG.secret:
      return plain(obj.value);
    case SIG.outputValue:
      if (!("value" in obj)) return UNKNOWN;
      return obj.secret === true ? plain(obj.value) : reveal(obj.value, secrets);
    case SIG.resource:
    case SIG.asset:
    case SIG.archive:
      return sanitize(value);
    default: {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = reveal(v, secrets);
      return out;
    }
  }
}

/** Every string in a secret's plaintext, JSON text inside it included (an ECS containerDefinitions string), for redaction. */
export function secretStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") {
    out.push(value);
    const t = value.trim();
    if (t.startsWith("{") || t.startsWith("[")) {
      try {
        secretStrings(JSON.parse(t), out);
      } catch {
        // Not JSON: the string itself is the secret.
      }
    }
  } else if (Array.isArray(value)) {
    for (const v of value) secretStrings(v, out);
  } else if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) secretStrings(v, out);
  }
  return out;
}
