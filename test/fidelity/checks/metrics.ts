import { CLOUDWATCH_METRICS } from "../facts/cloudwatch-metrics";
import { type Check, type FidelityResource, type Finding, isRecord, ofType } from "./types";

export interface MetricRef {
  readonly id?: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, unknown>;
  readonly statistic?: string;
}

/** The metrics an alarm reads: its single metric, or every metric of its metric-math queries. */
export function alarmMetrics(alarm: FidelityResource): { metrics: MetricRef[]; expressions: string[] } {
  const i = alarm.inputs;
  const dims = (d: unknown): Record<string, unknown> => (isRecord(d) ? d : {});
  if (typeof i.metricName === "string") {
    const statistic = typeof i.statistic === "string" ? i.statistic : typeof i.extendedStatistic === "string" ? i.extendedStatistic : undefined;
    return { metrics: [{ namespace: String(i.namespace), metricName: i.metricName, dimensions: dims(i.dimensions), ...(statistic ? { statistic } : {}) }], expressions: [] };
  }
  const queries = Array.isArray(i.metricQueries) ? i.metricQueries.filter(isRecord) : [];
  return {
    metrics: queries.flatMap((q) => (isRecord(q.metric) ? [{
      id: String(q.id), namespace: String(q.metric.namespace), metricName: String(q.metric.metricName), dimensions: dims(q.metric.dimensions),
      ...(typeof q.metric.stat === "string" ? { statistic: q.metric.stat } : {}),
    }] : [])),
    expressions: queries.flatMap((q) => (typeof q.expression === "string" ? [q.expression] : [])),
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/**
 * Every alarm reads metrics AWS publishes, under a dimension set AWS publishes
 * them with (facts/cloudwatch-metrics.ts); metrics in a custom namespace come
 * from a log metric filter of the same plan; per-collection counts are summed.
 */
export const alarmMetricsExist: Check = (resources) => {
  const out: Finding[] = [];
  const filters = ofType(resources, "aws:cloudwatch/logMetricFilter:LogMetricFilter").flatMap((f) => {
    const t = f.inputs.metricTransformation;
    return isRecord(t) ? [{ namespace: String(t.namespace), name: String(t.name), dimensions: Object.keys(isRecord(t.dimensions) ? t.dimensions : {}) }] : [];
  });
  for (const alarm of ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm")) {
    const { metrics } = alarmMetrics(alarm);
    for (const m of metrics) {
      const keys = Object.keys(m.dimensions);
      const label = `${m.namespace} ${m.metricName} {${keys.join(", ")}}`;
      const fact = CLOUDWATCH_METRICS[m.namespace]?.[m.metricName];
      if (fact) {
        if (!fact.dimensionSets.some((set) => sameSet(set, keys))) {
          out.push({ check: "alarm-metrics", urn: alarm.urn, message: `${label}: AWS publishes ${m.metricName} only with ${fact.dimensionSets.map((s) => `{${s.join(", ")}}`).join(" or ")} (${fact.source})` });
        }
        if (fact.countSincePrevious && m.statistic !== "Sum") {
          out.push({ check: "alarm-metrics", urn: alarm.urn, message: `${label} counts events since the previous collection: only its Sum per period counts them; ${m.statistic ?? "this statistic"} depends on how often the agent collects (${fact.source})` });
        }
      } else if (m.namespace.startsWith("AWS/") || m.namespace in CLOUDWATCH_METRICS) {
        out.push({ check: "alarm-metrics", urn: alarm.urn, message: `${label}: not a metric the fact table knows AWS to publish; check the service's metric list and add it with its source` });
      } else {
        const filter = filters.find((f) => f.namespace === m.namespace && f.name === m.metricName);
        if (!filter) out.push({ check: "alarm-metrics", urn: alarm.urn, message: `${label}: custom metric that no log metric filter of this plan writes` });
        else if (!sameSet(filter.dimensions, keys)) out.push({ check: "alarm-metrics", urn: alarm.urn, message: `${label}: the log metric filter writes it with {${filter.dimensions.join(", ")}}` });
      }
    }
  }
  return out;
};
