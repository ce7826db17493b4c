/**
 * Performance over time from logged rows: realised metrics on labelled rows with bootstrap intervals,
 * judged against the charter's criteria (the same gate code as promotion), CBPE estimates without
 * labels, and operational figures. One metrics code: evaluation/metrics.ts and stats/.
 */
import type { Criterion } from '../../../shared/schemas/charter.js';
import type { MetricValues } from '../../../shared/schemas/evaluation.js';
import type { PerformanceWindow } from '../../../shared/schemas/monitoring.js';
import { metricByName } from '../../../shared/metrics.js';
import { checkGates, sliceableCriteria } from '../evaluation/gates.js';
import { classificationMetrics, regressionMetricValues } from '../evaluation/metrics.js';
import { bootstrapInterval, expectedConfusion, type Calibrator } from '../stats/cbpe.js';
import { accuracy, argmaxRows, balancedAccuracy, classScores, precisionRecallF1 } from '../stats/classification.js';
import { percentile } from '../stats/latency.js';
import type { ModelContext } from './context.js';
import { parseJson } from './context.js';
import type { LoggedRow } from '../store/prediction-log-store.js';

export interface ScoredRow {
  ts: number;
  /** Probabilities (classification) or null. */
  proba: number[] | null;
  predicted: string | null;
  value: number | null;
  label: string | null;
  latencyMs: number | null;
}

export function scoredRows(rows: LoggedRow[], model: ModelContext): ScoredRow[] {
  const K = model.classes?.length ?? 0;
  return rows.map((r) => {
    const out = parseJson(r.output);
    const probs = out.probabilities;
    let proba: number[] | null = null;
    if (K && probs && typeof probs === 'object') {
      proba = Array.isArray(probs) ? probs.map(Number) : model.classes!.map((c) => Number((probs as Record<string, unknown>)[c]));
      if (proba.length !== K || proba.some((p) => !Number.isFinite(p))) proba = null;
    }
    const value = typeof out.value === 'number' ? out.value : r.prediction !== null && !K ? Number(r.prediction) : null;
    return { ts: Date.parse(r.ts), proba, predicted: r.prediction, value: Number.isFinite(value) ? value : null, label: r.label, latencyMs: r.latencyMs };
  });
}

/** Metrics of rows that carry a label; null when none can be scored. */
export function realisedMetrics(rows: ScoredRow[], model: ModelContext): { metrics: MetricValues; n: number; compute: (idx: Int32Array) => MetricValues } | null {
  if (model.classes) {
    const K = model.classes.length;
    const index = new Map(model.classes.map((c, i) => [c, i]));
    const usable = rows.filter((r) => r.label !== null && r.proba && index.has(r.label));
    if (!usable.length) return null;
    const compute = (idx: Int32Array) => {
      const proba = new Float64Array(idx.length * K);
      const yTrue = new Int32Array(idx.length);
      idx.forEach((i, j) => {
        const r = usable[i];
        yTrue[j] = index.get(r.label!)!;
        for (let k = 0; k < K; k++) proba[j * K + k] = r.proba![k];
      });
      return classificationMetrics({ classes: model.classes!, yTrue, proba });
    };
    const all = Int32Array.from(usable.keys());
    return { metrics: compute(all), n: usable.length, compute };
  }
  const usable = rows.filter((r) => r.label !== null && r.value !== null && Number.isFinite(Number(r.label)));
  if (usable.length < 2) return null;
  const compute = (idx: Int32Array) =>
    regressionMetricValues({ yTrue: Float64Array.from(idx, (i) => Number(usable[i].label)), yPred: Float64Array.from(idx, (i) => usable[i].value!) });
  const all = Int32Array.from(usable.keys());
  return { metrics: compute(all), n: usable.length, compute };
}

/** CBPE: metrics expected from calibrated probabilities, for classification rows (labels not needed). */
export function estimatedMetrics(rows: ScoredRow[], K: number, calibrator: Calibrator): MetricValues | null {
  const usable = rows.filter((r) => r.proba);
  if (!usable.length) return null;
  const proba = new Float64Array(usable.length * K);
  usable.forEach((r, i) => r.proba!.forEach((p, k) => (proba[i * K + k] = p)));
  const predicted = argmaxRows(proba, K);
  const cm = expectedConfusion(calibrator.apply(proba), predicted, K);
  let diag = 0;
  for (let k = 0; k < K; k++) diag += cm[k][k];
  const out: MetricValues = { accuracy: diag / usable.length, balanced_accuracy: balancedAccuracy(cm) };
  const { averages } = precisionRecallF1(cm);
  if (K === 2) {
    const s = classScores(cm, 1);
    Object.assign(out, { precision: s.precision, recall: s.recall, f1: s.f1 });
  }
  Object.assign(out, { precision_macro: averages.macro.precision, recall_macro: averages.macro.recall, f1_macro: averages.macro.f1, f1_weighted: averages.weighted.f1 });
  void accuracy;
  return out;
}

const better = (c: Criterion) => c.comparator === '>=' || c.comparator === '>';

/** One window: realised metrics with intervals, the gate, CBPE estimates and latency. */
export function windowReport(
  rows: ScoredRow[],
  model: ModelContext,
  calibrator: Calibrator | null,
  start: string,
  end: string,
  options: { minRows: number; resamples?: number },
): PerformanceWindow {
  const criteria = sliceableCriteria(model.criteria);
  const realised = realisedMetrics(rows, model);
  const intervals: PerformanceWindow['intervals'] = {};
  const failing: string[] = [];
  if (realised) {
    // bootstrap on at most 2,000 labelled rows, seeded per window
    for (const c of criteria) {
      const v = realised.metrics[c.metric];
      if (v === null || v === undefined) continue;
      const n = realised.n;
      const sample = n > 2000 ? Int32Array.from({ length: 2000 }, (_, i) => Math.floor((i * n) / 2000)) : null;
      const ci = bootstrapInterval(sample ? sample.length : n, (idx) => realised.compute(sample ? idx.map((i) => sample[i]) : idx)[c.metric] ?? null, {
        resamples: options.resamples ?? 100,
        seed: 17,
      });
      intervals[c.metric] = ci;
      if (ci && n >= options.minRows && (better(c) ? ci.high < c.threshold : ci.low > c.threshold)) failing.push(c.metric);
    }
  }
  const estimated = calibrator && model.classes ? estimatedMetrics(rows, model.classes.length, calibrator) : null;
  const estimatedFailing =
    estimated && rows.length >= options.minRows
      ? criteria
          .filter(
            (c) =>
              metricByName.has(c.metric) &&
              estimated[c.metric] !== undefined &&
              estimated[c.metric] !== null &&
              !(better(c) ? estimated[c.metric]! >= c.threshold : estimated[c.metric]! <= c.threshold),
          )
          .map((c) => c.metric)
      : [];
  const lat = rows.map((r) => r.latencyMs).filter((v): v is number => v !== null && Number.isFinite(v));
  return {
    start,
    end,
    requests: rows.length,
    labelled: realised?.n ?? 0,
    metrics: realised?.metrics ?? null,
    intervals,
    estimated,
    gate: realised ? checkGates(criteria, realised.metrics) : null,
    failing,
    estimatedFailing,
    driftShare: null,
    errorRate: rows.length ? rows.filter((r) => r.predicted === null).length / rows.length : 0,
    latencyP50: lat.length ? percentile(lat, 50) : null,
    latencyP95: lat.length ? percentile(lat, 95) : null,
  };
}

/** "1d", "6h", "30m", "2w" in milliseconds. */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d|w)\s*$/i.exec(text);
  if (!m) return null;
  const unit = { m: 60e3, min: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 }[m[2].toLowerCase() as 'm'];
  const ms = Number(m[1]) * unit;
  return ms > 0 ? ms : null;
}
