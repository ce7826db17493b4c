/**
 * Score-based curves and their summaries, as scikit-learn computes them: roc_curve (drop_intermediate),
 * roc_auc_score (trapezoid over the ROC curve), precision_recall_curve and average_precision_score
 * (the step-wise sum, not a trapezoid). Ties in scores form a single threshold, so the order of tied
 * samples never matters.
 */
import type { StatWarning } from './classification.js';

export interface ClfCurve {
  /** False positives at each distinct threshold, from the highest score down. */
  fps: number[];
  tps: number[];
  thresholds: number[];
}

/** scikit-learn's _binary_clf_curve: cumulative counts at each distinct score, highest first. */
export function binaryClfCurve(isPositive: ArrayLike<boolean | number>, score: ArrayLike<number>): ClfCurve {
  const n = score.length;
  if (isPositive.length !== n) throw new Error(`y_true has ${isPositive.length} values but the scores have ${n}.`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(score[i])) throw new Error(`Score ${score[i]} at position ${i} is not a finite number.`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b] - score[a]);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r];
    if (isPositive[i]) tp++;
    const last = r === n - 1 || score[order[r + 1]] !== score[i];
    if (last) {
      tps.push(tp);
      fps.push(r + 1 - tp);
      thresholds.push(score[i]);
    }
  }
  return { fps, tps, thresholds };
}

export interface RocCurve {
  fpr: number[];
  tpr: number[];
  /** Score thresholds; the first is +Infinity (the point (0, 0), nothing predicted positive). */
  thresholds: number[];
}

/** scikit-learn's roc_curve with drop_intermediate=True; fpr or tpr is NaN when there are no negatives or positives. */
export function rocCurve(isPositive: ArrayLike<boolean | number>, score: ArrayLike<number>, warnings: StatWarning[] = [], classIndex?: number): RocCurve {
  let { fps, tps, thresholds } = binaryClfCurve(isPositive, score);
  if (fps.length > 2) {
    // keep the end points and every point where the curve changes direction
    const keep: number[] = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      const d2f = fps[i + 1] - 2 * fps[i] + fps[i - 1];
      const d2t = tps[i + 1] - 2 * tps[i] + tps[i - 1];
      if (d2f !== 0 || d2t !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    fps = keep.map((i) => fps[i]);
    tps = keep.map((i) => tps[i]);
    thresholds = keep.map((i) => thresholds[i]);
  }
  fps = [0, ...fps];
  tps = [0, ...tps];
  thresholds = [Number.POSITIVE_INFINITY, ...thresholds];
  const nNeg = fps[fps.length - 1];
  const nPos = tps[tps.length - 1];
  if (nNeg <= 0) warnings.push({ metric: 'roc_curve', classIndex, reason: 'no_negative_samples' });
  if (nPos <= 0) warnings.push({ metric: 'roc_curve', classIndex, reason: 'no_positive_samples' });
  return {
    fpr: fps.map((v) => (nNeg <= 0 ? Number.NaN : v / nNeg)),
    tpr: tps.map((v) => (nPos <= 0 ? Number.NaN : v / nPos)),
    thresholds,
  };
}

/** Area under a curve by the trapezoid rule (x must be monotonic, as in scikit-learn's auc). */
export function trapezoid(x: number[], y: number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

/** Binary ROC AUC; null (with a 'single_class' warning) when y_true holds one class only, where scikit-learn raises. */
export function rocAuc(isPositive: ArrayLike<boolean | number>, score: ArrayLike<number>, warnings: StatWarning[] = [], classIndex?: number): number | null {
  let pos = 0;
  for (let i = 0; i < isPositive.length; i++) if (isPositive[i]) pos++;
  if (pos === 0 || pos === isPositive.length) {
    warnings.push({ metric: 'roc_auc', classIndex, reason: 'single_class' });
    return null;
  }
  const c = rocCurve(isPositive, score);
  return trapezoid(c.fpr, c.tpr);
}

export interface PrCurve {
  /** From the lowest threshold to the highest, then the final point (precision 1, recall 0). */
  precision: number[];
  recall: number[];
  /** Increasing; one fewer than precision and recall. */
  thresholds: number[];
}

/**
 * scikit-learn's precision_recall_curve (drop_intermediate=False). Precision is 0 where nothing is
 * predicted positive; with no positive samples recall is 1 everywhere, with a warning.
 */
export function prCurve(isPositive: ArrayLike<boolean | number>, score: ArrayLike<number>, warnings: StatWarning[] = [], classIndex?: number): PrCurve {
  const { fps, tps, thresholds } = binaryClfCurve(isPositive, score);
  const nPos = tps.length ? tps[tps.length - 1] : 0;
  if (nPos === 0) warnings.push({ metric: 'precision_recall_curve', classIndex, reason: 'no_positive_samples' });
  const precision = tps.map((tp, i) => (tp + fps[i] === 0 ? 0 : tp / (tp + fps[i])));
  const recall = tps.map((tp) => (nPos === 0 ? 1 : tp / nPos));
  return { precision: [...precision.reverse(), 1], recall: [...recall.reverse(), 0], thresholds: thresholds.reverse() };
}

/** Average precision: the sum over thresholds of (R_n - R_{n-1}) * P_n (no interpolation). */
export function averagePrecision(isPositive: ArrayLike<boolean | number>, score: ArrayLike<number>, warnings: StatWarning[] = [], classIndex?: number): number {
  const w: StatWarning[] = [];
  const c = prCurve(isPositive, score, w, classIndex);
  for (const x of w) warnings.push({ ...x, metric: 'average_precision' });
  let ap = 0;
  for (let i = 0; i < c.recall.length - 1; i++) ap -= (c.recall[i + 1] - c.recall[i]) * c.precision[i];
  return ap;
}

/** Column k of a row-major n x K probability matrix. */
export function column(proba: ArrayLike<number>, nClasses: number, k: number): Float64Array {
  const n = proba.length / nClasses;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = proba[i * nClasses + k];
  return out;
}

/** 1 where y_true is class k, else 0. */
export function oneVsRest(yTrue: ArrayLike<number>, k: number): Uint8Array {
  const out = new Uint8Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) out[i] = yTrue[i] === k ? 1 : 0;
  return out;
}

export interface OvrSummary {
  /** Per class; null for a class absent from y_true (it has no curve to score). */
  perClass: (number | null)[];
  /** Mean over the classes with a value; null when none has one. */
  macro: number | null;
}

function ovr(
  yTrue: ArrayLike<number>,
  proba: ArrayLike<number>,
  nClasses: number,
  warnings: StatWarning[],
  metric: string,
  fn: (pos: Uint8Array, score: Float64Array, k: number) => number | null,
): OvrSummary {
  const perClass: (number | null)[] = [];
  for (let k = 0; k < nClasses; k++) {
    const pos = oneVsRest(yTrue, k);
    if (!pos.some((v) => v === 1)) {
      // scikit-learn refuses a multiclass score when a class of y_score is missing from y_true;
      // Ciclo leaves that class out of the macro average and says so.
      warnings.push({ metric, classIndex: k, reason: 'no_positive_samples' });
      perClass.push(null);
      continue;
    }
    perClass.push(fn(pos, column(proba, nClasses, k), k));
  }
  const vals = perClass.filter((v): v is number => v !== null);
  return { perClass, macro: vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : null };
}

/** One-vs-rest ROC AUC per class and its unweighted mean (roc_auc_score multi_class='ovr', average='macro'). */
export function rocAucOvr(yTrue: ArrayLike<number>, proba: ArrayLike<number>, nClasses: number, warnings: StatWarning[] = []): OvrSummary {
  return ovr(yTrue, proba, nClasses, warnings, 'roc_auc', (pos, score, k) => rocAuc(pos, score, warnings, k));
}

/** One-vs-rest average precision per class and its unweighted mean (average_precision_score, average='macro'). */
export function averagePrecisionOvr(yTrue: ArrayLike<number>, proba: ArrayLike<number>, nClasses: number, warnings: StatWarning[] = []): OvrSummary {
  return ovr(yTrue, proba, nClasses, warnings, 'average_precision', (pos, score, k) => averagePrecision(pos, score, warnings, k));
}

/**
 * Thins a curve to at most `max` points for storage and charts: deterministic, keeps both ends, and
 * picks points evenly spaced along the curve's length so steep and flat parts are both kept.
 */
export function thinCurve(x: number[], y: number[], max = 200): number[] {
  const n = x.length;
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const len = [0];
  for (let i = 1; i < n; i++) {
    const dx = x[i] - x[i - 1];
    const dy = y[i] - y[i - 1];
    len.push(len[i - 1] + (Number.isFinite(dx) && Number.isFinite(dy) ? Math.hypot(dx, dy) : 0));
  }
  const total = len[n - 1];
  const keep = [0];
  let next = 1;
  for (let i = 1; i < n - 1 && keep.length < max - 1; i++) {
    if (total === 0) {
      if (i >= (next * (n - 1)) / (max - 1)) (keep.push(i), next++);
    } else if (len[i] >= (next * total) / (max - 1)) {
      keep.push(i);
      while ((next * total) / (max - 1) <= len[i]) next++;
    }
  }
  keep.push(n - 1);
  return keep;
}
