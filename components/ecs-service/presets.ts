import type { Environment } from "../../src/environment";
import type { DeployStrategy } from "./args";

export interface EcsServiceSettings {
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly architecture: "ARM64" | "X86_64";
  readonly user: string;
  readonly minTasks: number;
  readonly maxTasks: number;
  readonly cpuTarget: number;
  readonly memoryTarget: number;
  readonly requestsPerTarget: number;
  readonly strategy: DeployStrategy;
  readonly bakeMinutes: number;
  readonly logRetentionDays: number;
  readonly wafCountOnly: boolean;
  readonly rateLimit: number;
  readonly deletionProtection: boolean;
}

const common = {
  architecture: "ARM64", user: "1000:1000", cpuTarget: 70, memoryTarget: 80, requestsPerTarget: 1000,
  strategy: "rolling", rateLimit: 2000,
} as const;

/** Every default of EcsService, per environment. Each passes the policy packs. */
export const ECS_SERVICE_PRESETS = {
  dev: { ...common, cpu: 256, memoryMiB: 512, minTasks: 1, maxTasks: 2, bakeMinutes: 5, logRetentionDays: 14, wafCountOnly: true, deletionProtection: false },
  staging: { ...common, cpu: 512, memoryMiB: 1024, minTasks: 2, maxTasks: 4, bakeMinutes: 10, logRetentionDays: 90, wafCountOnly: false, deletionProtection: false },
  prod: { ...common, cpu: 1024, memoryMiB: 2048, minTasks: 2, maxTasks: 10, bakeMinutes: 15, logRetentionDays: 365, wafCountOnly: false, deletionProtection: true },
} as const satisfies Record<Environment, EcsServiceSettings>;

/** The CPU/memory pairs Fargate accepts (memory in MiB). */
export function fargateMemoryOptions(cpu: number): number[] {
  const range = (from: number, to: number, step: number) => Array.from({ length: (to - from) / step + 1 }, (_v, i) => from + i * step);
  switch (cpu) {
    case 256: return [512, 1024, 2048];
    case 512: return range(1024, 4096, 1024);
    case 1024: return range(2048, 8192, 1024);
    case 2048: return range(4096, 16384, 1024);
    case 4096: return range(8192, 30720, 1024);
    case 8192: return range(16384, 61440, 4096);
    case 16384: return range(32768, 122880, 8192);
    default: return [];
  }
}

export const FARGATE_CPUS = [256, 512, 1024, 2048, 4096, 8192, 16384] as const;
