import { serviceAlarms } from "../../components/ecs-service/alarms";
import { crashLoopAlarm } from "../../components/eks-cluster/workload-alarms";
import type { SourceAlarmIds } from "../../components/monitoring/settings";
import { rdsAlarms } from "../../components/rds-postgres/alarms";
import type { RdsPostgresSettings } from "../../components/rds-postgres/settings";
import { redisAlarms } from "../../components/redis/alarms";
import type { RedisSettings } from "../../components/redis/settings";
import { backupAlarms } from "../../components/s3-backups/alarms";
import { physicalName } from "../../src/naming";

/** What the stack program builds, as far as its alarms depend on it. */
export interface StackShape {
  readonly stack: string;
  readonly services: readonly { readonly name: string; readonly minTasks: number }[];
  readonly database: RdsPostgresSettings;
  readonly cache: RedisSettings;
  readonly workloads: readonly { readonly name: string; readonly namespace: string }[];
}

/**
 * The alarm ids of each MonitoringStack source the program (stacks/program.ts) wires, from the
 * components' own alarm builders and the names the components derive (component name "main"),
 * so `paved:monitoring.overrides` is checked before anything is registered. Only the ids are
 * read: values known at deploy time (load balancer, cluster) are left empty here.
 * test/stacks.test.ts compares these ids with the alarms each stack creates.
 */
export function stackAlarmSources(shape: StackShape): SourceAlarmIds[] {
  const ids = (alarms: readonly { id: string }[]) => alarms.map((a) => a.id);
  const database = shape.database.identifier ?? physicalName([shape.stack, "main"], 63);
  const replicas = Array.from({ length: shape.database.readReplicas }, (_v, i) => `${database}-replica-${i + 1}`.slice(0, 63));
  const cache = shape.cache.replicationGroupId ?? physicalName([shape.stack, "main"], 40);
  return [
    ...shape.services.map((s) => ({
      name: s.name,
      alarmIds: ids(serviceAlarms({ label: s.name, cluster: "", service: "", loadBalancer: "", targetGroups: [""], certificateArn: "" }, s.minTasks)),
    })),
    { name: "database", alarmIds: ids(rdsAlarms(database, replicas, shape.database)) },
    { name: "cache", alarmIds: ids(redisAlarms(cache, shape.cache.nodes)) },
    { name: "backups", alarmIds: ids(backupAlarms(physicalName([shape.stack, "main"], 40))) },
    { name: "kubernetes", alarmIds: shape.workloads.map((w) => crashLoopAlarm({ workload: w.name, namespace: w.namespace, clusterName: "" }).id) },
  ];
}
