/**
 * Alert rules: the charter's acceptance criteria on live performance (only when the whole bootstrap
 * interval fails) and on CBPE estimates, plus drift rules (data set drift, multivariate drift, a watched
 * column drifting). A check records newly fired alerts as open, and resolves open ones that are quiet.
 */
import type { Alert, CheckResult, DriftReport, PerformanceReport, Text } from '../../../shared/schemas/monitoring.js';
import { nowIso } from '../ids.js';
import { recordAlerts } from '../store/alert-store.js';
import type { Db } from '../store/db.js';

interface RuleResult {
  rule: string;
  fired: boolean;
  severity: 'warning' | 'critical';
  text: Text;
  details: Record<string, unknown>;
}

const t = (key: string, params: Record<string, unknown>, message: string): Text => ({ key: `monitor:${key}`, params, message });

export function evaluateRules(drift: DriftReport, perf: PerformanceReport, watch: string[]): RuleResult[] {
  const out: RuleResult[] = [];
  out.push({
    rule: 'dataset_drift',
    fired: drift.datasetDrift === true,
    severity: 'warning',
    text: drift.datasetDrift
      ? t(
          'alert.dataset_drift',
          { drifted: drift.driftedColumns, tested: drift.testedColumns, share: drift.driftShare },
          `Data set drift: ${drift.driftedColumns} of ${drift.testedColumns} columns drifted (share ${Math.round((drift.driftShare ?? 0) * 100)} % >= ${drift.threshold * 100} %).`,
        )
      : t('alert.dataset_drift_quiet', {}, 'No data set drift.'),
    details: { driftShare: drift.driftShare, columns: drift.columns.filter((c) => c.drifted).map((c) => c.name) },
  });
  if (drift.multivariate) {
    out.push({
      rule: 'multivariate_drift',
      fired: drift.multivariate.drifted === true,
      severity: 'warning',
      text: drift.multivariate.explanationText,
      details: { currentError: drift.multivariate.currentError, lower: drift.multivariate.lower, upper: drift.multivariate.upper },
    });
  }
  for (const name of watch) {
    const c = drift.columns.find((x) => x.name === name);
    out.push({
      rule: `column_drift:${name}`,
      fired: c?.drifted === true,
      severity: 'warning',
      text: c?.drifted
        ? t('alert.column_drift', { column: name, explanation: c.explanation }, `Column "${name}" drifted: ${c.explanation}`)
        : t('alert.column_quiet', { column: name }, `Column "${name}" did not drift.`),
      details: { method: c?.method, statistic: c?.statistic, pValue: c?.pValue },
    });
  }
  const overall = perf.overall;
  for (const c of perf.criteria) {
    if (overall?.metrics && overall.metrics[c.metric] !== undefined) {
      const fired = overall.failing.includes(c.metric);
      const value = overall.metrics[c.metric];
      const ci = overall.intervals[c.metric];
      out.push({
        rule: `criterion:${c.metric}`,
        fired,
        severity: 'critical',
        text: fired
          ? t(
              'alert.criterion',
              { metric: c.metric, value, comparator: c.comparator, threshold: c.threshold, low: ci?.low, high: ci?.high, rows: overall.labelled },
              `Live ${c.metric} is ${value?.toFixed(3)} (95 % interval ${ci?.low.toFixed(3)}–${ci?.high.toFixed(3)} on ${overall.labelled} labelled rows); the charter asks ${c.metric} ${c.comparator} ${c.threshold}.`,
            )
          : t('alert.criterion_quiet', { metric: c.metric }, `Live ${c.metric} meets the charter (or its interval still reaches the threshold).`),
        details: { value, interval: ci, threshold: c.threshold, comparator: c.comparator, labelled: overall.labelled },
      });
    }
    if (overall?.estimated && overall.estimated[c.metric] !== undefined) {
      const fired = overall.estimatedFailing.includes(c.metric);
      const value = overall.estimated[c.metric];
      out.push({
        rule: `estimated:${c.metric}`,
        fired,
        severity: 'warning',
        text: fired
          ? t(
              'alert.estimated',
              { metric: c.metric, value, comparator: c.comparator, threshold: c.threshold },
              `Estimated ${c.metric} (CBPE, no labels) is ${value?.toFixed(3)}; the charter asks ${c.metric} ${c.comparator} ${c.threshold}.`,
            )
          : t('alert.estimated_quiet', { metric: c.metric }, `Estimated ${c.metric} meets the charter.`),
        details: { value, threshold: c.threshold, comparator: c.comparator },
      });
    }
  }
  return out;
}

/** Stores the outcome of a check: an open alert per fired rule (kept, not repeated), quiet rules resolved. */
export function recordCheck(db: Db, target: { projectId: string; modelRef: string; runId: string }, rules: RuleResult[]): CheckResult {
  const now = nowIso();
  const alerts = recordAlerts(db, target, rules, now);
  return {
    model: { ref: target.modelRef, runId: target.runId },
    fired: alerts.length > 0,
    alerts,
    rules: rules.map((r) => ({ rule: r.rule, fired: r.fired, message: r.text.message, text: r.text })),
    checkedAt: now,
  };
}
