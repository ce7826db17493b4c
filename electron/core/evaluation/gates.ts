import type { Criterion } from '../../../shared/schemas/charter.js';
import type { GateCheck, GateResult } from '../../../shared/schemas/evaluation.js';
import { compare, metricByName, splitMetricKey } from '../../../shared/metrics.js';
import { evalKey } from './texts.js';

/** Measured values by metric name; null (or absent) when the metric could not be measured. */
export type MeasuredMetrics = Record<string, number | null | undefined>;

/** Why a metric is undefined on this data: the English text and the same as an i18n key with params. */
export interface GateReason {
  message: string;
  key: string;
  params: Record<string, unknown>;
}

/**
 * Checks each acceptance criterion against measured metrics. A criterion passes when the measured value
 * satisfies it; one whose metric was not measured (or is undefined on this data) fails with a reason.
 * `margin` is how far the value is on the good side of the threshold (negative when it fails).
 * The model passes only when there are criteria and every one passes; with none the status is no_criteria
 * (nothing was judged), never passed.
 */
export function checkGates(criteria: Criterion[], measured: MeasuredMetrics, reasons: Record<string, GateReason> = {}): GateResult {
  const checks: GateCheck[] = criteria.map((c) => {
    const value = measured[c.metric];
    const base = { metric: c.metric, comparator: c.comparator, threshold: c.threshold };
    if (value === null || value === undefined || Number.isNaN(value)) {
      const info = metricByName.get(c.metric);
      const params = { metric: c.metric };
      const why: GateReason =
        reasons[c.metric] ??
        (!info
          ? { key: evalKey('gateReason.unknown_metric'), params, message: `${c.metric} is not a metric Ciclo knows, so it cannot be measured.` }
          : value === undefined
            ? { key: evalKey('gateReason.not_measured'), params, message: `${c.metric} was not measured in this evaluation.` }
            : { key: evalKey('gateReason.undefined'), params, message: `${c.metric} is undefined on this data.` });
      return { ...base, measured: null, passed: false, margin: null, reason: why.message, reasonKey: why.key, reasonParams: why.params };
    }
    const passed = compare(value, c.comparator, c.threshold);
    const margin = c.comparator === '>=' || c.comparator === '>' ? value - c.threshold : c.threshold - value;
    return { ...base, measured: value, passed, margin, reason: null, reasonKey: null, reasonParams: null };
  });
  const failed = checks.filter((c) => !c.passed).length;
  const status = checks.length === 0 ? 'no_criteria' : failed ? 'failed' : 'passed';
  return { passed: status === 'passed', status, failed, checks };
}

/** The criteria that can be judged on a subset of rows (operational metrics are measured on the model, not per slice). */
export function sliceableCriteria(criteria: Criterion[]): Criterion[] {
  return criteria.filter((c) => !metricByName.get(c.metric)?.operational);
}

/** Why a criterion on one class ("recall[bad]") cannot be judged: the model has no such class. */
export function classReasons(criteria: Criterion[], classes: string[] | null): Record<string, GateReason> {
  const out: Record<string, GateReason> = {};
  for (const c of criteria) {
    const { base, classLabel } = splitMetricKey(c.metric);
    if (classLabel === null || classes?.includes(classLabel)) continue;
    const list = (classes ?? []).map((x) => `"${x}"`).join(', ');
    out[c.metric] = {
      key: evalKey('gateReason.unknown_class'),
      params: { metric: base, classLabel, classes: list },
      message: classes
        ? `"${classLabel}" is not a class of this model (its classes: ${list}), so ${base} of it cannot be measured.`
        : `${c.metric} applies to classification models only.`,
    };
  }
  return out;
}
