import type { ColumnType } from '../../../shared/schemas/dataset.js';
import type { DateOrder } from '../../../shared/schemas/prep.js';
import type { RawColumn } from './columns.js';
import { readCell } from './cells.js';

export type TypedValues = Float64Array | (string | null)[];

/** Does this type come as numbers (Float64Array) to the rest of the core? */
export function isNumericType(type: ColumnType): boolean {
  return type === 'numeric' || type === 'boolean' || type === 'datetime';
}

/**
 * A column's values for its type, as the DatasetAccess contract promises: numeric, boolean (0/1) and
 * datetime (epoch ms) as Float64Array with NaN where missing; categorical and text as strings or null.
 */
export function typedValues(col: RawColumn, type: ColumnType, dateOrder?: DateOrder): TypedValues {
  if (isNumericType(type)) return numbersOf(col, type, false, dateOrder);
  if (col.storage === 'dict') {
    const out = new Array<string | null>(col.codes.length);
    for (let i = 0; i < col.codes.length; i++) {
      const c = col.codes[i];
      out[i] = c < 0 ? null : col.dict[c];
    }
    return out;
  }
  const out = new Array<string | null>(col.values.length);
  for (let i = 0; i < col.values.length; i++) {
    const v = col.values[i];
    out[i] = v === v ? String(v) : null;
  }
  return out;
}

/**
 * Numbers for numeric, boolean and datetime types (values that do not fit become NaN; dates written in
 * `dateOrder`, ISO when absent). `shared`: a converted column goes to shared memory (another thread reads
 * it without a copy: profile-numbers.ts sharedJob).
 */
export function numbersOf(col: RawColumn, type: ColumnType, shared = false, dateOrder?: DateOrder): Float64Array {
  const fresh = (n: number) => (shared ? new Float64Array(new SharedArrayBuffer(8 * n)) : new Float64Array(n));
  if (col.storage === 'f64') {
    if (type !== 'boolean') return col.values;
    const out = fresh(col.values.length);
    for (let i = 0; i < out.length; i++) {
      const v = col.values[i];
      out[i] = v === 0 || v === 1 ? v : NaN;
    }
    return out;
  }
  // each distinct text through the one cell reader (its column's tokens are already applied: see cells.ts viewOf)
  const map = new Float64Array(col.dict.length);
  const spec = { name: col.name, type, missingTokens: [], dateOrder };
  col.dict.forEach((s, k) => {
    try {
      map[k] = readCell(s, spec) as number;
    } catch {
      map[k] = NaN;
    }
  });
  const out = fresh(col.codes.length);
  for (let i = 0; i < out.length; i++) {
    const c = col.codes[i];
    out[i] = c < 0 ? NaN : map[c];
  }
  return out;
}

/**
 * Class codes for a categorical view of a column: codes index into `classes` (sorted), -1 where missing.
 * Used for class balance, stratified splits and leakage checks.
 */
export function classCodes(
  col: RawColumn,
  type: ColumnType,
  /** numbersOf(col, 'boolean') made already (a boolean column only) */
  booleans?: Float64Array,
): { classes: string[]; codes: Int32Array } {
  const n = col.storage === 'f64' ? col.values.length : col.codes.length;
  const codes = new Int32Array(n);
  if (col.storage === 'dict' && type !== 'boolean') {
    const order = col.dict.map((_, k) => k).sort((a, b) => (col.dict[a] < col.dict[b] ? -1 : col.dict[a] > col.dict[b] ? 1 : 0));
    const rank = new Int32Array(col.dict.length);
    order.forEach((k, r) => (rank[k] = r));
    for (let i = 0; i < n; i++) codes[i] = col.codes[i] < 0 ? -1 : rank[col.codes[i]];
    return { classes: order.map((k) => col.dict[k]), codes };
  }
  const nums = type === 'boolean' ? (booleans ?? numbersOf(col, type)) : col.storage === 'f64' ? col.values : numbersOf(col, 'numeric');
  if (type === 'boolean') {
    for (let i = 0; i < n; i++) codes[i] = nums[i] === nums[i] ? nums[i] : -1;
    return { classes: ['false', 'true'], codes };
  }
  const distinct = [...new Set(Array.from(nums).filter((v) => v === v))].sort((a, b) => a - b);
  const index = new Map(distinct.map((v, i) => [v, i]));
  for (let i = 0; i < n; i++) codes[i] = nums[i] === nums[i] ? index.get(nums[i])! : -1;
  return { classes: distinct.map(String), codes };
}
