import { describe, expect, it } from 'vitest';
import { predictionsJson, rowOutputJson } from '../../electron/core/serving/fast-json.js';
import { rowOutput } from '../../electron/core/serving/scoring.js';
import type { Prediction } from '../../electron/core/training/predictor.js';

// The answer text written directly must be the very bytes JSON.stringify writes for the answer object.
describe('answer JSON written directly', () => {
  const classifications: Prediction[] = [
    {
      task: 'multiclass',
      classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      probabilities: Float32Array.from({ length: 20 }, (_, i) => Math.fround(1 / (i + 3))),
      labels: ['0', '9'],
      rejected: [],
    },
    // integer-like keys come first in a JS object whatever their order: "10" after "2", before "b"
    {
      task: 'multiclass',
      classes: ['b', '10', 'a "quoted" \\ é', '2', '007', '-1'],
      probabilities: Float32Array.from([0.1, 0.2, 0.3, 0.15, 0.05, 0.2, NaN, NaN, NaN, NaN, NaN, NaN]),
      labels: ['a "quoted" \\ é', null],
      rejected: [{ index: 1, reason: 'bad' }],
    },
    { task: 'binary', classes: ['no', 'yes'], probabilities: Float32Array.from([1e-8, 1 - 1e-8, 0, 1]), labels: ['yes', 'yes'], rejected: [] },
  ];
  it('each row of a classification: label and probabilities, in JSON.stringify key order', () => {
    for (const p of classifications) {
      const n = p.task === 'regression' ? 0 : p.labels.length;
      for (let i = 0; i < n; i++) expect(rowOutputJson(p, i)).toBe(JSON.stringify(rowOutput(p, i)));
    }
  });
  it('each row of a regression, a NaN as null', () => {
    const p: Prediction = { task: 'regression', values: Float64Array.from([1.5, -0, 1e21, 123456.789, NaN]), rejected: [] };
    for (let i = 0; i < 5; i++) expect(rowOutputJson(p, i)).toBe(JSON.stringify(rowOutput(p, i)));
  });
  it('the TensorFlow Serving / MLflow answer, with and without warnings', () => {
    const p = classifications[0];
    const answered = { model_name: 'digits "cnn"', model_version: '3', request_id: 'r-1' };
    const rows = [0, 1].map((i) => rowOutputJson(p, i));
    const objects = [0, 1].map((i) => rowOutput(p, i));
    expect(predictionsJson(rows, answered, [])).toBe(JSON.stringify({ predictions: objects, ...answered }));
    const warnings = [{ row: 1, field: 'city', message: 'row 1: "Atlantis" was never seen' }];
    expect(predictionsJson(rows, answered, warnings)).toBe(JSON.stringify({ predictions: objects, ...answered, warnings }));
  });
});
