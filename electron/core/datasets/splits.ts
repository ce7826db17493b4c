import { AppError } from '../../../shared/contract/app-error.js';
import { mulberry32 } from '../stats/random.js';

export interface Fractions {
  train: number;
  validation: number;
  test: number;
}

export interface SplitParts {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
  excluded: number;
}

function shuffle(items: number[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
}

/**
 * Splits rows into train / validation / test. `groups[i]` is the stratum of row i (its class), or -1
 * to leave the row out (missing target); without stratification every kept row is in one stratum.
 * Within each stratum rows are shuffled with the seed and cut by the fractions (rounded; training keeps
 * at least one row of each stratum). The index lists come back sorted.
 */
export function splitRows(groups: Int32Array, fractions: Fractions, seed: number, stratify: boolean): SplitParts {
  const random = mulberry32(seed);
  const strata = new Map<number, number[]>();
  let excluded = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (g < 0) {
      excluded++;
      continue;
    }
    const key = stratify ? g : 0;
    let list = strata.get(key);
    if (!list) strata.set(key, (list = []));
    list.push(i);
  }
  const train: number[] = [];
  const validation: number[] = [];
  const test: number[] = [];
  for (const key of [...strata.keys()].sort((a, b) => a - b)) {
    const rows = strata.get(key)!;
    shuffle(rows, random);
    const n = rows.length;
    let nTest = Math.round(n * fractions.test);
    let nVal = Math.round(n * fractions.validation);
    while (nTest + nVal >= n && n > 0) {
      if (nVal >= nTest && nVal > 0) nVal--;
      else nTest--;
    }
    test.push(...rows.slice(0, nTest));
    validation.push(...rows.slice(nTest, nTest + nVal));
    train.push(...rows.slice(nTest + nVal));
  }
  const sorted = (xs: number[]) => Int32Array.from(xs).sort();
  return { train: sorted(train), validation: sorted(validation), test: sorted(test), excluded };
}

/**
 * A time-ordered split: kept rows (group >= 0 and a date) sorted by `times` (ties in row order), the oldest
 * for training, then validation, the newest for test, so a model is scored on rows from after its training
 * data, as it will be used. Rows with a missing date or target are left out.
 */
export function chronologicalSplit(groups: Int32Array, times: Float64Array, fractions: Fractions): SplitParts {
  const rows: number[] = [];
  let excluded = 0;
  for (let i = 0; i < groups.length; i++) {
    if (groups[i] < 0 || times[i] !== times[i]) excluded++;
    else rows.push(i);
  }
  rows.sort((a, b) => times[a] - times[b] || a - b);
  const n = rows.length;
  let nTest = Math.round(n * fractions.test);
  let nVal = Math.round(n * fractions.validation);
  while (nTest + nVal >= n && n > 0) {
    if (nVal >= nTest && nVal > 0) nVal--;
    else nTest--;
  }
  const sorted = (xs: number[]) => Int32Array.from(xs).sort();
  return { train: sorted(rows.slice(0, n - nVal - nTest)), validation: sorted(rows.slice(n - nVal - nTest, n - nTest)), test: sorted(rows.slice(n - nTest)), excluded };
}

/** The index lists as one blob: three int32 little-endian lists, lengths first. */
export function encodeSplit(parts: SplitParts): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt32LE(parts.train.length, 0);
  head.writeUInt32LE(parts.validation.length, 4);
  head.writeUInt32LE(parts.test.length, 8);
  const body = (a: Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return Buffer.concat([head, body(parts.train), body(parts.validation), body(parts.test)]);
}

export function decodeSplit(buf: Buffer): { train: Int32Array; validation: Int32Array; test: Int32Array } {
  const n = [buf.readUInt32LE(0), buf.readUInt32LE(4), buf.readUInt32LE(8)];
  const copy = new Int32Array(n[0] + n[1] + n[2]);
  Buffer.from(copy.buffer).set(buf.subarray(12, 12 + copy.byteLength));
  return { train: copy.slice(0, n[0]), validation: copy.slice(n[0], n[0] + n[1]), test: copy.slice(n[0] + n[1]) };
}

/** Refuses split fractions that are not train > 0, validation >= 0, test >= 0 adding up to 1. */
export function checkFractions(fractions: { train: number; validation: number; test: number }): void {
  const total = fractions.train + fractions.validation + fractions.test;
  if (!(fractions.train > 0) || fractions.validation < 0 || fractions.test < 0 || Math.abs(total - 1) > 1e-6) {
    throw new AppError(
      'invalid_input',
      `Split fractions must be train > 0, validation >= 0, test >= 0 and add up to 1 (got ${fractions.train} / ${fractions.validation} / ${fractions.test}).`,
    );
  }
}

/** The index of the datetime column a chronological split orders rows by; refused (naming the dates there are) otherwise. */
export function dateColumnIndex(row: { name: string; version: number }, columns: { name: string; type: string }[], column: string): number {
  const k = columns.findIndex((c) => c.name === column);
  const dates = columns.filter((c) => c.type === 'datetime').map((c) => c.name);
  if (k < 0 || columns[k].type !== 'datetime') {
    const why = k < 0 ? `has no column "${column}"` : `column "${column}" is ${columns[k].type}, not a date`;
    throw new AppError(
      'invalid_input',
      `Data set "${row.name}" v${row.version} ${why}; a chronological split orders rows by a datetime column (${dates.length ? `it has: ${dates.join(', ')}` : 'it has none'}).`,
      { column, dates },
    );
  }
  return k;
}
