import type { InvokeContext } from "./context";
import { digest } from "../ids";
import { partitionOf } from "../regions";
import { dnsSuffix, hashInt } from "./common";
import { amiId } from "./ec2-images";
import { regionName } from "./region-names";

/**
 * Values of AWS's public SSM parameters (/aws/service/…), by path shape
 * (AWS Systems Manager User Guide, "Discovering public parameters"):
 * image ids of the latest AMIs (Amazon Linux, EKS optimized, Bottlerocket,
 * ECS optimized, Windows, Canonical Ubuntu), their release metadata, and the
 * global-infrastructure catalogue of regions. Undefined when the path is not
 * one of these shapes.
 */
export function publicParameterValue(c: InvokeContext, name: string): string | undefined {
  const ami = amiId(c, name);
  const date = releaseDate(c, name);

  // EKS optimized AMIs: /aws/service/eks/optimized-ami/<k8s>/<os>/…/recommended[/image_id|image_name|release_version]
  const eks = /^\/aws\/service\/eks\/optimized-ami\/(\d+\.\d+)\/([^/]+)\/(.*?)\/?recommended(?:\/(image_id|image_name|release_version))?$/.exec(name);
  if (eks !== null) {
    const [, k8s, os, variant, field] = eks;
    // …/recommended and its fields describe one image: derive everything from the shared path.
    const base = eksBase(name);
    const stamp = releaseDate(c, base);
    const release = `${k8s}.${hashInt(`patch/${base}`, 12)}-${stamp}`;
    const imageName = `amazon-eks-node-${os === "amazon-linux-2023" ? "al2023-" : ""}${variant!.replace(/\//g, "-")}${variant ? "-" : ""}${k8s}-v${stamp}`;
    const values: Record<string, string> = { image_id: amiId(c, base), image_name: imageName, release_version: release };
    if (field !== undefined) return values[field];
    return JSON.stringify({ schema_version: "3", image_id: values.image_id, image_name: imageName, release_version: release });
  }

  // Bottlerocket: /aws/service/bottlerocket/<variant>/<arch>/<version|latest>/image_id|image_version
  const br = /^\/aws\/service\/bottlerocket\/([^/]+)\/([^/]+)\/([^/]+)\/(image_id|image_version)$/.exec(name);
  if (br !== null) {
    const base = name.replace(/\/(image_id|image_version)$/, "");
    // Bottlerocket versions read 1.<minor>.<patch>-<8-hex commit>.
    const version = br[3] === "latest" ? `1.${20 + hashInt(`bottlerocket/${base}`, 20)}.0-${digest("bottlerocket", base).slice(0, 8)}` : br[3]!;
    return br[4] === "image_id" ? amiId(c, base) : version;
  }

  // ECS optimized: /aws/service/ecs/optimized-ami/<os>[/<variant>]/recommended[/image_id|image_name|…]
  const ecs = /^\/aws\/service\/ecs\/optimized-ami\/(.+?)\/recommended(?:\/(image_id|image_name|os|schema_version))?$/.exec(name);
  if (ecs !== null) {
    const imageName = `${ecs[1]!.startsWith("amazon-linux-2023") ? "al2023-ami-ecs-hvm" : "amzn2-ami-ecs-hvm"}-${date}-x86_64`;
    const values: Record<string, string> = { image_id: amiId(c, `/aws/service/ecs/optimized-ami/${ecs[1]}/recommended`), image_name: imageName, os: "Amazon Linux", schema_version: "1" };
    if (ecs[2] !== undefined) return values[ecs[2]];
    return JSON.stringify({ image_id: values.image_id, image_name: imageName, os: "Amazon Linux", schema_version: 1 });
  }

  // Latest AMIs by name: Amazon Linux, Windows, Canonical Ubuntu.
  if (/^\/aws\/service\/(ami-amazon-linux-latest|ami-windows-latest)\/[^/]+$/.test(name)) return ami;
  if (/^\/aws\/service\/canonical\/ubuntu\/.+\/(ami-id|current)$/.test(name)) return ami;

  // The region catalogue: /aws/service/global-infrastructure/regions/<region>[/longName|partition|domain]
  const region = /^\/aws\/service\/global-infrastructure\/regions\/([a-z0-9-]+)(?:\/(longName|partition|domain|geolocationRegion))?$/.exec(name);
  if (region !== null) {
    const [, r, field] = region;
    if (regionName(r!) === undefined) return undefined;
    if (field === undefined) return r;
    if (field === "longName") return regionName(r!);
    if (field === "partition") return partitionOf(r!);
    if (field === "domain") return dnsSuffix(partitionOf(r!));
    return undefined;
  }
  return undefined;
}

/** AMI release stamps look like 20250115: a day in 2025, stable per region and parameter. */
function releaseDate(c: InvokeContext, seed: string): string {
  return new Date(Date.UTC(2025, 0, 1) + hashInt(`release/${c.region}/${seed}`, 365) * 86400000).toISOString().slice(0, 10).replace(/-/g, "");
}

/** The EKS AMI parameter's image, shared by …/recommended and …/recommended/image_id. */
function eksBase(name: string): string {
  return name.replace(/\/(image_id|image_name|release_version)$/, "");
}
