import { describe, expect, it } from 'vitest';
import { applyMissing, readCell } from '../../electron/core/datasets/cells.js';
import { cellIssues } from '../../electron/core/datasets/validate-cells.js';
import type { LoadedTable } from '../../electron/core/datasets/types.js';
import type { CategoricalFeature2, DateFeature2, NumericFeature2 } from '../../electron/core/training/features.js';
import { encodeTable, fitTablePreprocessing, type Preprocessing } from '../../electron/core/training/preprocess.js';
import { encodeRawRows } from '../../electron/core/training/raw-rows.js';
import { prepFrom } from '../../electron/cli/commands/dataset-prep.js';
import type { Column } from '../../shared/schemas/dataset.js';

const day = (s: string) => Date.parse(`${s}Z`);

function table(columns: Partial<Record<string, Partial<Column>>> = {}): LoadedTable {
  const cols: Column[] = [
    { name: 'pressure', type: 'numeric', role: 'feature', missing: 1 },
    { name: 'heating', type: 'categorical', role: 'feature', missing: 1 },
    { name: 'visited', type: 'datetime', role: 'feature', missing: 0 },
    { name: 'label', type: 'categorical', role: 'target', missing: 0 },
  ].map((c) => ({ ...c, ...columns[c.name] }) as Column);
  return {
    version: {
      id: 'v',
      datasetId: 'd',
      projectId: 'p',
      name: 'messy',
      version: 1,
      hash: 'h',
      kind: 'table',
      rows: 6,
      columns: cols,
      target: 'label',
      source: 'm.csv',
      createdAt: '',
    },
    columns: cols,
    rowCount: 6,
    values: {
      pressure: Float64Array.from([80, 100, NaN, 90, 70, 1000]),
      heating: ['none', 'gas', null, 'none', 'gas', 'coal'],
      visited: Float64Array.from(
        ['2023-01-02T00:00:00', '2023-06-15T00:00:00', '2024-12-31T00:00:00', '2023-03-01T00:00:00', '2023-07-04T00:00:00', '2030-01-01T00:00:00'].map(day),
      ),
      label: ['yes', 'no', 'yes', 'no', 'yes', 'no'],
    },
  };
}
const train = Int32Array.from([0, 1, 2, 3, 4]);

describe('preprocessing format /2: defaults', () => {
  it('fills numbers with the training median plus a missing indicator, and gives categorical missing values a category of their own', () => {
    const p = fitTablePreprocessing(table(), train, 'binary', 'tabular');
    const [pressure, heating] = p.features as [NumericFeature2, CategoricalFeature2];
    expect(pressure).toMatchObject({ kind: 'numeric', strategy: 'median', fill: 85, indicator: true }); // median of 80, 100, 90, 70
    expect(heating).toMatchObject({ kind: 'categorical', strategy: 'category', categories: ['gas', 'none'], fill: null, missingSlot: true, indicator: false });
    const e = encodeTable(p, table(), Int32Array.from([2, 5]));
    const w = p.inputShape[0];
    const row = (i: number) => Array.from(e.x.subarray(i * w, (i + 1) * w));
    // row 2: pressure missing -> (85 - mean) / std and the indicator; heating missing -> its own slot
    expect(row(0).slice(1, 2)).toEqual([1]);
    expect(row(0).slice(2, 6)).toEqual([0, 0, 0, 1]);
    // row 5: 'coal' was never seen in training -> the unknown slot, not the missing one
    expect(row(1).slice(2, 6)).toEqual([0, 0, 1, 0]);
  });

  it('turns a date into the year and cyclic calendar parts (hour only when the column holds times)', () => {
    const p = fitTablePreprocessing(table(), train, 'binary', 'tabular');
    const visited = p.features[2] as DateFeature2;
    expect(visited.kind).toBe('date');
    expect(visited.parts).toEqual(['year', 'month', 'day_of_week', 'day_of_year']);
    const e = encodeTable(p, table(), Int32Array.from([0]));
    const at = 2 + 4; // pressure + indicator, heating gas/none/unknown/missing
    const [year, mSin, mCos] = Array.from(e.x.subarray(at, at + 3));
    expect(year).toBeCloseTo((2023 - visited.yearMean) / visited.yearStd, 5);
    expect(mSin).toBeCloseTo(0, 6); // January: angle 0
    expect(mCos).toBeCloseTo(1, 6);
    const withTimes = table();
    (withTimes.values.visited as Float64Array)[0] = day('2023-01-02T13:30:00');
    expect((fitTablePreprocessing(withTimes, train, 'binary', 'tabular').features[2] as DateFeature2).parts).toContain('hour');
    const raw = fitTablePreprocessing(table({ visited: { dateHandling: 'raw' } }), train, 'binary', 'tabular');
    expect(raw.features[2]).toMatchObject({ kind: 'numeric', type: 'datetime' });
    const ignored = fitTablePreprocessing(table({ visited: { dateHandling: 'ignore' } }), train, 'binary', 'tabular');
    expect(ignored.featureNames).toEqual(['pressure', 'heating']);
  });

  it('honours the chosen strategies: mean, mode with an indicator, constant', () => {
    const p = fitTablePreprocessing(
      table({ pressure: { missingStrategy: 'constant', missingConstant: '-1', missingIndicator: false }, heating: { missingStrategy: 'mode', missingIndicator: true } }),
      train,
      'binary',
      'tabular',
    );
    expect(p.features[0]).toMatchObject({ strategy: 'constant', fill: -1, indicator: false });
    expect(p.features[1]).toMatchObject({ strategy: 'mode', fill: 'gas', missingSlot: false, indicator: true }); // gas and none tie: the first in order
  });

  it("reads raw cells with the column's own tokens: 'none' is a category unless the column says it is missing", () => {
    const p = fitTablePreprocessing(table(), train, 'binary', 'tabular');
    const fromTable = encodeTable(p, table(), Int32Array.from([0])).x;
    const { x, rejected } = encodeRawRows(p, [
      { pressure: '80', heating: ' none ', visited: '2023-01-02' },
      { pressure: 'inf', heating: 'gas', visited: '2023-01-02' },
    ]);
    expect(Array.from(x.subarray(0, fromTable.length))).toEqual(Array.from(fromTable));
    expect(rejected).toEqual([{ index: 1, reason: 'column "pressure": "inf" is not a number', code: 'row.not_number', params: { column: 'pressure', value: 'inf' } }]);
    expect(readCell('none', { name: 'h', type: 'categorical', missingTokens: ['none'] })).toBeNull();
    expect(readCell('NA', { name: 'h', type: 'categorical', missingTokens: ['?'] })).toBe('NA');
    expect(readCell(' 0.0 ', { name: 'p', type: 'numeric', missingTokens: ['0'] })).toBeNaN();
    expect(readCell('1.50', { name: 'c', type: 'categorical', missingTokens: [], numericLabels: true })).toBe('1.5');
  });

  it('applies tokens added after import to the stored cells: stray strings go, the column becomes numbers', () => {
    const col = applyMissing({ name: 'dose', storage: 'dict', dict: ['1.5', 'abc', '2', 'inf'], codes: Int32Array.from([0, 1, 2, 3, -1]) }, ['NA', 'abc', 'inf']);
    expect(col.storage).toBe('f64');
    if (col.storage === 'f64') expect(Array.from(col.values)).toEqual([1.5, NaN, 2, NaN, NaN]);
    const zeros = applyMissing({ name: 'p', storage: 'f64', values: Float64Array.from([0, 70, 0]) }, ['0']);
    if (zeros.storage === 'f64') expect(Array.from(zeros.values)).toEqual([NaN, 70, NaN]);
  });
});

describe('format /1 packages', () => {
  it('still score exactly as before: their own reader, mean imputation, none read as missing', () => {
    const p: Preprocessing = {
      format: 'ciclo-preprocessing/1',
      inputKind: 'tabular',
      inputShape: [4],
      featureNames: ['pressure', 'heating'],
      features: [
        { kind: 'numeric', name: 'pressure', type: 'numeric', mean: 85, std: 10 },
        { kind: 'categorical', name: 'heating', categories: ['gas', 'none'], fill: 'gas' },
      ],
      image: null,
      target: { name: 'label', task: 'binary', classes: ['no', 'yes'], mean: 0, std: 1 },
    };
    const { x } = encodeRawRows(p, [
      { pressure: '95', heating: 'none' },
      { pressure: 'NA', heating: 'coal' },
    ]);
    expect(Array.from(x)).toEqual([1, 1, 0, 0, 0, 0, 0, 1]);
    const e = encodeTable(p, table(), Int32Array.from([0, 2]));
    expect(Array.from(e.x)).toEqual([-0.5, 0, 1, 0, 0, 1, 0, 0]);
  });
});

describe('ciclo dataset import/schema options', () => {
  it('reads --missing, --missing-indicator, --missing-tokens (+ adds) and --date', () => {
    expect(
      prepFrom(
        {
          missing: ['age=median', 'city=category', 'income=constant:-1', 'x=most_frequent'],
          missingIndicator: ['age=no'],
          missingTokens: ['city=NA, ?', 'dose=+abc'],
          date: ['when=ignore'],
        },
        (c) => (c === 'dose' ? ['NA'] : undefined),
      ),
    ).toEqual({
      age: { missingStrategy: 'median', missingIndicator: false },
      city: { missingStrategy: 'category', missingTokens: ['NA', '?'] },
      income: { missingStrategy: 'constant', missingConstant: '-1' },
      x: { missingStrategy: 'mode' },
      dose: { missingTokens: ['NA', 'abc'] },
      when: { dateHandling: 'ignore' },
    });
    expect(() => prepFrom({ missing: ['age=average', 'bad'], date: ['when=parts2'] })).toThrow(/--missing "age=average"[\s\S]*--missing "bad"[\s\S]*--date "when=parts2"/);
  });
});

describe('zeros standing for missing values', () => {
  const f64 = (name: string, values: number[]) => ({ name, storage: 'f64' as const, values: Float64Array.from(values) });
  const col = (name: string): Column => ({ name, type: 'numeric', role: 'feature', missing: 0 });
  it('flags a 0 far below the real values (a blood pressure), not a count that starts at 0', () => {
    const pressure = [0, 0, ...Array.from({ length: 60 }, (_, i) => 40 + i)];
    const pregnancies = Array.from({ length: 60 }, (_, i) => i % 8);
    const money = [0, 0, 0, ...Array.from({ length: 30 }, (_, i) => 114 * (i + 1) ** 2)];
    const issues = cellIssues({ rows: 62, columns: [f64('pressure', pressure), f64('pregnancies', pregnancies), f64('money', money)] }, [
      col('pressure'),
      col('pregnancies'),
      col('money'),
    ]);
    expect(issues.map((i) => [i.key, i.column])).toEqual([['validate.zero_placeholder', 'pressure']]);
    expect(issues[0].params).toMatchObject({ count: 2, smallest: 40, lines: '2, 3' });
  });
});
