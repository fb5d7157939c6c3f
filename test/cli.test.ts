import { spawn, spawnSync } from "node:child_process";
import { formatValue } from "../src/cli/render-text";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { planCommand } from "../src/cli/plan-command";
import { MARKDOWN_LIMIT } from "../src/cli/render-markdown";
import type { PlanJson } from "../src/testing";
import { BAD_CONFIGS } from "./helpers/bad-configs";
import { expectCleanError, runCli, spawnCli as spawnBuilt, spawnCliAsync } from "./helpers/cli";
import { REPO, tempProject, validConfig } from "./helpers/project";

const run = runCli;
/** The built CLI in its own process (see test/helpers/cli.ts). */
const spawnCli = (...argv: string[]) => spawnBuilt(argv);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "paved-cli-"));

describe("paved plan (in-process)", () => {
  test("prints a tree, counts per type, policy results and outputs; writes JSON and Markdown", async () => {
    const json = path.join(tmp, "prod.json");
    const md = path.join(tmp, "prod.md");
    const r = await run("plan", "prod", "--cwd", REPO, "--json", json, "--markdown", md);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Offline plan of paved/prod, environment prod");
    expect(r.out).toMatch(/\+ ├─ paved:network:Vpc {2}main\n/);
    expect(r.out).toMatch(/\+ [├└]─ paved:data:RdsPostgres {2}main\n/);
    expect(r.out).toMatch(/├─ aws:ec2\/vpc:Vpc {2}main-vpc {2}\[protect\]/);
    expect(r.out).toMatch(/ {2}3 {2}aws:ec2\/natGateway:NatGateway/);
    expect(r.out).toContain("Mode: preview");
    // A first preview of our stacks decides every check (issue 15): unknown ids do not leave any undecided.
    expect(r.out).toContain("Policies: no violations");
    expect(r.out).not.toMatch(/checks could not run/);
    expect(r.out).toContain("vpcId: [unknown]");
    expect(r.out).toContain("Verdict: pass (every resource was seen and every check ran)");
    const plan = JSON.parse(fs.readFileSync(json, "utf8")) as PlanJson;
    expect(fs.readFileSync(md, "utf8")).toContain("### Paved plan: `paved/prod` (prod)");
    expect(fs.readFileSync(md, "utf8").length).toBeLessThan(MARKDOWN_LIMIT);
    expect(plan.resources.length).toBe(plan.summary.resources + 1);
  });

  test("--json - writes the document to stdout and the report to stderr", async () => {
    const r = await run("plan", "dev", "--cwd", REPO, "--json", "-");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).stack).toBe("dev");
    expect(r.err).toContain("Offline plan of paved/dev");
  });

  test("an unknown stack exits 2 and lists the stacks", async () => {
    const r = await run("plan", "nosuchstack", "--cwd", REPO);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`paved: Unknown stack "nosuchstack": there is no Pulumi.nosuchstack.yaml in ${REPO}. Stacks here: dev, prod, staging.\n`);
  });

  test("a bad config exits 2 naming every bad key, with no stack trace and no plan", async () => {
    const dir = tempProject({
      bad: { ...validConfig(), "paved:vpc": { azCount: "3", nmae: "x", flowLogs: { retentionDays: 1000 } } },
    });
    const json = path.join(dir, "out.json");
    const r = await run("plan", "bad", "--cwd", dir, "--json", json);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^paved: Invalid stack config \(3 problems\):\n/);
    expect(r.err).toContain('paved:vpc.azCount: found "3"; allowed an integer 1–6');
    expect(r.err).toContain("paved:vpc.nmae: unknown key");
    expect(r.err).toContain("paved:vpc.flowLogs.retentionDays: found 1000; allowed one of");
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(json)).toBe(false);
  });

  test.each([["cn-north-1", "arn:aws-cn:"], ["us-gov-west-1", "arn:aws-us-gov:"]])("a stack in another partition (%s) plans, with that partition's ARNs", (region, arn) => {
    const dir = tempProject({ part: { ...validConfig(), "aws:region": region, "paved:services": { web: { image: { reference: "public.ecr.aws/nginx/nginx-unprivileged:1.27-alpine" }, port: 8080, certificateArn: `${arn}acm:${region}:111122223333:certificate/web` } } } });
    const json = path.join(dir, "out.json");
    const r = spawnCli("plan", "part", "--cwd", dir, "--json", json, "--resolve");
    expect(r.err).not.toMatch(/\n\s+at /);
    expect([0, 1]).toContain(r.code);
    const plan = JSON.parse(fs.readFileSync(json, "utf8")) as PlanJson;
    expect(plan.outputs.availabilityZones).toEqual([`${region}a`, `${region}b`]);
    expect(JSON.stringify(plan.resources.map((x) => x.outputs))).toContain(arn);
  });

  test("a region typo in a user's program exits 2 with the nearest region, not a crash", () => {
    // A stack file beside the fixture's own (the program resolves its packages from the repo).
    const dir = path.join(REPO, "test/fixtures/ts-project");
    const stackFile = path.join(dir, "Pulumi.typo.yaml");
    fs.writeFileSync(stackFile, fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8").replace(/aws:region: .*/, "aws:region: eu-wst-1"));
    let r: ReturnType<typeof spawnCli>;
    try {
      r = spawnCli("plan", "typo", "--cwd", dir);
    } finally {
      fs.rmSync(stackFile, { force: true });
    }
    expect(r.code).toBe(2);
    expect(r.err).toContain('aws:region: found "eu-wst-1"; allowed a region the AWS provider knows (did you mean "eu-west-1"?)');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  test.each(BAD_CONFIGS)("bad config (%s) exits 2 naming the key", async (_label, change, message) => {
    const config = { ...validConfig(), ...change };
    for (const [k, v] of Object.entries(change)) if (v === undefined) delete config[k];
    const r = await run("plan", "bad", "--cwd", tempProject({ bad: config }));
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  test("a mandatory violation exits 1 and is listed", async () => {
    const spy = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      const code = await planCommand({
        stack: "dev", cwd: REPO,
        packs: [{ name: "demo", description: "demo pack", rules: [{ id: "no-nat-instance", description: "", enforcement: "mandatory", types: ["aws:ec2/instance:Instance"], check: () => ["NAT instances are not allowed here"] }] }],
      });
      expect(code).toBe(1);
      const out = spy.mock.calls.map((c) => String(c[0])).join("");
      expect(out).toContain("mandatory  no-nat-instance  urn:pulumi:dev::paved::paved:network:Vpc$aws:ec2/instance:Instance::main-nat-instance\n      NAT instances are not allowed here");
    } finally {
      spy.mockRestore();
    }
  });

  test("more AZs than the provider says the region has exits 2 naming azCount (the provider's answer decides, no static table)", () => {
    const dir = tempProject({ west: { ...validConfig("prod"), "aws:region": "us-west-1" } });
    const r = spawnCli("plan", "west", "--cwd", dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Vpc "main": azCount: found 3; allowed at most 2, the AZs this region offers (us-west-1a, us-west-1c), or list availabilityZones');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  test.each([
    [["plan"], "takes exactly one stack name; found none"],
    [["plan", "a", "b"], "takes exactly one stack name; found a b"],
    [["plan", "dev", "--jsn", "x"], "--jsn: unknown option (did you mean --json?)"],
    [["deploy"], 'Unknown command "deploy"'],
  ])("%j exits 2: %s", async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  test("an unreadable stack file or project exits 2", async () => {
    const dir = tempProject({});
    fs.writeFileSync(path.join(dir, "Pulumi.broken.yaml"), "config: [unclosed");
    expect((await run("plan", "broken", "--cwd", dir)).err).toMatch(/Pulumi\.broken\.yaml is not valid YAML/);
    expect((await run("plan", "dev", "--cwd", os.tmpdir())).err).toMatch(/No Pulumi\.yaml in/);
  });

  test("--version and -V print the package's version and exit 0", async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) expect(await run(flag)).toEqual({ code: 0, out: `${version}\n`, err: "" });
  });

  test("--help works on every command", async () => {
    expect((await run("--help")).out).toContain("plan <stack>");
    const r = await run("plan", "--help");
    expect(r.code).toBe(0);
    expect(r.out).toContain("1 a mandatory policy violation, 2 the input or the program is at fault");
    expect(r.out).toContain("3 Paved failed or the plan never finished, 4 opaque parts with\n--fail-on-opaque");
  });
});

describe("usage errors and output targets", () => {
  test("no arguments: the usage on stderr, exit 2", async () => {
    const r = await run();
    expect(r).toMatchObject({ code: 2, out: "" });
    expect(r.err).toContain("Usage: paved <command>");
  });

  test.each([
    [["--json", "-", "--markdown", "-"], '--json and --markdown: found "-" for each; allowed one document on stdout'],
    [["--json="], "--json: found an empty file name"],
    [["--markdown", " "], "--markdown: found an empty file name"],
  ])("%j is refused before any plan runs (exit 2)", async (flags, message) => {
    const r = await run("plan", "prod", "--cwd", REPO, ...flags);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.out).toBe(""); // nothing was planned or printed
  });
});

describe("paved binary", () => {
  const bin = path.join(REPO, "dist/src/cli/main.js");
  test("a reader that closes the pipe early (| head) ends the plan quietly with its verdict", async () => {
    const child = spawn(process.execPath, [bin, "plan", "prod", "--json", "-", "--skip-deferred"], { cwd: REPO });
    let err = "";
    child.stderr.on("data", (d: Buffer) => { err += d.toString(); });
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(err).not.toMatch(/EPIPE|^\s+at .+:\d+:\d+\)?$/m); // no error, no stack trace
    expect(code).toBe(0);
  });

  test("plans a TypeScript program in Pulumi's default layout (index.ts, no build, no main), with its own config namespace", () => {
    const json = path.join(tmp, "ts.json");
    const r = spawnSync(process.execPath, [bin, "plan", "dev", "--cwd", path.join(REPO, "test/fixtures/ts-project"), "--json", json], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const plan = JSON.parse(fs.readFileSync(json, "utf8")) as PlanJson;
    expect(plan.project).toBe("shop");
    expect(plan.resources.find((x) => x.name === "shop-vpc")!.inputs).toMatchObject({ cidrBlock: "10.44.0.0/16", tags: { owner: "shop", "cost-center": "cc-7" } });
    expect(plan.outputs.vpcId).toBe("[unknown]"); // a preview does not know the id of a VPC it is about to create
    expect(plan.summary.mandatoryViolations).toBe(0);
  });

  test("plans prod, writes the JSON contract, exits 0; exits 2 for an unknown stack", () => {
    const json = path.join(tmp, "bin.json");
    const ok = spawnSync(process.execPath, [bin, "plan", "prod", "--json", json], { cwd: REPO, encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stdout).not.toContain("\u001b["); // piped: no color
    const plan = JSON.parse(fs.readFileSync(json, "utf8")) as PlanJson;
    expect(Object.keys(plan)).toEqual(["stack", "project", "environment", "mode", "resources", "violations", "summary", "outputs", "unknowns", "opaque", "deferred", "lookups"]);
    // Our stacks' own lookups (region, account, AZs, public AMI parameters) are answered by the built-in mocks.
    expect(plan.lookups.length).toBeGreaterThan(0);
    expect(plan.lookups.every((l) => l.source === "builtin")).toBe(true);
    expect(plan.mode).toBe("preview");
    expect(plan.opaque).toEqual([]);
    expect(Object.keys(plan.resources[1]!)).toEqual(["urn", "type", "name", "parent", "inputs", "outputs", "dependencies", "protect", "custom", "aliases", "provider", "id", "propertyDependencies"]);
    const count = (type: string) => plan.resources.filter((r) => r.type === type).length;
    expect(count("aws:ec2/vpc:Vpc")).toBe(1);
    expect(count("aws:ec2/subnet:Subnet")).toBeGreaterThanOrEqual(9);
    expect(count("aws:ec2/natGateway:NatGateway")).toBe(3);
    expect(count("aws:ec2/vpcEndpoint:VpcEndpoint")).toBe(7);
    expect(count("aws:ec2/flowLog:FlowLog")).toBe(1);

    const missing = spawnSync(process.execPath, [bin, "plan", "nosuchstack"], { cwd: REPO, encoding: "utf8" });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('Unknown stack "nosuchstack"');
  });
});

describe("outputs in the text report", () => {
  test("a string is never cut; a long list or map is summarised with a pointer to --json", () => {
    const arn = `arn:aws:iam::123456789012:role/${"very-long-role-name-".repeat(8)}end`;
    expect(formatValue(arn)).toBe(arn);
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
    expect(formatValue(Array.from({ length: 40 }, (_, i) => `subnet-${i}`))).toBe("[40 items] (whole in --json)");
    const map = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`service-${i}`, `https://service-${i}.example.com`]));
    expect(formatValue(map)).toBe("{10 keys: service-0, service-1, service-2, service-3, service-4, service-5, service-6, service-7, …} (whole in --json)");
  });
});

describe("flags, through the built CLI: every error names the flag and the allowed forms", () => {
  test.concurrent.each([
    [["plan", "dev", "--jsn", "x"], "--jsn: unknown option (did you mean --json?); allowed for paved plan: --json FILE, --markdown FILE, --graph FILE, --policy-config FILE, --cwd DIR, --resolve, --skip-deferred, --fail-on-opaque, -h/--help"],
    [["plan", "dev", "--json"], "--json: found no FILE after it; allowed --json FILE or --json=FILE"],
    [["plan", "dev", "--json", "--resolve"], '--json: found the flag "--resolve" where a FILE belongs; allowed --json FILE (write --json=--resolve for a name that starts with a dash)'],
    [["plan", "dev", "--resolve=yes"], '--resolve: found the value "yes"; allowed --resolve alone, it takes no value'],
    [["plan", "dev", "--json", "a.json", "--json", "b.json"], '--json: found it twice ("a.json", "b.json"); allowed once'],
    [["plan", "dev", "-x"], "-x: unknown option; allowed for paved plan: --json FILE"],
    [["plan", "dev", "--cwd="], "--cwd: found an empty path; allowed the path of what to read"],
    [["plan", "dev", "--policy-config", ""], "--policy-config: found an empty path"],
    [["plan", "dev", "--graph", os.tmpdir()], `--graph ${os.tmpdir()}: found a folder; allowed a file path, or "-" for stdout`],
    [["check", "--stat", "x.json"], "--stat: unknown option (did you mean --state?); allowed for paved check: --state FILE, --json FILE, --config FILE, -h/--help"],
    [["check", "x.json"], 'found the argument "x.json"; allowed flags only for paved check (the file goes after --state: --state x.json)'],
    [["check", "--state", "x.json", "--config="], "--config: found an empty path"],
    [["diff", "a.json", "b.json", "--alow", "urn:x"], "--alow: unknown option (did you mean --allow?); allowed for paved diff: --allow URN, --json FILE, --markdown FILE, --cross-stack, -h/--help"],
    [["diff", "a.json", "b.json", "--allow"], "--allow: found no URN after it; allowed --allow URN or --allow=URN"],
    [["--jsn"], "--jsn: unknown option; allowed before a command: -h/--help, -V/--version"],
  ])("%j exits 2: %s", async (argv, message) => {
    const r = await spawnCliAsync(argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).not.toContain("Unknown option '"); // Node's parser never speaks
    expect(r.out).toBe("");
    expectCleanError(r);
  });

  test("several mistakes are reported at once, with the command's help pointer", () => {
    const r = spawnCli("plan", "dev", "--resolve=1", "--jsn", "x", "--markdown");
    expect(r.code).toBe(2);
    expect(r.err).toContain("paved: 3 problems with the arguments of paved plan:\n  - --resolve: found the value \"1\"");
    expect(r.err).toContain("  - --jsn: unknown option (did you mean --json?)");
    expect(r.err).toContain("  - --markdown: found no FILE after it");
    expect(r.err).toContain('Run "paved plan --help" for what each option does.');
  });

  test("--help wins over a mistake next to it", () => {
    const r = spawnCli("plan", "--jsn", "--help");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Usage: paved plan <stack>");
    expect(r.out).toContain("--policy-config FILE");
  });
});

/** A throwaway project running a plain JS program on this repo's @pulumi packages. */
function userProject(stackConfig: string, program: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paved-user-"));
  const requires = `const aws = require(${JSON.stringify(require.resolve("@pulumi/aws"))});\nconst pulumi = require(${JSON.stringify(require.resolve("@pulumi/pulumi"))});\n`;
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: shop\nruntime: nodejs\n");
  fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), stackConfig);
  fs.writeFileSync(path.join(dir, "index.js"), requires + program);
  return dir;
}

const withoutRegion = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.AWS_REGION;
  delete env.AWS_DEFAULT_REGION;
  return env;
};

describe("a user's program without aws:region (built CLI)", () => {
  // The AWS provider refuses to start without a region ("missing required configuration key aws:region"),
  // so the offline plan must not quietly plan us-east-1.
  test.each([
    ["a resource", 'new aws.s3.Bucket("b");\n'],
    ["a lookup", "module.exports = async () => ({ region: (await aws.getRegion()).name });\n"],
    ["an explicit provider without a region", 'const p = new aws.Provider("p", {});\nnew aws.s3.Bucket("b", {}, { provider: p });\n'],
  ])("%s exits 2 naming aws:region and how to set it", (_label, program) => {
    const r = spawnBuilt(["plan", "dev", "--cwd", userProject("config: {}\n", program)], { env: withoutRegion() });
    expect(r.code).toBe(2);
    expect(r.err).toContain("paved: aws:region is not set: the AWS provider needs a region");
    expect(r.err).toContain("pulumi config set aws:region <region>");
    expect(r.err).not.toContain("us-east-1");
    expectCleanError(r);
  });

  test("AWS_REGION counts, as it does for the provider; a program with no AWS resource needs no region", () => {
    const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "paved-region-")), "plan.json");
    const r = spawnBuilt(["plan", "dev", "--resolve", "--cwd", userProject("config: {}\n", 'new aws.sns.Topic("t", { kmsMasterKeyId: "alias/aws/sns" });\n'), "--json", json], { env: { ...withoutRegion(), AWS_REGION: "eu-north-1" } });
    expect(r.err).toBe("");
    expect(JSON.stringify(JSON.parse(fs.readFileSync(json, "utf8")).resources)).toContain("arn:aws:sns:eu-north-1:");
    const none = spawnBuilt(["plan", "dev", "--cwd", userProject("config: {}\n", "module.exports = { ok: pulumi.output(1) };\n")], { env: withoutRegion() });
    expect(none.code).toBe(0);
  });
});

/**
 * The built CLI on a pseudo-terminal, where it shows its progress line: util-linux
 * `script` (Linux CI) or BSD `script` (macOS). Both streams arrive merged, as on a screen.
 */
function onTerminal(argv: readonly string[]): { code: number | null; screen: string } {
  const cmd = [process.execPath, path.join(REPO, "dist/src/cli/main.js"), ...argv];
  const quoted = cmd.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const args = process.platform === "darwin" ? ["-q", "/dev/null", ...cmd] : ["-qec", quoted, "/dev/null"];
  const r = spawnSync("script", args, { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  if (r.error) throw new Error(`this test needs script(1) to give the CLI a terminal: ${r.error.message}`);
  return { code: r.status, screen: r.stdout };
}

describe("the progress line (on a terminal)", () => {
  test("is cleared before anything else is written: the program's output, Pulumi's warnings and the error", () => {
    const dir = userProject("config:\n  aws:region: eu-west-1\n", [
      'const b = new aws.s3.Bucket("b");',
      // Written while the progress line is up: auto-names are known in a preview, so this apply runs mid-plan.
      'b.bucket.apply((n) => { console.error("the program says " + n); pulumi.log.warn("a warning"); new aws.s3.Bucket("late"); });',
      'module.exports = async () => { await new Promise((r) => setTimeout(r, 50)); console.log("stdout line"); throw new Error("the team forgot a value"); };',
      "",
    ].join("\n"));
    const { code, screen } = onTerminal(["plan", "dev", "--cwd", dir, "--skip-deferred"]);
    expect(code).toBe(2);
    expect(screen).toContain("registered 2 resources…"); // the line was shown
    expect(screen).toContain("the program says b-");
    expect(screen).toContain("paved: the program failed: the team forgot a value");
    // Every progress line is cleared (\r, erase line) before the next write: nothing is glued to it.
    expect(screen).not.toMatch(/resources…(?!\r\u001b\[2K)/);
  });
});
