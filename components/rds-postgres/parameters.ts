/** The parameter group family of a Postgres version ("16.4" → "postgres16"). */
export function parameterFamily(engineVersion: string): string {
  return `postgres${/^(\d+)/.exec(engineVersion)?.[1] ?? engineVersion}`;
}

/** Parameters every Paved database sets: TLS only, and connections logged (the failed-login alarm reads them). */
export function postgresParameters(): Array<{ name: string; value: string; applyMethod: "immediate" | "pending-reboot" }> {
  return [
    { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
    { name: "log_connections", value: "1", applyMethod: "immediate" },
    { name: "log_disconnections", value: "1", applyMethod: "immediate" },
    { name: "log_min_duration_statement", value: "1000", applyMethod: "immediate" },
  ];
}

/** GiB of memory per instance size; RDS sets max_connections ≈ memory / 9531392 bytes, capped at 5000. */
const MEMORY_GIB: Readonly<Record<string, number>> = {
  micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, "2xlarge": 32, "4xlarge": 64, "8xlarge": 128, "12xlarge": 192, "16xlarge": 256,
};

/** The default max_connections of an instance class, or undefined for sizes not in the table. */
export function maxConnections(instanceClass: string): number | undefined {
  const size = instanceClass.split(".")[2] ?? "";
  const gib = MEMORY_GIB[size];
  if (gib === undefined) return undefined;
  const memory = instanceClass.includes(".r") ? gib * 2 : gib; // memory-optimised classes have twice the memory
  return Math.min(5000, Math.floor((memory * 1024 ** 3) / 9531392));
}
