import { diffPlans, diffPreview, type DiffResource, type PreviewStep } from "../src/diff/diff";
import { forcesReplacement } from "../src/diff/replace-props";

/**
 * What `paved diff` reports from a `pulumi preview --json` document, step by step, with the field names the
 * engine writes (pulumi/pulumi sdk/pkg/display/json.go: diffReasons ← the event's diffs, replaceReasons ← its
 * keys, detailedDiff with kinds add, update, delete and their -replace forms).
 */
const urn = (type: string, name: string): string => `urn:pulumi:prod::app::${type}::${name}`;
const DB = "aws:rds/instance:Instance";
const TOPIC = "aws:sns/topic:Topic";
const step = (op: string, type: string, name: string, extra: Partial<PreviewStep> = {}): PreviewStep =>
  ({ op, urn: urn(type, name), ...(op === "delete" ? { oldState: { type, inputs: {} } } : { newState: { type, inputs: {} } }), ...extra });

describe("diffPreview, example by example", () => {
  test("a create, a delete of another type and an update: each reported once, with its name, kind and paths", () => {
    const r = diffPreview([
      step("create", TOPIC, "alerts"),
      step("delete", DB, "old-db"),
      step("update", TOPIC, "events", { diffReasons: ["tags"], detailedDiff: { "tags.team": { kind: "update" }, "tags.owner": { kind: "add" } } }),
    ]);
    expect(r.changes).toEqual([
      { kind: "delete", type: DB, name: "old-db", urn: urn(DB, "old-db"), paths: [], replaceBy: [], stateful: true, blocking: true },
      { kind: "add", type: TOPIC, name: "alerts", urn: urn(TOPIC, "alerts"), paths: [], replaceBy: [], stateful: false, blocking: false },
      { kind: "update", type: TOPIC, name: "events", urn: urn(TOPIC, "events"), paths: ["tags.owner", "tags.team"], replaceBy: [], stateful: false, blocking: false },
    ]);
    expect(r.counts).toEqual({ replace: 0, delete: 1, "delete-create": 0, add: 1, update: 1 });
    expect(r.blocking).toBe(1);
  });

  test("a replacement's steps (create-replacement, replace, delete-replaced) are one replace naming the detailed replace-forcing paths", () => {
    const detailedDiff = { engine: { kind: "update-replace" }, "tags.team": { kind: "update" } };
    const r = diffPreview(["create-replacement", "replace", "delete-replaced"].map((op) =>
      step(op, DB, "orders", { diffReasons: ["engine", "tags"], replaceReasons: ["engine"], detailedDiff })));
    expect(r.changes).toEqual([
      { kind: "replace", type: DB, name: "orders", urn: urn(DB, "orders"), paths: ["engine", "tags.team"], replaceBy: ["engine"], stateful: true, blocking: true },
    ]);
  });

  test("without a detailed diff, the top-level diffReasons and replaceReasons are the paths", () => {
    const r = diffPreview([
      step("replace", DB, "orders", { diffReasons: ["engine", "tags"], replaceReasons: ["engine"], detailedDiff: null }),
      step("update", TOPIC, "alerts", { diffReasons: ["displayName"] }),
    ]);
    expect(r.changes.map((c) => [c.kind, c.paths, c.replaceBy])).toEqual([["replace", ["engine", "tags"], ["engine"]], ["update", ["displayName"], []]]);
    // No reasons at all (a provider that reports none): still a replace, with nothing to name.
    expect(diffPreview([step("replace", DB, "orders")]).changes.map((c) => [c.paths, c.replaceBy])).toEqual([[[], []]]);
  });

  test("a detailed diff without replace kinds leaves replaceBy to replaceReasons", () => {
    const r = diffPreview([step("replace", DB, "orders", { replaceReasons: ["identifier"], detailedDiff: { identifier: { kind: "update" } } })]);
    expect(r.changes[0]).toMatchObject({ paths: ["identifier"], replaceBy: ["identifier"] });
  });

  test("the detailed diff's replace-forcing paths win over the top-level replaceReasons: they say which nested input forces it", () => {
    const r = diffPreview([step("replace", "aws:eks/cluster:Cluster", "main", {
      replaceReasons: ["vpcConfig"], detailedDiff: { "vpcConfig.subnetIds[0]": { kind: "update-replace" }, "vpcConfig.endpointPublicAccess": { kind: "update" } },
    })]);
    expect(r.changes.map((c) => [c.paths, c.replaceBy])).toEqual([[["vpcConfig.endpointPublicAccess", "vpcConfig.subnetIds[0]"], ["vpcConfig.subnetIds[0]"]]]);
    // add-replace and delete-replace force it too; a kind that only starts like one does not.
    const kinds = diffPreview([step("replace", DB, "orders", { detailedDiff: { a: { kind: "add-replace" }, b: { kind: "delete-replace" }, c: { kind: "replace-later" }, d: {} } })]);
    expect(kinds.changes[0]!.replaceBy).toEqual(["a", "b"]);
  });

  test("import- and read-replacement steps announce a replacement like create-replacement", () => {
    for (const op of ["import-replacement", "read-replacement"]) {
      expect(diffPreview([step(op, DB, "orders")]).changes.map((c) => [c.kind, c.blocking])).toEqual([["replace", true]]);
    }
  });

  test("two resources replaced are two changes; the second replace step of one URN adds none", () => {
    const r = diffPreview([step("create-replacement", DB, "a"), step("create-replacement", DB, "b"), step("replace", DB, "a"), step("replace", DB, "b")]);
    expect(r.changes.map((c) => c.urn)).toEqual([urn(DB, "a"), urn(DB, "b")]);
  });

  test("a delete and a create of one type are a delete + create, the old URN kept", () => {
    const r = diffPreview([step("delete", DB, "old"), step("create", DB, "new")]);
    expect(r.changes).toEqual([{ kind: "delete-create", type: DB, name: "new", urn: urn(DB, "new"), oldUrn: urn(DB, "old"), paths: [], replaceBy: [], stateful: true, blocking: true }]);
  });

  test("steps that change nothing, or only the stack and providers, report nothing", () => {
    const quiet = ["same", "read", "refresh", "import", "discard", "discard-replaced", "remove-pending-replace", "delete-replaced"].map((op, i) => step(op, DB, `r${i}`));
    expect(diffPreview(quiet).changes).toEqual([]);
    expect(diffPreview([step("create", "pulumi:pulumi:Stack", "app-prod"), step("delete", "pulumi:providers:aws", "default")]).changes).toEqual([]);
  });

  test("a step without a state type takes its type from the URN, a nested component's too", () => {
    const nested = "urn:pulumi:prod::app::paved:index:RdsPostgres$aws:rds/instance:Instance::orders";
    const r = diffPreview([{ op: "delete", urn: nested }, { op: "delete", urn: "not-a-urn" }]);
    expect(r.changes.map((c) => [c.type, c.name, c.blocking])).toEqual([[DB, "orders", true], ["", "not-a-urn", false]]);
  });

  test("--allow of the replaced URN releases it", () => {
    const r = diffPreview([step("replace", DB, "orders")], new Set([urn(DB, "orders")]));
    expect(r.changes.map((c) => c.blocking)).toEqual([false]);
    expect(r.blocking).toBe(0);
  });
});

describe("the order changes are reported in", () => {
  const res = (type: string, name: string, inputs: Record<string, unknown> = {}): DiffResource => ({ urn: urn(type, name), type, name, inputs, aliases: [] });
  test("blocking first; then replace, delete, delete-create, add, update; then by URN", () => {
    const r = diffPlans(
      [res(TOPIC, "u", { displayName: "a" }), res(TOPIC, "r", { name: "a" }), res("aws:sqs/queue:Queue", "d"), res(DB, "gone")],
      [res(TOPIC, "u", { displayName: "b" }), res(TOPIC, "r", { name: "b" }), res("aws:kms/alias:Alias", "z"), res("aws:kms/alias:Alias", "y")],
    );
    expect(r.changes.map((c) => [c.kind, c.name])).toEqual([["delete", "gone"], ["delete", "d"], ["replace", "r"], ["add", "y"], ["add", "z"], ["update", "u"]]);
    expect(r.changes.map((c) => c.blocking)).toEqual([true, true, false, false, false, false]);
  });
});

describe("replace-forcing paths", () => {
  test("a change below a replace-forcing input, or to the object that holds one, forces replacement; a neighbour does not", () => {
    expect(forcesReplacement("aws:eks/cluster:Cluster", "encryptionConfig.resources")).toBe("encryptionConfig");
    expect(forcesReplacement("aws:eks/cluster:Cluster", "encryptionConfig[0]")).toBe("encryptionConfig");
    expect(forcesReplacement("aws:ec2/instance:Instance", "rootBlockDevice")).toBe("rootBlockDevice.encrypted");
    expect(forcesReplacement("aws:ec2/instance:Instance", "rootBlockDevice.volumeSize")).toBeUndefined();
    expect(forcesReplacement("aws:eks/cluster:Cluster", "encryptionConfigs")).toBeUndefined();
    expect(forcesReplacement("aws:eks/cluster:Cluster", "vpcConfig")).toBe("vpcConfig.subnetIds");
    expect(forcesReplacement("aws:unknown/type:Type", "name")).toBeUndefined();
  });
});
