// Validates Kubernetes objects against the OpenAPI schema with kubernetes-models
// (an ES module, so it runs in its own process): node validate-k8s.mjs objects.json
import { readFileSync } from "node:fs";

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
const results = [];
for (const obj of objects) {
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
  const module = group === "" ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
  try {
    const Kind = (await import(module))[obj.kind];
    if (!Kind) throw new Error(`no model for ${obj.apiVersion} ${obj.kind}`);
    new Kind(obj).validate();
    results.push({ kind: obj.kind, name: obj.metadata?.name, ok: true });
  } catch (e) {
    results.push({ kind: obj.kind, name: obj.metadata?.name, ok: false, error: String(e.message ?? e).slice(0, 500) });
  }
}
process.stdout.write(JSON.stringify(results));
