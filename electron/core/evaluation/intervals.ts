/**
 * 95 % bootstrap confidence intervals for an evaluation's metrics: the rows are resampled with replacement
 * (a fixed seed, so the same evaluation always gives the same intervals), every metric is recomputed with the
 * same code as the headline numbers, and the 2.5th and 97.5th percentiles of each are kept. On the 30-60
 * rows of a small test set they are wide, and that is the point: a difference or a gate decision inside
 * them may be noise.
 */
import type { GateResult, MetricInterval, MetricValues } from '../../../shared/schemas/evaluation.js';
import { mulberry32 } from '../stats/random.js';
import { classificationMetrics, regressionMetricValues } from './metrics.js';

export const INTERVAL_LEVEL = 0.95;
const SEED = 20260101;

/** Fewer resamples for many rows (the interval narrows anyway; the work stays in the seconds). */
export function resamplesFor(rows: number): number {
  return rows <= 5000 ? 1000 : rows <= 50000 ? 300 : 100;
}

export type Resampled =
  { kind: 'classification'; classes: string[]; yTrue: Int32Array; proba: Float64Array; positive: number } | { kind: 'regression'; yTrue: Float64Array; yPred: Float64Array };

function percentile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function bootstrapIntervals(data: Resampled, resamples = resamplesFor(data.yTrue.length)): { intervals: Record<string, MetricInterval>; resamples: number } {
  const n = data.yTrue.length;
  const random = mulberry32(SEED);
  const draws: Record<string, number[]> = {};
  if (n < 2) return { intervals: {}, resamples: 0 };
  const K = data.kind === 'classification' ? data.classes.length : 1;
  const yTrueC = data.kind === 'classification' ? new Int32Array(n) : null;
  const probaC = data.kind === 'classification' ? new Float64Array(n * K) : null;
  const yTrueR = data.kind === 'regression' ? new Float64Array(n) : null;
  const yPredR = data.kind === 'regression' ? new Float64Array(n) : null;
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) {
      const r = Math.floor(random() * n);
      if (data.kind === 'classification') {
        yTrueC![i] = data.yTrue[r];
        for (let k = 0; k < K; k++) probaC![i * K + k] = data.proba[r * K + k];
      } else {
        yTrueR![i] = data.yTrue[r];
        yPredR![i] = data.yPred[r];
      }
    }
    const m: MetricValues =
      data.kind === 'classification'
        ? classificationMetrics({ classes: data.classes, yTrue: yTrueC!, proba: probaC! }, [], data.positive)
        : regressionMetricValues({ yTrue: yTrueR!, yPred: yPredR! });
    for (const [k, v] of Object.entries(m)) {
      if (v === null || !Number.isFinite(v)) continue;
      (draws[k] ??= []).push(v);
    }
  }
  const intervals: Record<string, MetricInterval> = {};
  const alpha = (1 - INTERVAL_LEVEL) / 2;
  for (const [k, values] of Object.entries(draws)) {
    // a metric undefined in most resamples (a class almost never drawn) gets no interval
    if (values.length < resamples * 0.9) continue;
    values.sort((a, b) => a - b);
    intervals[k] = { lower: percentile(values, alpha), upper: percentile(values, 1 - alpha) };
  }
  return { intervals, resamples };
}

/** Marks the gate checks whose threshold lies inside the metric's interval: the decision could go either way. */
export function markUncertain(gate: GateResult, intervals: Record<string, MetricInterval>): GateResult {
  return {
    ...gate,
    checks: gate.checks.map((c) => {
      const ci = intervals[c.metric];
      return ci && c.measured !== null ? { ...c, interval: ci, uncertain: c.threshold >= ci.lower && c.threshold <= ci.upper } : c;
    }),
  };
}
