import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { REPO } from "./helpers/project";

const ARG_FILES = ["vpc/args.ts", "rds-postgres/args.ts", "redis/args.ts", "s3-backups/args.ts", "ecs-service/args.ts", "ecs-service/cluster.ts", "monitoring/args.ts", "eks-cluster/args.ts", "eks-cluster/workload-args.ts"];
/** Fields that have no default by nature: identities, inputs you must pass, escape hatches. */
const NO_DEFAULT = new Set(["transform", "tags", "kmsKeyArn", "disasterRecovery", "availabilityZones", "endpoints", "flowLogs", "scaling", "deployment", "provider", "dockerfile", "buildArgs", "cidrBlock", "nodes"]);

function optionalPropsWithoutDefault(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const missing: string[] = [];
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || !/Args$/.test(node.name.text)) return;
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !member.questionToken || !member.name) continue;
      const name = member.name.getText(source);
      if (NO_DEFAULT.has(name)) continue;
      const docs = ts.getJSDocTags(member).map((t) => t.tagName.text);
      const text = member.getFullText(source);
      if (!docs.includes("default") && !/only when given|none by default|Escape hatch/i.test(text)) missing.push(`${node.name.text}.${name}`);
    }
  });
  return missing;
}

test("every optional component arg documents its default (per environment where it differs)", () => {
  const missing = ARG_FILES.flatMap((f) => optionalPropsWithoutDefault(path.join(REPO, "components", f)));
  expect(missing).toEqual([]);
});

test("the @default lines of every settings arg are what the presets say (scripts/settings-docs.js)", () => {
  const r = spawnSync(process.execPath, [path.join(REPO, "scripts/settings-docs.js"), "--check"], { encoding: "utf8" });
  expect(r.stdout).toMatch(/@default lines match the presets of 9 components/);
  expect(r.status).toBe(0);
});
