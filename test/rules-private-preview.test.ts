/**
 * Private-data rules as a real first `pulumi preview` shows the stack to
 * CrossGuard (ids unknown, references known only as property dependencies),
 * AWS defaults for omitted properties (a subnet without an association uses
 * its VPC's main route table), secrets in `paved check`, and the Kubernetes
 * request a limit implies.
 */
import { ALL_PACKS } from "../policies/rules";
import { toCrossGuard, type CrossGuardStackPolicy } from "../policies/crossguard";
import { ecsNonRootUser } from "../policies/rules/ecs";
import { k8sResources } from "../policies/rules/kubernetes";
import { dataSubnetGroupsPrivate, noPublicConfiguredPort } from "../policies/rules/private-data";
import { parseStateDocument } from "../policies/inputs/state";
import { evaluatePacks, redactSecrets, type Rule } from "../policies/model";
import { evaluate, exportDoc, res, UNKNOWN, type ExportResource } from "./helpers/fixtures";

// CrossGuard's own proxy and unknown sentinel (internal, but exported by @pulumi/policy): what a rule reads under `pulumi preview`.
const cg = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T>(v: T): T; unknownStringValue: string; unknownArrayValue: string };
const CG_UNKNOWN = cg.unknownStringValue;

const SUBNET = "aws:ec2/subnet:Subnet";
const urnOf = (type: string, name: string) => `urn:pulumi:prod::shop::${type}::${name}`;

/** A resource of a first preview: every id and computed output unknown, references only as property dependencies. */
interface PreviewResource {
  type: string;
  name: string;
  props: Record<string, unknown>;
  deps?: Record<string, string[]>;
}
const pr = (type: string, name: string, props: Record<string, unknown>, deps: Record<string, string[]> = {}): PreviewResource => ({ type, name, props: { id: CG_UNKNOWN, arn: CG_UNKNOWN, ...props }, deps });

/** Runs a stack rule the way CrossGuard's AnalyzeStack does: props behind CrossGuard's proxy, dependencies as resource objects. */
function crossGuardStack(rule: Rule, resources: PreviewResource[]): { violations: Array<{ message: string; urn?: string }>; cantRun?: string } {
  const policy = toCrossGuard({ name: "test", description: "", rules: [rule] })[0] as CrossGuardStackPolicy;
  const args = {
    resources: resources.map((r) => ({
      type: r.type, name: r.name, urn: urnOf(r.type, r.name), props: cg.unknownCheckingProxy(r.props), dependencies: [],
      propertyDependencies: Object.fromEntries(Object.entries(r.deps ?? {}).map(([k, urns]) => [k, urns.map((urn) => ({ urn }))])),
    })),
  };
  const violations: Array<{ message: string; urn?: string }> = [];
  try {
    policy.validateStack(args, (message, urn) => violations.push({ message, urn }));
  } catch (e) {
    // CrossGuard's server turns exactly this class into "can't run policy during preview" (@pulumi/policy server.js).
    if ((e as Error).constructor.name !== "UnknownValueError") throw e;
    return { violations, cantRun: (e as Error).message };
  }
  return { violations };
}

describe("data-subnet-groups-private in a first preview under CrossGuard", () => {
  const vpc = pr("aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.0.0.0/16", mainRouteTableId: CG_UNKNOWN, defaultRouteTableId: CG_UNKNOWN });
  const igw = pr("aws:ec2/internetGateway:InternetGateway", "igw", { vpcId: CG_UNKNOWN }, { vpcId: [urnOf(vpc.type, "vpc")] });
  const rt = pr("aws:ec2/routeTable:RouteTable", "public-rt", { vpcId: CG_UNKNOWN }, { vpcId: [urnOf(vpc.type, "vpc")] });
  const route = pr("aws:ec2/route:Route", "to-igw", { routeTableId: CG_UNKNOWN, destinationCidrBlock: "0.0.0.0/0", gatewayId: CG_UNKNOWN },
    { routeTableId: [urnOf(rt.type, "public-rt")], gatewayId: [urnOf(igw.type, "igw")] });
  const pub = pr(SUBNET, "public-1", { vpcId: CG_UNKNOWN, cidrBlock: "10.0.1.0/24", mapPublicIpOnLaunch: false }, { vpcId: [urnOf(vpc.type, "vpc")] });
  const assoc = pr("aws:ec2/routeTableAssociation:RouteTableAssociation", "public-1-rta", { subnetId: CG_UNKNOWN, routeTableId: CG_UNKNOWN },
    { subnetId: [urnOf(SUBNET, "public-1")], routeTableId: [urnOf(rt.type, "public-rt")] });
  const isoRt = pr("aws:ec2/routeTable:RouteTable", "isolated-rt", { vpcId: CG_UNKNOWN }, { vpcId: [urnOf(vpc.type, "vpc")] });
  const iso = pr(SUBNET, "isolated-1", { vpcId: CG_UNKNOWN, cidrBlock: "10.0.2.0/24" }, { vpcId: [urnOf(vpc.type, "vpc")] });
  const isoAssoc = pr("aws:ec2/routeTableAssociation:RouteTableAssociation", "isolated-1-rta", { subnetId: CG_UNKNOWN, routeTableId: CG_UNKNOWN },
    { subnetId: [urnOf(SUBNET, "isolated-1")], routeTableId: [urnOf(isoRt.type, "isolated-rt")] });
  const world = [vpc, igw, rt, route, pub, assoc, isoRt, iso, isoAssoc];
  const group = (name: string, subnets: string[]) => pr("aws:rds/subnetGroup:SubnetGroup", name, { subnetIds: subnets.map(() => CG_UNKNOWN) }, { subnetIds: subnets.map((s) => urnOf(SUBNET, s)) });

  test("a group over a subnet routed to the internet gateway is a violation, not a can't-run", () => {
    const result = crossGuardStack(dataSubnetGroupsPrivate, [...world, group("db", ["public-1"])]);
    expect(result.cantRun).toBeUndefined();
    expect(result.violations).toEqual([{ urn: urnOf("aws:rds/subnetGroup:SubnetGroup", "db"), message: "subnetIds: found public subnet public-1 (its route table public-rt routes to an internet gateway); allowed private subnets only" }]);
  });

  test("a group over isolated subnets passes, decided from the subnets' inputs and route tables", () => {
    expect(crossGuardStack(dataSubnetGroupsPrivate, [...world, group("db", ["isolated-1"])])).toEqual({ violations: [] });
  });

  test("one group that cannot be decided affects only itself: the public one is still reported", () => {
    const blind = pr("aws:elasticache/subnetGroup:SubnetGroup", "blind", { subnetIds: CG_UNKNOWN });
    const result = crossGuardStack(dataSubnetGroupsPrivate, [...world, blind, group("db", ["public-1"])]);
    expect(result.violations.map((v) => v.urn)).toEqual([urnOf("aws:rds/subnetGroup:SubnetGroup", "db")]);
    expect(result.cantRun).toContain(".subnetIds");
  });
});

describe("a subnet without a route table association uses its VPC's main route table", () => {
  const vpc = (name: string, main = `rtb-${name}`) => res("aws:ec2/vpc:Vpc", name, { cidrBlock: "10.0.0.0/16" }, { id: `vpc-${name}`, outputs: { id: `vpc-${name}`, mainRouteTableId: main, defaultRouteTableId: main } });
  const igw = res("aws:ec2/internetGateway:InternetGateway", "igw", { vpcId: "vpc-a" }, { id: "igw-1" });
  const subnet = (name: string, vpcId: string) => res(SUBNET, name, { vpcId, cidrBlock: "10.0.9.0/24" }, { id: `subnet-${name}` });
  const group = (subnetId: string) => res("aws:rds/subnetGroup:SubnetGroup", "db", { subnetIds: [subnetId] });
  const messages = (resources: ExportResource[]) => evaluate([dataSubnetGroupsPrivate], resources).violations.map((v) => v.message);

  test("a Route on vpc.mainRouteTableId to the internet gateway makes it public (stack export, by ids)", () => {
    const route = res("aws:ec2/route:Route", "main-igw", { routeTableId: "rtb-a", destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-1" });
    expect(messages([vpc("a"), igw, route, subnet("s", "vpc-a"), group("subnet-s")])).toEqual([
      "subnetIds: found public subnet s (it has no route table association, and the main route table of VPC a routes to an internet gateway); allowed private subnets only",
    ]);
  });

  test("the same through property dependencies, with every id unknown (preview)", () => {
    const v = res("aws:ec2/vpc:Vpc", "a", { cidrBlock: "10.0.0.0/16" }, { id: "", outputs: { id: UNKNOWN, mainRouteTableId: UNKNOWN, defaultRouteTableId: UNKNOWN } });
    const g = res("aws:ec2/internetGateway:InternetGateway", "igw", { vpcId: UNKNOWN }, { id: "", outputs: { id: UNKNOWN }, propertyDependencies: { vpcId: [v.urn] } });
    const route = res("aws:ec2/route:Route", "main-igw", { routeTableId: UNKNOWN, destinationCidrBlock: "0.0.0.0/0", gatewayId: UNKNOWN }, { propertyDependencies: { routeTableId: [v.urn], gatewayId: [g.urn] } });
    const s = res(SUBNET, "s", { vpcId: UNKNOWN, cidrBlock: "10.0.9.0/24" }, { id: "", outputs: { id: UNKNOWN, vpcId: UNKNOWN }, propertyDependencies: { vpcId: [v.urn] } });
    const grp = res("aws:rds/subnetGroup:SubnetGroup", "db", { subnetIds: [UNKNOWN] }, { propertyDependencies: { subnetIds: [s.urn] } });
    const result = evaluate([dataSubnetGroupsPrivate], [v, g, route, s, grp]);
    expect(result.unknowns).toEqual([]);
    expect(result.violations.map((x) => x.urn)).toEqual([grp.urn]);
  });

  test("an adopted DefaultRouteTable with an inline route to the gateway makes it public", () => {
    const drt = res("aws:ec2/defaultRouteTable:DefaultRouteTable", "default-rt", { defaultRouteTableId: "rtb-a", routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" }] });
    expect(messages([vpc("a"), igw, drt, subnet("s", "vpc-a"), group("subnet-s")])).toEqual([
      "subnetIds: found public subnet s (it has no route table association, and its VPC's main route table default-rt routes to an internet gateway); allowed private subnets only",
    ]);
  });

  test("a MainRouteTableAssociation to a public table makes it public; its own association to a private table keeps it private", () => {
    const pubRt = res("aws:ec2/routeTable:RouteTable", "pub-rt", { vpcId: "vpc-a", routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" }] }, { id: "rtb-pub" });
    const privRt = res("aws:ec2/routeTable:RouteTable", "priv-rt", { vpcId: "vpc-a" }, { id: "rtb-priv" });
    const main = res("aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation", "main", { vpcId: "vpc-a", routeTableId: "rtb-pub" });
    const own = res("aws:ec2/routeTableAssociation:RouteTableAssociation", "own", { subnetId: "subnet-t", routeTableId: "rtb-priv" });
    const base = [vpc("a", "rtb-original"), igw, pubRt, privRt, main, own, subnet("s", "vpc-a"), subnet("t", "vpc-a")];
    expect(messages([...base, group("subnet-s")])).toEqual([
      "subnetIds: found public subnet s (it has no route table association, and its VPC's main route table pub-rt routes to an internet gateway); allowed private subnets only",
    ]);
    expect(messages([...base, group("subnet-t")])).toEqual([]);
  });

  test("a main route table with only the local route keeps it private", () => {
    expect(messages([vpc("a"), igw, subnet("s", "vpc-a"), group("subnet-s")])).toEqual([]);
  });
});

describe("no-public-configured-data-port decides each database on its own", () => {
  test("a database with an unknown port does not hide another one's open port", () => {
    const sg = res("aws:ec2/securityGroup:SecurityGroup", "db-sg", { vpcId: "vpc-1" }, { id: "sg-db" });
    const blind = res("aws:rds/instance:Instance", "blind", { port: UNKNOWN, vpcSecurityGroupIds: ["sg-db"] });
    const db = res("aws:rds/instance:Instance", "db", { port: 6432, vpcSecurityGroupIds: ["sg-db"] });
    const open = res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "open", { securityGroupId: "sg-db", ipProtocol: "tcp", fromPort: 6432, toPort: 6432, cidrIpv4: "0.0.0.0/0" });
    const result = evaluate([noPublicConfiguredPort], [sg, blind, db, open]);
    expect(result.violations.map((v) => v.urn)).toEqual([open.urn]);
    expect(result.unknowns).toEqual([expect.objectContaining({ urn: blind.urn, path: "port" })]);
  });
});

describe("secrets in paved check", () => {
  const SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
  const password = "hunter2-correct-horse";
  const containers = JSON.stringify([{ name: "app", image: "app:1", user: "root", environment: [{ name: "DB_PASSWORD", value: password }] }]);
  const taskDef = (containerDefinitions: unknown) => res("aws:ecs/taskDefinition:TaskDefinition", "task", { family: "task", containerDefinitions });
  const check = (doc: unknown) => evaluatePacks(parseStateDocument(doc)!, ALL_PACKS);

  test("a --show-secrets export is decided on the plaintext, and no message prints it", () => {
    const { violations, unknowns } = check(exportDoc(taskDef({ ...SIG, plaintext: JSON.stringify(containers) })));
    const own = violations.filter((v) => v.policy === "ecs-non-root-user");
    expect(own).toEqual([expect.objectContaining({ enforcementLevel: "mandatory", message: expect.stringContaining("containerDefinitions[app].user: found [secret]") })]);
    expect(unknowns.filter((u) => u.urn.endsWith("::task"))).toEqual([]);
    const text = JSON.stringify(violations);
    expect(text).not.toContain(password);
    expect(text).not.toContain('"root"');
  });

  test("ciphertext only: undecided, with the reason, never a pass", () => {
    const { violations, unknowns } = check(exportDoc(taskDef({ ...SIG, ciphertext: "v1:abc" })));
    expect(violations.filter((v) => v.policy === "ecs-non-root-user")).toEqual([]);
    expect(unknowns).toContainEqual(expect.objectContaining({ policy: "ecs-non-root-user", path: "containerDefinitions", reason: expect.stringContaining("--show-secrets") }));
  });

  test("a plan JSON's masked secret is undecided, with the reason", () => {
    const plan = { stack: "prod", resources: [{ urn: urnOf("aws:ecs/taskDefinition:TaskDefinition", "task"), type: "aws:ecs/taskDefinition:TaskDefinition", name: "task", custom: true, inputs: { containerDefinitions: "[secret]" } }] };
    const { unknowns } = evaluatePacks(parseStateDocument(plan)!, [{ name: "t", description: "", rules: [ecsNonRootUser] }]);
    expect(unknowns).toEqual([expect.objectContaining({ path: "containerDefinitions", reason: expect.stringContaining("masked") })]);
  });

  test("redaction removes quoted secrets and long bare ones, not the rule's own words", () => {
    expect(redactSecrets('user: found "root"; allowed a non-root uid', ["root"])).toBe("user: found [secret]; allowed a non-root uid");
    expect(redactSecrets(`token ${password} leaked`, [password])).toBe("token [secret] leaked");
  });
});

describe("k8s-resource-limits follows Kubernetes' defaults", () => {
  const pod = (resources: object) => res("kubernetes:core/v1:Pod", "p", { spec: { containers: [{ name: "web", image: "web:1", resources }] } });
  test("a limit alone is also the request", () => {
    expect(evaluate([k8sResources], [pod({ limits: { cpu: "500m", memory: "128Mi" } })]).violations).toEqual([]);
  });
  test("a memory limit alone leaves the CPU request missing", () => {
    expect(evaluate([k8sResources], [pod({ limits: { memory: "128Mi" } })]).violations.map((v) => v.message)).toEqual(["containers[web].resources: found no requests.cpu; allowed explicit values"]);
  });
});
