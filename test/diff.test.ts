import * as aws from "@pulumi/aws";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Vpc } from "../components/vpc";
import { changedPaths, diffPlans } from "../src/diff/diff";
import { forcesReplacement } from "../src/diff/replace-props";
import { record, type Plan } from "../src/testing";
import { expectCleanError, runCli, spawnCliAsync } from "./helpers/cli";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paved-diff-"));
const save = (name: string, plan: Plan | object): string => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(plan instanceof Object && "toJSON" in plan ? (plan as Plan).toJSON() : plan));
  return file;
};

const run = runCli;

const tags = { environment: "prod", service: "db", owner: "o", "cost-center": "c" };
const db = (over: Partial<aws.rds.InstanceArgs> = {}) => record(() => {
  new aws.rds.Instance("orders-db", {
    engine: "postgres", engineVersion: "16.4", instanceClass: "db.t4g.medium", allocatedStorage: 20,
    storageEncrypted: true, dbSubnetGroupName: "data", tags, ...over,
  });
}, { stack: "prod" });

describe("paved diff", () => {
  test("a renamed component with aliases deletes nothing: its children follow by inherited aliases", async () => {
    const before = save("vpc-main.json", await record(() => new Vpc("main", { environment: "prod" }), { stack: "prod" }));
    const after = save("vpc-core.json", await record(() => new Vpc("core", { environment: "prod" }, { aliases: [{ name: "main" }] }), { stack: "prod" }));
    const json = path.join(dir, "renamed.json");
    const r = await run("diff", before, after, "--json", json);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const result = JSON.parse(fs.readFileSync(json, "utf8"));
    expect(result.counts).toMatchObject({ delete: 0, "delete-create": 0, replace: 0, add: 0 });
    expect(result.counts.update).toBeGreaterThan(40);
    const vpc = result.changes.find((c: { name: string }) => c.name === "core-vpc");
    expect(vpc).toMatchObject({ kind: "update", oldUrn: "urn:pulumi:prod::paved::paved:network:Vpc$aws:ec2/vpc:Vpc::main-vpc", paths: ["tags.Name", "tags.service"] });
  });

  test("the same rename without aliases is flagged: stateful children deleted and created again", async () => {
    const before = save("vpc-main2.json", await record(() => new Vpc("main", { environment: "prod" }), { stack: "prod" }));
    const after = save("vpc-core2.json", await record(() => new Vpc("core", { environment: "prod" }), { stack: "prod" }));
    const r = await run("diff", before, after);
    expect(r.code).toBe(1);
    expect(r.out).toContain("Stateful resources replaced or deleted: 2 (each needs --allow URN)");
    expect(r.out).toMatch(/delete-create {2}aws:kms\/key:Key {2}core-flow-logs-key {2}was urn:pulumi:prod::paved::paved:network:Vpc\$aws:kms\/key:Key::main-flow-logs-key/);
    expect(r.out).toMatch(/delete-create {2}aws:cloudwatch\/logGroup:LogGroup {2}core-flow-logs/);
  });

  test("an RDS engine change is a replacement of a stateful resource: exit 1 unless allowed", async () => {
    const before = save("db-pg.json", await db());
    const after = save("db-mysql.json", await db({ engine: "mysql", engineVersion: "8.0" }));
    const r = await run("diff", before, after, "--markdown", path.join(dir, "db.md"));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/replace {2}aws:rds\/instance:Instance {2}orders-db {2}engine forces replacement/);
    expect(fs.readFileSync(path.join(dir, "db.md"), "utf8")).toContain(":x: 1 stateful resources would be replaced or deleted");
    const urn = "urn:pulumi:prod::paved::aws:rds/instance:Instance::orders-db";
    expect((await run("diff", before, after, "--allow", urn)).code).toBe(0);
  });

  test("a tag change is an in-place update and passes the gate", async () => {
    const before = save("db-tags1.json", await db());
    const after = save("db-tags2.json", await db({ tags: { ...tags, owner: "payments" } }));
    const r = await run("diff", before, after, "--json", "-");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).changes).toEqual([expect.objectContaining({ kind: "update", paths: ["tags.owner"], blocking: false })]);
  });

  test("a deleted stateful resource fails; an added one does not", async () => {
    const before = save("one.json", await db());
    const none = save("none.json", await record(() => undefined, { stack: "prod" }));
    expect((await run("diff", before, none)).code).toBe(1);
    expect((await run("diff", none, before)).code).toBe(0);
  });

  test("a pulumi preview --json document is read as NEW", async () => {
    const before = save("db-prev.json", await db());
    const preview = save("preview.json", { steps: [
      { op: "replace", urn: "urn:pulumi:prod::paved::aws:rds/instance:Instance::orders-db", newState: { type: "aws:rds/instance:Instance", inputs: {} }, diffReasons: ["engine"], replaceReasons: ["engine"], detailedDiff: { engine: { kind: "update-replace", inputDiff: true } } },
      { op: "update", urn: "urn:pulumi:prod::paved::aws:sns/topic:Topic::alerts", newState: { type: "aws:sns/topic:Topic", inputs: {} }, diffReasons: ["tags"], detailedDiff: { "tags.team": { kind: "update", inputDiff: true } } },
      { op: "same", urn: "urn:pulumi:prod::paved::aws:kms/key:Key::k", newState: { type: "aws:kms/key:Key", inputs: {} } },
    ] });
    const r = await run("diff", before, preview, "--json", "-");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).counts).toMatchObject({ replace: 1, update: 1 });
    // The paths come from the engine's own fields: detailedDiff, else diffReasons and replaceReasons.
    expect(JSON.parse(r.out).changes.map((c: { kind: string; paths: string[]; replaceBy: string[] }) => [c.kind, c.paths, c.replaceBy]))
      .toEqual([["replace", ["engine"], ["engine"]], ["update", ["tags.team"], []]]);
  });

  test.each([
    [["diff", "only-one.json"], "takes two files"],
    [["diff", "/nonexistent/a.json", "/nonexistent/b.json"], "OLD /nonexistent/a.json: cannot read it: there is no such file (ENOENT); expected a Paved plan JSON"],
  ])("%j exits 2", async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  test("--help", async () => {
    expect((await run("diff", "--help")).out).toContain("Exit codes: 0 no blocking change");
  });
});

describe("diff internals", () => {
  test("changed paths reach leaves; arrays of another length change as a whole", () => {
    expect(changedPaths({ a: 1, t: { x: "1" }, l: [1, 2], o: [{ p: 1 }] }, { a: 1, t: { x: "2", y: "3" }, l: [1], o: [{ p: 2 }] }))
      .toEqual(["l", "o[0].p", "t.x", "t.y"]);
  });
  test("replace-forcing paths cover what is below them", () => {
    expect(forcesReplacement("aws:eks/cluster:Cluster", "vpcConfig.subnetIds[1]")).toBe("vpcConfig.subnetIds");
    expect(forcesReplacement("aws:eks/cluster:Cluster", "vpcConfig.endpointPublicAccess")).toBeUndefined();
    expect(forcesReplacement("aws:s3/bucketV2:BucketV2", "bucket")).toBe("bucket");
  });
  test("a new resource of another type is an addition, not a delete + create", () => {
    const r = (urn: string, type: string) => ({ urn, type, name: urn, inputs: {}, aliases: [] });
    const result = diffPlans([r("a", "aws:kms/key:Key")], [r("b", "aws:sns/topic:Topic")]);
    expect(result.changes.map((c) => c.kind)).toEqual(["delete", "add"]);
  });
});

describe("paved diff inputs and --allow, through the built CLI", () => {
  const dbUrn = "urn:pulumi:prod::paved::aws:rds/instance:Instance::orders-db";
  let pg: string;
  let mysql: string;
  beforeAll(async () => {
    pg = save("b-pg.json", await db());
    mysql = save("b-mysql.json", await db({ engine: "mysql", engineVersion: "8.0" }));
  });
  const diff = (...argv: string[]) => spawnCliAsync(["diff", ...argv]);

  test("a preview step without a URN is refused (exit 2) naming the step, instead of crashing", async () => {
    const preview = save("no-urn.json", { steps: [
      { op: "update", newState: { type: "aws:sns/topic:Topic", inputs: {} }, diffs: ["tags"] },
      { op: "same", urn: "urn:pulumi:prod::paved::aws:kms/key:Key::k" },
      { urn: "urn:pulumi:prod::paved::aws:kms/key:Key::k2" },
    ] });
    const r = await diff(pg, preview);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`paved: NEW ${preview}: 2 of 3 steps cannot be compared (each needs a string urn and op); none is skipped silently`);
    expect(r.err).toContain("  - steps[0]: no urn (op update)");
    expect(r.err).toContain("  - steps[2]: no op (urn urn:pulumi:prod::paved::aws:kms/key:Key::k2)");
    expectCleanError(r);
  });

  test("a plan resource without a type is refused, never shown as undefined", async () => {
    const plan = JSON.parse(fs.readFileSync(pg, "utf8")) as { resources: Record<string, unknown>[] };
    delete plan.resources[1]!.type;
    const r = await diff(pg, save("no-type.json", plan));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`  - resources[1]: no type (urn ${dbUrn})`);
    expectCleanError(r);
  });

  test("plans of two different stacks or projects are refused unless --cross-stack says so", async () => {
    const staging = save("b-staging.json", await record(() => { new aws.sns.Topic("t"); }, { stack: "staging" }));
    const other = save("b-other.json", await record(() => { new aws.sns.Topic("t"); }, { stack: "prod", project: "shop" }));
    const previewOfStaging = save("b-preview-staging.json", { steps: [{ op: "create", urn: "urn:pulumi:staging::paved::aws:sns/topic:Topic::t", newState: { type: "aws:sns/topic:Topic", inputs: {} } }] });
    const [stacks, projects, preview, intended] = await Promise.all([diff(pg, staging), diff(pg, other), diff(pg, previewOfStaging), diff(pg, staging, "--cross-stack", "--json", "-")]);
    expect(stacks.code).toBe(2);
    expect(stacks.err).toContain(`paved: OLD ${pg} is a plan of paved/prod and NEW ${staging} of paved/staging: comparing two different stacks or projects shows every resource deleted and created again`);
    expect(stacks.err).toContain("pass --cross-stack if that is intended");
    expect(projects.code).toBe(2);
    expect(projects.err).toContain("is a plan of paved/prod and NEW");
    expect(projects.err).toContain("of shop/prod");
    expect(preview.code).toBe(2);
    expect(preview.err).toContain("of paved/staging");
    // Asked for: the database is deleted (stateful, not allowed) and the topic added.
    expect(intended.code).toBe(1);
    expect(JSON.parse(intended.out).counts).toMatchObject({ delete: 1, add: 1 });
  });

  test("an --allow that names no change of the diff is an error naming it and the changes that need one", async () => {
    const typo = `${dbUrn}x`;
    const r = await diff(pg, mysql, "--allow", typo, "--allow", "orders-db");
    expect(r.code).toBe(2);
    expect(r.err).toContain("paved: 2 problems with --allow:");
    expect(r.err).toContain('  - --allow "orders-db": found no URN; allowed a resource\'s full URN (urn:pulumi:<stack>::<project>::<type>::<name>)');
    expect(r.err).toContain(`  - --allow ${typo}: found no change of this resource in the diff`);
    expect(r.err).toContain(`The changes that need --allow in this diff: ${dbUrn}.`);
    expect(r.out).toBe("");
  });

  test("an --allow of another stack is set aside and said so (one allow list serves every stack's diff)", async () => {
    const devUrn = "urn:pulumi:dev::paved::aws:rds/instance:Instance::orders-db";
    const r = await diff(pg, mysql, "--allow", devUrn, "--allow", dbUrn);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`--allow: 1 URN of other stacks set aside: ${devUrn}`);
    const blocked = await diff(pg, mysql, "--allow", devUrn);
    expect(blocked.code).toBe(1);
  });

  test("a byte-order mark (UTF-8, or UTF-16 as PowerShell writes) is read as the document", async () => {
    const text = fs.readFileSync(mysql, "utf8");
    const utf8 = path.join(dir, "b-bom8.json");
    const utf16 = path.join(dir, "b-bom16.json");
    fs.writeFileSync(utf8, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    fs.writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    const [a, b] = await Promise.all([diff(pg, utf8), diff(utf16, pg)]);
    expect(a.err).toBe("");
    expect(a.code).toBe(1); // the engine change replaces the database
    expect(b.out).toMatch(/replace {2}aws:rds\/instance:Instance {2}orders-db/);
  });

  test("two documents on stdout, an empty --json= or a binary NEW are refused before anything is printed", async () => {
    const binary = path.join(dir, "b-binary.json");
    fs.writeFileSync(binary, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x1b, 0x5b, 0x32, 0x4a]));
    const [both, empty, bin] = await Promise.all([diff(pg, mysql, "--json", "-", "--markdown", "-"), diff(pg, mysql, "--json="), diff(pg, binary)]);
    expect(both.code).toBe(2);
    expect(both.err).toContain('--json and --markdown: found "-" for each; allowed one document on stdout');
    expect(empty.code).toBe(2);
    expect(empty.err).toContain("--json: found an empty file name");
    expect(bin.code).toBe(2);
    expect(bin.err).toContain(`paved: NEW ${binary}: found a binary file (a NUL byte at offset 3), not JSON text`);
    expect(bin.err).not.toContain("\u001b");
    for (const r of [both, empty, bin]) expect(r.out).toBe("");
  });
});
