import { z } from "zod";
import type { Environment } from "../../src/environment";
import { issue, type Issue } from "../../src/issues";
import { closest } from "../../src/suggest";
import { bool, list, map, object, positive, text, type SettingsSpec } from "../../src/settings";
import type { AlarmOverride, Subscriptions } from "./args";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const HTTPS_URL = /^https:\/\/[^\s]+$/;

/** Any finite number (an alarm threshold may be negative or fractional). */
const threshold = () => z.number({ error: "a number" });

const subscriptions = object({
  emails: list(text(EMAIL, "an email address"), "a list of email addresses").describe("Email addresses (each confirms by mail).").optional(),
  httpsEndpoints: list(text(HTTPS_URL, "an https:// URL"), "a list of https:// URLs")
    .describe("HTTPS endpoints: incident tools, chat webhooks behind an HTTPS relay.").optional(),
});

const override = object({
  threshold: threshold().describe("The alarm's threshold instead of the component's or the environment's.").optional(),
  evaluationPeriods: z.number({ error: "an integer ≥ 1" }).int({ error: "an integer ≥ 1" }).min(1, { error: "an integer ≥ 1" })
    .describe("Periods that must breach before the alarm fires.").optional(),
  disabled: bool().describe("Drop the alarm entirely.").optional(),
});

/** What a MonitoringStack caller (or `paved:monitoring`) may set; the sources are the program's, not settings. */
export const MONITORING_SCHEMA = object({
  paging: bool().describe("Whether page-severity alarms page; when false they notify (dev never pages)."),
  page: subscriptions.describe("Who is paged (none while paging is false)."),
  notify: subscriptions.describe("Who is notified: non-urgent alarms, budgets, cost anomalies."),
  thresholds: map(threshold(), "a map of alarm id → threshold")
    .describe("Thresholds by alarm id, for that alarm of every source, merged into the environment's (an override wins)."),
  overrides: map(override, "a map of <source>/<alarm id> → { threshold, evaluationPeriods, disabled }")
    .describe("Per alarm, keyed <source>/<alarm id>, e.g. web/latency-p95."),
  monthlyBudgetUsd: positive().describe("Monthly cost budget in USD for resources tagged with this environment."),
  anomalyThresholdUsd: positive().describe("A cost anomaly above this many USD (total impact) notifies."),
  activateCostAllocationTags: bool()
    .describe("Activate environment/service/owner/cost-center as cost allocation tags (default true; false in an AWS Organizations member account)."),
}).partial();

export interface MonitoringSettings {
  readonly paging: boolean;
  readonly page?: Subscriptions;
  readonly notify?: Subscriptions;
  /** Thresholds that differ per environment, by alarm id; the component's own value applies otherwise. */
  readonly thresholds: Readonly<Record<string, number>>;
  readonly overrides?: Readonly<Record<string, AlarmOverride>>;
  readonly monthlyBudgetUsd: number;
  readonly anomalyThresholdUsd: number;
  /** Activate the cost allocation tags the budget and anomaly monitor filter on. */
  readonly activateCostAllocationTags: boolean;
}

/**
 * Every default of MonitoringStack, per environment. Dev never pages and tolerates more.
 * Every environment activates its cost allocation tags: a budget on a tag nobody activated sees no
 * spend. Activation is idempotent and kept on delete, so stacks sharing an account do not conflict.
 */
export const MONITORING_PRESETS = {
  dev: { paging: false, monthlyBudgetUsd: 200, anomalyThresholdUsd: 50, activateCostAllocationTags: true, thresholds: { "5xx-rate": 5, "latency-p95": 2 } },
  staging: { paging: true, monthlyBudgetUsd: 500, anomalyThresholdUsd: 100, activateCostAllocationTags: true, thresholds: { "5xx-rate": 2, "latency-p95": 1.5 } },
  prod: { paging: true, monthlyBudgetUsd: 3000, anomalyThresholdUsd: 250, activateCostAllocationTags: true, thresholds: { "5xx-rate": 1, "latency-p95": 1 } },
} as const satisfies Record<Environment, MonitoringSettings>;

export const MONITORING_SETTINGS: SettingsSpec<typeof MONITORING_SCHEMA, MonitoringSettings> = {
  component: "MonitoringStack",
  schema: MONITORING_SCHEMA,
  presets: MONITORING_PRESETS,
  rules: (s, environment, given) => {
    const count = (s.page?.emails?.length ?? 0) + (s.page?.httpsEndpoints?.length ?? 0);
    if (s.paging || count === 0) return [];
    const why = given.paging === false ? "none with paging: false (use notify)" : `none in ${environment}: it never pages (use notify)`;
    return [issue("page", `${count} ${count === 1 ? "subscription" : "subscriptions"}`, why)];
  },
};

/** A source's alarms as the override checks need them: known before the source's component is built. */
export interface SourceAlarmIds {
  readonly name: string;
  readonly alarmIds: readonly string[];
}

/** Up to six of the allowed keys, for the message. */
function some(keys: ReadonlySet<string>): string {
  if (keys.size === 0) return "none: the sources have no alarms";
  return `${[...keys].slice(0, 6).join(", ")}${keys.size > 6 ? ", …" : ""}`;
}

/**
 * Overrides whose key names no alarm of the sources (`<source>/<alarm id>`): a typo would
 * otherwise change nothing. Pure, so the stack config can run it before anything is registered.
 */
export function overrideIssues(overrides: Readonly<Record<string, unknown>> | undefined, sources: readonly SourceAlarmIds[]): Issue[] {
  const known = new Set(sources.flatMap((src) => src.alarmIds.map((id) => `${src.name}/${id}`)));
  return Object.keys(overrides ?? {}).filter((key) => !known.has(key)).map((key) => {
    const hint = closest(key, [...known]);
    return issue(`overrides.${key}`, key, `an alarm of the sources, as <source>/<alarm id>${hint ? ` (did you mean "${hint}"?)` : ""}: ${some(known)}`);
  });
}

/**
 * Given thresholds whose alarm id no source has (the presets' ids are not checked: a stack
 * may have no service). Pure, like overrideIssues.
 */
export function thresholdIssues(thresholds: Readonly<Record<string, unknown>> | undefined, sources: readonly SourceAlarmIds[]): Issue[] {
  const known = new Set(sources.flatMap((src) => src.alarmIds));
  return Object.keys(thresholds ?? {}).filter((id) => !known.has(id)).map((id) => {
    const hint = closest(id, [...known]);
    return issue(`thresholds.${id}`, id, `an alarm id of the sources${hint ? ` (did you mean "${hint}"?)` : ""}: ${some(known)}`);
  });
}
