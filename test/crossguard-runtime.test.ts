/**
 * The four packs under the real CrossGuard runtime: each pack folder is started with
 * @pulumi/pulumi's policy-pack runner and analyzed over the Analyzer gRPC protocol, as
 * the Pulumi CLI does in `pulumi preview --policy-pack policies/<pack>` (test/helpers/analyzer.ts
 * has the engine's side and its sources). Every verdict and level must match `paved check`
 * on the same resources, given as the equivalent `pulumi stack export --show-secrets` document.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ALL_PACKS } from "../policies/rules";
import { loadState } from "../policies/inputs/state";
import { evaluatePacks, redactSecrets, type Evaluation, type PolicyConfig } from "../policies/model";
import { secretStrings } from "../src/plan/sanitize";
import type { RecordedResource } from "../src/plan/types";
import { program } from "../stacks/program";
import { planStack, SECRET, UNKNOWN } from "../src/testing";
import { asStackExport, secret, startPolicyPack, UNKNOWN_STRING, type Diagnostic, type EngineResource, type RunningPack } from "./helpers/analyzer";

const REPO = path.join(__dirname, "..");
const PACK_DIRS = ["non-root", "private-data", "encryption", "advisory"];

/**
 * Mandatory checks that the real runtime cannot run on a first preview of prod ("can't run
 * policy ... during preview", reported as advisory). The goal is none: remove entries as rules
 * learn to decide in preview (`<pack>/<policy> <urn>`, "" as the urn of a whole stack policy).
 */
// Before issue 15: backup-vault-cmk (2), eks-secrets-encryption, log-group-kms (9), s3-tls-only, sns-encrypted (2).
const PROD_CANNOT_RUN_MANDATORY: readonly string[] = [];

/**
 * Known-bad fixtures whose violations the runtime reports as "can't run" instead of a
 * mandatory violation because an id they follow is unknown (`bad-unknown-task` aside,
 * whose whole container JSON is unknown). Before issue 15: data-subnet-groups-private,
 * s3-default-encryption and s3-tls-only (whole stack rules, "").
 */
const FIXTURE_CANNOT_RUN_MANDATORY: readonly string[] = [];

/** The plan's masks back in wire form: unknowns as the engine's sentinel, secrets as secret objects. */
function wire(value: unknown): unknown {
  if (value === UNKNOWN) return UNKNOWN_STRING;
  // The plan never keeps a secret's plaintext; both sides get the same stand-in.
  if (value === SECRET) return secret(SECRET);
  if (Array.isArray(value)) return value.map(wire);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wire(v)]));
}

function fromPlan(r: RecordedResource): EngineResource {
  return {
    urn: r.urn, type: r.type, name: r.name, parent: r.parent, custom: r.custom, protect: r.options.protect,
    inputs: wire(r.inputs) as Record<string, unknown>,
    outputs: wire(r.outputs) as Record<string, unknown>,
    dependencies: r.dependencies, propertyDependencies: r.propertyDependencies,
  };
}

const U = UNKNOWN_STRING;
const urn = (type: string, name: string): string => `urn:pulumi:bad::fixtures::${type}::${name}`;
/** A resource being created: `computed` outputs are unknown in preview, as a provider's preview returns them. */
function creating(type: string, name: string, inputs: Record<string, unknown>, deps: Record<string, string[]> = {}, computed = ["id", "arn"]): EngineResource {
  return {
    urn: urn(type, name), type, name, custom: true, inputs,
    outputs: { ...inputs, ...Object.fromEntries(computed.map((k) => [k, U])) },
    dependencies: [...new Set(Object.values(deps).flat())], propertyDependencies: deps,
  };
}
const T = {
  vpc: "aws:ec2/vpc:Vpc", igw: "aws:ec2/internetGateway:InternetGateway", subnet: "aws:ec2/subnet:Subnet",
  rt: "aws:ec2/routeTable:RouteTable", rta: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  dbSubnets: "aws:rds/subnetGroup:SubnetGroup", db: "aws:rds/instance:Instance", bucket: "aws:s3/bucketV2:BucketV2",
  sg: "aws:ec2/securityGroup:SecurityGroup", task: "aws:ecs/taskDefinition:TaskDefinition",
};
const tags = { environment: "prod", service: "bad", owner: "team", "cost-center": "cc-1" };

/** Known-bad resources of a first preview: every id and ARN they reference is unknown. */
const SECRET_CONTAINERS = JSON.stringify([{ name: "app", image: "nginx", user: "root" }]);
const FIXTURES: readonly EngineResource[] = [
  creating(T.vpc, "bad-vpc", { cidrBlock: "10.0.0.0/16", tags }),
  creating(T.igw, "bad-igw", { vpcId: U, tags }, { vpcId: [urn(T.vpc, "bad-vpc")] }),
  creating(T.subnet, "bad-public", { vpcId: U, cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: true, tags }, { vpcId: [urn(T.vpc, "bad-vpc")] }),
  creating(T.rt, "bad-rt", { vpcId: U, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: U }], tags },
    { vpcId: [urn(T.vpc, "bad-vpc")], routes: [urn(T.igw, "bad-igw")] }),
  creating(T.rta, "bad-rta", { subnetId: U, routeTableId: U }, { subnetId: [urn(T.subnet, "bad-public")], routeTableId: [urn(T.rt, "bad-rt")] }),
  creating(T.dbSubnets, "bad-db-subnets", { subnetIds: [U], tags }, { subnetIds: [urn(T.subnet, "bad-public")] }, ["id", "arn", "name"]),
  creating(T.db, "bad-db", { engine: "postgres", instanceClass: "db.t4g.micro", publiclyAccessible: true, storageEncrypted: false, dbSubnetGroupName: U, tags },
    { dbSubnetGroupName: [urn(T.dbSubnets, "bad-db-subnets")] }, ["id", "arn", "endpoint", "address"]),
  creating(T.bucket, "bad-bucket", { tags }, {}, ["id", "arn", "bucket"]),
  creating(T.sg, "bad-sg", { vpcId: U, ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }], tags },
    { vpcId: [urn(T.vpc, "bad-vpc")] }),
  // CrossGuard sees a secret's plaintext (deserialize.js unwraps it); `--show-secrets` exports carry it too.
  creating(T.task, "bad-secret-task", { family: "bad", containerDefinitions: secret(SECRET_CONTAINERS), tags }),
  // An interpolated output makes the whole JSON string unknown: neither side can decide.
  creating(T.task, "bad-unknown-task", { family: "bad", containerDefinitions: U, tags }),
];

/** `paved check --state FILE` (src/cli/check-command.ts): loadState, then every pack. */
function pavedCheck(resources: readonly EngineResource[], config?: PolicyConfig): Evaluation {
  return evaluatePacks(loadStateOf(resources), ALL_PACKS, config);
}

function loadStateOf(resources: readonly EngineResource[]): ReturnType<typeof loadState> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paved-runtime-"));
  const file = path.join(dir, "state.json");
  fs.writeFileSync(file, JSON.stringify(asStackExport(resources)));
  try {
    return loadState(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const STACK_RULES = new Set(ALL_PACKS.flatMap((p) => p.rules.filter((r) => r.kind === "stack").map((r) => `${p.name}/${r.id}`)));
const key = (pack: string, policy: string, u: string): string => `${pack}/${policy} ${STACK_RULES.has(`${pack}/${policy}`) && !u.startsWith("urn:pulumi:") ? "" : u}`;

interface Verdicts {
  readonly violations: string[];
  /** Checks that could not decide: per resource for resource rules, the whole rule ("") for a stack rule. */
  readonly cannotRun: string[];
}

/**
 * CrossGuard unwraps secrets before policies run and cannot tell them apart, so its messages
 * quote a secret's plaintext where paved check prints "[secret]": compare them with the
 * secrets the test put in redacted the way paved check does.
 */
function runtimeVerdicts(diags: readonly Diagnostic[], secrets: readonly string[] = []): Verdicts {
  return {
    violations: diags.filter((d) => !d.cannotRun).map((d) => `${d.enforcementLevel} ${d.pack}/${d.policy} ${d.urn} ${redactSecrets(d.message, secrets)}`).sort(),
    cannotRun: [...new Set(diags.filter((d) => d.cannotRun).map((d) => key(d.pack, d.policy, STACK_RULES.has(`${d.pack}/${d.policy}`) ? "" : d.urn)))].sort(),
  };
}

function pavedVerdicts(e: Evaluation): Verdicts {
  return {
    violations: e.violations.map((v) => `${v.enforcementLevel} ${v.pack}/${v.policy} ${v.urn} ${v.message}`).sort(),
    cannotRun: [...new Set(e.unknowns.map((u) => key(u.pack, u.policy, STACK_RULES.has(`${u.pack}/${u.policy}`) ? "" : u.urn)))].sort(),
  };
}

let packs: RunningPack[] = [];
let prod: EngineResource[] = [];
const levels = new Map<string, string>();

beforeAll(async () => {
  const [plan, ...started] = await Promise.all([
    planStack({ dir: REPO, stack: "prod", program, findDeferred: false }),
    ...PACK_DIRS.map((d) => startPolicyPack(path.join(REPO, "policies", d))),
  ]);
  packs = started as RunningPack[];
  prod = (plan as Awaited<ReturnType<typeof planStack>>).resources.map(fromPlan);
  for (const p of packs) for (const policy of p.info.policies) levels.set(`${p.info.name}/${policy.name}`, policy.enforcementLevel);
}, 240_000);

afterAll(async () => {
  await Promise.all(packs.map((p) => p.stop()));
});

async function runtime(resources: readonly EngineResource[]): Promise<Diagnostic[]> {
  return (await Promise.all(packs.map((p) => p.preview(resources)))).flat();
}
const mandatoryCannotRun = (v: Verdicts): string[] => v.cannotRun.filter((k) => levels.get(k.split(" ")[0]!) === "mandatory");

describe("the packs under the real CrossGuard runtime", () => {
  test("each pack folder serves its rules with their levels", () => {
    expect(packs.map((p) => p.info.name)).toEqual(ALL_PACKS.map((p) => p.name));
    for (const [i, p] of packs.entries()) {
      expect(p.info.version).toBe(JSON.parse(fs.readFileSync(path.join(REPO, "policies", PACK_DIRS[i]!, "package.json"), "utf8")).version);
      expect(p.info.policies.map((x) => [x.name, x.enforcementLevel])).toEqual(ALL_PACKS[i]!.rules.map((r) => [r.id, r.enforcement]));
    }
  });

  test("prod as a first preview: the same verdicts as paved check, and no mandatory violation", async () => {
    const seen = runtimeVerdicts(await runtime(prod));
    expect(seen).toEqual(pavedVerdicts(pavedCheck(prod)));
    expect(seen.violations.filter((v) => v.startsWith("mandatory "))).toEqual([]);
    expect(mandatoryCannotRun(seen)).toEqual([...PROD_CANNOT_RUN_MANDATORY].sort());
  });

  test("known-bad fixtures with unknown ids: the same verdicts as paved check, violations reported as mandatory", async () => {
    const seen = runtimeVerdicts(await runtime(FIXTURES), secretStrings(SECRET_CONTAINERS));
    expect(seen).toEqual(pavedVerdicts(pavedCheck(FIXTURES)));
    const mandatory = seen.violations.filter((v) => v.startsWith("mandatory ")).map((v) => v.split(" ").slice(1, 3).join(" "));
    expect(mandatory).toEqual(expect.arrayContaining([
      `paved-private-data/rds-not-public ${urn(T.db, "bad-db")}`,
      `paved-encryption/rds-storage-encrypted ${urn(T.db, "bad-db")}`,
      `paved-private-data/no-public-data-ports ${urn(T.sg, "bad-sg")}`,
      `paved-non-root/ecs-non-root-user ${urn(T.task, "bad-secret-task")}`,
      `paved-private-data/data-subnet-groups-private ${urn(T.dbSubnets, "bad-db-subnets")}`,
      `paved-encryption/s3-tls-only ${urn(T.bucket, "bad-bucket")}`,
    ]));
    expect(seen.cannotRun).toContain(`paved-non-root/ecs-non-root-user ${urn(T.task, "bad-unknown-task")}`);
    expect(mandatoryCannotRun(seen).filter((k) => !k.includes("bad-unknown-task"))).toEqual([...FIXTURE_CANNOT_RUN_MANDATORY].sort());
  });

  test("a level from the pack config reaches the runtime as the engine sends it (Configure)", async () => {
    const pack = await startPolicyPack(path.join(REPO, "policies", "private-data"), { config: { "rds-not-public": "advisory" } });
    try {
      const diags = await pack.analyze(FIXTURES.find((r) => r.name === "bad-db")!);
      expect(diags.filter((d) => d.policy === "rds-not-public").map((d) => d.enforcementLevel)).toEqual(["advisory"]);
      const paved = pavedCheck([FIXTURES.find((r) => r.name === "bad-db")!], { "rds-not-public": "advisory" });
      expect(paved.violations.filter((v) => v.policy === "rds-not-public").map((v) => v.enforcementLevel)).toEqual(["advisory"]);
    } finally {
      await pack.stop();
    }
  }, 180_000);
});
