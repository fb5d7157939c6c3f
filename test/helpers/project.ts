import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";

export const REPO = path.resolve(__dirname, "../..");

/** A throwaway Pulumi project that runs this repo's compiled stack program with the given stack files. */
export function tempProject(stacks: Record<string, Record<string, unknown>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paved-test-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify({ name: "paved", runtime: "nodejs", main: path.join(REPO, "dist/stacks/index.js") }));
  for (const [stack, config] of Object.entries(stacks)) {
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify({ config }));
  }
  return dir;
}

/** A valid config of the environment, to derive bad ones from. */
export function validConfig(environment = "dev"): Record<string, unknown> {
  return {
    "aws:region": "eu-west-1",
    "paved:environment": environment,
    "paved:owner": "platform-team",
    "paved:costCenter": "cc-1",
    "paved:services": { web: { image: { reference: "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine" }, port: 8080, certificateArn: "arn:aws:acm:eu-west-1:111122223333:certificate/web" } },
    "paved:kubernetes": { deployRoleArn: "arn:aws:iam::111122223333:role/paved-deploy" },
  };
}

/**
 * A user's Pulumi project of `files` (Pulumi.yaml, a dev stack in eu-west-1 and a package.json
 * unless `files` gives its own) under `root`; `linked` gives it the repo's node_modules
 * (@pulumi/*, typescript), as an installed project has.
 */
export function programProject(root: string, name: string, files: Record<string, string>, linked = true): string {
  const dir = path.join(root, name);
  for (const [file, text] of Object.entries({
    "Pulumi.yaml": `name: ${name}\nruntime: nodejs\n`,
    "Pulumi.dev.yaml": "config:\n  aws:region: eu-west-1\n",
    "package.json": JSON.stringify({ name, private: true }),
    ...files,
  })) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  if (linked) fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}
