import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadStackFile } from "../src/plan/project";
import { spawnCliAsync } from "./helpers/cli";
import { programProject } from "./helpers/project";

/*
 * `secure:` values in a stack file are ciphertext the offline plan cannot decrypt (it has no
 * secrets provider). They must read as the "[secret]" placeholder, be marked secret for the
 * program (as `pulumi config set --secret` marks them), and their ciphertext must appear in no
 * output: not in the plan's text, its JSON or its errors.
 */

// Ciphertext as `pulumi config set --secret` writes it (v1:<nonce>:<sealed>); the words must never be printed.
const CIPHER = "v1:R3VhcmRlZA==:bmV2ZXItcHJpbnQtdGhpcy1jaXBoZXJ0ZXh0";
const NESTED_CIPHER = "v1:TmVzdGVk:bmVzdGVkLWNpcGhlcnRleHQtbmV2ZXItcHJpbnQ=";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "paved-secrets-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function project(name: string, index: string): string {
  return programProject(tmp, name, {
    "Pulumi.dev.yaml": `config:\n  aws:region: eu-west-1\n  ${name}:dbPassword:\n    secure: ${CIPHER}\n  ${name}:app:\n    owner: platform\n    token:\n      secure: ${NESTED_CIPHER}\n`,
    "index.ts": index,
  });
}

describe("secure: config values are masked, never decrypted or printed", () => {
  test("the stack file reads a secure value as \"[secret]\" (top level and nested) and marks the key secret", () => {
    const dir = project("masked", "");
    const file = loadStackFile(dir, "dev");
    expect(file.config["masked:dbPassword"]).toBe("[secret]");
    expect(file.config["masked:app"]).toEqual({ owner: "platform", token: "[secret]" });
    expect(file.secretKeys).toContain("masked:dbPassword");
    expect(JSON.stringify(file)).not.toContain("never-print");
    expect(JSON.stringify(file)).not.toContain(CIPHER.slice(3, 15));
  });

  test("a program that puts the secret into a resource and an output plans without the ciphertext anywhere, and the output is secret", async () => {
    const dir = project("used", [
      'import * as pulumi from "@pulumi/pulumi";',
      'import * as aws from "@pulumi/aws";',
      "const config = new pulumi.Config();",
      'const password = config.requireSecret("dbPassword");',
      'const app = config.requireObject<{ owner: string; token: string }>("app");',
      'const param = new aws.ssm.Parameter("db-password", { type: "SecureString", value: password, description: `token ${app.token}` });',
      "export const passwordOut = password;",
      "export const name = param.name;",
      "",
    ].join("\n"));
    const json = path.join(tmp, "used.json");
    const r = await spawnCliAsync(["plan", "dev", "--cwd", dir, "--resolve", "--json", json]);
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: expect.not.stringContaining("never-print") });
    const written = fs.readFileSync(json, "utf8");
    for (const text of [r.out, r.err, written]) {
      expect(text).not.toContain("bmV2ZXItcHJpbnQ");
      expect(text).not.toContain("bmVzdGVk");
    }
    const plan = JSON.parse(written) as { resources: { type: string; inputs: Record<string, unknown> }[]; outputs: Record<string, unknown> };
    const parameter = plan.resources.find((x) => x.type === "aws:ssm/parameter:Parameter");
    // A secret input is masked in the plan JSON, never shown as the placeholder's plain text.
    expect(parameter?.inputs.value).toBe("[secret]");
    expect(plan.outputs.passwordOut).toBe("[secret]");
  });
});
