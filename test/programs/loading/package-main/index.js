// Not the entry: package.json main names infra/main.ts, which Pulumi runs before any index file.
throw new Error("index.js ran, but package.json main names infra/main.ts");
