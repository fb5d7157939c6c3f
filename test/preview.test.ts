import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ALL_PACKS } from "../policies/rules";
import { isPlanIncomplete, isUserError } from "../src/errors";
import { planStack, record, type Plan } from "../src/testing";

/** A throwaway Pulumi project with a CommonJS program (the repo's node_modules resolve from the temp dir's NODE_PATH-free absolute requires). */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paved-preview-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
const requires = `const aws = require(${JSON.stringify(require.resolve("@pulumi/aws"))});\nconst pulumi = require(${JSON.stringify(require.resolve("@pulumi/pulumi"))});\n`;

describe("preview semantics (the default)", () => {
  test("isDryRun is true, ids and computed outputs are unknown, apply on them does not run", async () => {
    const ran: string[] = [];
    let dryRun: boolean | undefined;
    const plan = await record(() => {
      dryRun = pulumi.runtime.isDryRun();
      const vpc = new aws.ec2.Vpc("v", { cidrBlock: "10.0.0.0/16" });
      vpc.id.apply((id) => ran.push(`id ${id}`));
      vpc.cidrBlock.apply((c) => ran.push(`cidr ${c}`));
      const sg = new aws.ec2.SecurityGroup("sg", { vpcId: vpc.id });
      sg.name.apply((n) => ran.push(`name ${n.replace(/-[0-9a-f]{7}$/, "-*")}`));
      return { url: pulumi.interpolate`http://${vpc.arn}`, cidr: vpc.cidrBlock };
    }, { config: { "aws:region": "eu-west-1" } });
    expect(dryRun).toBe(true);
    // A preview knows inputs and the auto-name the provider's Check assigns; never the id or ARN.
    expect(ran.sort()).toEqual(["cidr 10.0.0.0/16", "name sg-*"]);
    expect(plan.mode).toBe("preview");
    expect(plan.one("aws:ec2/vpc:Vpc", "v").id).toBeUndefined();
    expect(plan.one("aws:ec2/vpc:Vpc", "v").outputs).toMatchObject({ cidrBlock: "10.0.0.0/16", arn: "[unknown]", defaultSecurityGroupId: "[unknown]" });
    expect(plan.one("aws:ec2/securityGroup:SecurityGroup", "sg").inputs.vpcId).toBe("[unknown]");
    expect(plan.outputs).toEqual({ url: "[unknown]", cidr: "10.0.0.0/16" });
    expect(plan.toJSON().mode).toBe("preview");
  });

  test("resolve mode answers every output from the mocks, and apply runs", async () => {
    let seen: string | undefined;
    const plan = await record(() => {
      const vpc = new aws.ec2.Vpc("v", { cidrBlock: "10.0.0.0/16" });
      vpc.arn.apply((a) => (seen = a));
    }, { mode: "resolve", config: { "aws:region": "eu-west-1" } });
    expect(pulumi.runtime.isDryRun()).toBe(false);
    expect(seen).toMatch(/^arn:aws:ec2:eu-west-1:111122223333:vpc\/vpc-[0-9a-f]{17}$/);
    expect(plan.one("aws:ec2/vpc:Vpc", "v").id).toMatch(/^vpc-/);
  });

  test("a policy that reads a value unknown in preview is reported as not run, not as passing", async () => {
    const plan = await record(() => {
      const key = new aws.kms.Key("k", { enableKeyRotation: true });
      new aws.sns.Topic("t", { kmsMasterKeyId: key.arn, tags: { environment: "dev", service: "s", owner: "o", "cost-center": "c" } });
    }, { packs: ALL_PACKS });
    expect(plan.violations).toEqual([]);
    expect(plan.unknowns).toContainEqual(expect.objectContaining({ policy: "sns-encrypted", path: "kmsMasterKeyId" }));
    const resolved = await record(() => {
      const key = new aws.kms.Key("k", { enableKeyRotation: true });
      new aws.sns.Topic("t", { kmsMasterKeyId: key.arn });
    }, { packs: ALL_PACKS, mode: "resolve" });
    expect(resolved.unknowns.filter((u) => u.policy === "sns-encrypted")).toEqual([]);
  });

  test("stack and resource transforms run on the inputs, as the engine runs them", async () => {
    const plan = await record(() => {
      pulumi.runtime.registerResourceTransform((args) => ({ props: { ...args.props, tags: { ...(args.props.tags as object), team: "payments" } }, opts: args.opts }));
      new aws.s3.Bucket("b", { tags: { a: "1" } }, { transforms: [(args) => ({ props: { ...args.props, forceDestroy: false }, opts: args.opts })] });
    });
    expect(plan.one("aws:s3/bucket:Bucket", "b").inputs).toMatchObject({ tags: { a: "1", team: "payments" }, forceDestroy: false });
  });
});

describe("opaque parts are named, never reported clean", () => {
  test("a remote component is listed in opaque; a local one is not", async () => {
    const plan = await record(() => {
      // What awsx v2 does: a multi-language component registered with remote = true.
      new pulumi.ComponentResource("awsx:ec2:Vpc", "net", {}, {}, true);
      new pulumi.ComponentResource("acme:local:Thing", "thing", {}, {});
    }, { packs: ALL_PACKS });
    expect(plan.opaque).toEqual([{ urn: "urn:pulumi:test::paved::awsx:ec2:Vpc::net", type: "awsx:ec2:Vpc", reason: expect.stringContaining("remote") }]);
    expect(plan.summary.opaque).toBe(1);
    expect(plan.toJSON().opaque).toHaveLength(1);
  });

  test("CloudFormation stacks and Helm v3 charts whose template could not be rendered are opaque", async () => {
    const plan = await record(() => {
      new aws.cloudformation.Stack("cfn", { templateBody: "{}" });
    });
    expect(plan.opaque.map((o) => o.type)).toEqual(["aws:cloudformation/stack:Stack"]);
  });
});

describe("a plan always ends with a verdict or an error", () => {
  test("a program that never settles ends with PlanIncompleteError naming what waited (from the CLI's point of view: exit 3)", async () => {
    // beforeExit never fires inside jest, so drive the idle path the way Node would.
    const run = record(() => {
      new aws.ec2.SecurityGroup("stuck", { description: new Promise<string>(() => undefined) });
    });
    await new Promise((r) => setTimeout(r, 50));
    process.emit("beforeExit", 0);
    const error = await run.then(() => undefined, (e: unknown) => e);
    expect(isPlanIncomplete(error)).toBe(true);
    expect((error as Error).message).toContain('"stuck" [aws:ec2/securityGroup:SecurityGroup], waiting on its input "description"');
  });

  test("the program's own exception is the user's (exit 2) and points at the program's file", async () => {
    const dir = project({
      "Pulumi.yaml": "name: p\nruntime: nodejs\n",
      "Pulumi.dev.yaml": "config:\n  aws:region: eu-west-1\n",
      "index.js": `${requires}new aws.s3.Bucket("b");\nthrow new Error("the team forgot a value");\n`,
    });
    const error = await planStack({ dir, stack: "dev" }).then(() => undefined, (e: unknown) => e);
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toBe("the program failed: the team forgot a value\n    at index.js:4:7");
  });

  test("a missing required config value is exit 2, naming the key", async () => {
    const dir = project({
      "Pulumi.yaml": "name: p\nruntime: nodejs\n",
      "Pulumi.dev.yaml": "config:\n  aws:region: eu-west-1\n",
      "index.js": `${requires}new pulumi.Config().require("dbName");\n`,
    });
    const error = await planStack({ dir, stack: "dev" }).then(() => undefined, (e: unknown) => e);
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(/Missing required configuration variable 'p:dbName'/);
  });

  test("a project without aws:region fails as the AWS provider would, instead of planning us-east-1", async () => {
    const saved = [process.env.AWS_REGION, process.env.AWS_DEFAULT_REGION];
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    try {
      const dir = project({ "Pulumi.yaml": "name: p\nruntime: nodejs\n", "Pulumi.dev.yaml": "config: {}\n", "index.js": `${requires}new aws.s3.Bucket("b");\n` });
      await expect(planStack({ dir, stack: "dev" })).rejects.toThrow(/aws:region is not set/);
    } finally {
      if (saved[0] !== undefined) process.env.AWS_REGION = saved[0];
      if (saved[1] !== undefined) process.env.AWS_DEFAULT_REGION = saved[1];
    }
  });
});

describe("Pulumi.yaml project config", () => {
  const program = `${requires}const c = new pulumi.Config();\nmodule.exports = { size: c.require("size"), count: c.requireNumber("count"), region: new pulumi.Config("aws").require("region") };\n`;
  test("defaults and declarations apply, bare keys take the project namespace, the stack file wins", async () => {
    const dir = project({
      "Pulumi.yaml": "name: p\nruntime: nodejs\nconfig:\n  aws:region: eu-north-1\n  size: small\n  count:\n    type: integer\n    default: 2\n",
      "Pulumi.dev.yaml": "config:\n  p:size: large\n",
      "index.js": program,
    });
    const plan = await planStack({ dir, stack: "dev" });
    expect(plan.outputs).toEqual({ size: "large", count: 2, region: "eu-north-1" });
  });

  test("a declared key without a default must be set; a value must match its declared type", async () => {
    const dir = project({
      "Pulumi.yaml": "name: p\nruntime: nodejs\nconfig:\n  size:\n    type: string\n  count:\n    type: integer\n",
      "Pulumi.dev.yaml": "config:\n  aws:region: eu-west-1\n  count: many\n",
      "index.js": program,
    });
    await expect(planStack({ dir, stack: "dev" })).rejects.toThrow(
      'Invalid config of stack "dev" (2 problems):\n' +
      '  - p:size: missing in stack "dev"; Pulumi.yaml declares it without a default (set it with: pulumi config set size <value> -s dev)\n' +
      '  - p:count: found "many" in stack "dev"; allowed a value of type integer (declared in Pulumi.yaml)');
  });

  test("stack files live in stackConfigDir when Pulumi.yaml names one", async () => {
    const dir = project({
      "Pulumi.yaml": "name: p\nruntime: nodejs\nstackConfigDir: config\n",
      "config/Pulumi.dev.yaml": "config:\n  aws:region: eu-west-1\n  size: s\n  count: 1\n",
      "index.js": program,
    });
    expect((await planStack({ dir, stack: "dev" })).outputs).toMatchObject({ size: "s", count: 1 });
  });
});

describe("paved.mocks.json: lookups and stack references the user supplies", () => {
  const refProgram = `${requires}const net = new pulumi.StackReference("acme/network/dev");
const sg = new aws.ec2.SecurityGroup("app", { vpcId: net.requireOutput("vpcId") });
const zone = aws.route53.getZoneOutput({ name: "example.com" });
module.exports = { vpc: net.getOutput("vpcId"), zoneId: zone.zoneId, sgVpc: sg.vpcId };
`;
  const base = { "Pulumi.yaml": "name: app\nruntime: nodejs\n", "Pulumi.dev.yaml": "config:\n  aws:region: eu-west-1\n", "index.js": refProgram };

  test("StackReference outputs and invoke results come from the file, per stack", async () => {
    const dir = project({
      ...base,
      "paved.mocks.json": JSON.stringify({
        invokes: { "aws:route53/getZone:getZone": [{ inputs: { name: "other.org" }, result: { zoneId: "ZWRONG" } }, { inputs: { name: "example.com" }, result: { zoneId: "Z0EXAMPLE", name: "example.com." } }] },
        stackReferences: { "acme/network/dev": { vpcId: "vpc-0base" } },
        stacks: { dev: { stackReferences: { "acme/network/dev": { vpcId: "vpc-0dev" } } } },
      }),
    });
    const plan: Plan = await planStack({ dir, stack: "dev" });
    expect(plan.outputs).toEqual({ vpc: "vpc-0dev", zoneId: "Z0EXAMPLE", sgVpc: "vpc-0dev" });
    expect(plan.one("aws:ec2/securityGroup:SecurityGroup", "app").inputs.vpcId).toBe("vpc-0dev");
    expect(plan.opaque).toEqual([]);
  });

  test("without the stack's outputs a preview carries them unknown and lists the reference as opaque; --resolve refuses", async () => {
    const dir = project({ ...base, "paved.mocks.json": JSON.stringify({ invokes: { "aws:route53/getZone:getZone": { zoneId: "Z1" } } }) });
    const plan = await planStack({ dir, stack: "dev" });
    expect(plan.outputs.vpc).toBe("[unknown]");
    expect(plan.opaque).toEqual([expect.objectContaining({ type: "pulumi:pulumi:StackReference", reason: expect.stringContaining('"acme/network/dev"') })]);
    // As users meet it, in its own process: the program's requireOutput then fails too, which jest would flag.
    const cli = spawnSync(process.execPath, [path.join(__dirname, "..", "dist/src/cli/main.js"), "plan", "dev", "--resolve", "--cwd", dir], { encoding: "utf8" });
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(/^paved: StackReference "acme\/network\/dev": its outputs are not given in .*paved\.mocks\.json/m);
    expect(cli.stdout).toBe("");
  });

  test("an invoke nobody can answer names itself and how to supply it (exit 2)", async () => {
    const dir = project({ ...base, "index.js": `${requires}aws.cloudformation.getExportOutput({ name: "shared-vpc" });\n` });
    const error = await planStack({ dir, stack: "dev" }).then(() => undefined, (e: unknown) => e);
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(/aws:cloudformation\/getExport:getExport/);
    expect((error as Error).message).toMatch(/paved\.mocks\.json/);
  });

  test("a malformed mocks file is reported whole, by key", async () => {
    const dir = project({ ...base, "paved.mocks.json": JSON.stringify({ invoke: {}, invokes: { "not a token": 3 }, stackReferences: { "a/b/c": "x" } }) });
    await expect(planStack({ dir, stack: "dev" })).rejects.toThrow(/Invalid paved\.mocks\.json \(4 problems\)/);
  });
});
