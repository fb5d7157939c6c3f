import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ALL_PACKS } from "../policies/rules";
import { isPlanIncomplete, isUserError } from "../src/errors";
import { renderMarkdown } from "../src/cli/render-markdown";
import { renderText } from "../src/cli/render-text";
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

describe("secrets in paved plan", () => {
  test("rules decide on a secret's plaintext, as CrossGuard does; the plan and every message keep it masked", async () => {
    const plan = await record(() => {
      new aws.ecs.TaskDefinition("t", {
        family: "f", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "256", memory: "512",
        containerDefinitions: pulumi.secret(JSON.stringify([{ name: "app", image: "nginx", user: "root" }])),
      });
    }, { config: { "aws:region": "eu-west-1" }, packs: ALL_PACKS });
    const nonRoot = plan.violations.find((v) => v.policy === "ecs-non-root-user");
    expect(nonRoot).toMatchObject({ enforcementLevel: "mandatory", message: expect.stringContaining("found [secret]") });
    expect(plan.unknowns.filter((u) => u.policy.startsWith("ecs-"))).toEqual([]);
    for (const v of plan.violations) expect(v.message).not.toContain('"root"');
    expect(plan.one("aws:ecs/taskDefinition:TaskDefinition", "t").inputs.containerDefinitions).toBe("[secret]");
  });
});

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
      // A key ARN from a CloudFormation stack's outputs: unknown in preview, and not a key the rule can see.
      const cfn = new aws.cloudformation.Stack("keys", { templateBody: "{}", tags: { environment: "dev", service: "s", owner: "o", "cost-center": "c" } });
      new aws.sns.Topic("t", { kmsMasterKeyId: cfn.outputs.apply((o) => o.KeyArn ?? ""), tags: { environment: "dev", service: "s", owner: "o", "cost-center": "c" } });
    }, { packs: ALL_PACKS });
    expect(plan.violations).toEqual([]);
    expect(plan.unknowns).toContainEqual(expect.objectContaining({ policy: "sns-encrypted", path: "kmsMasterKeyId" }));
    const resolved = await record(() => {
      const key = new aws.kms.Key("k", { enableKeyRotation: true });
      new aws.sns.Topic("t", { kmsMasterKeyId: key.arn });
    }, { packs: ALL_PACKS, mode: "resolve" });
    expect(resolved.unknowns.filter((u) => u.policy === "sns-encrypted")).toEqual([]);
  });

  test("in a preview, one compliant bucket does not hide another bucket's violation", async () => {
    const plan = await record(() => {
      const a = new aws.s3.Bucket("a");
      const b = new aws.s3.Bucket("b-no-policy");
      new aws.s3.BucketServerSideEncryptionConfiguration("a-sse", { bucket: a.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] });
      new aws.s3.BucketServerSideEncryptionConfiguration("b-sse", { bucket: b.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] });
      new aws.s3.BucketPolicy("a-tls", {
        bucket: a.id,
        // A literal policy, known in preview; it names the other bucket too, as real policies often do.
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::a", "arn:aws:s3:::a/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }] }),
      });
    }, { packs: ALL_PACKS });
    expect(plan.violations.filter((v) => v.policy === "s3-tls-only").map((v) => v.urn.split("::").pop())).toEqual(["b-no-policy"]);
    expect(plan.unknowns.filter((u) => u.policy.startsWith("s3-"))).toEqual([]);
  });

  test("a DB subnet group over public subnets fails in preview too: property dependencies name the subnets", async () => {
    const plan = await record(() => {
      const vpc = new aws.ec2.Vpc("v", { cidrBlock: "10.0.0.0/16" });
      const igw = new aws.ec2.InternetGateway("igw", { vpcId: vpc.id });
      const rt = new aws.ec2.RouteTable("rt", { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }] });
      const subnet = new aws.ec2.Subnet("s", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" });
      new aws.ec2.RouteTableAssociation("s-rta", { subnetId: subnet.id, routeTableId: rt.id });
      new aws.rds.SubnetGroup("db", { subnetIds: [subnet.id] });
      // The same through a separate aws.ec2.Route, whose gatewayId is unknown too.
      const rt2 = new aws.ec2.RouteTable("rt2", { vpcId: vpc.id });
      new aws.ec2.Route("rt2-igw", { routeTableId: rt2.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });
      const subnet2 = new aws.ec2.Subnet("s2", { vpcId: vpc.id, cidrBlock: "10.0.2.0/24" });
      new aws.ec2.RouteTableAssociation("s2-rta", { subnetId: subnet2.id, routeTableId: rt2.id });
      new aws.rds.SubnetGroup("db2", { subnetIds: [subnet2.id] });
    }, { packs: ALL_PACKS });
    expect(plan.violations.filter((v) => v.policy === "data-subnet-groups-private").map((v) => v.urn.split("::").pop())).toEqual(["db", "db2"]);
    expect(plan.unknowns.filter((u) => u.policy === "data-subnet-groups-private")).toEqual([]);
  });

  test("a stack rule's unknown names the resource whose value was unknown, not the rule", async () => {
    const plan = await record(() => {
      const b = new aws.s3.Bucket("b");
      new aws.s3.BucketPolicy("p", { bucket: b.id, policy: b.arn.apply((arn) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: arn }] })) });
    }, { packs: ALL_PACKS });
    const unknown = plan.unknowns.find((u) => u.policy === "s3-tls-only");
    expect(unknown).toEqual({ pack: "paved-encryption", policy: "s3-tls-only", urn: "urn:pulumi:test::paved::aws:s3/bucketPolicy:BucketPolicy::p", path: "policy" });
  });

  test("stack and resource transforms run on the inputs, as the engine runs them", async () => {
    const plan = await record(() => {
      pulumi.runtime.registerResourceTransform((args) => ({ props: { ...args.props, tags: { ...(args.props.tags as object), team: "payments" } }, opts: args.opts }));
      new aws.s3.Bucket("b", { tags: { a: "1" } }, { transforms: [(args) => ({ props: { ...args.props, forceDestroy: false }, opts: args.opts })] });
    });
    expect(plan.one("aws:s3/bucket:Bucket", "b").inputs).toMatchObject({ tags: { a: "1", team: "payments" }, forceDestroy: false });
  });
});

describe("resources created inside apply at deploy time", () => {
  const dir = (): string => project({ "Pulumi.yaml": "name: p\nruntime: nodejs\n", "Pulumi.dev.yaml": "config:\n  aws:region: eu-west-1\n" });
  const openDb = (): void => {
    const vpc = new aws.ec2.Vpc("v", { cidrBlock: "10.0.0.0/16" });
    vpc.id.apply((id) => new aws.ec2.SecurityGroup("db", { vpcId: id, ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }] }));
  };

  test("are missing from the preview, as in pulumi preview, but found and checked on a resolved run", async () => {
    const plan = await planStack({ dir: dir(), stack: "dev", program: openDb, packs: ALL_PACKS });
    expect(plan.all().map((r) => r.name)).toEqual(["v"]);
    expect(plan.deferred).toEqual({ ran: true, resources: [{ urn: "urn:pulumi:dev::p::aws:ec2/securityGroup:SecurityGroup::db", type: "aws:ec2/securityGroup:SecurityGroup" }] });
    expect(plan.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([expect.objectContaining({
      policy: "no-public-data-ports", urn: "urn:pulumi:dev::p::aws:ec2/securityGroup:SecurityGroup::db", message: expect.stringContaining("created inside an apply at deploy time"),
    })]);
    expect(plan.toJSON().deferred?.resources).toHaveLength(1);
  });

  test("when the resolved run fails, the plan says the search could not be done", async () => {
    let runs = 0;
    const plan = await planStack({ dir: dir(), stack: "dev", program: () => {
      runs += 1;
      new aws.s3.Bucket("b");
      if (!pulumi.runtime.isDryRun()) throw new Error("only fails when resolved");
    } });
    expect(runs).toBe(2);
    expect(plan.deferred).toEqual({ ran: false, error: "the program failed: only fails when resolved", resources: [] });
    // The pull-request comment must not call this clean either.
    const md = renderMarkdown(plan, ALL_PACKS);
    expect(md).not.toContain(":white_check_mark:");
    expect(md).toContain("**Not checked:** resources the program creates inside apply callbacks (the resolved run that finds them failed: the program failed: only fails when resolved)");
    expect(renderText(plan, ALL_PACKS)).toContain("Verdict: no mandatory violation in what was checked; resources created inside apply callbacks were not looked for");
  });

  test("the CLI fails the gate on them (exit 1); --skip-deferred leaves them unseen and says so", () => {
    const d = project({
      "Pulumi.yaml": "name: p\nruntime: nodejs\n", "Pulumi.dev.yaml": "config:\n  aws:region: eu-west-1\n",
      "index.js": `${requires}const vpc = new aws.ec2.Vpc("v", { cidrBlock: "10.0.0.0/16" });\nvpc.id.apply((id) => new aws.ec2.SecurityGroup("db", { vpcId: id, ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }] }));\n`,
    });
    // In its own process, as users run it: jest's module registry would not evaluate the program a second time.
    const cli = (...args: string[]) => {
      const r = spawnSync(process.execPath, [path.join(__dirname, "..", "dist/src/cli/main.js"), ...args], { encoding: "utf8" });
      return { code: r.status, out: r.stdout };
    };
    const full = cli("plan", "dev", "--cwd", d);
    expect(full.code).toBe(1);
    expect(full.out).toContain("Created at deploy time: 1 resource the program registers inside apply callbacks");
    const d2 = project({ "Pulumi.yaml": "name: p\nruntime: nodejs\n", "Pulumi.dev.yaml": "config:\n  aws:region: eu-west-1\n", "index.js": fs.readFileSync(path.join(d, "index.js"), "utf8") });
    const skipped = cli("plan", "dev", "--cwd", d2, "--skip-deferred");
    expect(skipped.code).toBe(0);
    expect(skipped.out).toContain("were not looked for (--skip-deferred)");
    expect(skipped.out).toContain("Verdict: no mandatory violation in what was checked; resources created inside apply callbacks were not looked for");
  });

  test("findDeferred: false runs the preview only", async () => {
    let runs = 0;
    const plan = await planStack({ dir: dir(), stack: "dev", program: () => { runs += 1; }, findDeferred: false });
    expect(runs).toBe(1);
    expect(plan.deferred).toBeUndefined();
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
    expect(plan.toJSON().lookups).toEqual([{ token: "aws:route53/getZone:getZone", source: "mocks-file", inputs: { name: "example.com" } }]);
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

  test("every unanswerable invoke is named at once", async () => {
    const dir = project({ ...base, "index.js": `${requires}aws.cloudformation.getExportOutput({ name: "a" });\naws.cloudformation.getExportOutput({ name: "b" });\n` });
    await expect(planStack({ dir, stack: "dev" })).rejects.toThrow(/calls 2 invokes the offline plan cannot answer:\n {2}- "aws:cloudformation\/getExport:getExport" \(inputs \{"name":"a"\}\)\n {2}- .*\{"name":"b"\}/);
  });

  test("a stack reference output given as { secret } stays secret", async () => {
    const dir = project({
      ...base,
      "index.js": `${requires}const net = new pulumi.StackReference("acme/network/dev");\nmodule.exports = { pw: net.getOutput("dbPassword"), vpc: net.getOutput("vpcId") };\n`,
      "paved.mocks.json": JSON.stringify({ stackReferences: { "acme/network/dev": { vpcId: "vpc-0a", dbPassword: { secret: "hunter2hunter2" } } } }),
    });
    const plan = await planStack({ dir, stack: "dev", findDeferred: false });
    expect(plan.outputs).toEqual({ pw: "[secret]", vpc: "vpc-0a" });
    expect(JSON.stringify(plan.toJSON())).not.toContain("hunter2");
  });

  test("a malformed mocks file is reported whole, by key", async () => {
    const dir = project({ ...base, "paved.mocks.json": JSON.stringify({ invoke: {}, invokes: { "not a token": 3 }, stackReferences: { "a/b/c": "x" } }) });
    await expect(planStack({ dir, stack: "dev" })).rejects.toThrow(/Invalid paved\.mocks\.json \(4 problems\)/);
  });
});

describe("provider default tags", () => {
  const tags = { environment: "dev", service: "jobs", owner: "team", "cost-center": "cc-1" };
  test("aws:defaultTags and an explicit provider's defaultTags reach tagsAll, and required-tags reads them", async () => {
    const plan = await record(() => {
      new aws.sqs.Queue("q", { tags: { extra: "1" } });
      const p = new aws.Provider("tagged", { region: "eu-west-1", defaultTags: { tags } });
      new aws.sqs.Queue("q2", {}, { provider: p });
    }, { config: { "aws:region": "eu-west-1", "aws:defaultTags": { tags } }, packs: ALL_PACKS });
    expect(plan.one("aws:sqs/queue:Queue", "q").outputs.tagsAll).toEqual({ ...tags, extra: "1" });
    expect(plan.one("aws:sqs/queue:Queue", "q2").outputs.tagsAll).toEqual(tags);
    expect(plan.violations.filter((v) => v.policy === "required-tags")).toEqual([]);
  });

  test("auto-names a preview knows: SQS (FIFO suffix), DynamoDB, Lambda", async () => {
    let names: string[] = [];
    await record(() => {
      const q = new aws.sqs.Queue("jobs", { fifoQueue: true });
      const t = new aws.dynamodb.Table("orders", { hashKey: "id", attributes: [{ name: "id", type: "S" }], billingMode: "PAY_PER_REQUEST" });
      pulumi.all([q.name, t.name]).apply((n) => (names = n));
    });
    expect(names[0]).toMatch(/^jobs-[0-9a-f]{7}\.fifo$/);
    expect(names[1]).toMatch(/^orders-[0-9a-f]{7}$/);
  });
});
