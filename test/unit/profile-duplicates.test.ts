import { describe, expect, it } from 'vitest';
import type { RawColumn, RawTable } from '../../electron/core/datasets/columns.js';
import { duplicateRows, valueCounts } from '../../electron/core/datasets/profile.js';
import { mulberry32 } from '../../electron/core/stats/random.js';

/**
 * Duplicate rows: a table with a column that holds a different value in every row (an id) has none, which the
 * profile answers without hashing the rows; any other table is counted row by row. Both agree with a plain
 * count of rows whose every cell equals an earlier row's.
 */

function plainCount(table: RawTable): number {
  const seen = new Set<string>();
  let copies = 0;
  for (let i = 0; i < table.rows; i++) {
    const key = JSON.stringify(table.columns.map((c) => (c.storage === 'f64' ? String(c.values[i]) : c.codes[i] < 0 ? null : c.dict[c.codes[i]])));
    if (seen.has(key)) copies++;
    else seen.add(key);
  }
  return copies;
}

function table(ids: (string | null)[]): RawTable {
  const r = mulberry32(3);
  const n = ids.length;
  const dict: string[] = [];
  const index = new Map<string, number>();
  const codes = Int32Array.from(ids, (v) => {
    if (v === null) return -1;
    if (!index.has(v)) index.set(v, dict.push(v) - 1);
    return index.get(v)!;
  });
  // few values per column, so many rows repeat each other apart from the id
  const x = Float64Array.from({ length: n }, () => (r() < 0.1 ? NaN : Math.floor(r() * 2)));
  const colour: RawColumn = { name: 'colour', storage: 'dict', dict: ['red', 'blue'], codes: Int32Array.from({ length: n }, () => Math.floor(r() * 2)) };
  return { rows: n, columns: [{ name: 'x', storage: 'f64', values: x }, colour, { name: 'id', storage: 'dict', dict, codes }] };
}

describe('duplicate rows', () => {
  it('a column with a different value in every row: no row is a copy', () => {
    const t = table(Array.from({ length: 500 }, (_, i) => `id-${i}`));
    expect(duplicateRows(t)).toBe(0);
    expect(plainCount(t)).toBe(0);
  });

  it('the same id twice, or a missing id, counts the rows one by one', () => {
    const repeated = table(Array.from({ length: 500 }, (_, i) => `id-${i % 250}`));
    expect(duplicateRows(repeated)).toBe(plainCount(repeated));
    expect(plainCount(repeated)).toBeGreaterThan(0);
    const missing = table(Array.from({ length: 500 }, (_, i) => (i % 50 === 0 ? null : `id-${i}`)));
    expect(duplicateRows(missing)).toBe(plainCount(missing));
    // the two-column table without the id: most rows repeat
    const withoutId = { ...missing, columns: missing.columns.slice(0, 2) };
    expect(duplicateRows(withoutId)).toBe(plainCount(withoutId));
    expect(duplicateRows(withoutId)).toBeGreaterThan(400);
  });

  it('a dictionary larger than the rows (a value only a missing-value token used) is still checked cell by cell', () => {
    const t = table(Array.from({ length: 300 }, (_, i) => `id-${i % 299}`));
    const id = t.columns[2] as Extract<RawColumn, { storage: 'dict' }>;
    id.dict.push('NA', 'n/a');
    expect(duplicateRows(t)).toBe(plainCount(t));
  });
});

describe('value counts of a column of numbers', () => {
  it('0/1 columns (with -0 and missing values) count as the general path counts them', () => {
    const values = Float64Array.from([1, 0, NaN, 1, -0, 1, NaN, 0]);
    expect(valueCounts({ name: 'flag', storage: 'f64', values })).toEqual({
      distinct: 2,
      top: [
        { value: '1', count: 3 },
        { value: '0', count: 3 },
      ].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1)),
      otherCount: 0,
    });
    expect(valueCounts({ name: 'flag', storage: 'f64', values: Float64Array.from([NaN, 1, 1]) })).toEqual({ distinct: 1, top: [{ value: '1', count: 2 }], otherCount: 0 });
    // any other number: the general count
    expect(valueCounts({ name: 'n', storage: 'f64', values: Float64Array.from([0, 1, 2, 2]) }).top).toEqual([
      { value: '2', count: 2 },
      { value: '0', count: 1 },
      { value: '1', count: 1 },
    ]);
  });
});
