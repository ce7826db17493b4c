import { describe, expect, it } from 'vitest';
import type { LoadedTable } from '../../electron/core/datasets/types.js';
import { encodeTable, fitTablePreprocessing } from '../../electron/core/training/preprocess.js';
import { encodeRawRows } from '../../electron/core/training/raw-rows.js';
import { parseParams } from '../../electron/cli/commands/train-params.js';

function table(): LoadedTable {
  const age = Float64Array.from([20, 30, NaN, 40, 1000, 1000]);
  const member = Float64Array.from([1, 0, 1, NaN, 0, 1]);
  const city = ['lima', 'quito', null, 'lima', 'bogota', 'bogota'];
  const label = ['yes', 'no', 'yes', 'no', 'yes', 'no'];
  return {
    version: {
      id: 'dsv_1',
      datasetId: 'ds_1',
      projectId: 'p',
      name: 'people',
      version: 1,
      hash: 'h',
      kind: 'table',
      rows: 6,
      columns: [],
      target: 'label',
      source: 'x.csv',
      createdAt: '',
    },
    columns: [
      // mean / most-frequent filling without indicators (the defaults, median + indicator and an own
      // category, are tested in preprocess-v2.test.ts)
      { name: 'age', type: 'numeric', role: 'feature', missing: 1, missingStrategy: 'mean', missingIndicator: false },
      { name: 'member', type: 'boolean', role: 'feature', missing: 1, missingStrategy: 'mean', missingIndicator: false },
      { name: 'city', type: 'categorical', role: 'feature', missing: 1, missingStrategy: 'mode', missingIndicator: false },
      { name: 'comment', type: 'text', role: 'feature', missing: 0 },
      { name: 'label', type: 'categorical', role: 'target', missing: 0 },
    ],
    rowCount: 6,
    values: { age, member, city, comment: ['a', 'b', 'c', 'd', 'e', 'f'], label },
  };
}

describe('preprocessing', () => {
  const train = Int32Array.from([0, 1, 2, 3]); // rows 4 and 5 (age 1000, bogota) are not training rows

  it('learns statistics and categories from the training rows only, and leaves text columns out', () => {
    const p = fitTablePreprocessing(table(), train, 'binary', 'tabular');
    expect(p.featureNames).toEqual(['age', 'member', 'city']);
    const age = p.features[0];
    expect(age).toMatchObject({ kind: 'numeric', name: 'age', type: 'numeric' });
    if (age.kind !== 'numeric') throw new Error();
    expect(age.mean).toBeCloseTo(30, 10); // (20+30+40)/3: the 1000s of the other rows do not leak in
    const city = p.features[2];
    expect(city).toMatchObject({ kind: 'categorical', categories: ['lima', 'quito'], fill: 'lima' });
    expect(p.inputShape).toEqual([1 + 1 + 3]); // age, member, lima/quito/unknown
    expect(p.target.classes).toEqual(['no', 'yes']);
  });

  it('imputes missing values and sends unseen categories to the unknown bucket', () => {
    const t = table();
    const p = fitTablePreprocessing(t, train, 'binary', 'tabular');
    const e = encodeTable(p, t, null);
    const row = (i: number) => Array.from(e.x.subarray(i * 5, i * 5 + 5));
    expect(row(2)[0]).toBe(0); // missing age -> training mean -> 0 after standardising
    expect(row(2).slice(2)).toEqual([1, 0, 0]); // missing city -> most frequent (lima)
    expect(row(4).slice(2)).toEqual([0, 0, 1]); // bogota was never seen in training
    expect(Array.from(e.y)).toEqual([1, 0, 1, 0, 1, 0]);
  });

  it('encodes raw rows like the table, and rejects unreadable rows with index and reason', () => {
    const t = table();
    const p = fitTablePreprocessing(t, train, 'binary', 'tabular');
    const fromTable = encodeTable(p, t, Int32Array.from([0])).x;
    const { x, rejected } = encodeRawRows(p, [
      { age: '20', member: 'true', city: 'lima' },
      { age: 'twenty', member: 1, city: 'lima' },
      { age: 31, member: 'maybe' },
      'not a row',
      { member: 'no', city: 'caracas' },
    ]);
    expect(Array.from(x.subarray(0, 5))).toEqual(Array.from(fromTable));
    expect(rejected.map((r) => r.index)).toEqual([1, 2, 3]);
    expect(rejected[0].reason).toContain('column "age": "twenty" is not a number');
    expect(rejected[1].reason).toContain('"maybe" is not a boolean');
    expect(Array.from(x.subarray(20, 25)).slice(2)).toEqual([0, 0, 1]);
  });

  it('refuses a binary project whose target has three classes, and a missing target', () => {
    const t = table();
    (t.values.label as string[])[0] = 'maybe';
    expect(() => fitTablePreprocessing(t, train, 'binary', 'tabular')).toThrow(/binary project.*3 classes/);
    const u = table();
    u.version.target = null;
    u.columns = u.columns.map((c) => ({ ...c, role: c.role === 'target' ? 'feature' : c.role }));
    expect(() => fitTablePreprocessing(u, train, 'binary', 'tabular')).toThrow(/has no target column/);
  });

  it('reads image input from square numeric pixel columns, scaled by the training maximum', () => {
    const n = 4;
    const values: LoadedTable['values'] = { label: ['a', 'b', 'a', 'b'] };
    const columns: LoadedTable['columns'] = [];
    for (let i = 0; i < 16; i++) {
      values[`px${i}`] = Float64Array.from({ length: n }, (_, r) => (r * 16 + i) % 17);
      columns.push({ name: `px${i}`, type: 'numeric', role: 'feature', missing: 0 });
    }
    columns.push({ name: 'label', type: 'categorical', role: 'target', missing: 0 });
    const t: LoadedTable = { ...table(), columns, values, rowCount: n };
    const p = fitTablePreprocessing(t, Int32Array.from([0, 1, 2, 3]), 'binary', 'image');
    expect(p.inputShape).toEqual([4, 4, 1]);
    expect(p.image?.scale).toBe(16);
    expect(Math.max(...encodeTable(p, t, null).x)).toBe(1);
    expect(() => fitTablePreprocessing(table(), train, 'binary', 'image')).toThrow(/square images/);
  });
});

describe('ciclo train --param', () => {
  it('reads hyperparameters and template options with aliases and snake_case', () => {
    const r = parseParams([
      'lr=0.02',
      'batch_size=16',
      'schedule=cosine',
      'early_stopping=true',
      'patience=3',
      'classWeights=balanced',
      'hidden=32,16',
      'dropout=0.2',
      'earlyStopping.monitor=val_accuracy',
    ]);
    expect(r.params).toEqual({
      learningRate: 0.02,
      batchSize: 16,
      schedule: { type: 'cosine' },
      earlyStopping: { enabled: true, patience: 3, monitor: 'val_accuracy' },
      classWeights: 'balanced',
    });
    expect(r.templateOptions).toEqual({ hidden: [32, 16], dropout: 0.2 });
    expect(parseParams(['class_weights=setosa:2,virginica:0.5']).params).toEqual({ classWeights: { setosa: 2, virginica: 0.5 } });
  });

  it('names every bad parameter at once', () => {
    try {
      parseParams(['speed=3', 'epochs=ten', 'hidden=3.5', 'nonsense']);
      throw new Error('expected an error');
    } catch (err) {
      const issues = (err as { details: { issues: { message: string }[] } }).details.issues;
      expect(issues.map((i) => i.message)).toEqual([
        expect.stringContaining('unknown parameter "speed"'),
        expect.stringContaining('"ten" is not a number'),
        expect.stringContaining('"3.5" is not a whole number'),
        expect.stringContaining('expected KEY=VALUE'),
      ]);
    }
  });
});
