import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MOCK_ACCOUNT, record, SECRET, type RulePack } from "../src/testing";

class Box extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("paved:test:Box", name, {}, opts);
    const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: "10.0.0.0/16" }, { parent: this, protect: true });
    new aws.ec2.Subnet(`${name}-subnet`, { vpcId: vpc.id, cidrBlock: "10.0.0.0/24" }, { parent: this, aliases: [{ name: "old-subnet" }] });
    this.registerOutputs({});
  }
}

describe("offline plan engine", () => {
  test("URNs follow the engine: parent type chain, root stack type omitted", async () => {
    const plan = await record(() => new Box("b"), { stack: "dev", project: "proj" });
    expect(plan.root?.urn).toBe("urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev");
    expect(plan.urnOf("b")).toBe("urn:pulumi:dev::proj::paved:test:Box::b");
    expect(plan.one("aws:ec2/vpc:Vpc", "b-vpc").urn).toBe("urn:pulumi:dev::proj::paved:test:Box$aws:ec2/vpc:Vpc::b-vpc");
    expect(plan.one("aws:ec2/vpc:Vpc", "b-vpc").parent).toBe(plan.urnOf("b"));
  });

  test("records options, dependencies and resolved aliases", async () => {
    const plan = await record(() => new Box("b"), { stack: "dev", project: "proj" });
    const vpc = plan.one("aws:ec2/vpc:Vpc", "b-vpc");
    const subnet = plan.one("aws:ec2/subnet:Subnet", "b-subnet");
    expect(vpc.options.protect).toBe(true);
    expect(subnet.options.protect).toBe(false);
    expect(subnet.dependencies).toEqual([vpc.urn]);
    expect(subnet.options.aliases).toEqual(["urn:pulumi:dev::proj::paved:test:Box$aws:ec2/subnet:Subnet::old-subnet"]);
  });

  test("mock outputs are realistic and derived from the URN, not echoed", async () => {
    const plan = await record(() => new Box("b"), { mode: "resolve", config: { "aws:region": "ap-southeast-2" } });
    const vpc = plan.one("aws:ec2/vpc:Vpc", "b-vpc");
    expect(vpc.id).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(vpc.outputs.arn).toBe(`arn:aws:ec2:ap-southeast-2:${MOCK_ACCOUNT}:vpc/${vpc.id}`);
    expect(plan.one("aws:ec2/subnet:Subnet", "b-subnet").inputs.vpcId).toBe(vpc.id);
    const again = await record(() => new Box("b"), { mode: "resolve", config: { "aws:region": "ap-southeast-2" } });
    expect(again.one("aws:ec2/vpc:Vpc", "b-vpc").id).toBe(vpc.id);
    const other = await record(() => new Box("c"), { mode: "resolve" });
    expect(other.one("aws:ec2/vpc:Vpc", "c-vpc").id).not.toBe(vpc.id);
  });

  test("AZ, region, partition and caller lookups answer for the stack's region", async () => {
    let seen: unknown;
    await record(() => {
      seen = pulumi.all([
        aws.getAvailabilityZonesOutput({}).names,
        aws.getCallerIdentityOutput({}).accountId,
        aws.getPartitionOutput({}).partition,
        aws.getRegionOutput({}).region,
      ]).apply((v) => (seen = v));
    }, { config: { "aws:region": "us-west-1" } });
    expect(seen).toEqual([["us-west-1a", "us-west-1c"], MOCK_ACCOUNT, "aws", "us-west-1"]);
  });

  test("an explicit provider's region drives its resources' ARNs", async () => {
    const plan = await record(() => {
      const dr = new aws.Provider("dr", { region: "us-east-2" });
      new aws.ec2.Vpc("dr-vpc", { cidrBlock: "10.1.0.0/16" }, { provider: dr });
    }, { mode: "resolve", config: { "aws:region": "eu-west-1" } });
    expect(plan.one("aws:ec2/vpc:Vpc", "dr-vpc").outputs.arn).toMatch(/^arn:aws:ec2:us-east-2:/);
  });

  test("secrets are masked in inputs and outputs", async () => {
    const plan = await record(() => {
      new aws.ssm.Parameter("p", { type: "SecureString", value: pulumi.secret("hunter2") });
      return { token: pulumi.secret("s3cr3t"), plain: "visible" };
    });
    expect(plan.one("aws:ssm/parameter:Parameter", "p").inputs.value).toBe(SECRET);
    expect(plan.outputs).toEqual({ token: SECRET, plain: "visible" });
    expect(JSON.stringify(plan.toJSON())).not.toMatch(/hunter2|s3cr3t/);
  });

  test("an invoke with no mock fails loudly by name", async () => {
    await expect(record(() => {
      aws.getArnOutput({ arn: "arn:aws:s3:::x" });
    })).rejects.toThrow(/the program calls the invoke "aws:index\/getArn:getArn" .*Give its result in paved\.mocks\.json/);
  });

  test("a duplicate name fails like the engine does", async () => {
    await expect(record(() => {
      new aws.ec2.Vpc("same", { cidrBlock: "10.0.0.0/16" });
      new aws.ec2.Vpc("same", { cidrBlock: "10.0.0.0/16" });
    })).rejects.toThrow(/two resources with the URN urn:pulumi:test::paved::aws:ec2\/vpc:Vpc::same/);
  });

  test("program errors reject the plan and leave nothing behind for the next run", async () => {
    await expect(record(() => {
      new aws.ec2.Vpc("half", { cidrBlock: "10.0.0.0/16" });
      throw new Error("bad program");
    })).rejects.toThrow("bad program");
    const next = await record(() => new aws.ec2.Vpc("whole", { cidrBlock: "10.0.0.0/16" }), { config: { "paved:x": "1" } });
    expect(next.all().map((r) => r.name)).toEqual(["whole"]);
    let leaked: string | undefined = "unread";
    await record(() => {
      leaked = new pulumi.Config("paved").get("x");
    });
    expect(leaked).toBeUndefined();
  });

  test("policy packs run after recording; levels and throwing rules are reported", async () => {
    const pack: RulePack = {
      name: "test-pack",
      description: "rules for the engine test",
      rules: [
        { id: "no-default-cidr", description: "", enforcement: "mandatory", types: ["aws:ec2/vpc:Vpc"],
          check: (r) => (r.props.cidrBlock === "10.0.0.0/16" ? ["cidrBlock: found 10.0.0.0/16"] : []) },
        { id: "dns", description: "", enforcement: "advisory", types: ["aws:ec2/vpc:Vpc"],
          check: (r) => (r.props.enableDnsHostnames ? [] : ["enableDnsHostnames: found nothing"]) },
        { id: "broken", description: "", enforcement: "advisory", types: ["aws:ec2/subnet:Subnet"],
          check: () => { throw new Error("oops"); } },
        { id: "off", description: "", enforcement: "disabled", types: ["aws:ec2/vpc:Vpc"], check: () => ["never"] },
      ],
    };
    const plan = await record(() => new Box("b"), { packs: [pack] });
    expect(plan.violations.map((v) => [v.policy, v.enforcementLevel])).toEqual([
      ["no-default-cidr", "mandatory"], ["dns", "advisory"], ["broken", "advisory"],
    ]);
    expect(plan.violations[2]!.message).toBe("rule failed to evaluate: oops");
    expect(plan.summary).toMatchObject({ mandatoryViolations: 1, advisoryViolations: 2 });
  });

  test("plan queries say what exists when a lookup misses", async () => {
    const plan = await record(() => new Box("b"));
    expect(() => plan.one("aws:ec2/vpc:Vpc", "nope")).toThrow(/names of that type: b-vpc/);
    expect(() => plan.urnOf("nope")).toThrow(/found 0/);
    expect(plan.childrenOf(plan.urnOf("b")).map((r) => r.name).sort()).toEqual(["b-subnet", "b-vpc"]);
  });
});
