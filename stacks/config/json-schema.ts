import { z } from "zod";
import { awsRegions } from "../../src/aws/regions";
import { pavedConfigSchema } from "./schema";

type Schema = Record<string, unknown>;

const isSchema = (v: unknown): v is Schema => typeof v === "object" && v !== null && !Array.isArray(v);

/** What a `pulumi config set --secret` value looks like in the stack file. */
const SECURE: Schema = {
  type: "object",
  properties: { secure: { type: "string", minLength: 1, description: "Ciphertext written by `pulumi config set --secret`." } },
  required: ["secure"],
  additionalProperties: false,
  description: "A secret value: its plaintext is checked when the program runs, not here.",
};
const SECURE_REF: Schema = { $ref: "#/$defs/secure" };

/** The Output/Promise half of an `input()`: a stack file holds plain values, so it matches nothing there. */
const NOTHING: Schema = { not: {} };
const isNothing = (s: unknown): boolean => isSchema(s) && Object.keys(s).length === 1 && isSchema(s.not) && Object.keys(s.not).length === 0;

/** Applies `f` to every subschema (children first); property names are keys, not values, and are left alone. */
function mapSchema(node: unknown, f: (s: Schema) => Schema): unknown {
  if (!isSchema(node)) return node;
  const out: Schema = { ...node };
  const each = (v: unknown) => (isSchema(v) ? Object.fromEntries(Object.entries(v).map(([k, s]) => [k, mapSchema(s, f)])) : v);
  for (const key of ["properties", "patternProperties", "$defs"]) if (key in out) out[key] = each(out[key]);
  for (const key of ["additionalProperties", "items", "not"]) if (isSchema(out[key])) out[key] = mapSchema(out[key], f);
  for (const key of ["anyOf", "oneOf", "allOf", "prefixItems"]) if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map((s) => mapSchema(s, f));
  return f(out);
}

/** Drops the branches no stack-file value can take; a union left with one branch becomes that branch. */
function dropNothing(s: Schema): Schema {
  if (!Array.isArray(s.anyOf)) return s;
  const { anyOf, ...rest } = s;
  const kept = (anyOf as unknown[]).filter((b) => !isNothing(b));
  if (kept.length === 0) return { ...rest, ...NOTHING };
  return kept.length === 1 ? { ...(kept[0] as Schema), ...rest } : { ...rest, anyOf: kept };
}

/** `s` or a `secure:` value, the description kept outside so editors still show it. */
function orSecure(s: Schema): Schema {
  if (Array.isArray(s.anyOf) && s.anyOf.some((b) => isSchema(b) && b.$ref === SECURE_REF.$ref)) return s;
  const { description, ...rest } = s;
  return { anyOf: [rest, SECURE_REF], ...(description === undefined ? {} : { description }) };
}

/**
 * Pulumi encrypts a value set with `--secret` (`--path` reaches one inside an object) and decrypts it
 * to a string before the program runs, so a `secure:` value stands wherever a free-form string is
 * accepted. A choice from a list (enums, union discriminators) is never a secret and stays plain.
 */
function secureStrings(s: Schema): Schema {
  return s.type === "string" && s.const === undefined && s.enum === undefined ? orSecure(s) : s;
}

/**
 * A JSON Schema for Pulumi.<stack>.yaml, generated from the same zod schema the program parses
 * with (types, ranges, enums, patterns), plus the stack-file rules of stacks/config/load.ts that
 * JSON Schema can express, so editors complete and check what `paved plan` and `pulumi up` check.
 * Rules the schemas hold as code (CIDR ranges, retention values, cross-field rules) stay the loader's.
 */
export function stackFileJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(pavedConfigSchema, {
    target: "draft-2020-12",
    io: "input",
    // Only input()'s Output/Promise branch is a custom type; anything else unrepresentable must fail the build.
    unrepresentable: (ctx) => (ctx.zodSchema._zod.def.type === "custom" ? NOTHING : "throw"),
  }) as { properties: Record<string, Schema>; required?: string[]; $defs?: Record<string, unknown> };
  const sections = generated.properties;
  // The loader checks both regions against the provider's list.
  const regions = [...awsRegions()];
  sections.drRegion = { ...sections.drRegion, enum: regions };
  // At least one service (the loader's rule; zod leaves the key optional so its message can say more).
  sections.services = { ...sections.services, minProperties: 1 };

  const plain: Record<string, Schema> = {
    "aws:region": { type: "string", enum: regions, description: "The region of the stack: one the AWS provider knows." },
  };
  for (const [key, schema] of Object.entries(sections)) plain[`paved:${key}`] = schema;
  const config: Record<string, Schema> = {};
  for (const [key, schema] of Object.entries(plain)) {
    config[key] = orSecure(mapSchema(mapSchema(schema, dropNothing), secureStrings) as Schema);
  }

  // A section the program always builds is validated even when absent (its presets must be complete):
  // only paved:kubernetes has a key with no preset (deployRoleArn).
  const required = ["aws:region", ...(generated.required ?? []).map((k) => `paved:${k}`), "paved:services", "paved:kubernetes"];
  const configSchema: Schema = {
    type: "object",
    properties: config,
    // Provider and Pulumi settings are checked by their owners; any other namespace is a typo.
    patternProperties: { "^aws:": {}, "^pulumi:": {} },
    additionalProperties: false,
    // Without paved:dns every service names its certificate.
    if: { not: { required: ["paved:dns"] } },
    then: {
      properties: {
        "paved:services": { anyOf: [SECURE_REF, { type: "object", additionalProperties: { type: "object", required: ["certificateArn"] } }] },
      },
    },
  };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://paved.dev/schema/pulumi-stack.schema.json",
    title: "Paved stack config (Pulumi.<stack>.yaml)",
    description: "Generated from stacks/config/schema.ts by `npm run schema`; do not edit.",
    type: "object",
    properties: {
      config: configSchema,
      // Pulumi's own keys of a stack file (its stack settings file reference).
      secretsprovider: { type: "string", description: "The secrets provider: default, passphrase, awskms://…, …" },
      encryptedkey: { type: "string", description: "The data key for secrets, encrypted by a cloud secrets provider." },
      encryptionsalt: { type: "string", description: "The base64 salt of a passphrase secrets provider." },
      environment: {
        anyOf: [{ type: "array", items: { type: "string", minLength: 1 } }, { type: "object" }],
        description: "Pulumi ESC environments to import (a list of names, or an inline definition).",
      },
    },
    additionalProperties: false,
    // Config may come from ESC environments, which this file cannot see: then nothing here is required.
    if: { not: { required: ["environment"] } },
    then: { required: ["config"], properties: { config: { type: "object", required } } },
    $defs: { ...(generated.$defs ?? {}), secure: SECURE },
  };
}
