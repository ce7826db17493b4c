/**
 * Every metric against scikit-learn. The fixtures (inputs and expected values) are written by
 * test/fixtures/metrics/make_fixtures.py with Debian's python3-sklearn; see that script for the cases.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { brierScore, calibrationCurve, logLoss } from '../../electron/core/stats/calibration.js';
import {
  accuracy,
  argmaxRows,
  balancedAccuracy,
  classScores,
  confusionMatrix,
  normalizeRows,
  precisionRecallF1,
  type StatWarning,
} from '../../electron/core/stats/classification.js';
import { averagePrecision, averagePrecisionOvr, column, oneVsRest, prCurve, rocAuc, rocAucOvr, rocCurve } from '../../electron/core/stats/curves.js';
import { regressionMetrics } from '../../electron/core/stats/regression.js';

const dir = path.resolve(__dirname, '../fixtures/metrics');
const fixtures = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));

const TOL = 1e-9;

function near(actual: number | null, expected: number | null, what: string): void {
  if (expected === null) {
    expect(actual === null || Number.isNaN(actual), `${what}: expected undefined, got ${actual}`).toBe(true);
    return;
  }
  expect(actual, what).not.toBeNull();
  const diff = Math.abs((actual as number) - expected);
  expect(diff <= TOL * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs scikit-learn ${expected}`).toBe(true);
}

function nearAll(actual: ArrayLike<number | null>, expected: (number | null)[], what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) near(actual[i], expected[i], `${what}[${i}]`);
}

const classification = fixtures.filter((f) => f.task !== 'regression');
const regression = fixtures.filter((f) => f.task === 'regression');

describe.each(classification.map((f) => [f.name, f] as const))('classification fixture %s', (_name, fx) => {
  const y: number[] = fx.input.y_true;
  const rows: number[][] = fx.input.proba;
  const K = rows[0].length;
  const proba = Float64Array.from(rows.flat());
  const pred = argmaxRows(proba, K);
  const e = fx.expected;
  const cm = confusionMatrix(y, pred, K);

  it('accuracy, balanced accuracy and confusion matrices', () => {
    near(accuracy(y, pred), e.accuracy, 'accuracy');
    near(balancedAccuracy(cm), e.balanced_accuracy, 'balanced_accuracy');
    expect(cm).toEqual(e.confusion_matrix);
    normalizeRows(cm).forEach((row, i) => nearAll(row, e.confusion_matrix_normalized[i], `normalized row ${i}`));
  });

  it('precision, recall and F1 per class and averaged', () => {
    const warnings: StatWarning[] = [];
    const { perClass, averages } = precisionRecallF1(cm, warnings);
    nearAll(
      perClass.map((s) => s.precision),
      e.per_class.precision,
      'precision per class',
    );
    nearAll(
      perClass.map((s) => s.recall),
      e.per_class.recall,
      'recall per class',
    );
    nearAll(
      perClass.map((s) => s.f1),
      e.per_class.f1,
      'f1 per class',
    );
    expect(perClass.map((s) => s.support)).toEqual(e.per_class.support);
    for (const avg of ['macro', 'weighted'] as const) {
      for (const m of ['precision', 'recall', 'f1'] as const) near(averages[avg][m], e[avg][m], `${m} ${avg}`);
    }
    expect(warnings.length > 0, 'a zero-division warning exactly when scikit-learn warns').toBe(e.macro.warned);
    if (K === 2) {
      const w: StatWarning[] = [];
      const s = classScores(cm, 1, w);
      near(s.precision, e.binary.precision, 'binary precision');
      near(s.recall, e.binary.recall, 'binary recall');
      near(s.f1, e.binary.f1, 'binary f1');
      expect(w.length > 0).toBe(e.binary.warned);
    }
  });

  it('log loss and Brier score', () => {
    near(logLoss(y, proba, K), e.log_loss, 'log_loss');
    near(brierScore(y, proba, K), e.brier, 'brier');
  });

  if (K === 2) {
    const pos = y.map((v) => v === 1);
    const score = column(proba, 2, 1);
    it('ROC curve and AUC', () => {
      const c = rocCurve(pos, score);
      nearAll(c.fpr, e.roc_curve.fpr, 'fpr');
      nearAll(c.tpr, e.roc_curve.tpr, 'tpr');
      expect(c.thresholds[0]).toBe(Number.POSITIVE_INFINITY);
      nearAll(c.thresholds.slice(1), e.roc_curve.thresholds, 'roc thresholds');
      const w: StatWarning[] = [];
      near(rocAuc(pos, score, w), e.roc_auc, 'roc_auc');
      expect(w.some((x) => x.reason === 'single_class')).toBe(e.roc_auc === null);
    });
    it('precision-recall curve and average precision', () => {
      const c = prCurve(pos, score);
      nearAll(c.precision, e.pr_curve.precision, 'pr precision');
      nearAll(c.recall, e.pr_curve.recall, 'pr recall');
      nearAll(c.thresholds, e.pr_curve.thresholds, 'pr thresholds');
      near(averagePrecision(pos, score), e.average_precision, 'average_precision');
    });
    it('calibration curve (10 uniform bins)', () => {
      const bins = calibrationCurve(pos, score, 10);
      nearAll(
        bins.map((b) => b.fractionPositive),
        e.calibration.fraction_positive,
        'fraction positive',
      );
      nearAll(
        bins.map((b) => b.meanPredicted),
        e.calibration.mean_predicted,
        'mean predicted',
      );
      expect(bins.reduce((a, b) => a + b.count, 0)).toBe(y.length);
    });
  } else {
    it('one-vs-rest ROC AUC and average precision', () => {
      const roc = rocAucOvr(y, proba, K);
      nearAll(roc.perClass, e.roc_auc_per_class, 'roc_auc per class');
      if (e.roc_auc !== null) near(roc.macro, e.roc_auc, 'roc_auc macro');
      else {
        // scikit-learn refuses when a class is absent; Ciclo averages over the classes present
        const present = e.roc_auc_per_class.filter((v: number | null) => v !== null) as number[];
        near(roc.macro, present.reduce((a, b) => a + b, 0) / present.length, 'roc_auc macro over present classes');
      }
      const ap = averagePrecisionOvr(y, proba, K);
      nearAll(ap.perClass, e.average_precision_per_class, 'AP per class');
      near(ap.macro, e.average_precision, 'AP macro');
    });
    it('calibration curve per class', () => {
      for (let k = 0; k < K; k++) {
        const bins = calibrationCurve(oneVsRest(y, k), column(proba, K, k), 10);
        nearAll(
          bins.map((b) => b.fractionPositive),
          e.calibration_per_class[k].fraction_positive,
          `class ${k} fraction positive`,
        );
        nearAll(
          bins.map((b) => b.meanPredicted),
          e.calibration_per_class[k].mean_predicted,
          `class ${k} mean predicted`,
        );
      }
    });
  }
});

describe.each(regression.map((f) => [f.name, f] as const))('regression fixture %s', (_name, fx) => {
  it('MAE, MSE, RMSE, R2 and MAPE (zeros left out)', () => {
    const m = regressionMetrics(fx.input.y_true, fx.input.y_pred);
    for (const k of ['mae', 'mse', 'rmse', 'r2', 'mape'] as const) near(m[k], fx.expected[k], k);
    expect(m.mapeExcluded).toBe(fx.expected.mape_excluded);
  });
});

it('has the fixture cases the brief asks for', () => {
  const names = fixtures.map((f) => f.name);
  expect(names.filter((n) => n.startsWith('binary')).length).toBeGreaterThanOrEqual(4);
  expect(fixtures.some((f) => f.task === 'multiclass' && f.input.proba[0].length === 3)).toBe(true);
  expect(fixtures.some((f) => f.task === 'multiclass' && f.input.proba[0].length === 10)).toBe(true);
  expect(regression.length).toBeGreaterThanOrEqual(2);
});
