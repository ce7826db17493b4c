/**
 * Metrics on predicted probabilities: log loss, Brier score and the calibration curve, as scikit-learn
 * defines them. Probabilities come as a row-major n x K matrix (K = number of classes, K >= 2).
 */

/** Float64 machine epsilon (numpy's finfo(float64).eps), the clipping bound log_loss uses. */
export const EPS = 2.220446049250313e-16;

function rows(proba: ArrayLike<number>, nClasses: number, yTrue: ArrayLike<number>): number {
  const n = proba.length / nClasses;
  if (!Number.isInteger(n)) throw new Error(`A probability matrix of ${proba.length} values does not split into rows of ${nClasses}.`);
  if (n !== yTrue.length) throw new Error(`y_true has ${yTrue.length} values but there are ${n} rows of probabilities.`);
  for (let i = 0; i < proba.length; i++) {
    if (!Number.isFinite(proba[i]) || proba[i] < 0 || proba[i] > 1) {
      throw new Error(`Probability ${proba[i]} in row ${Math.floor(i / nClasses)} is not between 0 and 1.`);
    }
  }
  return n;
}

/**
 * Mean cross-entropy. As scikit-learn: each probability is clipped to [eps, 1 - eps] with eps the
 * float64 machine epsilon, then each row is divided by its sum, then -log of the true class's value is averaged.
 */
export function logLoss(yTrue: ArrayLike<number>, proba: ArrayLike<number>, nClasses: number): number {
  const n = rows(proba, nClasses, yTrue);
  if (n === 0) return Number.NaN;
  let total = 0;
  const clip = (p: number) => Math.min(Math.max(p, EPS), 1 - EPS);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < nClasses; k++) sum += clip(proba[i * nClasses + k]);
    total += -Math.log(clip(proba[i * nClasses + yTrue[i]]) / sum);
  }
  return total / n;
}

/**
 * Brier score. Binary (K = 2): mean of (p_positive - y)^2, scikit-learn's brier_score_loss, between 0 and 1.
 * Multiclass: mean over rows of the sum over classes of (p_k - [y = k])^2, the original Brier score and
 * scikit-learn's definition for multiclass input (from 1.7), between 0 and 2.
 */
export function brierScore(yTrue: ArrayLike<number>, proba: ArrayLike<number>, nClasses: number, positive = 1): number {
  const n = rows(proba, nClasses, yTrue);
  if (n === 0) return Number.NaN;
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (nClasses === 2) {
      const d = proba[i * 2 + positive] - (yTrue[i] === positive ? 1 : 0);
      total += d * d;
    } else {
      for (let k = 0; k < nClasses; k++) {
        const d = proba[i * nClasses + k] - (yTrue[i] === k ? 1 : 0);
        total += d * d;
      }
    }
  }
  return total / n;
}

export interface CalibrationBin {
  /** Bin bounds [lower, upper]; a value equal to an inner edge belongs to the lower bin. */
  lower: number;
  upper: number;
  /** Mean predicted probability in the bin (scikit-learn's prob_pred). */
  meanPredicted: number;
  /** Fraction of positives in the bin (prob_true). */
  fractionPositive: number;
  count: number;
}

/**
 * scikit-learn's calibration_curve(strategy='uniform'): n equal-width bins over [0, 1]; only non-empty
 * bins are returned.
 */
export function calibrationCurve(isPositive: ArrayLike<boolean | number>, prob: ArrayLike<number>, nBins = 10): CalibrationBin[] {
  if (isPositive.length !== prob.length) throw new Error(`y_true has ${isPositive.length} values but the probabilities have ${prob.length}.`);
  // numpy.linspace(0, 1, n + 1): i * (1 / n), with the last edge exactly 1
  const step = 1 / nBins;
  const edges = Array.from({ length: nBins + 1 }, (_, i) => (i === nBins ? 1 : i * step));
  const sums = new Float64Array(nBins);
  const trues = new Float64Array(nBins);
  const counts = new Float64Array(nBins);
  for (let i = 0; i < prob.length; i++) {
    const p = prob[i];
    if (!Number.isFinite(p) || p < 0 || p > 1) throw new Error(`Probability ${p} at position ${i} is not between 0 and 1.`);
    // searchsorted(edges[1:-1], p, side='left'): the number of inner edges strictly below p
    let b = 0;
    while (b < nBins - 1 && edges[b + 1] < p) b++;
    sums[b] += p;
    trues[b] += isPositive[i] ? 1 : 0;
    counts[b]++;
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < nBins; b++) {
    if (counts[b] === 0) continue;
    out.push({ lower: edges[b], upper: edges[b + 1], meanPredicted: sums[b] / counts[b], fractionPositive: trues[b] / counts[b], count: counts[b] });
  }
  return out;
}
