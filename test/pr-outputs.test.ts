import * as pulumi from "@pulumi/pulumi";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ALL_PACKS } from "../policies/rules";
import { program } from "../stacks/program";
import { renderGraph } from "../src/cli/render-graph";
import { MARKDOWN_LIMIT, renderMarkdown } from "../src/cli/render-markdown";
import { warnOnSecondPulumiCopy } from "../src/pulumi-copies";
import { planStack, record } from "../src/testing";
import { REPO } from "./helpers/project";
import * as aws from "@pulumi/aws";

describe.each(["dev", "staging", "prod"])("pull-request outputs of %s", (stack) => {
  test("Markdown: summary and per-component counts first, details folded, no values", async () => {
    const plan = await planStack({ dir: REPO, stack, program, packs: ALL_PACKS });
    const md = renderMarkdown(plan, ALL_PACKS);
    expect(md.indexOf("| component | type | resources | protected |")).toBeLessThan(md.indexOf("<details>"));
    for (const c of ["paved:network:Vpc", "paved:compute:EcsService", "paved:data:RdsPostgres", "paved:data:Redis", "paved:data:S3Backups", "paved:observability:MonitoringStack"]) expect(md).toContain(`\`${c}\``);
    // A first preview of our stacks decides every check, so the comment may say "all clear".
    expect(md).not.toContain(":warning:");
    expect(md).toContain(":white_check_mark:");
    expect(md.length).toBeLessThan(MARKDOWN_LIMIT);
    expect(md).not.toMatch(/arn:aws|vpc-[0-9a-f]{17}|\[secret\]/); // inputs and outputs never reach the comment
  });

  test("Mermaid: a node per component and the dependencies between them", async () => {
    const plan = await planStack({ dir: REPO, stack, program });
    const graph = renderGraph(plan);
    expect(graph.split("\n")[0]).toBe("flowchart LR");
    const nodes = [...graph.matchAll(/^ {2}(c\d+)\["([^<]+)<br\/><small>([^ ]+) /gm)].map((m) => [m[1], m[3]]);
    expect(nodes.map((n) => n[1])).toEqual(["paved:network:Vpc", "paved:compute:EcsCluster", "paved:compute:EcsService", "paved:compute:EksCluster", "paved:data:RdsPostgres", "paved:data:Redis", "paved:data:S3Backups", "paved:observability:MonitoringStack", "paved:k8s:Workload"]);
    const id = (type: string) => nodes.find((n) => n[1] === type)![0];
    expect(graph).toContain(`${id("paved:data:RdsPostgres")} --> ${id("paved:compute:EcsService")}`); // the DB admits the service's SG
    expect(graph).toContain(`${id("paved:compute:EcsService")} --> ${id("paved:network:Vpc")}`);
  });
});

test("Mermaid: each component node counts its resources, one in the singular", async () => {
  const plan = await record(() => {
    const one = new pulumi.ComponentResource("my:app:One", "one");
    new aws.sns.Topic("t1", {}, { parent: one });
    const two = new pulumi.ComponentResource("my:app:Two", "two");
    new aws.sns.Topic("t2", {}, { parent: two });
    new aws.sns.Topic("t3", {}, { parent: two });
  });
  const counts = [...renderGraph(plan).matchAll(/<small>([^<]+)<\/small>/g)].map((m) => m[1]);
  expect(counts).toEqual(["my:app:One · 1 resource", "my:app:Two · 2 resources"]);
});

test("a huge plan's comment is truncated under GitHub's limit with a note", async () => {
  const plan = await record(() => {
    for (let i = 0; i < 2000; i++) new aws.sns.Topic(`topic-with-a-rather-long-name-${i}`, { kmsMasterKeyId: "alias/x" });
  });
  const md = renderMarkdown(plan);
  expect(md.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
  expect(md).toContain("_Truncated:");
});

test("two copies of @pulumi/pulumi are reported, once, with the fix", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paved-copies-"));
  fs.mkdirSync(path.join(dir, "node_modules", "@pulumi", "pulumi"), { recursive: true });
  fs.writeFileSync(path.join(dir, "node_modules", "@pulumi", "pulumi", "package.json"), JSON.stringify({ name: "@pulumi/pulumi", version: "3.0.0" }));
  const spy = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
  try {
    expect(warnOnSecondPulumiCopy(dir)).toMatch(/two copies of @pulumi\/pulumi are loaded .*npm dedupe/);
    warnOnSecondPulumiCopy(dir);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(warnOnSecondPulumiCopy(REPO)).toBeUndefined();
  } finally {
    spy.mockRestore();
  }
});
