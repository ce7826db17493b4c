import { describe, expect, it } from 'vitest';
import { bootstrapIntervals, markUncertain } from '../../electron/core/evaluation/intervals.js';
import { checkGates } from '../../electron/core/evaluation/gates.js';
import { classificationMetrics, positiveIndex } from '../../electron/core/evaluation/metrics.js';
import { skewness } from '../../electron/core/training/preprocess.js';
import { heldMetrics } from '../../electron/core/store/run-store.js';
import { metricByName } from '../../shared/metrics.js';
import { checkCriteria, formatCriterion, parseCriterion } from '../../shared/schemas/charter.js';
import { hyperparametersSchema, splitName } from '../../shared/schemas/training.js';

describe('criteria on one class', () => {
  it('parses, formats and checks "recall[bad]>=0.7"', () => {
    const c = parseCriterion('recall[bad] >= 70%')!;
    expect(c).toEqual({ metric: 'recall[bad]', comparator: '>=', threshold: 0.7 });
    expect(formatCriterion(c)).toBe('recall[bad] >= 0.7');
    expect(checkCriteria('binary', [c])).toEqual([]);
    expect(checkCriteria('multiclass', [c])).toEqual([]);
    expect(checkCriteria('regression', [c])[0].key).toBe('criterion.wrong_task');
    expect(checkCriteria('binary', [parseCriterion('accuracy[bad]>=0.7')!])[0].key).toBe('criterion.not_per_class');
    expect(checkCriteria('binary', [parseCriterion('recall[bad]<=0.7')!])[0].key).toBe('criterion.higher_is_better');
    expect(metricByName.get('f1[good]')).toMatchObject({ better: 'higher', min: 0, max: 1 });
  });
});

describe('the positive class in metrics', () => {
  // 6 rows, classes [bad, good]; the model finds every "bad" but calls one "good" row bad
  const classes = ['bad', 'good'];
  const yTrue = Int32Array.from([0, 0, 1, 1, 1, 1]);
  const proba = Float64Array.from([0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.2, 0.8, 0.1, 0.9, 0.3, 0.7]);
  it('precision, recall and f1 are about the chosen class, and every class has its own', () => {
    const asBad = classificationMetrics({ classes, yTrue, proba }, [], positiveIndex(classes, 'bad'));
    expect(asBad.recall).toBe(1);
    expect(asBad.precision).toBeCloseTo(2 / 3, 10);
    const asGood = classificationMetrics({ classes, yTrue, proba }, [], positiveIndex(classes, 'good'));
    expect(asGood.recall).toBe(0.75);
    expect(asGood.precision).toBe(1);
    expect(asGood['recall[bad]']).toBe(1);
    expect(asGood['precision[good]']).toBe(1);
    expect(positiveIndex(classes, null)).toBe(1);
    expect(positiveIndex(classes, 'nope')).toBe(1);
  });
});

describe('bootstrap intervals', () => {
  it('are the same every time, contain the measured value, and mark a gate decision inside them as uncertain', () => {
    const n = 40;
    const yTrue = Float64Array.from({ length: n }, (_, i) => i);
    const yPred = Float64Array.from({ length: n }, (_, i) => i + ((i * 7) % 5) - 2);
    const a = bootstrapIntervals({ kind: 'regression', yTrue, yPred }, 300);
    const b = bootstrapIntervals({ kind: 'regression', yTrue, yPred }, 300);
    expect(a).toEqual(b);
    expect(a.resamples).toBe(300);
    const mae = 1.2; // |(7i mod 5) - 2| averaged over i: (2+1+0+1+2)/5
    expect(a.intervals.mae.lower).toBeLessThan(mae);
    expect(a.intervals.mae.upper).toBeGreaterThan(mae);
    const gate = markUncertain(
      checkGates(
        [
          { metric: 'mae', comparator: '<=', threshold: mae },
          { metric: 'mae', comparator: '<=', threshold: 100 },
        ],
        { mae },
      ),
      a.intervals,
    );
    expect(gate.checks.map((c) => c.uncertain)).toEqual([true, false]);
  });
});

describe('small pieces', () => {
  it('skewness agrees with scipy.stats.skew (bias=True)', () => {
    expect(skewness([1, 2, 3, 10])).toBeCloseTo(1.0182337649086284, 10);
    expect(skewness([5, 5, 5])).toBe(0);
  });

  it('a run holds its best epoch only when early stopping restores it', () => {
    const row = { metrics: '{"val_loss":0.5}', best_metrics: '{"val_loss":0.3}', best_epoch: 4, epochs_done: 9 };
    expect(heldMetrics(hyperparametersSchema.parse({}), row)).toMatchObject({ metrics: { val_loss: 0.3 }, metricsEpoch: 4, metricsFrom: 'best', lastMetrics: { val_loss: 0.5 } });
    expect(heldMetrics(hyperparametersSchema.parse({ earlyStopping: { restoreBestWeights: false } }), row)).toMatchObject({
      metrics: { val_loss: 0.5 },
      metricsEpoch: 9,
      metricsFrom: 'last',
    });
    expect(heldMetrics(hyperparametersSchema.parse({ earlyStopping: { enabled: false } }), { ...row, best_epoch: null, best_metrics: null })).toMatchObject({
      metricsEpoch: 9,
      metricsFrom: 'last',
    });
  });

  it('names a split by its seed and ratios', () => {
    expect(splitName({ seed: 7, fractions: { train: 0.7, validation: 0.15, test: 0.15 }, stratified: true })).toBe('seed 7 · 70/15/15 · stratified');
  });
});
