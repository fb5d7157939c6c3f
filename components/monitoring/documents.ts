import type { AlarmSpec } from "../../src/alarms";

/** Topic policy: CloudWatch, Budgets and Cost Anomaly Detection of this account may publish; only over TLS. */
export function alertTopicPolicy(topicArn: string, accountId: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AwsServicesPublish", Effect: "Allow",
        Principal: { Service: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com", "costalerts.amazonaws.com"] },
        Action: "SNS:Publish", Resource: topicArn, Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
      { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "SNS:Publish", Resource: topicArn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ],
  });
}

/** The composite rule "any of these alarms": a page for a service means one thing. */
export function anyOf(alarmNames: readonly string[]): string {
  return alarmNames.map((n) => `ALARM("${n}")`).join(" OR ");
}

type Resolved = Omit<AlarmSpec, "dimensions"> & { dimensions: Record<string, string> };

/** A metric widget line for the dashboard, from an alarm's (resolved) metric. */
function metricLine(a: Resolved, region: string): unknown[] {
  return [a.namespace, a.metricName, ...Object.entries(a.dimensions).flat(), { stat: a.statistic, region }];
}

export interface DashboardRow {
  readonly title: string;
  readonly alarms: readonly Resolved[];
}

/** A dashboard: an alarm status widget, then one row of metric widgets per source. */
export function dashboardBody(rows: readonly DashboardRow[], alarmArns: readonly string[], region: string): string {
  const widgets: object[] = [{
    type: "alarm", x: 0, y: 0, width: 24, height: 4,
    properties: { title: "Alarm status", alarms: [...alarmArns] },
  }];
  rows.forEach((row, r) => {
    const plain = row.alarms.filter((a) => !a.math);
    plain.forEach((a, i) => widgets.push({
      type: "metric", x: (i % 4) * 6, y: 4 + r * 6, width: 6, height: 6,
      properties: { title: `${row.title}: ${a.metricName}`, region, metrics: [metricLine(a, region)], view: "timeSeries", stat: a.statistic, period: a.periodSeconds },
    }));
  });
  return JSON.stringify({ widgets });
}

