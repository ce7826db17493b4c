/**
 * Performance without labels: confidence-based performance estimation (CBPE, as NannyML does it).
 * Probabilities are calibrated on reference rows with labels (isotonic regression per class, one vs
 * rest, rows renormalised); the expected confusion matrix of unlabelled rows is then the sum, for each
 * row, of its calibrated probabilities in the column of its predicted class. It assumes no concept
 * drift: P(y | x) is the same as in the reference, only the inputs moved.
 * Also: percentile bootstrap intervals and McNemar's test, for live and challenger comparisons.
 */
import { mulberry32 } from './random.js';
import { chi2Sf } from './special.js';

/** Isotonic (non-decreasing) regression of y on x by pool-adjacent-violators; returns a step function. */
export function fitIsotonic(x: ArrayLike<number>, y: ArrayLike<number>): (v: number) => number {
  const order = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  for (const i of order) {
    if (xs.length && xs[xs.length - 1] === x[i]) {
      const k = xs.length - 1;
      ys[k] = (ys[k] * ws[k] + y[i]) / (ws[k] + 1);
      ws[k]++;
    } else (xs.push(x[i]), ys.push(y[i]), ws.push(1));
  }
  // pool adjacent violators
  const bx: number[][] = [];
  const by: number[] = [];
  const bw: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    bx.push([xs[i]]);
    by.push(ys[i]);
    bw.push(ws[i]);
    while (by.length > 1 && by[by.length - 2] > by[by.length - 1]) {
      const w = bw[bw.length - 2] + bw[bw.length - 1];
      const v = (by[by.length - 2] * bw[bw.length - 2] + by[by.length - 1] * bw[bw.length - 1]) / w;
      const merged = [...bx[bx.length - 2], ...bx[bx.length - 1]];
      bx.splice(-2, 2, merged);
      by.splice(-2, 2, v);
      bw.splice(-2, 2, w);
    }
  }
  // interpolate between block edges (as scikit-learn's IsotonicRegression predicts), clipped at the ends
  const knotsX: number[] = [];
  const knotsY: number[] = [];
  bx.forEach((b, i) => {
    knotsX.push(b[0]);
    knotsY.push(by[i]);
    if (b.length > 1) (knotsX.push(b[b.length - 1]), knotsY.push(by[i]));
  });
  return (v: number) => {
    if (!knotsX.length) return v;
    if (v <= knotsX[0]) return knotsY[0];
    if (v >= knotsX[knotsX.length - 1]) return knotsY[knotsY.length - 1];
    let lo = 0;
    let hi = knotsX.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (knotsX[mid] <= v) lo = mid;
      else hi = mid;
    }
    const span = knotsX[hi] - knotsX[lo];
    return span === 0 ? knotsY[hi] : knotsY[lo] + ((knotsY[hi] - knotsY[lo]) * (v - knotsX[lo])) / span;
  };
}

export interface Calibrator {
  /** Calibrated probabilities, row-major n x K, rows summing to 1. */
  apply(proba: ArrayLike<number>): Float64Array;
}

/** Fits one isotonic map per class on reference probabilities and true class indices. */
export function fitCalibrator(proba: ArrayLike<number>, yTrue: ArrayLike<number>, K: number): Calibrator {
  const n = yTrue.length;
  const maps = Array.from({ length: K }, (_, k) => {
    if (K === 2 && k === 0) return null;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) ((x[i] = proba[i * K + k]), (y[i] = yTrue[i] === k ? 1 : 0));
    return fitIsotonic(x, y);
  });
  return {
    apply(p) {
      const m = p.length / K;
      const out = new Float64Array(p.length);
      for (let i = 0; i < m; i++) {
        if (K === 2) {
          const p1 = Math.min(1, Math.max(0, maps[1]!(p[i * 2 + 1])));
          ((out[i * 2] = 1 - p1), (out[i * 2 + 1] = p1));
          continue;
        }
        let s = 0;
        for (let k = 0; k < K; k++) s += out[i * K + k] = Math.max(0, maps[k]!(p[i * K + k]));
        for (let k = 0; k < K; k++) out[i * K + k] = s > 0 ? out[i * K + k] / s : 1 / K;
      }
      return out;
    },
  };
}

/** Expected confusion matrix (rows true, columns predicted) from calibrated probabilities and the predicted classes. */
export function expectedConfusion(calibrated: ArrayLike<number>, predicted: ArrayLike<number>, K: number): number[][] {
  const m = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  for (let i = 0; i < predicted.length; i++) for (let k = 0; k < K; k++) m[k][predicted[i]] += calibrated[i * K + k];
  return m;
}

/** Percentile bootstrap interval of a statistic over rows (seeded: the same inputs give the same interval). */
export function bootstrapInterval(
  n: number,
  statistic: (rows: Int32Array) => number | null,
  options: { resamples?: number; level?: number; seed?: number } = {},
): { low: number; high: number } | null {
  if (n < 2) return null;
  const B = options.resamples ?? 200;
  const level = options.level ?? 0.95;
  const random = mulberry32(options.seed ?? 1234);
  const values: number[] = [];
  const rows = new Int32Array(n);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < n; i++) rows[i] = Math.floor(random() * n);
    const v = statistic(rows);
    if (v !== null && Number.isFinite(v)) values.push(v);
  }
  if (values.length < B / 2) return null;
  values.sort((a, b) => a - b);
  const q = (p: number) => {
    const pos = (values.length - 1) * p;
    const lo = Math.floor(pos);
    return values[lo] + (values[Math.ceil(pos)] - values[lo]) * (pos - lo);
  };
  return { low: q((1 - level) / 2), high: q(1 - (1 - level) / 2) };
}

/**
 * McNemar's test on paired correctness: b = rows only the first model got right, c = only the second.
 * Exact binomial (two-sided) below 25 discordant pairs, else chi-squared with continuity correction
 * (statsmodels' mcnemar with exact chosen by size).
 */
export function mcnemar(b: number, c: number): { statistic: number; pValue: number; exact: boolean } {
  const n = b + c;
  if (n === 0) return { statistic: 0, pValue: 1, exact: true };
  if (n < 25) {
    const k = Math.min(b, c);
    let cdf = 0;
    let term = 0.5 ** n;
    for (let i = 0; i <= k; i++) {
      cdf += term;
      term = (term * (n - i)) / (i + 1);
    }
    return { statistic: k, pValue: Math.min(1, 2 * cdf), exact: true };
  }
  const stat = (Math.abs(b - c) - 1) ** 2 / n;
  return { statistic: stat, pValue: chi2Sf(stat, 1), exact: false };
}
