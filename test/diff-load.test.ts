import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { identityOfUrn, loadDiffDocument } from "../src/diff/load";

/** What `paved diff` reads from OLD and NEW, in-process: every field it compares, every entry it refuses and why. */

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "paved-diff-load-")); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (doc: unknown): string => {
  const f = path.join(dir, `d${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(f, JSON.stringify(doc));
  return f;
};
const refusal = (f: string, label?: string): string => {
  try {
    loadDiffDocument(f, label);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected a refusal");
};
const B = "urn:pulumi:dev::app::aws:s3/bucket:Bucket::b";

test("a plan JSON: cloud resources with urn, type, name, inputs and aliases; components and providers left out; the stack and project named", () => {
  const d = loadDiffDocument(file({ stack: "dev", project: "app", resources: [
    { urn: B, type: "aws:s3/bucket:Bucket", name: "bkt", inputs: { acl: "private" }, aliases: ["urn:old", 3], custom: true },
    { urn: "urn:pulumi:dev::app::aws:s3/bucket:Bucket::nameless", type: "aws:s3/bucket:Bucket", inputs: [1] },
    { urn: "urn:c", type: "paved:index:Vpc", custom: false },
    { urn: "urn:p", type: "pulumi:providers:aws" },
  ] }), "OLD");
  expect(d).toEqual({ kind: "plan", identity: { stack: "dev", project: "app" }, resources: [
    { urn: B, type: "aws:s3/bucket:Bucket", name: "bkt", inputs: { acl: "private" }, aliases: ["urn:old", "3"] },
    { urn: "urn:pulumi:dev::app::aws:s3/bucket:Bucket::nameless", type: "aws:s3/bucket:Bucket", name: "nameless", inputs: {}, aliases: [] },
  ] });
  expect(loadDiffDocument(file({ stack: "dev", resources: [] }))).toEqual({ kind: "plan", identity: { stack: "dev" }, resources: [] });
});

test("a plan JSON's entries without a string urn or type are each named, past ten counted", () => {
  const f = file({ stack: "dev", resources: [null, { type: "T" }, { urn: B }, { urn: "", type: "" }, ...Array.from({ length: 8 }, () => 1)] });
  const lines = refusal(f, "NEW").split("\n");
  expect(lines[0]).toBe(`NEW ${f}: 12 of 12 resources cannot be compared (each needs a string urn and type); none is skipped silently, so fix or remove them:`);
  expect(lines.slice(1, 5)).toEqual(["  - resources[0]: found null; allowed a resource object", "  - resources[1]: no urn (type T)", `  - resources[2]: no type (urn ${B})`, "  - resources[3]: no urn and no type"]);
  expect(lines.slice(10)).toEqual(["  - resources[9]: found a number; allowed a resource object", "  - … and 2 more"]);
});

test("a preview: each step's URN is its own or its new or old state's, the identity from its URNs; a step without urn or op is refused", () => {
  const d = loadDiffDocument(file({ steps: [
    { op: "update", urn: B },
    { op: "create", newState: { urn: "urn:pulumi:dev::app::T::n" } },
    { op: "delete", oldState: { urn: "urn:pulumi:dev::app::T::o" } },
  ] }));
  expect(d.kind).toBe("preview");
  expect(d.kind === "preview" && d.steps.map((s) => [s.op, s.urn])).toEqual([["update", B], ["create", "urn:pulumi:dev::app::T::n"], ["delete", "urn:pulumi:dev::app::T::o"]]);
  expect(d.identity).toEqual({ stack: "dev", project: "app" });
  expect("identity" in loadDiffDocument(file({ steps: [{ op: "same", urn: "not-a-urn" }] }))).toBe(false);
  const f = file({ steps: ["x", { op: "create" }, { urn: B }, {}] });
  expect(refusal(f).split("\n")).toEqual([
    `the file ${f}: 4 of 4 steps cannot be compared (each needs a string urn and op); none is skipped silently, so fix or remove them:`,
    "  - steps[0]: found a string; allowed a step object", "  - steps[1]: no urn (op create)", `  - steps[2]: no op (urn ${B})`, "  - steps[3]: no urn and no op",
  ]);
});

test.each([
  [{}, "an empty object"], [null, "null where an object belongs"], [{ resources: [] }, "an object with the keys resources"], [[1], "a list where an object belongs"],
  [Object.fromEntries("abcdefghij".split("").map((k) => [k, 1])), "an object with the keys a, b, c, d, e, f, g, h, …"], [Object.fromEntries("abcdefgh".split("").map((k) => [k, 1])), "an object with the keys a, b, c, d, e, f, g, h"],
])("a document of no known shape is refused, saying what it holds (%j)", (doc, shape) => {
  const f = file(doc);
  expect(refusal(f, "OLD")).toBe(`OLD ${f}: found ${shape}; expected a Paved plan JSON (stack, resources[]) or a \`pulumi preview --json\` document (steps[]).`);
});

test("identityOfUrn reads the stack and project of a URN, nothing from other text", () => {
  expect(identityOfUrn(B)).toEqual({ stack: "dev", project: "app" });
  expect(identityOfUrn("urn:pulumi:dev::app")).toBeUndefined();
  expect(identityOfUrn(`x${B}`)).toBeUndefined();
});

test("a preview step keeps its op, URN, states' type and inputs and the engine's reasons, only in the shapes the engine writes", () => {
  const d = loadDiffDocument(file({ steps: [
    { op: "replace", urn: B, provider: "p", newState: { urn: B, type: "aws:s3/bucket:Bucket", inputs: { bucket: "b2" }, outputs: { arn: "a" } }, oldState: { type: "aws:s3/bucket:Bucket", inputs: { bucket: "b1" } },
      diffReasons: ["bucket", 3, "tags"], replaceReasons: ["bucket"], detailedDiff: { bucket: { kind: "update-replace", inputDiff: true }, "tags.a": 7 } },
    { op: "update", urn: B, newState: "x", oldState: { type: 4, inputs: [] }, diffReasons: "tags", replaceReasons: null, detailedDiff: ["bucket"] },
  ] }));
  expect(d.kind === "preview" && d.steps).toEqual([
    { op: "replace", urn: B, newState: { type: "aws:s3/bucket:Bucket", inputs: { bucket: "b2" } }, oldState: { type: "aws:s3/bucket:Bucket", inputs: { bucket: "b1" } },
      diffReasons: ["bucket", "tags"], replaceReasons: ["bucket"], detailedDiff: { bucket: { kind: "update-replace" }, "tags.a": {} } },
    { op: "update", urn: B, oldState: {} },
  ]);
});

test("exactly ten refused entries are all listed, with no count line", () => {
  const lines = refusal(file({ stack: "dev", resources: Array.from({ length: 10 }, () => 1) })).split("\n");
  expect(lines.length).toBe(11);
  expect(lines[10]).toBe("  - resources[9]: found a number; allowed a resource object");
});

test("a preview's identity comes from the first step whose URN names a stack, wherever it is", () => {
  const d = loadDiffDocument(file({ steps: [{ op: "same", urn: "not-a-urn" }, { op: "update", urn: B }] }));
  expect(d.identity).toEqual({ stack: "dev", project: "app" });
});
