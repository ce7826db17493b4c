import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyMissing } from '../../electron/core/datasets/cells.js';
import { ColumnBuilder } from '../../electron/core/datasets/columns.js';
import { defaultMissingTokens } from '../../shared/schemas/prep.js';
import { multisetChange } from '../../electron/core/datasets/diff.js';
import { decideSchema, inferType, parseDate } from '../../electron/core/datasets/infer.js';
import { readCsv } from '../../electron/core/datasets/parse-csv.js';
import { numericSummary, pearson, profileTable, valueCounts } from '../../electron/core/datasets/profile.js';
import { assertText, guessDelimiter, sniffHeader } from '../../electron/core/datasets/sniff.js';
import { splitRows } from '../../electron/core/datasets/splits.js';
import { repoRoot } from '../helpers/workspace.js';

const samples = path.join(repoRoot, 'resources/datasets');

function column(values: string[]) {
  const b = new ColumnBuilder('c');
  for (const v of values) b.pushText(v);
  return b.finish();
}

describe('sniffing', () => {
  it('finds the delimiter that splits every line the same way, ignoring delimiters inside quotes', () => {
    expect(guessDelimiter('a;b;c\n1;2,5;3\n4;5,1;6\n')).toBe(';');
    expect(guessDelimiter('a\tb\n"x, y"\t2\n')).toBe('\t');
    expect(guessDelimiter('a|b|c\n1|2|3\n')).toBe('|');
    expect(guessDelimiter('name,comment\nann,"hi; there; you"\nbob,"a; b; c"\n')).toBe(',');
  });

  it('reads a first line of numbers as data, anything else as a header', () => {
    expect(sniffHeader('1,2,3\n4,5,6\n', ',')).toBe(false);
    expect(sniffHeader('a,b,3\n4,5,6\n', ',')).toBe(true);
  });

  it('refuses binary content and UTF-16', () => {
    expect(() => assertText('x.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toThrow(/x\.csv looks like a binary file/);
    expect(() => assertText('x.csv', Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toThrow(/UTF-16/);
  });
});

describe('columns and type inference', () => {
  it('keeps numbers as numbers until a word appears, then keeps every value as text', () => {
    const c = column(['1', '2.50', 'NA', 'abc', '']);
    expect(c.storage).toBe('dict');
    if (c.storage !== 'dict') return;
    // a text column keeps its token cells' text (a model with other tokens can read them); the version's tokens apply in the view
    expect([...c.codes].map((k) => (k < 0 ? null : c.dict[k]))).toEqual(['1', '2.5', 'NA', 'abc', null]);
    const view = applyMissing(c, defaultMissingTokens);
    if (view.storage !== 'dict') throw new Error('still text');
    expect([...view.codes].map((k) => (k < 0 ? null : view.dict[k]))).toEqual(['1', '2.5', null, 'abc', null]);
  });

  it('reads every listed missing token as missing', () => {
    const c = column(['', 'NA', 'N/A', 'null', '?', 'NaN', ' 3 ']);
    expect(c.storage).toBe('f64');
    if (c.storage === 'f64') expect(Array.from(c.values).map((v) => (Number.isNaN(v) ? null : v))).toEqual([null, null, null, null, null, null, 3]);
  });

  it('tells numeric, boolean, datetime, categorical and text apart', () => {
    expect(inferType(column(['1', '2', '3.5']))).toBe('numeric');
    expect(inferType(column(['yes', 'no', 'Yes', '']))).toBe('boolean');
    expect(inferType(column(['true', 'false']))).toBe('boolean');
    expect(inferType(column(['2024-01-31', '2024-02-01T10:00:00Z', '']))).toBe('datetime');
    expect(inferType(column(['red', 'blue', 'red', 'green']))).toBe('categorical');
    expect(inferType(column(Array.from({ length: 200 }, (_, i) => `user-${i}`)))).toBe('text');
  });

  it('parses ISO dates as UTC and refuses impossible ones', () => {
    expect(parseDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseDate('2024-03-01T12:30:00+02:00')).toBe(Date.UTC(2024, 2, 1, 10, 30));
    expect(Number.isNaN(parseDate('2023-02-29'))).toBe(true);
    expect(Number.isNaN(parseDate('31/01/2024'))).toBe(true);
  });

  it('makes a numeric class label categorical for a classification task, and keeps it numeric for regression', () => {
    const table = { rows: 4, columns: [column(['1', '2', '3', '4']), { ...column(['0', '1', '0', '1']), name: 'y' }] };
    expect(decideSchema(table, { target: 'y', taskType: 'binary', source: 't' }).columns[1]).toMatchObject({ type: 'categorical', role: 'target' });
    expect(decideSchema(table, { target: 'y', taskType: 'regression', source: 't' }).columns[1]).toMatchObject({ type: 'numeric', role: 'target' });
  });
});

// Expected values computed independently with numpy 2 (mean, std with ddof=1, quantile 'linear',
// corrcoef, histogram with 20 bins) on the same CSV files.
const NUMPY = {
  irisPetalLength: { mean: 3.7580000000000005, std: 1.7652982332594662, q: [1.3, 1.6, 4.35, 5.1, 6.1], distinct: 43 },
  irisCorrPetalLengthWidth: 0.9628654314027961,
  diabetesBmi: { mean: 26.37579185520362, std: 4.4181215606157735, q: [20.2, 23.2, 25.7, 29.275, 34.3], distinct: 163 },
  diabetesBmiHistogram: [10, 22, 28, 38, 49, 49, 52, 38, 36, 25, 25, 28, 16, 7, 9, 3, 4, 1, 0, 2],
  diabetesCorrBmiTarget: 0.5864501344746885,
};

describe('profile (cross-checked with numpy)', () => {
  it('iris: petal length statistics, correlation, class balance and the one duplicate row', async () => {
    const { table } = await readCsv(path.join(samples, 'iris.csv'), {});
    const schema = decideSchema(table, { target: 'species', taskType: 'multiclass', source: 'iris.csv' });
    const p = profileTable(table, schema.columns, schema.target);
    const pl = p.columns.find((c) => c.name === 'petal_length_cm')!;
    expect(pl.numeric!.mean).toBeCloseTo(NUMPY.irisPetalLength.mean, 12);
    expect(pl.numeric!.std).toBeCloseTo(NUMPY.irisPetalLength.std, 12);
    const q = pl.numeric!.quantiles;
    [q.p05, q.p25, q.p50, q.p75, q.p95].forEach((v, i) => expect(v).toBeCloseTo(NUMPY.irisPetalLength.q[i], 12));
    expect(pl.distinct).toBe(NUMPY.irisPetalLength.distinct);
    const i = p.correlations.columns.indexOf('petal_length_cm');
    const j = p.correlations.columns.indexOf('petal_width_cm');
    expect(p.correlations.matrix[i][j]).toBeCloseTo(NUMPY.irisCorrPetalLengthWidth, 12);
    expect(p.target?.classes).toEqual([
      { value: 'setosa', count: 50 },
      { value: 'versicolor', count: 50 },
      { value: 'virginica', count: 50 },
    ]);
    expect(p.duplicateRows).toBe(1);
  });

  it('diabetes: bmi statistics, histogram and correlation with the numeric target', async () => {
    const { table } = await readCsv(path.join(samples, 'diabetes.csv'), {});
    const schema = decideSchema(table, { target: 'disease_progression', taskType: 'regression', source: 'diabetes.csv' });
    const p = profileTable(table, schema.columns, schema.target);
    const bmi = p.columns.find((c) => c.name === 'bmi')!;
    expect(bmi.numeric!.mean).toBeCloseTo(NUMPY.diabetesBmi.mean, 12);
    expect(bmi.numeric!.std).toBeCloseTo(NUMPY.diabetesBmi.std, 12);
    const q = bmi.numeric!.quantiles;
    [q.p05, q.p25, q.p50, q.p75, q.p95].forEach((v, i) => expect(v).toBeCloseTo(NUMPY.diabetesBmi.q[i], 12));
    expect(bmi.distinct).toBe(NUMPY.diabetesBmi.distinct);
    expect(bmi.numeric!.histogram.counts).toEqual(NUMPY.diabetesBmiHistogram);
    expect(p.targetCorrelations.find((c) => c.column === 'bmi')!.value).toBeCloseTo(NUMPY.diabetesCorrBmiTarget, 12);
    expect(p.target).toEqual({ name: 'disease_progression', type: 'numeric', classes: null });
  });

  it('keeps the 20 most frequent values, ties in alphabetical order, even for a million-value id column', () => {
    const n = 1_000_000;
    const dict = Array.from({ length: n }, (_, i) => `id-${String(n - i).padStart(7, '0')}`);
    const codes = Int32Array.from({ length: n + 2 }, (_, i) => (i < n ? i : 5));
    const v = valueCounts({ name: 'id', storage: 'dict', dict, codes });
    expect(v.distinct).toBe(n);
    expect(v.top[0]).toEqual({ value: dict[5], count: 3 });
    expect(v.top.slice(1, 3).map((t) => t.value)).toEqual(['id-0000001', 'id-0000002']);
    expect(v.top).toHaveLength(20);
    expect(v.otherCount).toBe(n + 2 - 3 - 19);
  });

  it('ignores missing values in statistics and correlations', () => {
    const { summary, distinct } = numericSummary(Float64Array.from([1, NaN, 3, NaN, 5]));
    expect(summary).toMatchObject({ min: 1, max: 5, mean: 3, std: 2 });
    expect(distinct).toBe(3);
    expect(pearson(Float64Array.from([1, 2, NaN, 4]), Float64Array.from([2, 4, 100, 8]))).toBeCloseTo(1, 12);
  });
});

describe('splits', () => {
  const labels = Int32Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? 1 : 0)); // 10% positives

  it('the same seed gives the same rows; another seed gives other rows', () => {
    const f = { train: 0.7, validation: 0.15, test: 0.15 };
    const a = splitRows(labels, f, 7, true);
    const b = splitRows(labels, f, 7, true);
    const c = splitRows(labels, f, 8, true);
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test));
    expect(a.train.length + a.validation.length + a.test.length).toBe(1000);
    expect(new Set([...a.train, ...a.validation, ...a.test]).size).toBe(1000);
  });

  it('stratified splits keep the class proportions in every part; rows without a target are left out', () => {
    const withMissing = Int32Array.from(labels, (v, i) => (i === 3 ? -1 : v));
    const s = splitRows(withMissing, { train: 0.7, validation: 0.15, test: 0.15 }, 1, true);
    const share = (rows: Int32Array) => rows.reduce((n, r) => n + (labels[r] === 1 ? 1 : 0), 0) / rows.length;
    expect(share(s.test)).toBeCloseTo(0.1, 2);
    expect(share(s.validation)).toBeCloseTo(0.1, 2);
    expect(share(s.train)).toBeCloseTo(0.1, 2);
    expect(s.excluded).toBe(1);
    expect(s.test.includes(3) || s.train.includes(3) || s.validation.includes(3)).toBe(false);
  });
});

describe('diff of rows', () => {
  it('counts added and removed rows as multisets', () => {
    expect(multisetChange([1, 2, 2, 3], [2, 3, 4, 4])).toEqual({ added: 2, removed: 2 });
    expect(multisetChange([1, 2], [1, 2])).toEqual({ added: 0, removed: 0 });
  });
});

describe('decimal comma (European CSV)', () => {
  const fixture = path.join(repoRoot, 'test/fixtures/bad-inputs/decimal-comma.csv');
  const numbers = (c: ReturnType<typeof column>) => (c.storage === 'f64' ? Array.from(c.values, (v) => (Number.isNaN(v) ? null : v)) : null);

  it('reads 1,25 and 1.234,50 as numbers in a ;-delimited file, and leaves a column with words as it is', async () => {
    for (const plainPath of [true, false]) {
      const { table, warnings } = await readCsv(fixture, { plainPath });
      const col = (name: string) => table.columns.find((c) => c.name === name)!;
      expect(numbers(col('precio'))).toEqual([1.25, 2, 3.1, -0.45, 2.5]);
      expect(numbers(col('peso_kg'))).toEqual([0.5, 1.75, null, 2, 0.25]);
      expect(numbers(col('importe'))).toEqual([1234.5, 980.75, 12, 10000, 15.5]);
      expect(numbers(col('unidades'))).toEqual([3, 12, 1, 7, 4]);
      expect(col('talla').storage).toBe('dict');
      expect(warnings.map((w) => [w.key, w.params.columns])).toEqual([['import.decimal_comma', 'precio, peso_kg, importe']]);
    }
  });

  it('only when the delimiter is not a comma, and not when a dotted number makes it ambiguous', () => {
    const build = (values: string[], decimalComma: boolean) => {
      const b = new ColumnBuilder('c', 16, decimalComma);
      for (const v of values) b.pushText(v);
      return b.finish();
    };
    expect(numbers(build(['1,5', '2', '-0,75'], true))).toEqual([1.5, 2, -0.75]);
    expect(build(['1,5', '2'], false).storage).toBe('dict');
    // 1.234 could be one point two or twelve hundred: left as text
    expect(build(['1.234', '2,5'], true).storage).toBe('dict');
    expect(build(['2,5', '1.234'], true).storage).toBe('dict');
    expect(build(['2,5', '1.2345,6'], true).storage).toBe('dict');
    expect(numbers(build(['1.234.567,5', '3,25'], true))).toEqual([1234567.5, 3.25]);
    // integers alone stay as they were read
    expect(numbers(build(['1', '2'], true))).toEqual([1, 2]);
  });
});

describe('id columns', () => {
  const n = 30;
  const shuffled = Array.from({ length: n }, (_, i) => String(((i * 17) % n) * 3 + 100));
  const named = (name: string, values: string[]) => ({ ...column(values), name });

  it('ignores a numeric column named like an id whose values are all different whole numbers, and says why', () => {
    const table = {
      rows: n,
      columns: [
        named('customer_id', shuffled),
        named('playerId', shuffled),
        named(
          'id_cliente',
          shuffled.map((v, i) => (i === 3 ? '' : v)),
        ),
        named('paid', shuffled),
        named(
          'order_id',
          shuffled.map((v, i) => (i === 5 ? shuffled[4] : v)),
        ),
        named(
          'user_id',
          shuffled.map((v) => `${v}.5`),
        ),
        named(
          'row',
          Array.from({ length: n }, (_, i) => String(1001 + i)),
        ),
        named(
          'x',
          Array.from({ length: n }, (_, i) => String(i % 4)),
        ),
      ],
    };
    const s = decideSchema(table, { taskType: 'regression', source: 't.csv' });
    expect(Object.fromEntries(s.columns.map((c) => [c.name, c.role]))).toEqual({
      customer_id: 'ignore',
      playerId: 'ignore',
      id_cliente: 'ignore',
      paid: 'feature', // not an id name
      order_id: 'feature', // a repeated value: not an id
      user_id: 'feature', // not whole numbers
      row: 'ignore', // consecutive numbers from any start: a row number
      x: 'feature',
    });
    expect(s.warnings.map((w) => `${w.key}:${w.column}`)).toEqual([
      'import.id_column:customer_id',
      'import.id_column:playerId',
      'import.id_column:id_cliente',
      'import.row_number:row',
    ]);
    // the user's choice wins
    const kept = decideSchema(table, { taskType: 'regression', source: 't.csv', roles: { customer_id: 'feature' } });
    expect(kept.columns[0].role).toBe('feature');
  });
});
