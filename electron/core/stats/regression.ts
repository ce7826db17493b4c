/** Regression metrics, as scikit-learn defines them. */

function check(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  if (yTrue.length !== yPred.length) throw new Error(`y_true has ${yTrue.length} values but y_pred has ${yPred.length}.`);
  for (const [name, arr] of [
    ['y_true', yTrue],
    ['y_pred', yPred],
  ] as const) {
    for (let i = 0; i < arr.length; i++) if (!Number.isFinite(arr[i])) throw new Error(`${name} value ${arr[i]} at position ${i} is not a finite number.`);
  }
}

export interface RegressionMetrics {
  mae: number;
  mse: number;
  rmse: number;
  r2: number;
  /**
   * Mean of |y - y_hat| / |y| over the rows whose true value is not 0 (a fraction, not a percentage,
   * like scikit-learn's mean_absolute_percentage_error). Null when every true value is 0.
   */
  mape: number | null;
  /** Rows left out of MAPE because their true value is 0. */
  mapeExcluded: number;
  count: number;
}

export function meanAbsoluteError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  check(yTrue, yPred);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += Math.abs(yTrue[i] - yPred[i]);
  return s / yTrue.length;
}

export function meanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  check(yTrue, yPred);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += (yTrue[i] - yPred[i]) ** 2;
  return s / yTrue.length;
}

/**
 * Coefficient of determination, 1 - SS_res / SS_tot. When y_true is constant (SS_tot = 0) it is 1 for a
 * perfect prediction and 0 otherwise (scikit-learn's force_finite=True).
 */
export function r2Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  check(yTrue, yPred);
  const n = yTrue.length;
  if (n < 2) return Number.NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i];
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    ssRes += (yTrue[i] - yPred[i]) ** 2;
    ssTot += (yTrue[i] - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

/** MAPE over rows with a non-zero true value; returns the value and how many rows were left out. */
export function meanAbsolutePercentageError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): { value: number | null; excluded: number } {
  check(yTrue, yPred);
  let s = 0;
  let n = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] === 0) continue;
    s += Math.abs(yTrue[i] - yPred[i]) / Math.abs(yTrue[i]);
    n++;
  }
  return { value: n === 0 ? null : s / n, excluded: yTrue.length - n };
}

export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionMetrics {
  const mse = meanSquaredError(yTrue, yPred);
  const mape = meanAbsolutePercentageError(yTrue, yPred);
  return {
    mae: meanAbsoluteError(yTrue, yPred),
    mse,
    rmse: Math.sqrt(mse),
    r2: r2Score(yTrue, yPred),
    mape: mape.value,
    mapeExcluded: mape.excluded,
    count: yTrue.length,
  };
}
