import type { InvokeContext, InvokeResult, InvokeTable } from "./context";
import { cannotKnow } from "./common";

/**
 * Instance type facts from the type's name alone. The architecture follows
 * EC2's naming convention (AWS EC2 Instance Types guide, "Naming conventions":
 * the `g` attribute marks AWS Graviton processors; a1 is the first Graviton
 * family; mac2 runs Apple silicon). Sizes, memory and network figures are the
 * shape of a typical type of that family and size, not AWS's exact numbers.
 */
interface TypeName { readonly family: string; readonly series: string; readonly generation: number; readonly attributes: string; readonly size: string }

function parse(instanceType: string): TypeName | undefined {
  const m = /^([a-z]+)(\d+)([a-z-]*)\.([a-z0-9]+)$/.exec(instanceType);
  if (m === null) return undefined;
  return { family: `${m[1]}${m[2]}${m[3]}`, series: m[1]!, generation: Number(m[2]), attributes: m[3]!, size: m[4]! };
}

export function architectureOf(t: TypeName): "arm64" | "x86_64" | "arm64_mac" | "x86_64_mac" {
  if (t.series === "mac") return t.generation >= 2 ? "arm64_mac" : "x86_64_mac";
  if (t.family === "a1" || t.attributes.includes("g")) return "arm64";
  return "x86_64";
}

const BURSTABLE_VCPUS: Readonly<Record<string, number>> = { nano: 2, micro: 2, small: 2, medium: 2, large: 2, xlarge: 4, "2xlarge": 8 };
/** Total GiB of t3/t3a/t4g sizes. */
const BURSTABLE_GIB: Readonly<Record<string, number>> = { nano: 0.5, micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, "2xlarge": 32 };
/** GiB per vCPU by series: general purpose 4, compute 2, memory 8, extra memory 16. */
const GIB_PER_VCPU: Readonly<Record<string, number>> = { m: 4, c: 2, r: 8, x: 16, z: 8, i: 8, d: 8, g: 4, p: 8, inf: 2, trn: 16 };

function vcpusOf(t: TypeName, arch: string): number {
  if (t.series === "t") return BURSTABLE_VCPUS[t.size] ?? 8;
  if (t.size === "medium") return 1;
  if (t.size === "large") return 2;
  if (t.size === "xlarge") return 4;
  const n = /^(\d+)xlarge$/.exec(t.size);
  if (n !== null) return 4 * Number(n[1]);
  if (t.size === "metal") return arch === "arm64" ? 64 : 96;
  return 2;
}

function typeResult(c: InvokeContext, instanceType: string, t: TypeName): InvokeResult {
  const arch = architectureOf(t);
  const arm = arch.startsWith("arm64");
  const nitro = t.generation >= 5 || (t.series === "t" && t.generation >= 3) || arm;
  const metal = t.size === "metal";
  const vcpus = vcpusOf(t, arch);
  const threads = arm || vcpus < 2 ? 1 : 2;
  const gib = t.series === "t" ? BURSTABLE_GIB[t.size] ?? 32 : vcpus * (GIB_PER_VCPU[t.series] ?? 4);
  const disk = t.attributes.includes("d");
  const interfaces = vcpus <= 2 ? 3 : vcpus <= 8 ? 4 : 8;
  const ipsPerInterface = vcpus <= 2 ? 10 : vcpus <= 8 ? 15 : 30;
  return {
    id: instanceType,
    instanceType,
    autoRecoverySupported: !disk && !metal,
    bandwidthWeightings: [],
    bareMetal: metal,
    bootModes: arm ? ["uefi"] : nitro ? ["legacy-bios", "uefi"] : ["legacy-bios"],
    burstablePerformanceSupported: t.series === "t",
    currentGeneration: t.generation >= 4 || t.series === "t",
    dedicatedHostsSupported: t.series !== "t",
    defaultCores: Math.max(1, vcpus / threads),
    defaultNetworkCardIndex: 0,
    defaultThreadsPerCore: threads,
    defaultVcpus: vcpus,
    ebsEncryptionSupport: "supported",
    ebsNvmeSupport: nitro ? "required" : "unsupported",
    ebsOptimizedSupport: nitro ? "default" : "supported",
    ebsPerformanceBaselineBandwidth: nitro ? 650 * Math.max(1, vcpus / 2) : 0,
    ebsPerformanceBaselineIops: nitro ? 3600 * Math.max(1, vcpus / 2) : 0,
    ebsPerformanceBaselineThroughput: nitro ? 81.25 * Math.max(1, vcpus / 2) : 0,
    ebsPerformanceMaximumBandwidth: nitro ? 10000 : 0,
    ebsPerformanceMaximumIops: nitro ? 40000 : 0,
    ebsPerformanceMaximumThroughput: nitro ? 1250 : 0,
    efaMaximumInterfaces: 0,
    efaSupported: false,
    enaSrdSupported: false,
    enaSupport: nitro ? "required" : "unsupported",
    encryptionInTransitSupported: nitro,
    fpgas: [],
    freeTierEligible: instanceType === "t2.micro" || instanceType === "t3.micro",
    gpuses: [],
    hibernationSupported: !arm && !metal,
    hypervisor: metal ? "" : nitro ? "nitro" : "xen",
    inferenceAccelerators: [],
    instanceDisks: disk ? [{ count: 1, size: 59 * vcpus, type: "ssd" }] : [],
    instanceStorageSupported: disk,
    ipv6Supported: true,
    maximumIpv4AddressesPerInterface: ipsPerInterface,
    maximumIpv6AddressesPerInterface: ipsPerInterface,
    maximumNetworkCards: 1,
    maximumNetworkInterfaces: interfaces,
    mediaAccelerators: [],
    memorySize: Math.round(gib * 1024),
    networkCards: [{ baselineBandwidth: vcpus <= 8 ? 0.75 * vcpus : 12.5, index: 0, maximumInterfaces: interfaces, peakBandwidth: vcpus <= 8 ? 12.5 : 12.5, performance: vcpus <= 8 ? "Up to 12.5 Gigabit" : "12.5 Gigabit" }],
    networkPerformance: t.series === "t" ? "Up to 5 Gigabit" : vcpus <= 8 ? "Up to 12.5 Gigabit" : "12.5 Gigabit",
    neuronDevices: [],
    nitroEnclavesSupport: nitro && !arm && vcpus >= 4 ? "supported" : "unsupported",
    nitroTpmSupport: nitro ? "supported" : "unsupported",
    nitroTpmSupportedVersions: nitro ? ["2.0"] : [],
    phcSupport: "unsupported",
    region: c.region,
    supportedArchitectures: !nitro && !arm ? ["i386", "x86_64"] : [arch],
    supportedCpuFeatures: [],
    supportedPlacementStrategies: t.series === "t" ? ["partition", "spread"] : ["cluster", "partition", "spread"],
    supportedRootDeviceTypes: ["ebs"],
    supportedUsagesClasses: ["on-demand", "spot"],
    supportedVirtualizationTypes: ["hvm"],
    sustainedClockSpeed: arm ? 2.6 : 3.1,
    totalFpgaMemory: 0,
    totalGpuMemory: 0,
    totalInferenceMemory: 0,
    totalInstanceStorage: disk ? 59 * vcpus : 0,
    totalMediaMemory: 0,
    totalNeuronDeviceMemory: 0,
    validCores: Array.from({ length: Math.max(1, vcpus / threads) }, (_v, i) => i + 1),
    validThreadsPerCores: threads === 2 ? [1, 2] : [1],
  };
}

export const EC2_INSTANCE_TYPE_INVOKES: InvokeTable = {
  "aws:ec2/getInstanceType:getInstanceType": (c) => {
    const instanceType = String(c.inputs.instanceType ?? "");
    const t = parse(instanceType);
    if (t === undefined) throw cannotKnow(c.token, `the instance type "${instanceType}" is not a family.size name the offline plan can describe`);
    return typeResult(c, instanceType, t);
  },
};
