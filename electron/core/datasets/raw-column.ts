import type { RawColumn, RawTable } from './columns.js';

/** Helpers for raw columns and their builders' arrays (columns.ts). */

export function hasDot(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] === 46) return true;
  return false;
}

/** Numbers in memory another thread can read without a copy (shared), or in ordinary memory. */
export function floats(n: number, shared: boolean): Float64Array {
  return shared ? new Float64Array(new SharedArrayBuffer(8 * n)) : new Float64Array(n);
}

export function grow<T extends Float64Array | Int32Array>(arr: T, need: number): T {
  if (need <= arr.length) return arr;
  let size = arr.length * 2;
  while (size < need) size *= 2;
  const Typed = arr.constructor as { new (n: number): T; new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
  const next = arr.buffer instanceof SharedArrayBuffer ? new Typed(new SharedArrayBuffer(size * Typed.BYTES_PER_ELEMENT)) : new Typed(size);
  next.set(arr);
  return next;
}

/** Present (non-missing) cells of a raw column. */
export function presentCount(col: RawColumn): number {
  let n = 0;
  if (col.storage === 'f64') {
    for (let i = 0; i < col.values.length; i++) if (col.values[i] === col.values[i]) n++;
  } else {
    for (let i = 0; i < col.codes.length; i++) if (col.codes[i] >= 0) n++;
  }
  return n;
}

export function rawLength(col: RawColumn): number {
  return col.storage === 'f64' ? col.values.length : col.codes.length;
}

/** A cell as text (null when missing): how previews and diffs see it whatever the storage. */
export function cellText(col: RawColumn, row: number): string | null {
  if (col.storage === 'f64') {
    const v = col.values[row];
    return v === v ? String(v) : null;
  }
  const c = col.codes[row];
  return c < 0 ? null : col.dict[c];
}

/**
 * A table without its last rows that hold nothing (every cell empty or a missing-value token): the lines of
 * only delimiters a spreadsheet leaves after its data (",,,,"). Rows before them are kept as they are, so the
 * line numbers that checks and errors name do not move. How many rows went, with the table.
 */
export function withoutTrailingEmptyRows(table: RawTable): { table: RawTable; dropped: number } {
  const empty = (c: RawColumn, row: number) => (c.storage === 'f64' ? c.values[row] !== c.values[row] : c.codes[row] < 0);
  let rows = table.rows;
  while (rows > 0 && table.columns.every((c) => empty(c, rows - 1))) rows--;
  if (rows === table.rows) return { table, dropped: 0 };
  const columns = table.columns.map((c): RawColumn => (c.storage === 'f64' ? { ...c, values: c.values.subarray(0, rows) } : { ...c, codes: c.codes.subarray(0, rows) }));
  return { table: { rows, columns }, dropped: table.rows - rows };
}
