import * as aws from "@pulumi/aws";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Vpc } from "../components/vpc";
import { changedPaths, diffPlans } from "../src/diff/diff";
import { forcesReplacement } from "../src/diff/replace-props";
import { record, type Plan } from "../src/testing";
import { runCli } from "./helpers/cli";

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
      { op: "replace", urn: "urn:pulumi:prod::paved::aws:rds/instance:Instance::orders-db", newState: { type: "aws:rds/instance:Instance", inputs: {} }, diffs: ["engine"], keys: ["engine"] },
      { op: "update", urn: "urn:pulumi:prod::paved::aws:sns/topic:Topic::alerts", newState: { type: "aws:sns/topic:Topic", inputs: {} }, diffs: ["tags"] },
      { op: "same", urn: "urn:pulumi:prod::paved::aws:kms/key:Key::k", newState: { type: "aws:kms/key:Key", inputs: {} } },
    ] });
    const r = await run("diff", before, preview, "--json", "-");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).counts).toMatchObject({ replace: 1, update: 1 });
  });

  test.each([
    [["diff", "only-one.json"], "takes two files"],
    [["diff", "/nonexistent/a.json", "/nonexistent/b.json"], "Cannot read /nonexistent/a.json as JSON"],
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
