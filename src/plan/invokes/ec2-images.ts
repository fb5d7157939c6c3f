import { awsId } from "../ids";
import type { InvokeContext, InvokeTable } from "./context";
import { ec2Filters, pastDate, str, strings } from "./common";

/** The account that owns Amazon Linux images (owner alias "amazon") in the commercial partition. */
const AMAZON_OWNER = "137112412989";
/** The AWS Marketplace owner alias's account (DescribeImages `ImageOwnerAlias: aws-marketplace`). */
const MARKETPLACE_OWNER = "679593333241";

/** One stable fake AMI id per region and query (the same seed SSM image parameters use). */
export function amiId(c: InvokeContext, name: string): string {
  return awsId("ami", `${c.region}/${name}`);
}

/** The image name a name filter or regex asks for, with its wildcards filled in (a real name matches the pattern). */
function concreteName(c: InvokeContext): string {
  const pattern = ec2Filters(c).get("name")?.[0];
  if (pattern !== undefined) return pattern.replace(/\*/g, "20250115").replace(/\?/g, "0");
  const regex = str(c.inputs.nameRegex);
  if (regex !== undefined) {
    return regex.replace(/^\^|\$$/g, "").replace(/\.[*+]/g, "20250115").replace(/\\d[+*]?/g, "1").replace(/\\(.)/g, "$1");
  }
  return "al2023-ami-minimal";
}

function ownerOf(c: InvokeContext): { id: string; alias: string } {
  const asked = strings(c.inputs.owners)[0] ?? ec2Filters(c).get("owner-id")?.[0] ?? ec2Filters(c).get("owner-alias")?.[0];
  if (asked === undefined || asked === "amazon") return { id: AMAZON_OWNER, alias: "amazon" };
  if (asked === "self") return { id: c.account, alias: "" };
  if (asked === "aws-marketplace") return { id: MARKETPLACE_OWNER, alias: "aws-marketplace" };
  return { id: asked, alias: "" };
}

export const EC2_IMAGE_INVOKES: InvokeTable = {
  "aws:ec2/getAmi:getAmi": (c) => {
    const id = amiId(c, JSON.stringify(c.inputs.filters ?? c.inputs.nameRegex ?? "ami"));
    const name = concreteName(c);
    const arch = ec2Filters(c).get("architecture")?.[0] ?? (/arm64|aarch64/.test(name) ? "arm64" : "x86_64");
    const owner = ownerOf(c);
    const snapshot = awsId("snap", `snap/${id}`);
    return {
      id,
      imageId: id,
      // AMI ARNs carry no account: images are regional, not account resources.
      arn: `arn:${c.partition}:ec2:${c.region}::image/${id}`,
      architecture: arch,
      blockDeviceMappings: [{
        deviceName: "/dev/xvda",
        ebs: { delete_on_termination: "true", encrypted: "false", iops: "3000", snapshot_id: snapshot, throughput: "125", volume_size: "8", volume_type: "gp3" },
        noDevice: "",
        virtualName: "",
      }],
      bootMode: arch === "arm64" ? "uefi" : "uefi-preferred",
      creationDate: pastDate(id).replace(/Z$/, ".000Z"),
      deprecationTime: "",
      description: name,
      enaSupport: true,
      hypervisor: "xen",
      imageLocation: `${owner.alias || owner.id}/${name}`,
      imageOwnerAlias: owner.alias,
      imageType: "machine",
      imdsSupport: "v2.0",
      kernelId: "",
      lastLaunchedTime: "",
      name,
      ownerId: owner.id,
      platform: "",
      platformDetails: "Linux/UNIX",
      productCodes: [],
      public: owner.id !== c.account,
      ramdiskId: "",
      region: c.region,
      rootDeviceName: "/dev/xvda",
      rootDeviceType: "ebs",
      rootSnapshotId: snapshot,
      sriovNetSupport: "simple",
      state: "available",
      stateReason: { code: "UNSET", message: "UNSET" },
      tags: {},
      tpmSupport: "",
      usageOperation: "RunInstances",
      virtualizationType: "hvm",
      owners: c.inputs.owners,
      filters: c.inputs.filters,
      mostRecent: c.inputs.mostRecent,
      nameRegex: c.inputs.nameRegex,
    };
  },
  "aws:ec2/getAmiIds:getAmiIds": (c) => {
    const seed = JSON.stringify([c.inputs.owners, c.inputs.filters ?? null, c.inputs.nameRegex ?? null]);
    // Newest first, as the provider sorts by creation date unless sortAscending is set.
    const ids = [0, 1, 2].map((i) => amiId(c, `ami-ids/${seed}/${i}`));
    return {
      id: c.region,
      ids: c.inputs.sortAscending === true ? [...ids].reverse() : ids,
      owners: c.inputs.owners,
      region: c.region,
      executableUsers: c.inputs.executableUsers,
      filters: c.inputs.filters,
      includeDeprecated: c.inputs.includeDeprecated,
      nameRegex: c.inputs.nameRegex,
      sortAscending: c.inputs.sortAscending,
    };
  },
};
