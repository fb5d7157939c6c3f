import type { Environment } from "../../src/environment";

export interface MonitoringSettings {
  readonly paging: boolean;
  readonly monthlyBudgetUsd: number;
  readonly anomalyThresholdUsd: number;
  /** Activate the cost allocation tags the budget and anomaly monitor filter on. */
  readonly activateCostAllocationTags: boolean;
  /** Thresholds that differ per environment, by alarm id; the component's own value applies otherwise. */
  readonly thresholds: Readonly<Record<string, number>>;
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
