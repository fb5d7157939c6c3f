import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { PolicyPackArgs, ReportViolation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { toCrossGuard } from "../policies/crossguard";
import { ALL_PACKS, nonRootPack, privateDataPack } from "../policies/rules";
import { CUSTOMER_MANAGED_KEYS } from "../policies/rules/encryption";
import { REPO } from "./helpers/project";

// A PolicyPack starts a gRPC server in its constructor; record its arguments instead.
const served: Array<{ name: string; args: PolicyPackArgs }> = [];
jest.mock("@pulumi/policy", () => ({
  PolicyPack: jest.fn().mockImplementation((name: string, args: PolicyPackArgs) => served.push({ name, args })),
}));

const PACK_DIRS = ["non-root", "private-data", "encryption", "advisory"];

describe("CrossGuard pack folders", () => {
  test.each(PACK_DIRS)("policies/%s loads as a PolicyPack with every rule of its pack", (dir) => {
    const folder = path.join(__dirname, "..", "policies", dir);
    expect(parse(fs.readFileSync(path.join(folder, "PulumiPolicy.yaml"), "utf8"))).toMatchObject({ runtime: "nodejs" });
    expect(JSON.parse(fs.readFileSync(path.join(folder, "package.json"), "utf8")).dependencies).toHaveProperty("@pulumi/policy");
    served.length = 0;
    jest.isolateModules(() => {
      require(path.join(folder, "index.ts"));
    });
    expect(served).toHaveLength(1);
    const pack = ALL_PACKS.find((p) => p.name === served[0]!.name)!;
    expect(pack).toBeDefined();
    expect(served[0]!.args.policies.map((p) => [p.name, p.enforcementLevel])).toEqual(pack.rules.map((r) => [r.id, r.enforcement]));
    for (const p of served[0]!.args.policies) expect(p.description).toMatch(/Fix: /);
  });

  test("rule ids are unique across packs (they are policy config keys)", () => {
    const ids = ALL_PACKS.flatMap((p) => p.rules.map((r) => r.id));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("CrossGuard adapter", () => {
  const resourceArgs = (type: string, props: Record<string, unknown>) =>
    ({ type, name: "x", urn: `urn:pulumi:s::p::${type}::x`, props }) as never;

  test("a resource policy reports the rule's messages for matching types only", () => {
    const policy = toCrossGuard(privateDataPack).find((p) => p.name === "rds-not-public") as ResourceValidationPolicy;
    const report = jest.fn<void, Parameters<ReportViolation>>();
    const validate = policy.validateResource as (a: never, r: ReportViolation) => void;
    validate(resourceArgs("aws:rds/instance:Instance", { publiclyAccessible: true }), report);
    validate(resourceArgs("aws:rds/instance:Instance", { publiclyAccessible: false }), report);
    validate(resourceArgs("aws:s3/bucketV2:BucketV2", { publiclyAccessible: true }), report);
    expect(report.mock.calls).toEqual([["publiclyAccessible: found true; allowed false"]]);
  });

  test("CrossGuard's unknown-value error passes through, so CrossGuard reports 'cannot run in preview'", () => {
    const policy = toCrossGuard(nonRootPack).find((p) => p.name === "ecs-non-root-user") as ResourceValidationPolicy;
    const props = new Proxy({}, { get: () => { const e = new Error("unknown"); e.name = "UnknownValueError"; throw e; } });
    const validate = policy.validateResource as (a: never, r: ReportViolation) => void;
    expect(() => validate(resourceArgs("aws:ecs/taskDefinition:TaskDefinition", props), jest.fn())).toThrow("unknown");
  });

  test("a stack policy follows property dependencies between CrossGuard resources", () => {
    const policy = toCrossGuard(privateDataPack).find((p) => p.name === "data-subnet-groups-private") as StackValidationPolicy;
    const subnet = { type: "aws:ec2/subnet:Subnet", name: "pub", urn: "urn:s", props: { mapPublicIpOnLaunch: true }, dependencies: [], propertyDependencies: {} };
    const group = { type: "aws:rds/subnetGroup:SubnetGroup", name: "db", urn: "urn:g", props: {}, dependencies: [subnet], propertyDependencies: { subnetIds: [subnet] } };
    const report = jest.fn();
    (policy.validateStack as (a: never, r: ReportViolation) => void)({ resources: [subnet, group] } as never, report);
    expect(report).toHaveBeenCalledWith("subnetIds: found public subnet pub (mapPublicIpOnLaunch is true); allowed private subnets only", "urn:g");
  });
});

test("the configs that gate this repo's stacks: customer-managed keys required, one config per pack for the CLI", () => {
  const read = (f: string) => JSON.parse(fs.readFileSync(path.join(REPO, "policies", "paved-stacks", f), "utf8")) as unknown;
  expect(read("encryption.json")).toEqual(CUSTOMER_MANAGED_KEYS);
  expect(read("default.json")).toEqual({});
  expect(JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).scripts.plan).toContain("--policy-config policies/paved-stacks/encryption.json");
});
