/**
 * Label-based classification metrics, defined as scikit-learn defines them.
 * Classes are integer indices 0..K-1 into the model's class list.
 *
 * Which classes take part in an average: like scikit-learn without `labels`, the classes that occur
 * in y_true or y_pred. A class that never occurs in either still gets a per-class row (all zeros,
 * support 0) so a report can list every class of the model, but it does not drag the averages down.
 */

export type Labels = ArrayLike<number>;

/** A metric left at a conventional value because it is undefined; scikit-learn warns in these cases. */
export interface StatWarning {
  metric: string;
  /** Index of the class concerned, when the warning is about one class. */
  classIndex?: number;
  reason:
    | 'no_predicted_samples' // precision: tp + fp = 0, set to 0
    | 'no_true_samples' // recall: tp + fn = 0, set to 0
    | 'single_class' // ROC AUC undefined: y_true holds one class only
    | 'no_positive_samples' // a curve or AP over a class absent from y_true
    | 'no_negative_samples'
    | 'predicted_class_absent_from_truth'; // balanced accuracy: a predicted class never occurs in y_true
}

function check(yTrue: Labels, yPred: Labels, nClasses: number): void {
  if (yTrue.length !== yPred.length) throw new Error(`y_true has ${yTrue.length} values but y_pred has ${yPred.length}.`);
  for (const arr of [yTrue, yPred]) {
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i];
      if (!Number.isInteger(v) || v < 0 || v >= nClasses) throw new Error(`Class index ${v} at position ${i} is outside 0..${nClasses - 1}.`);
    }
  }
}

/** Counts: rows are true classes, columns predicted classes (scikit-learn's confusion_matrix). */
export function confusionMatrix(yTrue: Labels, yPred: Labels, nClasses: number): number[][] {
  check(yTrue, yPred, nClasses);
  const m = Array.from({ length: nClasses }, () => new Array<number>(nClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]][yPred[i]]++;
  return m;
}

/** Each row divided by its sum (normalize='true'); a row with no samples stays all zeros. */
export function normalizeRows(matrix: number[][]): number[][] {
  return matrix.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (total === 0 ? 0 : v / total));
  });
}

export function accuracy(yTrue: Labels, yPred: Labels): number {
  if (yTrue.length !== yPred.length) throw new Error(`y_true has ${yTrue.length} values but y_pred has ${yPred.length}.`);
  if (yTrue.length === 0) return Number.NaN;
  let ok = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) ok++;
  return ok / yTrue.length;
}

/** Classes occurring in y_true or y_pred (scikit-learn's default `labels`). */
export function presentClasses(matrix: number[][]): number[] {
  const out: number[] = [];
  for (let k = 0; k < matrix.length; k++) {
    let rowSum = 0;
    let colSum = 0;
    for (let j = 0; j < matrix.length; j++) {
      rowSum += matrix[k][j];
      colSum += matrix[j][k];
    }
    if (rowSum > 0 || colSum > 0) out.push(k);
  }
  return out;
}

/**
 * Mean recall over the classes present; a class only predicted (never true) is left out with a warning,
 * as scikit-learn's balanced_accuracy_score does (adjusted=False).
 */
export function balancedAccuracy(matrix: number[][], warnings: StatWarning[] = []): number {
  let sum = 0;
  let n = 0;
  for (const k of presentClasses(matrix)) {
    const support = matrix[k].reduce((a, b) => a + b, 0);
    if (support === 0) {
      warnings.push({ metric: 'balanced_accuracy', classIndex: k, reason: 'predicted_class_absent_from_truth' });
      continue;
    }
    sum += matrix[k][k] / support;
    n++;
  }
  return n === 0 ? Number.NaN : sum / n;
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Number of true samples of the class. */
  support: number;
  /** Number of samples predicted as the class. */
  predicted: number;
}

export interface PrfAverages {
  macro: { precision: number; recall: number; f1: number };
  weighted: { precision: number; recall: number; f1: number };
}

/**
 * Precision, recall and F1 for one class from the confusion matrix, with zero_division=0
 * (scikit-learn's default "warn": the value is 0 and a warning is recorded).
 */
export function classScores(matrix: number[][], k: number, warnings: StatWarning[] = []): ClassScores {
  const tp = matrix[k][k];
  let support = 0;
  let predicted = 0;
  for (let j = 0; j < matrix.length; j++) {
    support += matrix[k][j];
    predicted += matrix[j][k];
  }
  const fp = predicted - tp;
  const fn = support - tp;
  let precision = 0;
  if (predicted === 0) warnings.push({ metric: 'precision', classIndex: k, reason: 'no_predicted_samples' });
  else precision = tp / predicted;
  let recall = 0;
  if (support === 0) warnings.push({ metric: 'recall', classIndex: k, reason: 'no_true_samples' });
  else recall = tp / support;
  // scikit-learn >= 1.3 computes F1 as 2tp / (2tp + fp + fn); 0 when the denominator is 0.
  const denom = 2 * tp + fp + fn;
  const f1 = denom === 0 ? 0 : (2 * tp) / denom;
  return { precision, recall, f1, support, predicted };
}

/** Per-class scores for every class of the model, plus macro and support-weighted averages over present classes. */
export function precisionRecallF1(matrix: number[][], warnings: StatWarning[] = []): { perClass: ClassScores[]; averages: PrfAverages } {
  const present = new Set(presentClasses(matrix));
  const perClass = matrix.map((_, k) => classScores(matrix, k, present.has(k) ? warnings : []));
  const macro = { precision: 0, recall: 0, f1: 0 };
  const weighted = { precision: 0, recall: 0, f1: 0 };
  let totalSupport = 0;
  for (const k of present) {
    const s = perClass[k];
    macro.precision += s.precision;
    macro.recall += s.recall;
    macro.f1 += s.f1;
    weighted.precision += s.precision * s.support;
    weighted.recall += s.recall * s.support;
    weighted.f1 += s.f1 * s.support;
    totalSupport += s.support;
  }
  const n = present.size;
  for (const key of ['precision', 'recall', 'f1'] as const) {
    macro[key] = n === 0 ? 0 : macro[key] / n;
    weighted[key] = totalSupport === 0 ? 0 : weighted[key] / totalSupport;
  }
  return { perClass, averages: { macro, weighted } };
}

/** Index of the largest probability in each row (the first on ties, like numpy's argmax). */
export function argmaxRows(proba: ArrayLike<number>, nClasses: number): Int32Array {
  const n = proba.length / nClasses;
  if (!Number.isInteger(n)) throw new Error(`A probability matrix of ${proba.length} values does not split into rows of ${nClasses}.`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestP = proba[i * nClasses];
    for (let k = 1; k < nClasses; k++) {
      const p = proba[i * nClasses + k];
      if (p > bestP) ((best = k), (bestP = p));
    }
    out[i] = best;
  }
  return out;
}
