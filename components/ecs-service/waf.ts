/** The rules of the WAF web ACL in front of a public ALB. */
export interface WafRule {
  readonly name: string;
  readonly priority: number;
  readonly overrideAction?: { readonly none?: Record<string, never>; readonly count?: Record<string, never> };
  readonly action?: { readonly block?: Record<string, never>; readonly count?: Record<string, never> };
  readonly statement: Record<string, unknown>;
  readonly visibilityConfig: { readonly cloudwatchMetricsEnabled: boolean; readonly metricName: string; readonly sampledRequestsEnabled: boolean };
}

const MANAGED = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"];

/** AWS managed groups (common, known bad inputs, IP reputation) and a per-IP rate limit; count-only for tuning. */
export function wafRules(metricPrefix: string, rateLimit: number, countOnly: boolean): WafRule[] {
  const visibility = (name: string) => ({ cloudwatchMetricsEnabled: true, metricName: `${metricPrefix}-${name}`, sampledRequestsEnabled: true });
  const managed: WafRule[] = MANAGED.map((group, i) => ({
    name: group,
    priority: i + 1,
    overrideAction: countOnly ? { count: {} } : { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
    visibilityConfig: visibility(group),
  }));
  return [...managed, {
    name: "rate-limit-per-ip",
    priority: MANAGED.length + 1,
    action: countOnly ? { count: {} } : { block: {} },
    statement: { rateBasedStatement: { limit: rateLimit, aggregateKeyType: "IP" } },
    visibilityConfig: visibility("rate-limit"),
  }];
}
