import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import { Vpc } from "../components/vpc";
import { ALL_PACKS } from "../policies/rules";
import { record } from "../src/testing";
import { runCli } from "./helpers/cli";
import { exportDoc, res } from "./helpers/fixtures";

const run = runCli;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paved-check-"));
const write = (name: string, doc: unknown): string => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof doc === "string" ? doc : JSON.stringify(doc));
  return file;
};

const tags = { environment: "prod", service: "shop", owner: "team", "cost-center": "cc" };
const compliant = [
  res("aws:kms/key:Key", "key", { enableKeyRotation: true, tags }, { id: "k-1" }),
  res("aws:rds/instance:Instance", "db", {
    engine: "postgres", engineVersion: "16.4", publiclyAccessible: false, storageEncrypted: true, kmsKeyId: "arn:k",
    deletionProtection: true, finalSnapshotIdentifier: "db-final", tags,
  }),
  res("aws:cloudwatch/logGroup:LogGroup", "logs", { retentionInDays: 30, kmsKeyId: "arn:k", tags }),
];

describe("paved check --state", () => {
  test("a compliant stack export exits 0", async () => {
    const r = await run("check", "--state", write("ok.json", exportDoc(...compliant)));
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Checked 3 resources");
    expect(r.out).toContain("no violations");
  });

  test("one violating resource among compliant ones exits 1 and names its URN, the rule and the fix", async () => {
    const bad = res("aws:rds/instance:Instance", "legacy", { ...compliant[1]!.inputs, publiclyAccessible: true });
    const json = path.join(dir, "violations.json");
    const r = await run("check", "--state", write("bad.json", exportDoc(...compliant, bad)), "--json", json);
    expect(r.code).toBe(1);
    expect(r.out).toContain("paved-private-data");
    expect(r.out).toContain(`mandatory  rds-not-public  ${bad.urn}`);
    expect(r.out).toContain("publiclyAccessible: found true; allowed false");
    expect(r.out).toContain("Fix: set `publiclyAccessible: false`");
    expect(JSON.parse(fs.readFileSync(json, "utf8"))).toEqual({
      violations: [{ pack: "paved-private-data", policy: "rds-not-public", enforcementLevel: "mandatory", urn: bad.urn, message: "publiclyAccessible: found true; allowed false" }],
    });
  });

  test("encrypted secrets in an export are unknown, plaintext ones are read", async () => {
    const secret = (v: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc", ...(v === undefined ? {} : { plaintext: JSON.stringify(v) }) });
    const hidden = res("aws:rds/instance:Instance", "hidden", { ...compliant[1]!.inputs, publiclyAccessible: secret(undefined) });
    const shown = res("aws:rds/instance:Instance", "shown", { ...compliant[1]!.inputs, publiclyAccessible: secret(true) });
    const r = await run("check", "--state", write("secrets.json", exportDoc(hidden, shown)), "--json", "-");
    expect(JSON.parse(r.out).violations.map((v: { urn: string }) => v.urn)).toEqual([shown.urn]);
    expect(r.err).toContain("1 checks could not run");
  });

  test("--config changes enforcement: a downgraded rule no longer fails the run", async () => {
    const bad = res("aws:rds/instance:Instance", "legacy", { ...compliant[1]!.inputs, publiclyAccessible: true });
    const config = write("config.json", { "rds-not-public": { enforcementLevel: "advisory" } });
    const r = await run("check", "--state", write("bad2.json", exportDoc(...compliant, bad)), "--config", config);
    expect(r.code).toBe(0);
    expect(r.out).toContain("advisory  rds-not-public");
  });

  test("a Paved plan JSON and a preview JSON are read too", async () => {
    const plan = await record(() => new Vpc("net", { environment: "dev", transform: { dbSubnetGroup: (a) => { a.subnetIds = []; } } }), { packs: ALL_PACKS });
    expect((await run("check", "--state", write("plan.json", plan.toJSON()))).code).toBe(0);
    const preview = { steps: [{ op: "create", urn: "urn:x", newState: { urn: "urn:pulumi:s::p::aws:sns/topic:Topic::t", type: "aws:sns/topic:Topic", custom: true, inputs: {} } }] };
    const r = await run("check", "--state", write("preview.json", preview));
    expect(r.code).toBe(1);
    expect(r.out).toContain("sns-encrypted");
  });

  test.each([
    ["missing.json", undefined, "Cannot read"],
    ["notjson.json", "{oops", "is not JSON"],
    ["shape.json", { hello: 1 }, "is neither a stack export"],
  ])("an unreadable or malformed file (%s) exits 2 with a clear message", async (name, content, message) => {
    const file = content === undefined ? path.join(dir, name) : write(name, content);
    const r = await run("check", "--state", file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  test("a bad policy config and a missing --state exit 2", async () => {
    const state = write("ok2.json", exportDoc(...compliant));
    const r = await run("check", "--state", state, "--config", write("bad-config.json", { "rds-not-publik": "mandatory", all: "loud" }));
    expect(r.code).toBe(2);
    expect(r.err).toContain("rds-not-publik: unknown rule");
    expect(r.err).toContain('all: found "loud"; allowed advisory | mandatory | disabled');
    expect((await run("check")).err).toContain("paved check needs --state FILE");
    expect((await run("check", "--help")).out).toContain("Usage: paved check --state FILE");
  });
});

describe("the plan engine follows the Vpc's own references", () => {
  test("a DB subnet group over the Vpc's public subnets is a mandatory violation; over isolated ones it is not", async () => {
    const plan = await record(() => {
      const vpc = new Vpc("net", { environment: "staging" });
      new aws.rds.SubnetGroup("wrong", { subnetIds: vpc.publicSubnetIds, tags: { environment: "staging", service: "x", owner: "o", "cost-center": "c" } });
      new aws.rds.SubnetGroup("right", { subnetIds: vpc.isolatedSubnetIds, tags: { environment: "staging", service: "x", owner: "o", "cost-center": "c" } });
    }, { mode: "resolve", packs: ALL_PACKS });
    expect(plan.violations.map((v) => [v.policy, v.urn.split("::").pop(), v.message])).toEqual([1, 2, 3].map((i) => [
      "data-subnet-groups-private", "wrong",
      `subnetIds: found public subnet net-public-${i} (its route table net-public-rt routes to an internet gateway); allowed private subnets only`,
    ]));
  });
});

test("a file with no cloud resources is refused (exit 2), never reported as free of violations", async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "paved-empty-")), "export.json");
  fs.writeFileSync(file, JSON.stringify({ version: 3, deployment: { resources: [] } }));
  const r = await runCli("check", "--state", file);
  expect(r.code).toBe(2);
  expect(r.err).toContain("found no cloud resources to check");
  expect(r.out).not.toContain("no violations");
});
