#!/usr/bin/env node
// Writes schema/pulumi-stack.schema.json from the zod schema (run by `npm run schema` after a build).
const fs = require("node:fs");
const path = require("node:path");
const { stackFileJsonSchema } = require("../dist/stacks/config/json-schema");
const file = path.join(__dirname, "..", "schema", "pulumi-stack.schema.json");
fs.writeFileSync(file, JSON.stringify(stackFileJsonSchema(), null, 2) + "\n");
console.log(`written: ${path.relative(process.cwd(), file)}`);
