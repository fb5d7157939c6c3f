import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import { Vpc } from "../components/vpc";
import { ALL_PACKS } from "../policies/rules";
import { record } from "../src/testing";
import { BIN, expectCleanError, runCli, spawnCliAsync } from "./helpers/cli";
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
    ["missing.json", undefined, "cannot read it: there is no such file (ENOENT)"],
    ["notjson.json", "{oops", "not valid JSON (Expected property name or '}' at line 1, column 2)"],
    ["shape.json", { hello: 1 }, "found an object with the keys hello; expected a `pulumi stack export` document"],
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

describe("paved check input files, through the built CLI", () => {
  const files = fs.mkdtempSync(path.join(os.tmpdir(), "paved-check-bin-"));
  const put = (name: string, bytes: string | Buffer): string => {
    const file = path.join(files, name);
    fs.writeFileSync(file, bytes);
    return file;
  };
  const doc = JSON.stringify(exportDoc(...compliant));
  const check = (file: string, ...more: string[]) => spawnCliAsync(["check", "--state", file, ...more]);

  test.concurrent.each([
    ["a missing file", () => path.join(files, "absent.json"), "cannot read it: there is no such file (ENOENT); expected a `pulumi stack export` document"],
    ["a folder", () => files, "cannot read it: it is a folder, not a file (EISDIR)"],
    ["an empty file", () => put("empty.json", ""), "the file is empty; expected"],
    ["a JSON list", () => put("list.json", "[1]"), "found a list where an object belongs; expected"],
  ])("%s exits 2 with the path and the reason in words", async (_label, file, message) => {
    const r = await check(file());
    expect(r.code).toBe(2);
    expect(r.err).toContain(`paved: --state ${file()}: ${message}`);
    expectCleanError(r);
  });

  // Stryker's sandbox sits in a private (0700) directory the unprivileged user cannot enter; a clone anywhere else can.
  const othersReachBin = BIN.split(path.sep).slice(1, -1).every((_p, i, all) => (fs.statSync(path.sep + all.slice(0, i + 1).join(path.sep)).mode & 0o001) !== 0);
  (othersReachBin ? test : test.skip)("an unreadable file says permission denied (run as an unprivileged user when the tests run as root)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paved-eacces-"));
    fs.chmodSync(dir, 0o755);
    const file = path.join(dir, "state.json");
    fs.writeFileSync(file, doc);
    fs.chmodSync(file, 0o000);
    // root reads any file: drop to "nobody" for the child, as a CI user would be.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, [BIN, "check", "--state", file], { encoding: "utf8", ...asUser });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`paved: --state ${file}: cannot read it: permission denied (the current user may not access it) (EACCES)`);
  });

  test.concurrent.each([
    ["a NUL byte", Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.from([0, 0, 0x1b, 0x5b, 0x32, 0x4a]), Buffer.from("secret-token")]), "found a binary file (a NUL byte at offset 4), not JSON text"],
    ["bytes that are not UTF-8", Buffer.from([0x7b, 0xc3, 0x28, 0x1b, 0x5b, 0x32, 0x4a, 0x7d]), "found a binary file (bytes that are not UTF-8 text), not JSON text"],
  ])("binary input (%s) is refused without echoing it", async (_label, bytes, message) => {
    const r = await check(put(`bin-${bytes.length}.json`, bytes));
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).not.toContain("\u001b"); // no terminal escape from the file reaches the terminal
    expect(r.err).not.toContain("secret-token");
    expect(r.err).not.toContain("PK");
  });

  test("malformed JSON gives the reason without quoting the input (no escape sequence from the file is echoed)", async () => {
    const r = await check(put("escape.json", '{\n  "a": \u001b[2J tru}'));
    expect(r.code).toBe(2);
    expect(r.err).toContain("not valid JSON (Unexpected token '\\u001b')");
    expect(r.err).not.toContain("\u001b");
    expect(r.err).not.toContain("is not valid JSON");
  });

  test.concurrent.each([
    ["a UTF-8 byte-order mark", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc)])],
    ["UTF-16LE with a byte-order mark (Windows PowerShell's `>`)", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(doc, "utf16le")])],
    ["UTF-16BE with a byte-order mark", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(doc, "utf16le").swap16()])],
  ])("%s is read as the document", async (label, bytes) => {
    const r = await check(put(`bom-${label.length}.json`, bytes));
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Checked 3 resources");
  });

  test("entries without a urn or type are counted and named (exit 2), never skipped or printed as undefined", async () => {
    const state = exportDoc(...compliant) as { deployment: { resources: unknown[] } };
    const { urn: _urn, ...noUrn } = res("aws:rds/instance:Instance", "public", { publiclyAccessible: true });
    const { type: _type, ...noType } = res("aws:s3/bucket:Bucket", "logs", {});
    state.deployment.resources.push(noUrn, noType, null);
    const r = await check(put("missing-fields.json", JSON.stringify(state)));
    expect(r.code).toBe(2);
    expect(r.err).toContain("3 of 8 entries are not resources a policy can check (each needs a string urn and type");
    expect(r.err).toContain("  - deployment.resources[5]: no urn (type aws:rds/instance:Instance)");
    expect(r.err).toContain("  - deployment.resources[6]: no type (urn urn:pulumi:prod::shop::aws:s3/bucket:Bucket::logs)");
    expect(r.err).toContain("  - deployment.resources[7]: found null; allowed a resource object");
    expect(r.err).not.toContain("undefined");
    expect(r.out).toBe("");
  });

  test("a preview step names its resource by its own URN when its new state has none", async () => {
    const preview = { steps: [
      { op: "create", urn: "urn:pulumi:prod::shop::aws:sns/topic:Topic::t", newState: { custom: true, inputs: {} } },
      { op: "create", newState: { custom: true, inputs: {} } },
    ] };
    const r = await check(put("preview-no-urn.json", JSON.stringify(preview)));
    expect(r.code).toBe(2);
    expect(r.err).toContain("1 of 2 entries are not resources a policy can check");
    expect(r.err).toContain("  - steps[1].newState: no urn and no type");
  });

  test("--json into a folder is refused before anything is checked", async () => {
    const state = put("ok.json", doc);
    const r = await check(state, "--json", files);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--json ${files}: found a folder; allowed a file path, or "-" for stdout`);
    expect(r.out).toBe("");
  });
});
