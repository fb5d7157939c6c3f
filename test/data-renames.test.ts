import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { RdsPostgres } from "../components/rds-postgres";
import { Redis } from "../components/redis";
import { S3Backups } from "../components/s3-backups";
import { ALL_PACKS } from "../policies/rules";
import { program } from "../stacks/program";
import { diffPlans } from "../src/diff/diff";
import { planStack, record } from "../src/testing";
import { loadDiffDocumentFromJson } from "./helpers/diff";
import { REPO } from "./helpers/project";

type Make = (name: string, opts: pulumi.ComponentResourceOptions) => void;
const COMPONENTS: Array<[string, Make]> = [
  ["RdsPostgres", (n, o) => new RdsPostgres(n, { environment: "prod", network: { vpcId: "vpc-1", dbSubnetGroupName: "db" } }, o)],
  ["Redis", (n, o) => new Redis(n, { environment: "prod", network: { vpcId: "vpc-1", cacheSubnetGroupName: "cache" } }, o)],
  ["S3Backups", (n, o) => {
    const dr = new aws.Provider("dr", { region: "eu-central-1" });
    new S3Backups(n, { environment: "prod", disasterRecovery: { provider: dr } }, o);
  }],
];

describe.each(COMPONENTS)("renaming %s", (_label, make) => {
  test("with an alias: every stateful child keeps its identity (no delete, no replace)", async () => {
    const before = await record(() => make("orders", {}), { stack: "prod" });
    const after = await record(() => make("billing", { aliases: [{ name: "orders" }] }), { stack: "prod" });
    const result = diffPlans(loadDiffDocumentFromJson(before), loadDiffDocumentFromJson(after));
    expect(result.changes.filter((c) => c.kind !== "update").map((c) => `${c.kind} ${c.name}`)).toEqual([]);
  });

  test("without one: the gate stops the loss of its stateful children", async () => {
    const before = await record(() => make("orders", {}), { stack: "prod" });
    const after = await record(() => make("billing", {}), { stack: "prod" });
    expect(diffPlans(loadDiffDocumentFromJson(before), loadDiffDocumentFromJson(after)).blocking).toBeGreaterThan(0);
  });
});

test("no secret value appears in any stack's plan JSON", async () => {
  for (const stack of ["dev", "staging", "prod"]) {
    const json = JSON.stringify((await planStack({ dir: REPO, stack, program, packs: ALL_PACKS })).toJSON());
    expect(json).not.toMatch(/Mk[0-9a-f]{16}/); // the mock AUTH token
    expect(json).not.toMatch(/"(password|masterPassword|authToken)":"(?!\[secret\])/);
    expect(json).toContain('"authToken":"[secret]"');
  }
});
