import { definedOnly } from "../../src/environment";
import { issue, type Issue } from "../../src/issues";
import { checkBool, validateCommon } from "../../src/validate-common";
import type { MonitoringStackArgs, Subscriptions } from "./args";
import { MONITORING_PRESETS, type MonitoringSettings } from "./presets";

export function resolveMonitoringSettings(args: MonitoringStackArgs): MonitoringSettings {
  return { ...MONITORING_PRESETS[args.environment], ...definedOnly({
    monthlyBudgetUsd: args.monthlyBudgetUsd, anomalyThresholdUsd: args.anomalyThresholdUsd, activateCostAllocationTags: args.activateCostAllocationTags,
  }) };
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function checkSubscriptions(path: string, s: Subscriptions | undefined): Issue[] {
  const out: Issue[] = [];
  (s?.emails ?? []).forEach((e, i) => { if (!EMAIL.test(e)) out.push(issue(`${path}.emails[${i}]`, e, "an email address")); });
  (s?.httpsEndpoints ?? []).forEach((u, i) => { if (!/^https:\/\/[^\s]+$/.test(u)) out.push(issue(`${path}.httpsEndpoints[${i}]`, u, "an https:// URL")); });
  return out;
}

export function validateMonitoringArgs(args: MonitoringStackArgs, s: MonitoringSettings): Issue[] {
  const out = validateCommon(args);
  out.push(...checkSubscriptions("page", args.page), ...checkSubscriptions("notify", args.notify));
  const paging = (args.page?.emails?.length ?? 0) + (args.page?.httpsEndpoints?.length ?? 0);
  if (!s.paging && paging > 0) out.push(issue("page", `${paging} subscriptions`, `none in ${args.environment}: it never pages (use notify)`));
  const known = new Set((args.sources ?? []).flatMap((src) => src.alarms.map((a) => `${src.name}/${a.id}`)));
  for (const [key, o] of Object.entries(args.overrides ?? {})) {
    if (!known.has(key)) out.push(issue(`overrides.${key}`, key, `an alarm of the sources, as <source>/<alarm id> (${[...known].slice(0, 6).join(", ")}${known.size > 6 ? ", …" : ""})`));
    if (o.threshold !== undefined && !Number.isFinite(o.threshold)) out.push(issue(`overrides.${key}.threshold`, o.threshold, "a number"));
    if (o.evaluationPeriods !== undefined && (!Number.isInteger(o.evaluationPeriods) || o.evaluationPeriods < 1)) out.push(issue(`overrides.${key}.evaluationPeriods`, o.evaluationPeriods, "an integer ≥ 1"));
  }
  const names = (args.sources ?? []).map((src) => src.name);
  if (new Set(names).size !== names.length) out.push(issue("sources", names, "distinct source names"));
  (args.sources ?? []).forEach((src, i) => {
    const ids = (src.events ?? []).map((e) => e.id);
    if (new Set(ids).size !== ids.length) out.push(issue(`sources[${i}].events`, ids, "distinct event ids"));
    ids.forEach((id, j) => { if (!/^[a-z][a-z0-9-]*$/.test(id)) out.push(issue(`sources[${i}].events[${j}].id`, id, "lower-case letters, digits and hyphens")); });
  });
  out.push(...checkBool("activateCostAllocationTags", args.activateCostAllocationTags));
  if (!(s.monthlyBudgetUsd > 0)) out.push(issue("monthlyBudgetUsd", s.monthlyBudgetUsd, "a positive amount"));
  if (!(s.anomalyThresholdUsd > 0)) out.push(issue("anomalyThresholdUsd", s.anomalyThresholdUsd, "a positive amount"));
  return out;
}
