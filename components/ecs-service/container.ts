import type { EcsServiceSettings } from "./settings";

export interface ContainerInputs {
  readonly name: string;
  readonly image: string;
  readonly port: number;
  readonly logGroup: string;
  readonly region: string;
  readonly healthCheckCommand: readonly string[];
  readonly writableTmp: boolean;
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, string>>;
}

/**
 * The one container of a task, hardened: non-root user, read-only root
 * filesystem, every capability dropped, not privileged, an init process, a
 * health check, logs to the encrypted group, secrets by ARN only.
 */
export function containerDefinition(c: ContainerInputs, s: EcsServiceSettings): Record<string, unknown> {
  return {
    name: c.name,
    image: c.image,
    essential: true,
    user: s.user,
    readonlyRootFilesystem: true,
    privileged: false,
    linuxParameters: { capabilities: { drop: ["ALL"] }, initProcessEnabled: true },
    portMappings: [{ containerPort: c.port, protocol: "tcp" }],
    healthCheck: { command: [...c.healthCheckCommand], interval: 30, timeout: 5, retries: 3, startPeriod: 60 },
    logConfiguration: {
      logDriver: "awslogs",
      options: { "awslogs-group": c.logGroup, "awslogs-region": c.region, "awslogs-stream-prefix": c.name, mode: "non-blocking" },
    },
    environment: Object.entries(c.environment).map(([name, value]) => ({ name, value })),
    secrets: Object.entries(c.secrets).map(([name, valueFrom]) => ({ name, valueFrom })),
    mountPoints: c.writableTmp ? [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }] : [],
  };
}

export function defaultHealthCheck(port: number, path: string): string[] {
  return ["CMD-SHELL", `wget -q -O /dev/null http://127.0.0.1:${port}${path} || exit 1`];
}
