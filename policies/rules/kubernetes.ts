import type { PolicyResource, ResourceRule } from "../model";
import { asArray, asRecords, isRecord } from "./util";

/** Where each workload kind keeps its pod spec. Patch kinds express the same pods. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ["spec"],
  PodTemplate: ["template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};
const API: Readonly<Record<string, string>> = {
  Pod: "core/v1", PodTemplate: "core/v1", ReplicationController: "core/v1",
  Deployment: "apps/v1", StatefulSet: "apps/v1", DaemonSet: "apps/v1", ReplicaSet: "apps/v1",
  Job: "batch/v1", CronJob: "batch/v1",
};
export const WORKLOAD_TYPES: readonly string[] = Object.keys(POD_SPEC_PATHS).flatMap((kind) =>
  [`kubernetes:${API[kind]}:${kind}`, `kubernetes:${API[kind]}:${kind}Patch`]);

function kindOf(type: string): string {
  return (type.split(":").pop() ?? "").replace(/Patch$/, "");
}

export function podSpecOf(r: PolicyResource): Record<string, unknown> | undefined {
  let cur: unknown = r.props;
  for (const key of POD_SPEC_PATHS[kindOf(r.type)] ?? []) cur = isRecord(cur) ? cur[key] : undefined;
  return isRecord(cur) ? cur : undefined;
}

export interface ContainerView {
  /** e.g. `initContainers[migrate]` */
  readonly label: string;
  readonly container: Record<string, unknown>;
  /** Container securityContext. */
  readonly own: Record<string, unknown>;
  /** Pod securityContext. */
  readonly pod: Record<string, unknown>;
  /** A field as the kubelet applies it: the container's value overrides the pod's; unset (undefined or null) falls back to it. */
  effective(field: "runAsUser" | "runAsNonRoot" | "seccompProfile" | "appArmorProfile" | "windowsOptions"): unknown;
}

/** Every container, init container and ephemeral container of a pod spec. */
export function containersOf(spec: Record<string, unknown>): ContainerView[] {
  const pod = isRecord(spec.securityContext) ? spec.securityContext : {};
  return (["containers", "initContainers", "ephemeralContainers"] as const).flatMap((list) =>
    // The label's position is the entry's own index in the list, not its index among the object entries.
    asArray(spec[list]).flatMap((container, i): ContainerView[] => {
      if (!isRecord(container)) return [];
      const own = isRecord(container.securityContext) ? container.securityContext : {};
      return [{
        label: `${list}[${typeof container.name === "string" ? container.name : i}]`,
        container, own, pod,
        // PSS allows "undefined/nil" in the container fields when the pod's covers them: null is unset too.
        effective: (field) => own[field] ?? pod[field],
      }];
    }));
}

/** JSON's nil: PSS lists "undefined/nil" together wherever a field may be unset. */
function isNil(v: unknown): v is undefined | null {
  return v === undefined || v === null;
}

/**
 * PSS "OS-specific policy controls": Privilege Escalation, Seccomp (restricted) and Capabilities are only
 * required if spec.os.name is not windows (kubernetes.io/docs/concepts/security/pod-security-standards).
 */
function isWindowsPod(spec: Record<string, unknown>): boolean {
  return isRecord(spec.os) && spec.os.name === "windows";
}

/**
 * A rule over every container of every workload kind; `podCheck` judges the pod securityContext's own fields once,
 * for controls where PSS restricts the pod-level field itself and not only the merged value.
 */
function containerRule(
  id: string, description: string, enforcement: "mandatory" | "advisory",
  check: (c: ContainerView, spec: Record<string, unknown>) => string[],
  podCheck?: (pod: Record<string, unknown>, spec: Record<string, unknown>) => string[],
): ResourceRule {
  return {
    id, description, enforcement, types: WORKLOAD_TYPES,
    check: (r) => {
      const spec = podSpecOf(r);
      if (!spec) return [];
      const pod = isRecord(spec.securityContext) ? spec.securityContext : {};
      return [...(podCheck?.(pod, spec) ?? []), ...containersOf(spec).flatMap((c) => check(c, spec))];
    },
  };
}

export const k8sRunAsNonRoot = containerRule(
  "k8s-run-as-non-root",
  "Pods run as a non-root user (PSS restricted). Fix: set `securityContext.runAsNonRoot: true` and a non-zero `runAsUser` on the pod or container; a container-level value overrides the pod's.",
  "mandatory",
  (c) => {
    const out: string[] = [];
    if (c.effective("runAsNonRoot") !== true) {
      out.push(`${c.label}.securityContext.runAsNonRoot: found ${JSON.stringify(c.effective("runAsNonRoot") ?? null)} (pod and container merged); allowed true`);
    }
    if (c.effective("runAsUser") === 0) out.push(`${c.label}.securityContext.runAsUser: found 0 (pod and container merged); allowed a non-zero uid`);
    return out;
  },
  // PSS restricted lists spec.securityContext.runAsNonRoot (allowed true) and spec.securityContext.runAsUser
  // (allowed non-zero or unset) as fields of their own: a bad pod value fails even where every container overrides it.
  (pod) => [
    ...(!isNil(pod.runAsNonRoot) && pod.runAsNonRoot !== true ? [`spec.securityContext.runAsNonRoot: found ${JSON.stringify(pod.runAsNonRoot)} on the pod; allowed true or unset (PSS judges the pod's field even where containers set their own)`] : []),
    ...(pod.runAsUser === 0 ? ["spec.securityContext.runAsUser: found 0 on the pod; allowed a non-zero uid or unset (PSS judges the pod's field even where containers set their own)"] : []),
  ],
);

export const k8sNoPrivileged = containerRule(
  "k8s-no-privileged",
  "No container runs privileged (PSS baseline). Fix: remove `securityContext.privileged: true`.",
  "mandatory",
  // PSS baseline: allowed values undefined/nil and false; anything else, a string "true" too, is not one of them.
  (c) => (!isNil(c.own.privileged) && c.own.privileged !== false ? [`${c.label}.securityContext.privileged: found ${JSON.stringify(c.own.privileged)}; allowed false`] : []),
);

export const k8sNoPrivilegeEscalation = containerRule(
  "k8s-no-privilege-escalation",
  "Containers cannot gain privileges (PSS restricted). Fix: set `securityContext.allowPrivilegeEscalation: false` on every container.",
  "mandatory",
  (c, spec) => (c.own.allowPrivilegeEscalation === false || isWindowsPod(spec) ? [] : [`${c.label}.securityContext.allowPrivilegeEscalation: found ${JSON.stringify(c.own.allowPrivilegeEscalation ?? null)}; allowed false`]),
);

export const k8sCapabilities = containerRule(
  "k8s-drop-all-capabilities",
  "Containers drop ALL capabilities and add back at most NET_BIND_SERVICE (PSS restricted). Fix: `securityContext.capabilities: { drop: [\"ALL\"] }`.",
  "mandatory",
  (c, spec) => {
    if (isWindowsPod(spec)) return [];
    const caps = isRecord(c.own.capabilities) ? c.own.capabilities : {};
    const out: string[] = [];
    // PSS: drop is "any list of capabilities that includes ALL"; add is undefined/nil or NET_BIND_SERVICE. A bare string is no list.
    if (!(Array.isArray(caps.drop) && caps.drop.includes("ALL"))) out.push(`${c.label}.securityContext.capabilities.drop: found ${JSON.stringify(caps.drop ?? null)}; allowed a list containing "ALL"`);
    const extra = Array.isArray(caps.add) ? caps.add.filter((a) => a !== "NET_BIND_SERVICE") : isNil(caps.add) ? [] : [caps.add];
    if (extra.length > 0) out.push(`${c.label}.securityContext.capabilities.add: found ${JSON.stringify(Array.isArray(caps.add) ? extra : caps.add)}; allowed only "NET_BIND_SERVICE"`);
    return out;
  },
);

const PROFILE_TYPES: readonly unknown[] = ["RuntimeDefault", "Localhost"];
/** The `type` of a seccomp or AppArmor profile; a profile that is not an object has none. */
function profileType(profile: unknown): unknown {
  return isRecord(profile) ? profile.type : undefined;
}

export const k8sSeccomp = containerRule(
  "k8s-seccomp-profile",
  "Containers run under the RuntimeDefault (or a Localhost) seccomp profile, and AppArmor is not Unconfined (PSS restricted). Fix: set `securityContext.seccompProfile.type: RuntimeDefault` on the pod.",
  "mandatory",
  (c, spec) => {
    const out: string[] = [];
    const own = profileType(c.own.seccompProfile);
    if (!isWindowsPod(spec)) {
      const type = profileType(c.effective("seccompProfile"));
      if (!PROFILE_TYPES.includes(type)) {
        out.push(`${c.label}.securityContext.seccompProfile.type: found ${JSON.stringify(type ?? null)} (pod and container merged); allowed "RuntimeDefault" or "Localhost"`);
      }
    } else if (!isNil(own) && !PROFILE_TYPES.includes(own)) {
      out.push(`${c.label}.securityContext.seccompProfile.type: found ${JSON.stringify(own)}; allowed "RuntimeDefault", "Localhost" or unset`);
    }
    const apparmor = profileType(c.own.appArmorProfile);
    if (!isNil(apparmor) && !PROFILE_TYPES.includes(apparmor)) out.push(`${c.label}.securityContext.appArmorProfile.type: found ${JSON.stringify(apparmor)}; allowed "RuntimeDefault" or "Localhost"`);
    return out;
  },
  // PSS judges the pod-level seccompProfile.type and appArmorProfile.type as fields of their own (baseline: never
  // explicitly Unconfined; restricted: a pod profile names RuntimeDefault or Localhost), even where containers override them.
  (pod, spec) => {
    const out: string[] = [];
    const seccomp = profileType(pod.seccompProfile);
    const seccompBad = isWindowsPod(spec) ? !isNil(seccomp) && !PROFILE_TYPES.includes(seccomp) : !isNil(pod.seccompProfile) && !PROFILE_TYPES.includes(seccomp);
    if (seccompBad) out.push(`spec.securityContext.seccompProfile.type: found ${JSON.stringify(seccomp ?? null)} on the pod; allowed "RuntimeDefault" or "Localhost"`);
    const apparmor = profileType(pod.appArmorProfile);
    if (!isNil(apparmor) && !PROFILE_TYPES.includes(apparmor)) out.push(`spec.securityContext.appArmorProfile.type: found ${JSON.stringify(apparmor)} on the pod; allowed "RuntimeDefault" or "Localhost"`);
    return out;
  },
);

export const k8sNoHostAccess: ResourceRule = {
  id: "k8s-no-host-access",
  description: "Pods do not use the host's network, PID or IPC namespace, host paths, host ports, HostProcess or an unmasked /proc (PSS baseline). Fix: remove those settings.",
  enforcement: "mandatory",
  types: WORKLOAD_TYPES,
  check: (r) => {
    const spec = podSpecOf(r);
    if (!spec) return [];
    const out: string[] = [];
    for (const k of ["hostNetwork", "hostPID", "hostIPC"]) if (spec[k] === true) out.push(`spec.${k}: found true; allowed false`);
    for (const v of asRecords(spec.volumes)) if (v.hostPath !== undefined) out.push(`volumes[${String(v.name)}].hostPath: found a host path; allowed none`);
    for (const c of containersOf(spec)) {
      for (const p of asRecords(c.container.ports)) {
        if (typeof p.hostPort === "number" && p.hostPort !== 0) out.push(`${c.label}.ports.hostPort: found ${p.hostPort}; allowed none`);
      }
      const win = c.effective("windowsOptions");
      if (isRecord(win) && win.hostProcess === true) out.push(`${c.label}.securityContext.windowsOptions.hostProcess: found true; allowed false`);
      if (c.own.procMount !== undefined && c.own.procMount !== "Default") out.push(`${c.label}.securityContext.procMount: found ${JSON.stringify(c.own.procMount)}; allowed "Default"`);
    }
    return out;
  },
};

const RESTRICTED_VOLUMES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];
const SAFE_SYSCTLS = new Set([
  "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
]);

export const k8sRestrictedVolumes: ResourceRule = {
  id: "k8s-restricted-volumes",
  description: `Pods use only the volume types PSS restricted allows (${RESTRICTED_VOLUMES.join(", ")}) and only safe sysctls. Fix: replace other volume types with a PersistentVolumeClaim or CSI volume.`,
  enforcement: "mandatory",
  types: WORKLOAD_TYPES,
  check: (r) => {
    const spec = podSpecOf(r);
    if (!spec) return [];
    const out: string[] = [];
    for (const v of asRecords(spec.volumes)) {
      const kinds = Object.keys(v).filter((k) => k !== "name");
      const bad = kinds.filter((k) => !RESTRICTED_VOLUMES.includes(k));
      if (bad.length > 0) out.push(`volumes[${String(v.name)}]: found ${bad.join(", ")}; allowed ${RESTRICTED_VOLUMES.join(", ")}`);
    }
    const sysctls = isRecord(spec.securityContext) ? asRecords(spec.securityContext.sysctls) : [];
    for (const s of sysctls) if (!SAFE_SYSCTLS.has(String(s.name))) out.push(`securityContext.sysctls: found ${JSON.stringify(s.name)}; allowed the safe set (${[...SAFE_SYSCTLS].join(", ")})`);
    return out;
  },
};

export const k8sReadonlyRootFs = containerRule(
  "k8s-readonly-rootfs",
  "Containers have a read-only root filesystem. Fix: set `securityContext.readOnlyRootFilesystem: true` and mount an emptyDir for writable paths.",
  "advisory",
  (c) => (c.own.readOnlyRootFilesystem === true ? [] : [`${c.label}.securityContext.readOnlyRootFilesystem: found ${JSON.stringify(c.own.readOnlyRootFilesystem ?? null)}; allowed true`]),
);

export const k8sResources = containerRule(
  "k8s-resource-limits",
  "Containers declare CPU and memory requests (a limit alone also sets the request) and a memory limit. Fix: set `resources.requests.{cpu,memory}` and `resources.limits.memory`.",
  "advisory",
  (c) => {
    const res = isRecord(c.container.resources) ? c.container.resources : {};
    const req = isRecord(res.requests) ? res.requests : {};
    const lim = isRecord(res.limits) ? res.limits : {};
    // A limit without a request is also the request: "Kubernetes copies the limit you specified and uses it as
    // the requested value" (kubernetes.io/docs/concepts/configuration/manage-resources-containers, "Requests and limits").
    const request = (k: "cpu" | "memory"): unknown => req[k] ?? lim[k];
    const missing = [request("cpu") === undefined && "requests.cpu", request("memory") === undefined && "requests.memory", lim.memory === undefined && "limits.memory"].filter(Boolean);
    return missing.length > 0 ? [`${c.label}.resources: found no ${missing.join(", ")}; allowed explicit values`] : [];
  },
);
