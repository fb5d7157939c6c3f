// Plans a project with the built engine in a plain Node process, as `paved plan`
// runs it: jest's module system can neither import() ES modules nor evaluate a
// CommonJS module twice, which is what load-program.ts exists to do.
// Usage: node plan-in-node.js <project dir> [times]; prints one JSON document.
"use strict";
const { planStack } = require("../../../dist/src/plan/run-stack.js");
const { isUserError } = require("../../../dist/src/errors.js");

const describe = (e) => e instanceof Error
  ? { name: e.name, message: e.message, stack: e.stack, userError: isUserError(e), cause: e.cause instanceof Error ? describe(e.cause) : undefined }
  : { name: typeof e, message: String(e), userError: false };

async function main() {
  const [dir, times = "1"] = process.argv.slice(2);
  const plans = [];
  let error;
  try {
    for (let i = 0; i < Number(times); i++) {
      const json = (await planStack({ dir, stack: "dev" })).toJSON();
      plans.push({ resources: json.resources.map(({ urn, type, name, parent, inputs }) => ({ urn, type, name, parent, inputs })), outputs: json.outputs });
    }
  } catch (e) {
    error = describe(e);
  }
  process.stdout.write(JSON.stringify({ plans, error, cwd: process.cwd(), sourceMapsEnabled: process.sourceMapsEnabled }));
}

void main();
