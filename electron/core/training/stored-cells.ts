import { CellError, matcherFor, readCell, type CellSpec } from '../datasets/cells.js';
import type { RawColumn } from '../datasets/columns.js';
import type { LoadedTable } from '../datasets/types.js';
import type { FeatureSpec2 } from './features.js';
import type { Rejection } from './raw-rows.js';

/**
 * A stored data set read the way the MODEL reads raw cells (format ciclo-preprocessing/2): every feature
 * column's stored cells go through datasets/cells.ts readCell with the model package's own missing-value
 * tokens and column type, exactly as `ciclo predict`, predictRows and the server read a row. So a model
 * scored on another data set version (imported with other tokens, or with a column typed otherwise) sees
 * each cell as it would see the same cell in a file: no train/serve skew from the version's settings.
 * A cell the model cannot read (text in a column it reads as numbers) makes its row unscorable, as in predict.
 */

export interface ModelCells {
  values: Record<string, Float64Array | (string | null)[]>;
  /** Rows (indexes into the table, not into `rows`) that cannot be scored, with the first reason. */
  bad: Map<number, string>;
}

/** How the model package says a feature's raw cells are read (the one cell reader's settings). */
export function cellSpecOf(f: FeatureSpec2): CellSpec {
  const spec: CellSpec = { name: f.name, type: f.type, missingTokens: f.missingTokens, numericLabels: f.kind === 'categorical' && f.numericLabels };
  if (f.dateOrder) spec.dateOrder = f.dateOrder;
  return spec;
}

/** One stored column read with a feature's spec; rows listed in `rows` only (all when null). */
function readColumn(f: FeatureSpec2, col: RawColumn, n: number, rows: Int32Array | null, bad: Map<number, string>): Float64Array | (string | null)[] {
  const spec = cellSpecOf(f);
  const m = matcherFor(f.missingTokens);
  const numeric = f.kind !== 'categorical';
  const out: Float64Array | (string | null)[] = numeric ? new Float64Array(n).fill(NaN) : new Array<string | null>(n).fill(null);
  const put = (r: number, read: () => number | string | null) => {
    try {
      out[r] = read() as never;
    } catch (err) {
      if (!(err instanceof CellError)) throw err;
      if (!bad.has(r)) bad.set(r, err.message);
    }
  };
  const each = (fn: (r: number) => void) => {
    if (rows) for (const r of rows) fn(r);
    else for (let r = 0; r < n; r++) fn(r);
  };
  if (col.storage === 'f64') {
    each((r) => {
      const v = col.values[r];
      if (v === v) put(r, () => readCell(v, spec, m));
    });
    return out;
  }
  // each distinct stored text once
  const read = new Array<number | string | null>(col.dict.length);
  const why = new Array<string | null>(col.dict.length).fill(null);
  col.dict.forEach((s, k) => {
    try {
      read[k] = readCell(s, spec, m);
    } catch (err) {
      if (!(err instanceof CellError)) throw err;
      why[k] = err.message;
    }
  });
  each((r) => {
    const c = col.codes[r];
    if (c < 0) return;
    if (why[c] !== null) {
      if (!bad.has(r)) bad.set(r, why[c]!);
    } else out[r] = read[c] as never;
  });
  return out;
}

/**
 * The table's feature columns as the model reads them, from the stored cells; null when the table does
 * not carry its stored cells (a table built in memory), in which case its typed values are used as they are.
 */
export function modelCells(features: FeatureSpec2[], table: LoadedTable, rows: Int32Array | null): ModelCells | null {
  const stored = table.stored;
  if (!stored || stored.rows !== table.rowCount) return null;
  const byName = new Map(stored.columns.map((c) => [c.name, c]));
  const bad = new Map<number, string>();
  const values: ModelCells['values'] = { ...table.values };
  for (const f of features) {
    const col = byName.get(f.name);
    if (col) values[f.name] = readColumn(f, col, table.rowCount, rows, bad);
  }
  return { values, bad };
}

/** The unscorable rows as rejections of a batch (index = position in `rows`, or the row itself when rows is null). */
export function rejectionsOf(bad: Map<number, string>, rows: Int32Array | null): Rejection[] {
  if (!bad.size) return [];
  if (!rows) return [...bad].sort((a, b) => a[0] - b[0]).map(([index, reason]) => ({ index, reason }));
  const out: Rejection[] = [];
  rows.forEach((r, i) => {
    const reason = bad.get(r);
    if (reason !== undefined) out.push({ index: i, reason });
  });
  return out;
}

/** Does the model read every stored cell of this column (none refused by its tokens and type)? */
export function readsColumn(f: FeatureSpec2, col: RawColumn): boolean {
  const bad = new Map<number, string>();
  if (col.storage === 'dict') {
    // each distinct text once: a fake column of one row per dictionary entry
    const one: RawColumn = { name: col.name, storage: 'dict', dict: col.dict, codes: Int32Array.from(col.dict, (_, k) => k) };
    readColumn(f, one, col.dict.length, null, bad);
  } else readColumn(f, col, col.values.length, null, bad);
  return bad.size === 0;
}
