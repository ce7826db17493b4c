import { describe, expect, it } from 'vitest';
import { checkGates } from '../../electron/core/evaluation/gates.js';
import { classificationEvaluation, classificationMetrics, regressionEvaluation } from '../../electron/core/evaluation/metrics.js';
import { computeSlices, MISSING, OTHER, quantileEdges } from '../../electron/core/evaluation/slices.js';
import type { Criterion } from '../../shared/schemas/charter.js';

const c = (metric: string, comparator: Criterion['comparator'], threshold: number): Criterion => ({ metric, comparator, threshold });

describe('quality gates', () => {
  it('passes only when every criterion passes, with measured value and margin', () => {
    const criteria = [c('accuracy', '>=', 0.9), c('log_loss', '<=', 0.3)];
    const ok = checkGates(criteria, { accuracy: 0.95, log_loss: 0.2 });
    expect(ok.passed).toBe(true);
    expect(ok.failed).toBe(0);
    expect(ok.checks[0]).toMatchObject({ metric: 'accuracy', measured: 0.95, passed: true, reason: null });
    expect(ok.checks[0].margin).toBeCloseTo(0.05, 12);
    expect(ok.checks[1].margin).toBeCloseTo(0.1, 12);

    const bad = checkGates(criteria, { accuracy: 0.95, log_loss: 0.5 });
    expect(bad.passed).toBe(false);
    expect(bad.failed).toBe(1);
    expect(bad.checks[1].passed).toBe(false);
    expect(bad.checks[1].margin).toBeCloseTo(-0.2, 12);
  });

  it('treats the boundary by the comparator: >= passes at equality, > does not', () => {
    expect(checkGates([c('accuracy', '>=', 0.9)], { accuracy: 0.9 }).passed).toBe(true);
    expect(checkGates([c('accuracy', '>', 0.9)], { accuracy: 0.9 }).passed).toBe(false);
    expect(checkGates([c('rmse', '<', 2)], { rmse: 2 }).passed).toBe(false);
    expect(checkGates([c('rmse', '<=', 2)], { rmse: 2 }).passed).toBe(true);
  });

  it('fails a criterion whose metric was not measured, saying why', () => {
    const singleClass = { message: 'roc_auc: the data holds one class only.', key: 'evaluate:warning.single_class', params: { metric: 'roc_auc', classLabel: null } };
    const r = checkGates(
      [c('latency_p95_ms', '<=', 20), c('roc_auc', '>=', 0.8), c('accuracy', '>=', 0.5), c('wobble', '>=', 1)],
      { roc_auc: null, accuracy: null },
      { roc_auc: singleClass },
    );
    expect(r.passed).toBe(false);
    expect(r.checks[0]).toMatchObject({ measured: null, passed: false, margin: null });
    expect(r.checks[0].reason).toMatch(/latency_p95_ms was not measured/);
    expect(r.checks[1].reason).toBe('roc_auc: the data holds one class only.');
    // each reason also as a stable key with params, for the UI and the report to translate
    expect(r.checks.map((x) => [x.reasonKey, x.reasonParams])).toEqual([
      ['evaluate:gateReason.not_measured', { metric: 'latency_p95_ms' }],
      ['evaluate:warning.single_class', { metric: 'roc_auc', classLabel: null }],
      ['evaluate:gateReason.undefined', { metric: 'accuracy' }],
      ['evaluate:gateReason.unknown_metric', { metric: 'wobble' }],
    ]);
    expect(checkGates([c('accuracy', '>=', 0.5)], { accuracy: 0.9 }).checks[0]).toMatchObject({ reason: null, reasonKey: null, reasonParams: null });
  });

  it('never reports a project with no criteria as passed: its status is no_criteria', () => {
    expect(checkGates([], { accuracy: 0.1 })).toEqual({ passed: false, status: 'no_criteria', failed: 0, checks: [] });
    expect(checkGates([{ metric: 'accuracy', comparator: '>=', threshold: 0.05 }], { accuracy: 0.1 })).toMatchObject({ passed: true, status: 'passed' });
  });
});

describe('slices', () => {
  // 8 rows: true labels, probability of class 1
  const yTrue = Int32Array.from([0, 1, 0, 1, 0, 1, 0, 1]);
  const p1 = [0.2, 0.9, 0.1, 0.8, 0.7, 0.3, 0.6, 0.4];
  const proba = Float64Array.from(p1.flatMap((p) => [1 - p, p]));
  const subset = (pos: number[]) =>
    classificationMetrics({
      classes: ['no', 'yes'],
      yTrue: Int32Array.from(pos.map((i) => yTrue[i])),
      proba: Float64Array.from(pos.flatMap((i) => [proba[2 * i], proba[2 * i + 1]])),
    });

  it('splits a categorical feature by value and flags the slices that fail a criterion', () => {
    const region = ['north', 'north', 'north', 'north', 'south', 'south', 'south', null];
    const r = computeSlices('region', region, subset, [c('accuracy', '>=', 0.9), c('latency_p95_ms', '<=', 5)]);
    expect(r.kind).toBe('categorical');
    expect(r.slices.map((s) => [s.label, s.count])).toEqual([
      ['north', 4],
      ['south', 3],
      [MISSING, 1],
    ]);
    const north = r.slices[0];
    expect(north.metrics.accuracy).toBe(1);
    expect(north.gate.passed).toBe(true);
    // operational criteria do not apply to a slice
    expect(north.gate.checks.map((x) => x.metric)).toEqual(['accuracy']);
    expect(r.slices[1].metrics.accuracy).toBe(0);
    expect(r.failing).toEqual(['south', MISSING]);
  });

  it('groups rare categories as (other)', () => {
    const v = ['a', 'a', 'a', 'b', 'b', 'c', 'd', 'e'];
    const r = computeSlices('v', v, subset, [], { maxCategories: 2 });
    expect(r.slices.map((s) => [s.label, s.count])).toEqual([
      ['a', 3],
      ['b', 2],
      [OTHER, 3],
    ]);
  });

  it('bins a numeric feature by quantiles, the last bin closed', () => {
    const age = Float64Array.from([10, 20, 30, 40, 50, 60, 70, Number.NaN]);
    const r = computeSlices('age', age, subset, [], { bins: 2 });
    expect(r.kind).toBe('numeric');
    expect(r.slices.map((s) => [s.label, s.count])).toEqual([
      ['[10, 40)', 3],
      ['[40, 70]', 4],
      [MISSING, 1],
    ]);
    expect(r.slices[1]).toMatchObject({ lower: 40, upper: 70 });
  });

  it('merges repeated quantile edges instead of making empty bins', () => {
    expect(quantileEdges([1, 1, 1, 1, 1, 2], 4)).toEqual([1, 2]);
    const r = computeSlices('x', Float64Array.from([5, 5, 5, 5]), subset, [], { bins: 4 });
    expect(r.slices.map((s) => [s.label, s.count])).toEqual([['5', 4]]);
    expect(r.note).toBe('single_slice'); // a constant column cannot be sliced meaningfully, and the report says so
  });

  it('gives a value that dominates a column (mostly zeros) a slice of its own and bins the rest by quantiles', () => {
    const spend = Float64Array.from([0, 0, 0, 0, 0, 12, 30, 55]);
    const r = computeSlices('spend', spend, subset, [], { bins: 4 });
    expect(r.slices.map((s) => [s.label, s.count])).toEqual([
      ['0', 5],
      ['[12, 24)', 1],
      ['[24, 38.33)', 1],
      ['[38.33, 55]', 1],
    ]);
    expect(r.note).toBeUndefined();
  });
});

describe('slices of a date column', () => {
  const subset = (positions: number[]) => ({ n: positions.length });
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

  it('bins dates by quantiles on whole days, labelled as dates, with the same rows as the interpolated edges', () => {
    const days = ['2024-01-01', '2024-01-02', '2024-01-04', '2024-01-08', '2024-01-09', '2024-01-20', '2024-02-01', '2024-03-01'];
    const values = Float64Array.from(days, day);
    const r = computeSlices('signed_on', values, subset as never, [], { bins: 3, datetime: true });
    expect(r.kind).toBe('datetime');
    for (const s of r.slices) {
      expect(s.lower! % 86_400_000).toBe(0);
      expect(s.upper! % 86_400_000).toBe(0);
      expect(s.label).toMatch(/^\[\d{4}-\d{2}-\d{2}, \d{4}-\d{2}-\d{2}[)\]]$/);
    }
    // the interpolated (numeric) bins hold the same rows: whole-day edges move no value across a bin
    const plain = computeSlices('signed_on', values, subset as never, [], { bins: 3 });
    expect(r.slices.map((s) => s.count)).toEqual(plain.slices.map((s) => s.count));
    expect(r.slices[0].label).toBe('[2024-01-01, 2024-01-06)'); // the 1/3 quantile is 5 Jan 08:00: the next whole day
  });

  it('keeps times when the dates carry them', () => {
    const values = Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7], (i) => Date.parse('2024-05-01T08:00:00Z') + i * 3_600_000);
    const r = computeSlices('at', values, subset as never, [], { bins: 2, datetime: true });
    expect(r.slices[0].label).toBe('[2024-05-01 08:00:00, 2024-05-01 11:30:00)');
  });
});

describe('evaluation assembly', () => {
  it('reports the catalogue metrics, per-class rows and a downsampled-aware curve for a binary model', () => {
    const yTrue = Int32Array.from([0, 0, 1, 1]);
    const proba = Float64Array.from([0.9, 0.1, 0.6, 0.4, 0.65, 0.35, 0.2, 0.8]);
    const e = classificationEvaluation({ classes: ['neg', 'pos'], yTrue, proba });
    expect(Object.keys(e.metrics).sort()).toEqual(
      [
        'accuracy',
        'average_precision',
        'balanced_accuracy',
        'brier',
        'f1',
        'f1_macro',
        'f1_weighted',
        'log_loss',
        'precision',
        'precision_macro',
        'recall',
        'recall_macro',
        'roc_auc',
        // per-class metrics, always there so criteria can target a class (recall[neg]>=0.7)
        'f1[neg]',
        'f1[pos]',
        'precision[neg]',
        'precision[pos]',
        'recall[neg]',
        'recall[pos]',
      ].sort(),
    );
    expect(e.metrics['precision[pos]']).toBe(1);
    expect(e.metrics['recall[pos]']).toBe(0.5);
    expect(e.metrics['precision[neg]']).toBeCloseTo(2 / 3, 12);
    expect(e.metrics['recall[neg]']).toBe(1);
    expect(e.metrics['f1[neg]']).toBeCloseTo(0.8, 12);
    expect(e.metrics.accuracy).toBe(0.75);
    expect(e.metrics.roc_auc).toBe(0.75);
    if (e.details.kind !== 'classification') throw new Error('expected classification details');
    expect(e.details.positiveClass).toBe('pos');
    expect(e.details.confusion.counts).toEqual([
      [2, 0],
      [1, 1],
    ]);
    expect(e.details.roc).toHaveLength(1);
    expect(e.details.roc[0].thresholds[0]).toBeNull();
    expect(e.details.roc[0].downsampled).toBe(false);
    expect(e.details.pr[0].baseline).toBe(0.5);
  });

  it('leaves undefined metrics null with a warning rather than inventing a value', () => {
    const e = classificationEvaluation({ classes: ['a', 'b'], yTrue: Int32Array.from([0, 0, 0]), proba: Float64Array.from([0.8, 0.2, 0.3, 0.7, 0.6, 0.4]) });
    expect(e.metrics.roc_auc).toBeNull();
    expect(e.warnings.some((w) => w.metric === 'roc_auc' && /one class/.test(w.message))).toBe(true);
    // and the same warning as a stable key with params, so the UI can say it in Spanish
    expect(e.warnings.find((w) => w.metric === 'roc_auc')).toMatchObject({ key: 'evaluate:warning.single_class', params: { metric: 'roc_auc', classLabel: 'b' } });
    expect(e.warnings.every((w) => w.key === `evaluate:warning.${w.reason}`)).toBe(true);
  });

  it('thins long curves to at most 200 points and keeps their ends', () => {
    const n = 5000;
    const yTrue = Int32Array.from({ length: n }, (_, i) => ((i * 7919) % 3 === 0 ? 1 : 0));
    const proba = Float64Array.from(Array.from({ length: n }, (_, i) => ((i * 104729) % 9973) / 9973).flatMap((p) => [1 - p, p]));
    const e = classificationEvaluation({ classes: ['a', 'b'], yTrue, proba });
    if (e.details.kind !== 'classification') throw new Error('expected classification details');
    const roc = e.details.roc[0];
    expect(roc.downsampled).toBe(true);
    expect(roc.fpr.length).toBeLessThanOrEqual(200);
    expect([roc.fpr[0], roc.tpr[0]]).toEqual([0, 0]);
    expect([roc.fpr.at(-1), roc.tpr.at(-1)]).toEqual([1, 1]);
  });

  it('says how many rows MAPE left out for a true value of 0', () => {
    const e = regressionEvaluation({ yTrue: Float64Array.from([0, 2, 4, 0]), yPred: Float64Array.from([1, 1, 5, 0]) });
    expect(e.metrics.mape).toBeCloseTo((0.5 + 0.25) / 2, 12);
    expect(e.warnings[0].message).toMatch(/2 of 4 rows have a true value of 0/);
    expect(e.warnings[0]).toMatchObject({ key: 'evaluate:warning.zero_true_values_excluded', params: { metric: 'mape', excluded: 2, rows: 4 } });
    if (e.details.kind !== 'regression') throw new Error('expected regression details');
    expect(e.details.mapeExcluded).toBe(2);
    expect(e.details.residualHistogram.counts.reduce((a, b) => a + b, 0)).toBe(4);
  });
});
