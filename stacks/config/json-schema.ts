import { z } from "zod";
import { pavedConfigSchema } from "./schema";

/**
 * A JSON Schema for Pulumi.<stack>.yaml, generated from the same zod schema
 * the program parses with, so editors complete and check the `paved:` keys.
 */
export function stackFileJsonSchema(): Record<string, unknown> {
  const paved = z.toJSONSchema(pavedConfigSchema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as {
    properties: Record<string, unknown>;
    required?: string[];
    $defs?: Record<string, unknown>;
  };
  const config: Record<string, unknown> = {
    "aws:region": { type: "string", pattern: "^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d$", description: "The region of the stack." },
  };
  for (const [key, schema] of Object.entries(paved.properties)) config[`paved:${key}`] = schema;
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://paved.dev/schema/pulumi-stack.schema.json",
    title: "Paved stack config (Pulumi.<stack>.yaml)",
    description: "Generated from stacks/config/schema.ts by `npm run schema`; do not edit.",
    type: "object",
    properties: {
      config: {
        type: "object",
        properties: config,
        required: ["aws:region", ...(paved.required ?? []).map((k) => `paved:${k}`)],
        // Provider and Pulumi settings are checked by their owners; any other namespace is a typo.
        patternProperties: { "^aws:": {}, "^pulumi:": {} },
        additionalProperties: false,
      },
      secretsprovider: { type: "string" },
      encryptedkey: { type: "string" },
      environment: {},
    },
    required: ["config"],
    additionalProperties: false,
    ...(paved.$defs ? { $defs: paved.$defs } : {}),
  };
}
