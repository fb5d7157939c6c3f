import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { loadPolicyConfig } from "../policies/config";
import { markUnknowns, resourcesOf } from "../policies/inputs/plan";
import { loadState, parseStateDocument } from "../policies/inputs/state";
import { HiddenSecret, UNKNOWN_VALUE, type PolicyResource } from "../policies/model";
import type { RecordedResource } from "../src/plan/types";

/**
 * What `paved check` and `paved plan --policy-config` read from the documents users hand them:
 * the policy config, `pulumi stack export`, `pulumi preview --json` and plan JSON shapes. Every
 * field a rule sees, every entry left out and why, every refusal in full.
 */

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "paved-inputs-")); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};
const message = (run: () => unknown): string => {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected a refusal");
};

describe("policy config (CrossGuard's --policy-pack-config shape)", () => {
  const RULES = ["rds-not-public", "log-retention"];

  test("every level, as a string or as { enforcementLevel }, and \"all\", are read as written", () => {
    const doc = { all: "advisory", "rds-not-public": "mandatory", "log-retention": { enforcementLevel: "disabled" } };
    expect(loadPolicyConfig(write("ok.json", JSON.stringify(doc)), RULES)).toEqual(doc);
    expect(loadPolicyConfig(write("empty.json", "{}"), RULES)).toEqual({});
  });

  test("every problem is listed, each naming the key, what was found and what is allowed", () => {
    const f = write("bad.json", JSON.stringify({ "no-such-rule": "advisory", "rds-not-public": "remediate", "log-retention": { enforcementLevel: 3 }, all: {} }));
    expect(message(() => loadPolicyConfig(f, RULES))).toBe(`--policy-config ${f}: invalid policy config:\n` +
      "  - no-such-rule: unknown rule; allowed \"all\" or one of rds-not-public, log-retention\n" +
      "  - rds-not-public: found \"remediate\"; allowed advisory | mandatory | disabled\n" +
      "  - log-retention: found 3; allowed advisory | mandatory | disabled\n" +
      "  - all: found no enforcementLevel; allowed advisory | mandatory | disabled");
  });

  test("an unknown rule with a valid level, and a null level, are each one problem", () => {
    const f = write("one.json", JSON.stringify({ "rds-public": "mandatory", "log-retention": null }));
    expect(message(() => loadPolicyConfig(f, RULES, "--config")).split("\n")).toEqual([
      `--config ${f}: invalid policy config:`,
      "  - rds-public: unknown rule; allowed \"all\" or one of rds-not-public, log-retention",
      "  - log-retention: found null; allowed advisory | mandatory | disabled",
    ]);
  });

  test.each([["a list", "[]", "[]"], ["null", "null", "null"], ["a string", "\"mandatory\"", "\"mandatory\""]])("%s where an object belongs is refused", (_kind, text, shown) => {
    const f = write("shape.json", text);
    expect(message(() => loadPolicyConfig(f, RULES))).toBe(`--policy-config ${f}: found ${shown}; expected a policy config in CrossGuard's --policy-pack-config shape (an object of rule ids to enforcement levels).`);
  });

  test("a missing file and broken JSON are refused in words, with the flag", () => {
    const missing = path.join(dir, "missing.json");
    expect(message(() => loadPolicyConfig(missing, RULES, "--config"))).toMatch(new RegExp(`^--config ${missing}: cannot read it: there is no such file \\(ENOENT\\)`));
    const broken = write("broken.json", "{\n  \"all\": advisory\n}");
    expect(message(() => loadPolicyConfig(broken, RULES))).toBe(`--policy-config ${broken}: not valid JSON (Unexpected token 'a'); ` +
      "expected a policy config in CrossGuard's --policy-pack-config shape (an object of rule ids to enforcement levels).");
    // A long line: Node cuts its excerpt with "..." on both sides; the input is still not echoed.
    const long = write("long.json", `{"all": ${" ".repeat(60)}advisory${" ".repeat(60)}}`);
    expect(message(() => loadPolicyConfig(long, RULES))).toMatch(/not valid JSON \(Unexpected token 'a'\); expected/);
    const comma = write("comma.json", "{\n  \"all\": \"advisory\",\n}");
    expect(message(() => loadPolicyConfig(comma, RULES))).toMatch(/not valid JSON \(Expected double-quoted property name at line 3, column 1\)/);
  });
});

const URN = (type: string, name: string, parents = ""): string => `urn:pulumi:dev::app::${parents}${type}::${name}`;
const BUCKET = URN("aws:s3/bucket:Bucket", "logs");

describe("pulumi stack export", () => {
  const exportOf = (resources: unknown[]): unknown => ({ version: 3, deployment: { manifest: {}, resources } });

  test("cloud resources only, each with every field a rule reads; outputs as state, inputs when there are none", () => {
    const doc = exportOf([
      { urn: "urn:pulumi:dev::app::pulumi:pulumi:Stack::app-dev", type: "pulumi:pulumi:Stack", custom: false },
      { urn: URN("pulumi:providers:aws", "default"), type: "pulumi:providers:aws", custom: true, id: "p" },
      { urn: URN("paved:index:Vpc", "net"), type: "paved:index:Vpc", custom: false },
      { urn: BUCKET, type: "aws:s3/bucket:Bucket", custom: true, id: "logs-1", parent: "urn:p", inputs: { acl: "private" }, outputs: { arn: "arn:aws:s3:::logs-1" },
        dependencies: ["urn:a", 7], propertyDependencies: { acl: ["urn:b"] } },
      { urn: URN("aws:s3/bucket:Bucket", "plain"), type: "aws:s3/bucket:Bucket", inputs: { bucket: "plain" } },
    ]);
    expect(parseStateDocument(doc)).toEqual([
      { type: "aws:s3/bucket:Bucket", urn: BUCKET, name: "logs", props: { acl: "private" }, state: { arn: "arn:aws:s3:::logs-1" }, id: "logs-1", parent: "urn:p",
        dependencies: ["urn:a", "7"], propertyDependencies: { acl: ["urn:b"] } },
      { type: "aws:s3/bucket:Bucket", urn: URN("aws:s3/bucket:Bucket", "plain"), name: "plain", props: { bucket: "plain" }, state: { bucket: "plain" }, id: undefined, parent: undefined,
        dependencies: [], propertyDependencies: {} },
    ]);
  });

  test("a resource with neither inputs nor outputs is read as empty, not refused", () => {
    const [r] = parseStateDocument(exportOf([{ urn: BUCKET, type: "aws:s3/bucket:Bucket" }]))!;
    expect([r!.props, r!.state, r!.secretValues]).toEqual([{}, {}, undefined]);
  });

  test("secrets: --show-secrets plaintext is decided on and its strings listed to redact; ciphertext is hidden with the reason", () => {
    const sig = pulumi.runtime.specialSigKey;
    const secret = pulumi.runtime.specialSecretSig;
    const [r] = parseStateDocument(exportOf([{ urn: BUCKET, type: "aws:s3/bucket:Bucket", inputs: {
      password: { [sig]: secret, plaintext: JSON.stringify("hunter2-long-password") },
      nested: { [sig]: secret, plaintext: JSON.stringify({ user: "admin", keys: ["k1"] }) },
      raw: { [sig]: secret, plaintext: "not json" },
      sealed: { [sig]: secret, ciphertext: "AAAA" },
      later: pulumi.runtime.unknownValue,
      list: [pulumi.runtime.unknownValue, 1, null],
    } }]))!;
    expect(r!.props.password).toBe("hunter2-long-password");
    expect(r!.props.nested).toEqual({ user: "admin", keys: ["k1"] });
    expect(r!.props.raw).toBe("not json");
    expect(r!.props.sealed).toBeInstanceOf(HiddenSecret);
    expect((r!.props.sealed as HiddenSecret).reason).toBe("an encrypted secret: check a `pulumi stack export --show-secrets` file to decide on it");
    expect(r!.props.later).toBe(UNKNOWN_VALUE);
    expect(r!.props.list).toEqual([UNKNOWN_VALUE, 1, null]);
    expect([...r!.secretValues!].sort()).toEqual(["admin", "hunter2-long-password", "k1", "not json"]);
    // state (no outputs) is decoded from the inputs too, and the same strings are not listed twice.
    expect(r!.state!.password).toBe("hunter2-long-password");
    expect(r!.secretValues!.length).toBe(new Set(r!.secretValues).size);
  });

  test("an entry without a urn or type is refused at its index in deployment.resources", () => {
    expect(message(() => parseStateDocument(exportOf([{ urn: BUCKET, type: "aws:s3/bucket:Bucket" }, { type: "aws:s3/bucket:Bucket" }]), "--state s.json")).split("\n").slice(1))
      .toEqual(["  - deployment.resources[1]: no urn (type aws:s3/bucket:Bucket)"]);
  });

  test("a deployment without resources (a new stack) has none; a document of no known shape is undefined", () => {
    expect(parseStateDocument({ version: 3, deployment: { manifest: {} } })).toEqual([]);
    expect(parseStateDocument({ deployment: { resources: {} } })).toBeUndefined();
    expect(parseStateDocument({ resources: [] })).toBeUndefined();
    expect(parseStateDocument([])).toBeUndefined();
  });
});

describe("pulumi preview --json", () => {
  test("each step's new state, named by its own URN or the step's, typed by its URN when it has no type; deletions leave nothing", () => {
    const child = URN("paved:index:Backups$aws:s3/bucket:Bucket", "vault");
    const rs = parseStateDocument({ steps: [
      { op: "create", urn: BUCKET, newState: { urn: BUCKET, type: "aws:s3/bucket:Bucket", custom: true, inputs: { acl: "private" } } },
      { op: "update", urn: child, newState: { custom: true, inputs: { bucket: "v" } } },
      { op: "delete", urn: URN("aws:s3/bucket:Bucket", "old"), oldState: { urn: URN("aws:s3/bucket:Bucket", "old"), type: "aws:s3/bucket:Bucket" } },
      { op: "same", urn: URN("aws:s3/bucket:Bucket", "gone") },
      // A delete step that carries a new state anyway still leaves nothing to check.
      { op: "delete", urn: URN("aws:s3/bucket:Bucket", "old2"), newState: { urn: URN("aws:s3/bucket:Bucket", "old2"), type: "aws:s3/bucket:Bucket", inputs: {} } },
    ] })!;
    expect(rs.map((r) => [r.urn, r.type, r.name, r.props])).toEqual([
      [BUCKET, "aws:s3/bucket:Bucket", "logs", { acl: "private" }],
      [child, "aws:s3/bucket:Bucket", "vault", { bucket: "v" }],
    ]);
  });

  test("a step that is not an object, or whose state names nothing, is refused with its index", () => {
    const doc = { steps: ["create", { op: "create", newState: { inputs: {} } }, { op: "create", urn: "not-a-urn", newState: {} }] };
    expect(message(() => parseStateDocument(doc, "--state p.json"))).toBe("--state p.json: 3 of 3 entries are not resources a policy can check " +
      "(each needs a string urn and type, as `pulumi stack export` and `pulumi preview --json` write them); none is skipped silently, so fix or remove them:\n" +
      "  - steps[0]: found a string; allowed a step object\n  - steps[1].newState: no urn and no type\n  - steps[2].newState: no type (urn not-a-urn)");
  });
});

test("a preview step whose URN has no type part and whose state has no type is refused, not typed by accident", () => {
  expect(message(() => parseStateDocument({ steps: [{ op: "create", urn: "urn:pulumi:dev", newState: {} }] })).split("\n").slice(1))
    .toEqual(["  - steps[0].newState: no type (urn urn:pulumi:dev)"]);
});

describe("Paved plan JSON", () => {
  test("\"[unknown]\" is unknown and \"[secret]\" a masked secret with the reason; name and outputs as written", () => {
    const rs = parseStateDocument({ stack: "dev", resources: [
      { urn: BUCKET, type: "aws:s3/bucket:Bucket", name: "logs-bucket", custom: true, inputs: { arn: "[unknown]", pw: "[secret]", tags: { a: "[unknown]", b: "x" } }, outputs: { id: "[unknown]" } },
      { urn: URN("aws:s3/bucket:Bucket", "noname"), type: "aws:s3/bucket:Bucket", custom: true },
      { urn: URN("paved:index:Vpc", "net"), type: "paved:index:Vpc", custom: false, inputs: {} },
    ] })!;
    expect(rs.map((r) => r.name)).toEqual(["logs-bucket", "noname"]);
    expect(rs[0]!.props.arn).toBe(UNKNOWN_VALUE);
    expect(rs[0]!.props.tags).toEqual({ a: UNKNOWN_VALUE, b: "x" });
    expect((rs[0]!.props.pw as HiddenSecret).reason).toBe("a secret, masked as \"[secret]\" in the plan JSON: check a `pulumi stack export --show-secrets` file to decide on it");
    expect(rs[0]!.state).toEqual({ id: UNKNOWN_VALUE });
    expect("state" in rs[1]!).toBe(false);
    expect(rs[1]!.props).toEqual({});
    expect([rs[1]!.dependencies, rs[1]!.propertyDependencies, rs[1]!.id, rs[1]!.parent]).toEqual([[], {}, undefined, undefined]);
  });

  test("entries without a string urn or type are each named; past ten the rest are counted", () => {
    const bad = [null, [], { type: "aws:s3/bucket:Bucket" }, { urn: BUCKET }, { urn: "", type: "" }, ...Array.from({ length: 7 }, () => 5)];
    const lines = message(() => parseStateDocument({ stack: "dev", resources: [{ urn: BUCKET, type: "aws:s3/bucket:Bucket" }, ...bad] }, "plan.json")).split("\n");
    expect(lines[0]).toMatch(/^plan\.json: 12 of 13 entries are not resources a policy can check /);
    expect(lines.slice(1, 6)).toEqual([
      "  - resources[1]: found null; allowed a resource object",
      "  - resources[2]: found a list; allowed a resource object",
      "  - resources[3]: no urn (type aws:s3/bucket:Bucket)",
      `  - resources[4]: no type (urn ${BUCKET})`,
      "  - resources[5]: no urn and no type",
    ]);
    expect(lines.slice(6)).toEqual([...Array.from({ length: 5 }, (_, i) => `  - resources[${i + 6}]: found a number; allowed a resource object`), "  - … and 2 more"]);
  });

  test("exactly ten problems are all listed, with no count line", () => {
    const lines = message(() => parseStateDocument({ stack: "dev", resources: Array.from({ length: 10 }, () => 1) })).split("\n");
    expect(lines.length).toBe(11);
    expect(lines[0]).toMatch(/^the document: 10 of 10 entries/);
    expect(lines[10]).toBe("  - resources[9]: found a number; allowed a resource object");
  });
});

describe("loadState", () => {
  test.each([
    ["an empty object", "{}", "an empty object"],
    ["a list", "[1]", "a list where an object belongs"],
    ["a number", "4", "a number where an object belongs"],
    ["other keys", JSON.stringify({ a: 1, b: 2 }), "an object with the keys a, b"],
    ["many keys", JSON.stringify(Object.fromEntries("abcdefghij".split("").map((k) => [k, 1]))), "an object with the keys a, b, c, d, e, f, g, h, …"],
    ["eight keys", JSON.stringify(Object.fromEntries("abcdefgh".split("").map((k) => [k, 1]))), "an object with the keys a, b, c, d, e, f, g, h"],
  ])("%s is refused, saying what it holds and what was expected", (_what, text, shape) => {
    const f = write("state.json", text);
    expect(message(() => loadState(f))).toBe(`--state ${f}: found ${shape}; expected a \`pulumi stack export\` document (deployment.resources[]), ` +
      "a `pulumi preview --json` document (steps[]) or a Paved plan JSON (stack, resources[]).");
  });

  test("the label names the flag in a refusal of the entries too", () => {
    const f = write("entries.json", JSON.stringify({ stack: "dev", resources: [3] }));
    expect(message(() => loadState(f, "--plan"))).toMatch(new RegExp(`^--plan ${f}: 1 of 1 entries`));
    expect(loadState(write("fine.json", JSON.stringify({ stack: "dev", resources: [] })))).toEqual([]);
  });
});

describe("a recorded plan as the rules see it", () => {
  const recorded = (over: Partial<RecordedResource>): RecordedResource => ({
    urn: BUCKET, type: "aws:s3/bucket:Bucket", name: "logs", parent: "urn:stack", custom: true, id: "logs-1", inputs: { acl: "private" }, outputs: { arn: "[unknown]" },
    dependencies: ["urn:d"], propertyDependencies: { acl: ["urn:d"] }, provider: undefined,
    options: { protect: false, aliases: [], deleteBeforeReplace: false, retainOnDelete: false, ignoreChanges: [], replaceOnChanges: [], additionalSecretOutputs: [], read: false },
    ...over,
  });

  test("managed cloud resources only: no components, providers or resources read with .get", () => {
    const rs = resourcesOf([
      recorded({}),
      recorded({ urn: "c", custom: false }),
      recorded({ urn: "p", type: "pulumi:providers:aws" }),
      recorded({ urn: "r", options: { ...recorded({}).options, read: true } }),
      recorded({ urn: "x", type: "aws:ec2/vpc:Vpc:pulumi:providers:" }),
    ]);
    expect(rs.map((r) => r.urn)).toEqual([BUCKET, "x"]);
    expect(rs[0]).toEqual({ type: "aws:s3/bucket:Bucket", name: "logs", urn: BUCKET, props: { acl: "private" }, state: { arn: UNKNOWN_VALUE }, id: "logs-1", parent: "urn:stack",
      dependencies: ["urn:d"], propertyDependencies: { acl: ["urn:d"] } } satisfies PolicyResource);
  });

  test("revealed secret inputs replace the masked ones, and their strings are listed only when there are some", () => {
    const revealed = new Map([[BUCKET, { inputs: { password: "s3cret-value" }, secrets: ["s3cret-value"] }], ["b", { inputs: { x: 1 }, secrets: [] }]]);
    const [a, b] = resourcesOf([recorded({ inputs: { password: "[secret]" } }), recorded({ urn: "b" })], revealed);
    expect([a!.props, a!.secretValues]).toEqual([{ password: "s3cret-value" }, ["s3cret-value"]]);
    expect(b!.props).toEqual({ x: 1 });
    expect("secretValues" in b!).toBe(false);
  });

  test("markUnknowns copies only what holds a marker, anywhere in the value", () => {
    const plain = { a: [1, { b: "x" }], c: null };
    expect(markUnknowns(plain)).toBe(plain);
    expect(markUnknowns({ a: [1, { b: "[secret]" }], c: null, d: "ok" })).toEqual({ a: [1, { b: UNKNOWN_VALUE }], c: null, d: "ok" });
    expect(markUnknowns(["[unknown]", 2])).toEqual([UNKNOWN_VALUE, 2]);
    expect(markUnknowns([1, ["x", "[unknown]"]])).toEqual([1, ["x", UNKNOWN_VALUE]]);
    expect(markUnknowns("[unknown]")).toBe(UNKNOWN_VALUE);
    expect(markUnknowns({ only: { deep: { z: "[secret]" } } })).toEqual({ only: { deep: { z: UNKNOWN_VALUE } } });
    expect(markUnknowns({ one: "x", two: "[unknown]" })).toEqual({ one: "x", two: UNKNOWN_VALUE });
  });
});
