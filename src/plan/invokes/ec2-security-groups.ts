import { awsId } from "../ids";
import type { InvokeContext, InvokeTable } from "./context";
import { canonicalQuery, ec2Filters, exactTags, str } from "./common";
import { vpcById, vpcByQuery, type VpcFacts } from "./ec2-network-model";

interface GroupFacts { readonly id: string; readonly name: string; readonly description: string; readonly vpc: VpcFacts }

const DEFAULT_GROUP = "default";

function groupsOf(c: InvokeContext, f: Map<string, string[]>): GroupFacts[] {
  const vpcIds = f.get("vpc-id");
  const vpcs = vpcIds !== undefined ? vpcIds.map((id) => vpcById(c, id))
    : [vpcByQuery(c, new Map([...f].filter(([k]) => k.startsWith("tag"))))];
  const ids = f.get("group-id");
  const names = f.get("group-name") ?? [undefined];
  const rest = canonicalQuery(f, ["vpc-id", "group-name", "group-id"]);
  return vpcs.flatMap((vpc) => {
    if (ids !== undefined) return ids.map((id) => ({ id, name: names[0] ?? "", description: "", vpc }));
    return names.map((name) => name === DEFAULT_GROUP
      // Every VPC has a group named "default" (AWS VPC User Guide, "Default security groups for your VPCs").
      ? { id: awsId("sg", `default-sg/${vpc.id}`), name, description: "default VPC security group", vpc }
      // A group's description is free text set by whoever made it: not knowable offline.
      : { id: awsId("sg", `sg/${vpc.id}/${name ?? ""}/${rest}`), name: name ?? "", description: "", vpc });
  });
}

function arnOf(c: InvokeContext, id: string): string {
  return `arn:${c.partition}:ec2:${c.region}:${c.account}:security-group/${id}`;
}

export const EC2_SECURITY_GROUP_INVOKES: InvokeTable = {
  "aws:ec2/getSecurityGroup:getSecurityGroup": (c) => {
    const f = ec2Filters(c);
    const set = (name: string, v: string | undefined): void => {
      if (v !== undefined) f.set(name, [v]);
    };
    set("group-id", str(c.inputs.id));
    set("group-name", str(c.inputs.name));
    set("vpc-id", str(c.inputs.vpcId));
    const g = groupsOf(c, f)[0]!;
    return {
      id: g.id, arn: arnOf(c, g.id), name: g.name, description: g.description, vpcId: g.vpc.id,
      region: c.region, tags: exactTags(f), filters: c.inputs.filters,
    };
  },
  "aws:ec2/getSecurityGroups:getSecurityGroups": (c) => {
    const groups = groupsOf(c, ec2Filters(c));
    return {
      id: c.region,
      ids: groups.map((g) => g.id),
      arns: groups.map((g) => arnOf(c, g.id)),
      vpcIds: groups.map((g) => g.vpc.id),
      region: c.region,
      tags: c.inputs.tags ?? {},
      filters: c.inputs.filters,
    };
  },
};
