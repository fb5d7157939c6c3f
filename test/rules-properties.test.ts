import fc from "fast-check";
import type { ResourceRule } from "../policies/model";
import {
  containersOf, k8sCapabilities, k8sNoPrivileged, k8sNoPrivilegeEscalation, k8sRunAsNonRoot, k8sSeccomp,
} from "../policies/rules/kubernetes";
import { evaluate, res } from "./helpers/fixtures";

/*
 * Reference model of the Pod Security Standards controls these rules claim, written from the PSS text
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/, read from the kubernetes/website source
 * content/en/docs/concepts/security/pod-security-standards.md, the v1.34 revision with "Host Probes"):
 *  - Baseline "Privileged Containers": {containers,initContainers,ephemeralContainers}[*].securityContext.privileged
 *    allowed Undefined/nil, false. Container fields only; the pod securityContext has no such field.
 *  - Baseline "Seccomp": pod and container seccompProfile.type allowed Undefined/nil, RuntimeDefault, Localhost.
 *  - Baseline "AppArmor": pod and container appArmorProfile.type allowed Undefined/nil, RuntimeDefault, Localhost.
 *  - Restricted "Privilege Escalation": container allowPrivilegeEscalation allowed false (only).
 *  - Restricted "Running as Non-root": pod and container runAsNonRoot allowed true; "the container fields may be
 *    undefined/nil if the pod-level spec.securityContext.runAsNonRoot is set to true".
 *  - Restricted "Running as Non-root user": pod and container runAsUser allowed any non-zero value, undefined/null.
 *    Every listed field is checked: a pod-level 0 is a violation even where each container sets its own uid.
 *  - Restricted "Seccomp": pod and container seccompProfile.type allowed RuntimeDefault, Localhost; container fields
 *    may be nil if the pod's is set appropriately, the pod's may be nil if every container's is set.
 *  - Restricted "Capabilities": container capabilities.drop "any list of capabilities that includes ALL";
 *    capabilities.add allowed Undefined/nil, NET_BIND_SERVICE.
 *  - "OS-specific policy controls": Privilege Escalation, Seccomp (restricted) and Capabilities are only required
 *    if spec.os.name is not windows.
 *  - "If any of the listed containers fails to meet the requirements, the entire pod will fail validation."
 * A value of a field is "set" unless undefined or null (JSON's nil). Wrong types are not among the allowed values,
 * so they violate wherever the allowed values are listed exhaustively. runAsUser is an int64: only the number 0 is
 * root (the API server rejects a string before any admission check, so the model does not guess a coercion).
 */
type Rec = Record<string, unknown>;
const LISTS = ["containers", "initContainers", "ephemeralContainers"] as const;
const nil = (v: unknown): boolean => v === undefined || v === null;
const rec = (v: unknown): Rec | undefined => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Rec) : undefined);
const goodProfile = (t: unknown): boolean => t === "RuntimeDefault" || t === "Localhost";
/** A profile's type when the profile is an object; a profile of any other shape has no type. */
const typeOf = (profile: unknown): unknown => rec(profile)?.type;
/** Baseline: an explicitly set type other than the allowed ones. */
const explicitlyBad = (profile: unknown): boolean => !nil(typeOf(profile)) && !goodProfile(typeOf(profile));

interface PodModel {
  readonly pod: Rec;
  readonly windows: boolean;
  readonly containers: ReadonlyArray<{ readonly label: string; readonly ctx: Rec }>;
}

function podModel(spec: Rec): PodModel {
  const containers: Array<{ label: string; ctx: Rec }> = [];
  for (const list of LISTS) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item, i) => {
      const c = rec(item);
      // An entry that is not an object holds no securityContext to judge.
      if (c) containers.push({ label: `${list}[${typeof c.name === "string" ? c.name : i}]`, ctx: rec(c.securityContext) ?? {} });
    });
  }
  return { pod: rec(spec.securityContext) ?? {}, windows: rec(spec.os)?.name === "windows", containers };
}

/** What PSS says about one rule's controls: does the pod-level field violate, and which containers do. */
interface Verdict { readonly pod: boolean; readonly containers: readonly string[] }
type Control = (m: PodModel) => Verdict;
const verdict = (m: PodModel, pod: boolean, bad: (ctx: Rec) => boolean): Verdict =>
  ({ pod, containers: m.containers.filter((c) => bad(c.ctx)).map((c) => c.label) });

const MODEL: ReadonlyArray<[string, ResourceRule, Control]> = [
  ["runAsNonRoot + runAsUser", k8sRunAsNonRoot, (m) => verdict(m,
    (!nil(m.pod.runAsNonRoot) && m.pod.runAsNonRoot !== true) || m.pod.runAsUser === 0,
    (c) => (nil(c.runAsNonRoot) ? m.pod.runAsNonRoot !== true : c.runAsNonRoot !== true) || c.runAsUser === 0)],
  ["privileged", k8sNoPrivileged, (m) => verdict(m, false, (c) => !nil(c.privileged) && c.privileged !== false)],
  ["allowPrivilegeEscalation", k8sNoPrivilegeEscalation, (m) => verdict(m, false, (c) => !m.windows && c.allowPrivilegeEscalation !== false)],
  ["capabilities", k8sCapabilities, (m) => verdict(m, false, (c) => {
    if (m.windows) return false;
    const caps = rec(c.capabilities) ?? {};
    const drops = Array.isArray(caps.drop) && caps.drop.includes("ALL");
    const adds = nil(caps.add) || (Array.isArray(caps.add) && caps.add.every((a) => a === "NET_BIND_SERVICE"));
    return !drops || !adds;
  })],
  ["seccomp + AppArmor", k8sSeccomp, (m) => verdict(m,
    // Restricted: a pod-level profile, when set, must name an allowed type; baseline (any OS): none explicitly bad.
    (m.windows ? explicitlyBad(m.pod.seccompProfile) : !nil(m.pod.seccompProfile) && !goodProfile(typeOf(m.pod.seccompProfile)))
      || explicitlyBad(m.pod.appArmorProfile),
    (c) => (m.windows ? explicitlyBad(c.seccompProfile) : !goodProfile(typeOf(nil(c.seccompProfile) ? m.pod.seccompProfile : c.seccompProfile)))
      || explicitlyBad(c.appArmorProfile))],
];

// ---- generators: every field compliant most of the time (so one deviation decides), else unset, nil or wrongly typed ----
const mostly = (good: unknown, ...others: unknown[]): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(good) }, { weight: 2, arbitrary: fc.constantFrom<unknown>(undefined, null, ...others) });
const bool = (good: boolean) => mostly(good, !good, "true", "false", 1, 0);
const uid = mostly(1000, 0, 65534, "0", "1000", -1, true);
const profile = mostly({ type: "RuntimeDefault" }, { type: "Localhost", localhostProfile: "p.json" }, { type: "Unconfined" }, {}, { type: null },
  { type: "runtime/default" }, { type: "Bogus" }, "RuntimeDefault", ["RuntimeDefault"]);
const capList = (good: unknown) => mostly(good, [], ["ALL"], ["all"], ["NET_RAW"], ["ALL", "NET_RAW"], ["NET_BIND_SERVICE"],
  ["SYS_ADMIN"], ["NET_BIND_SERVICE", "CHOWN"], "ALL", "NET_BIND_SERVICE", [null], { ALL: true });
const capabilities = fc.oneof(
  { weight: 5, arbitrary: fc.record({ drop: capList(["ALL"]), add: capList(undefined) }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, "ALL", ["ALL"]) },
);
const ctxFields = {
  runAsNonRoot: bool(true), runAsUser: uid, seccompProfile: profile, appArmorProfile: mostly(undefined, { type: "RuntimeDefault" }, { type: "Localhost" }, { type: "Unconfined" }, { type: "Bogus" }, {}, "Unconfined"),
  privileged: bool(false), allowPrivilegeEscalation: bool(false), capabilities,
};
const securityContext = fc.oneof(
  { weight: 6, arbitrary: fc.record(ctxFields) },
  // A context that sets nothing, so the other level decides.
  { weight: 2, arbitrary: fc.constant<unknown>({}) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(undefined, null, "privileged", [], 7) },
);
const container = fc.oneof(
  { weight: 8, arbitrary: fc.record({ named: fc.boolean(), securityContext }, { requiredKeys: ["named"] }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, "web") },
);
const list = fc.oneof({ weight: 6, arbitrary: fc.array(container, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(undefined, null) });
const podSpec: fc.Arbitrary<Rec> = fc.record({
  securityContext, containers: list, initContainers: list, ephemeralContainers: list,
  os: mostly(undefined, { name: "linux" }, { name: "windows" }, { name: "Windows" }, "windows"),
}).map((s) => {
  // Give containers an image and, when asked, a name unique within the pod, so labels identify one container.
  const spec: Rec = { ...s };
  for (const l of LISTS) {
    const items = s[l];
    if (!Array.isArray(items)) continue;
    spec[l] = items.map((c: unknown, i) => {
      const r = rec(c);
      if (!r) return c;
      const { named, ...rest } = r;
      return { ...(named ? { name: `${l}-${i}` } : {}), image: "app:1", ...rest };
    });
  }
  return spec;
});

/** Workload shapes (as in rules-resource.test.ts): where each kind keeps its pod spec. */
const KINDS: ReadonlyArray<[string, (spec: Rec) => Rec]> = [
  ["kubernetes:core/v1:Pod", (spec) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec })],
  ["kubernetes:core/v1:PodTemplate", (spec) => ({ template: { metadata: {}, spec } })],
  ["kubernetes:core/v1:ReplicationController", (spec) => ({ spec: { template: { metadata: {}, spec } } })],
  ...["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"].map((k): [string, (spec: Rec) => Rec] =>
    [`kubernetes:apps/v1:${k}`, (spec) => ({ spec: { selector: {}, template: { metadata: {}, spec } } })]),
  ["kubernetes:batch/v1:Job", (spec) => ({ spec: { template: { metadata: {}, spec } } })],
  ["kubernetes:batch/v1:CronJob", (spec) => ({ spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec } } } } })],
];
const kind = fc.constantFrom(...KINDS.flatMap(([type, wrap]): Array<[string, (s: Rec) => Rec]> => [[type, wrap], [`${type}Patch`, wrap]]));

function messages(rule: ResourceRule, type: string, inputs: Rec): string[] {
  const result = evaluate([rule], [res(type, "w", inputs)]);
  expect(result.unknowns).toEqual([]);
  return result.violations.map((v) => v.message);
}

describe("Kubernetes security-context rules against a PSS reference model (fast-check)", () => {
  test.each(MODEL)("%s: a violation is reported iff PSS says the pod violates, and every violating container is named", (_name, rule, control) => {
    fc.assert(fc.property(podSpec, kind, (spec, [type, wrap]) => {
      const expected = control(podModel(spec));
      const found = messages(rule, type, wrap(spec));
      // A crash is reported as a violation by the evaluator; it is never a verdict.
      expect(found.filter((m) => m.startsWith("rule failed to evaluate"))).toEqual([]);
      expect({ violates: found.length > 0, spec }).toEqual({ violates: expected.pod || expected.containers.length > 0, spec });
      for (const label of expected.containers) expect(found.some((m) => m.startsWith(`${label}.`))).toBe(true);
    }), { numRuns: 1000 });
  });

  test("container-only fields (privileged, allowPrivilegeEscalation, capabilities) are never read from the pod", () => {
    const rules = MODEL.map(([, rule]) => rule);
    fc.assert(fc.property(podSpec, kind, bool(true), bool(false), capabilities, (spec, [type, wrap], privileged, ape, caps) => {
      const podCtx = rec(spec.securityContext);
      fc.pre(podCtx !== undefined);
      const withPodFields = { ...spec, securityContext: { ...podCtx, privileged, allowPrivilegeEscalation: ape, capabilities: caps } };
      for (const rule of rules) expect(messages(rule, type, wrap(withPodFields))).toEqual(messages(rule, type, wrap(spec)));
    }), { numRuns: 150 });
  });

  test("containersOf lists every container, init container and ephemeral container, each labelled by list and name or position", () => {
    fc.assert(fc.property(podSpec, (spec) => {
      expect(containersOf(spec).map((c) => c.label)).toEqual(podModel(spec).containers.map((c) => c.label));
    }));
  });

  test("effective: a container's runAsNonRoot, runAsUser or seccompProfile overrides the pod's; nil falls back to the pod's", () => {
    const fields = ["runAsNonRoot", "runAsUser", "seccompProfile"] as const;
    fc.assert(fc.property(podSpec, (spec) => {
      const m = podModel(spec);
      containersOf(spec).forEach((c, i) => {
        const own = m.containers[i]!.ctx;
        for (const f of fields) {
          const expected = nil(own[f]) ? m.pod[f] : own[f];
          // undefined and null both mean "not set"; which of the two comes back does not matter.
          expect(c.effective(f) ?? null).toEqual(expected ?? null);
        }
      });
    }));
  });
});

describe("PSS cases the merged view got wrong (each found by the properties above)", () => {
  const base = { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } };
  const ok = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } };
  const pod = (spec: Rec) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec });
  const check = (rule: ResourceRule, spec: Rec) => messages(rule, "kubernetes:core/v1:Pod", pod(spec));

  test("a pod-level runAsUser 0 violates even when every container sets a non-zero uid", () => {
    expect(check(k8sRunAsNonRoot, { securityContext: { ...base, runAsUser: 0 }, containers: [{ name: "a", securityContext: { runAsUser: 1000 } }] }).join("\n"))
      .toContain("spec.securityContext.runAsUser: found 0");
  });

  test("a pod-level runAsNonRoot false violates even when every container sets true", () => {
    expect(check(k8sRunAsNonRoot, { securityContext: { ...base, runAsNonRoot: false }, containers: [{ name: "a", securityContext: { runAsNonRoot: true } }] }).join("\n"))
      .toContain("spec.securityContext.runAsNonRoot: found false");
  });

  test("a container's runAsNonRoot null is nil: the pod's true covers it", () => {
    expect(check(k8sRunAsNonRoot, { securityContext: base, containers: [{ name: "a", securityContext: { runAsNonRoot: null } }] })).toEqual([]);
  });

  test("a pod-level Unconfined seccomp or AppArmor profile violates even when the containers override it", () => {
    const over = { seccompProfile: { type: "RuntimeDefault" }, appArmorProfile: { type: "RuntimeDefault" } };
    expect(check(k8sSeccomp, { securityContext: { ...base, seccompProfile: { type: "Unconfined" } }, containers: [{ name: "a", securityContext: over }] }).join("\n"))
      .toContain("spec.securityContext.seccompProfile.type: found \"Unconfined\"");
    expect(check(k8sSeccomp, { securityContext: { ...base, appArmorProfile: { type: "Unconfined" } }, containers: [{ name: "a", securityContext: over }] }).join("\n"))
      .toContain("spec.securityContext.appArmorProfile.type: found \"Unconfined\"");
  });

  test("privileged and capabilities of the wrong type are not allowed values", () => {
    expect(check(k8sNoPrivileged, { securityContext: base, containers: [{ name: "a", securityContext: { ...ok, privileged: "true" } }] }).join("\n"))
      .toContain('containers[a].securityContext.privileged: found "true"');
    expect(check(k8sCapabilities, { securityContext: base, containers: [{ name: "a", securityContext: { ...ok, capabilities: { drop: "ALL" } } }] }).join("\n"))
      .toContain('containers[a].securityContext.capabilities.drop: found "ALL"');
  });

  test("a Windows pod is exempt from privilege escalation, capabilities and the restricted seccomp control, not from baseline's", () => {
    const windows = { os: { name: "windows" }, securityContext: { runAsNonRoot: true }, containers: [{ name: "a" }] };
    for (const rule of [k8sNoPrivilegeEscalation, k8sCapabilities, k8sSeccomp]) expect(check(rule, windows)).toEqual([]);
    expect(check(k8sSeccomp, { ...windows, containers: [{ name: "a", securityContext: { seccompProfile: { type: "Unconfined" } } }] }).join("\n"))
      .toContain("containers[a].securityContext.seccompProfile.type: found \"Unconfined\"");
    // Only the exact name: "Windows" is not the windows OS.
    expect(check(k8sNoPrivilegeEscalation, { ...windows, os: { name: "Windows" } })).toHaveLength(1);
  });

  test("an unnamed container after a non-object entry is labelled by its own position", () => {
    expect(containersOf({ containers: [null, { image: "x" }] }).map((c) => c.label)).toEqual(["containers[1]"]);
  });
});
