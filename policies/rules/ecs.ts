import type { ResourceRule } from "../model";
import { isRootUser } from "../../src/users";
import { asRecords, isRecord, parseJson } from "./util";

export { isRootUser };

export const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";

/**
 * The containers of a task definition. `containerDefinitions` is one JSON
 * string; when it embeds an output (image URL, log group) it is wholly unknown
 * in preview and reading it throws, so the rule is reported as unknown, never
 * as passed. EcsService rejects root users at construction for that reason.
 */
function containers(props: Record<string, unknown>): Record<string, unknown>[] {
  return asRecords(parseJson(props.containerDefinitions));
}

const label = (c: Record<string, unknown>, i: number): string => `containerDefinitions[${typeof c.name === "string" ? c.name : i}]`;

export const ecsNonRootUser: ResourceRule = {
  id: "ecs-non-root-user",
  description: "Every ECS container runs as a non-root user. Fix: set `user` to a non-zero uid (e.g. \"1000:1000\") in each container definition.",
  enforcement: "mandatory",
  types: [TASK_DEFINITION],
  check: (r) => containers(r.props).flatMap((c, i) =>
    isRootUser(c.user) ? [`${label(c, i)}.user: found ${c.user === undefined ? "nothing (the image's default user, usually root)" : JSON.stringify(c.user)}; allowed a non-root uid such as "1000:1000"`] : []),
};

export const ecsNoPrivileged: ResourceRule = {
  id: "ecs-no-privileged",
  description: "No ECS container runs privileged. Fix: remove `privileged: true` from the container definition.",
  enforcement: "mandatory",
  types: [TASK_DEFINITION],
  check: (r) => containers(r.props).flatMap((c, i) => (c.privileged === true ? [`${label(c, i)}.privileged: found true; allowed false`] : [])),
};

export const ecsNoHostNamespaces: ResourceRule = {
  id: "ecs-no-host-namespaces",
  description: "Tasks do not share the host's process or IPC namespace. Fix: remove `pidMode: host` and `ipcMode: host`.",
  enforcement: "mandatory",
  types: [TASK_DEFINITION],
  check: (r) => (["pidMode", "ipcMode"] as const).flatMap((k) => (r.props[k] === "host" ? [`${k}: found "host"; allowed "task" or unset`] : [])),
};

export const ecsDropCapabilities: ResourceRule = {
  id: "ecs-drop-all-capabilities",
  description: "Containers drop every Linux capability. Fix: set `linuxParameters.capabilities.drop: [\"ALL\"]` (add back only what is needed).",
  enforcement: "advisory",
  types: [TASK_DEFINITION],
  check: (r) => containers(r.props).flatMap((c, i) => {
    const caps = isRecord(c.linuxParameters) && isRecord(c.linuxParameters.capabilities) ? c.linuxParameters.capabilities : {};
    const drop = Array.isArray(caps.drop) ? caps.drop : [];
    return drop.includes("ALL") ? [] : [`${label(c, i)}.linuxParameters.capabilities.drop: found ${JSON.stringify(drop)}; allowed a list containing "ALL"`];
  }),
};

export const ecsReadonlyRootFs: ResourceRule = {
  id: "ecs-readonly-rootfs",
  description: "Containers have a read-only root filesystem. Fix: set `readonlyRootFilesystem: true` and mount a volume for writable paths.",
  enforcement: "advisory",
  types: [TASK_DEFINITION],
  check: (r) => containers(r.props).flatMap((c, i) =>
    c.readonlyRootFilesystem === true ? [] : [`${label(c, i)}.readonlyRootFilesystem: found ${JSON.stringify(c.readonlyRootFilesystem ?? null)}; allowed true`]),
};
