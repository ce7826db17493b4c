/**
 * Turns predictions into the evaluation's metrics, details (per-class scores, confusion matrix, curves,
 * calibration, residuals) and warnings, using the pure functions in ../stats.
 */
import type { EvalWarning, EvaluationDetails, MetricValues } from '../../../shared/schemas/evaluation.js';
import { brierScore, calibrationCurve, logLoss } from '../stats/calibration.js';
import { accuracy, argmaxRows, balancedAccuracy, classScores, confusionMatrix, normalizeRows, precisionRecallF1, type StatWarning } from '../stats/classification.js';
import { averagePrecision, averagePrecisionOvr, column, oneVsRest, prCurve, rocAuc, rocAucOvr, rocCurve, thinCurve } from '../stats/curves.js';
import { regressionMetrics } from '../stats/regression.js';
import { classMetricKey } from '../../../shared/metrics.js';
import { evalKey } from './texts.js';

/** Classification predictions: true class indices and a row-major n x K probability matrix. */
export interface ClassPredictions {
  classes: string[];
  yTrue: Int32Array;
  proba: Float64Array;
}

export interface RegressionPredictions {
  yTrue: Float64Array;
  yPred: Float64Array;
}

export const CURVE_POINTS = 200;
export const SCATTER_POINTS = 2000;

const reasons: Record<StatWarning['reason'], string> = {
  no_predicted_samples: 'no row was predicted as this class, so precision is undefined and set to 0',
  no_true_samples: 'no row of this class is in the data, so recall is undefined and set to 0',
  single_class: 'the data holds one class only, so it is undefined',
  no_positive_samples: 'no row of this class is in the data, so it is left out',
  no_negative_samples: 'every row is of this class, so the false-positive rate is undefined',
  predicted_class_absent_from_truth: 'this class was predicted but never occurs in the data, so it is left out of the mean',
};

export function toEvalWarnings(warnings: StatWarning[], classes: string[]): EvalWarning[] {
  const seen = new Set<string>();
  const out: EvalWarning[] = [];
  for (const w of warnings) {
    const label = w.classIndex === undefined ? null : classes[w.classIndex];
    const key = `${w.metric}|${label}|${w.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      metric: w.metric,
      classLabel: label,
      reason: w.reason,
      message: `${w.metric}${label === null ? '' : ` (class "${label}")`}: ${reasons[w.reason]}.`,
      key: evalKey(`warning.${w.reason}`),
      params: { metric: w.metric, classLabel: label },
    });
  }
  return out;
}

function nullIfNaN(v: number | null): number | null {
  return v === null || Number.isNaN(v) ? null : v;
}

/**
 * The catalogue metrics of a classification (the headline numbers, also used for each slice), plus
 * precision, recall and f1 of every class ("recall[bad]"). Binary tasks: precision, recall, f1, ROC AUC
 * and average precision are about the class at index `positive` (the charter's positive class).
 */
export function classificationMetrics(p: ClassPredictions, warnings: StatWarning[] = [], positive = 1): MetricValues {
  const K = p.classes.length;
  const pred = argmaxRows(p.proba, K);
  const cm = confusionMatrix(p.yTrue, pred, K);
  const { averages, perClass } = precisionRecallF1(cm, warnings);
  const out: MetricValues = {
    accuracy: nullIfNaN(accuracy(p.yTrue, pred)),
    balanced_accuracy: nullIfNaN(balancedAccuracy(cm, warnings)),
  };
  if (K === 2) {
    const s = classScores(cm, positive, warnings);
    Object.assign(out, { precision: s.precision, recall: s.recall, f1: s.f1 });
  }
  Object.assign(out, {
    precision_macro: averages.macro.precision,
    recall_macro: averages.macro.recall,
    f1_macro: averages.macro.f1,
    f1_weighted: averages.weighted.f1,
  });
  if (K === 2) {
    const pos = oneVsRest(p.yTrue, positive);
    const score = column(p.proba, 2, positive);
    out.roc_auc = rocAuc(pos, score, warnings, positive);
    out.average_precision = pos.some((v) => v === 1) ? averagePrecision(pos, score, warnings, positive) : null;
    if (out.average_precision === null) warnings.push({ metric: 'average_precision', classIndex: positive, reason: 'no_positive_samples' });
  } else {
    out.roc_auc = rocAucOvr(p.yTrue, p.proba, K, warnings).macro;
    out.average_precision = averagePrecisionOvr(p.yTrue, p.proba, K, warnings).macro;
  }
  out.log_loss = nullIfNaN(logLoss(p.yTrue, p.proba, K));
  out.brier = nullIfNaN(brierScore(p.yTrue, p.proba, K));
  perClass.forEach((c, k) => {
    const label = p.classes[k];
    out[classMetricKey('precision', label)] = c.predicted > 0 ? c.precision : null;
    out[classMetricKey('recall', label)] = c.support > 0 ? c.recall : null;
    out[classMetricKey('f1', label)] = c.support > 0 || c.predicted > 0 ? c.f1 : null;
  });
  return out;
}

/** The index of the positive class of a binary task: the charter's choice when it is one of the classes, else the second. */
export function positiveIndex(classes: string[], chosen: string | null | undefined): number {
  if (classes.length !== 2) return 1;
  const i = chosen ? classes.indexOf(chosen) : -1;
  return i >= 0 ? i : 1;
}

/** Everything a classification evaluation shows. */
export function classificationEvaluation(p: ClassPredictions, positive = 1): { metrics: MetricValues; details: EvaluationDetails; warnings: EvalWarning[] } {
  const K = p.classes.length;
  const warnings: StatWarning[] = [];
  const metrics = classificationMetrics(p, warnings, positive);
  const pred = argmaxRows(p.proba, K);
  const counts = confusionMatrix(p.yTrue, pred, K);
  const { perClass } = precisionRecallF1(counts);
  const curveClasses = K === 2 ? [positive] : Array.from({ length: K }, (_, k) => k);
  const roc = [];
  const pr = [];
  const calibration = [];
  const aucs: (number | null)[] = new Array(K).fill(null);
  const aps: (number | null)[] = new Array(K).fill(null);
  for (const k of curveClasses) {
    const pos = oneVsRest(p.yTrue, k);
    const score = column(p.proba, K, k);
    calibration.push({ label: p.classes[k], bins: calibrationCurve(pos, score, 10) });
    const positives = pos.reduce((a, b) => a + b, 0);
    if (positives === 0) continue; // no curve for a class absent from the data (warned above)
    aucs[k] = rocAuc(pos, score);
    aps[k] = averagePrecision(pos, score);
    const r = rocCurve(pos, score);
    if (positives < pos.length) {
      const keep = thinCurve(r.fpr, r.tpr, CURVE_POINTS);
      roc.push({
        label: p.classes[k],
        auc: aucs[k],
        points: r.fpr.length,
        downsampled: keep.length < r.fpr.length,
        fpr: keep.map((i) => r.fpr[i]),
        tpr: keep.map((i) => r.tpr[i]),
        thresholds: keep.map((i) => (Number.isFinite(r.thresholds[i]) ? r.thresholds[i] : null)),
      });
    }
    const c = prCurve(pos, score);
    const keep = thinCurve(c.recall, c.precision, CURVE_POINTS);
    pr.push({
      label: p.classes[k],
      averagePrecision: aps[k],
      baseline: positives / pos.length,
      points: c.recall.length,
      downsampled: keep.length < c.recall.length,
      precision: keep.map((i) => c.precision[i]),
      recall: keep.map((i) => c.recall[i]),
      thresholds: keep.map((i) => (i < c.thresholds.length ? c.thresholds[i] : null)),
    });
  }
  if (K === 2) {
    // per-class AUC and AP of the negative class, for the per-class table
    const negative = 1 - positive;
    const neg = oneVsRest(p.yTrue, negative);
    const score = column(p.proba, 2, negative);
    if (neg.some((v) => v === 1)) {
      aucs[negative] = neg.some((v) => v === 0) ? rocAuc(neg, score) : null;
      aps[negative] = averagePrecision(neg, score);
    }
  }
  return {
    metrics,
    warnings: toEvalWarnings(warnings, p.classes),
    details: {
      kind: 'classification',
      classes: p.classes,
      positiveClass: K === 2 ? p.classes[positive] : null,
      perClass: perClass.map((s, k) => ({ label: p.classes[k], ...s, rocAuc: aucs[k], averagePrecision: aps[k] })),
      confusion: { counts, normalized: normalizeRows(counts) },
      roc,
      pr,
      calibration,
    },
  };
}

export function regressionMetricValues(p: RegressionPredictions): MetricValues {
  const m = regressionMetrics(p.yTrue, p.yPred);
  return { mae: m.mae, mse: m.mse, rmse: m.rmse, r2: nullIfNaN(m.r2), mape: m.mape };
}

/** Evenly spaced positions, at most `max` of them, always including the first and last. */
export function thinIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.round((i * (n - 1)) / (max - 1)));
}

export function regressionEvaluation(p: RegressionPredictions): { metrics: MetricValues; details: EvaluationDetails; warnings: EvalWarning[] } {
  const m = regressionMetrics(p.yTrue, p.yPred);
  const n = p.yTrue.length;
  const residuals = Array.from(p.yTrue, (y, i) => y - p.yPred[i]);
  const mean = residuals.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(residuals.reduce((a, r) => a + (r - mean) ** 2, 0) / n);
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of residuals) ((lo = Math.min(lo, r)), (hi = Math.max(hi, r)));
  const nBins = 20;
  const width = hi > lo ? (hi - lo) / nBins : 1;
  const edges = Array.from({ length: nBins + 1 }, (_, i) => (i === nBins ? Math.max(hi, lo + width * nBins) : lo + i * width));
  const counts = new Array<number>(nBins).fill(0);
  for (const r of residuals) counts[Math.min(nBins - 1, Math.floor((r - lo) / width))]++;
  const keep = thinIndices(n, SCATTER_POINTS);
  const warnings: EvalWarning[] = [];
  if (m.mapeExcluded > 0) {
    warnings.push({
      metric: 'mape',
      classLabel: null,
      reason: m.mape === null ? 'all_true_values_zero' : 'zero_true_values_excluded',
      key: evalKey(m.mape === null ? 'warning.all_true_values_zero' : 'warning.zero_true_values_excluded'),
      params: { metric: 'mape', excluded: m.mapeExcluded, rows: n },
      message: m.mape === null ? `mape: every true value is 0, so MAPE is undefined.` : `mape: ${m.mapeExcluded} of ${n} rows have a true value of 0 and are left out of MAPE.`,
    });
  }
  return {
    metrics: { mae: m.mae, mse: m.mse, rmse: m.rmse, r2: nullIfNaN(m.r2), mape: m.mape },
    warnings,
    details: {
      kind: 'regression',
      mapeExcluded: m.mapeExcluded,
      points: { actual: keep.map((i) => p.yTrue[i]), predicted: keep.map((i) => p.yPred[i]), total: n, downsampled: keep.length < n },
      residualHistogram: { edges, counts },
      residualMean: mean,
      residualStd: std,
    },
  };
}
