import { isPercentMetric } from '../../../../shared/locale-format';
import { metricByName, type Comparator } from '../../../../shared/metrics';
import { formatMetricValue, formatNumber, formatPercent, metricDisplayName } from '../../format';

/** Display formatting for the Evaluate phase: metric names and values in the user's language. */

/** A metric's display name in the UI language (names.*.json; "recall[bad]" and "val_loss" too). */
export function metricLabel(name: string): string {
  return metricDisplayName(name);
}

/** A metric value: MAPE as a percentage, milliseconds with 2 decimals, counts whole, scores with 4 (renderer/src/format.ts). */
export function formatMetric(name: string, v: number | null | undefined): string {
  return formatMetricValue(name, v);
}

/** A signed difference (margin, delta) in the metric's own format: +0.158, −1,499. */
export function formatSigned(name: string, v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  const text = formatMetric(name, Math.abs(v));
  if (v === 0 || text === formatMetric(name, 0)) return text;
  return `${v > 0 ? '+' : '−'}${text}`;
}

const symbols: Record<Comparator, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' };

/** "≥ 0.9" (MAPE thresholds as percentages). */
export function ruleText(metric: string, comparator: Comparator, threshold: number): string {
  const value = isPercentMetric(metric) ? formatPercent(threshold, 2) : formatNumber(threshold, 6);
  return `${symbols[comparator]} ${value}`;
}

/** "Accuracy ≥ 0.9" */
export function criterionText(metric: string, comparator: Comparator, threshold: number): string {
  return `${metricLabel(metric)} ${ruleText(metric, comparator, threshold)}`;
}

/** 'higher' or 'lower' is better, from the metric catalogue (null when unknown). */
export function betterDirection(name: string): 'higher' | 'lower' | null {
  return metricByName.get(name)?.better ?? null;
}

export function isOperational(name: string): boolean {
  return Boolean(metricByName.get(name)?.operational);
}
