import { CellError, matcherFor, readCell, type RowProblemParams } from '../datasets/cells.js';
import { encodeColumn, featureWidth, type FeatureSpec2 } from './features.js';
import { cellSpecOf } from './stored-cells.js';
import { MISSING_TOKENS, inputWidth, type FeatureSpec, type NumericFeature, type Preprocessing } from './preprocess.js';

/**
 * Encodes raw rows (objects keyed by column name, values as typed by a user or read from JSON/CSV) with a
 * model package's preprocessing. Missing values are imputed as in training; values that cannot be read
 * (text in a numeric column, a bad date, an image of the wrong size) make the row unscorable, reported
 * with its index and the reason.
 *
 * Format /2 reads every cell with datasets/cells.ts readCell and the column's own missing-value tokens,
 * then encodes with the same encoder as a stored table (features.ts encodeColumn): a row scores exactly as
 * the same row of the data set did in evaluation. Format /1 packages keep their own reader below.
 */

export interface Rejection {
  index: number;
  /** in English (CLI, logs) */
  reason: string;
  /** the reason as a code and params, for screens to translate (rows:<code>) */
  code?: string;
  params?: RowProblemParams;
}

const reject = (index: number, err: unknown): Rejection =>
  err instanceof CellError
    ? { index, reason: err.message, code: err.code, params: err.params }
    : { index, reason: (err as Error).message, code: 'row.unreadable', params: { reason: (err as Error).message } };

// Format /1 only (packages made before /2, and image packages' pixel columns): its own boolean words and
// Date.parse, kept so those packages score as they always did. Format /2 reads through cells.ts readCell.
const TRUE = new Set(['true', 'yes', 'y', 't', '1']);
const FALSE = new Set(['false', 'no', 'n', 'f', '0']);

function isMissing(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v)) || (typeof v === 'string' && MISSING_TOKENS.has(v.trim().toLowerCase()));
}

/** A numeric cell, NaN when missing; throws a reason when unreadable. */
function readNumber(v: unknown, f: Pick<NumericFeature, 'name' | 'type'>): number {
  if (isMissing(v)) return NaN;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new CellError(`column "${f.name}": ${v} is not a finite number`, 'row.not_number', { column: f.name, value: String(v) });
    return v;
  }
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string') {
    const s = v.trim();
    if (f.type === 'boolean') {
      if (TRUE.has(s.toLowerCase())) return 1;
      if (FALSE.has(s.toLowerCase())) return 0;
      throw new CellError(`column "${f.name}": "${s}" is not a boolean (true/false)`, 'row.not_boolean', { column: f.name, value: s });
    }
    if (f.type === 'datetime') {
      const t = Date.parse(s);
      if (Number.isNaN(t)) throw new CellError(`column "${f.name}": "${s}" is not a date`, 'row.not_date', { column: f.name, value: s });
      return t;
    }
    const n = Number(s);
    if (s === '' || !Number.isFinite(n)) throw new CellError(`column "${f.name}": "${s}" is not a number`, 'row.not_number', { column: f.name, value: s });
    return n;
  }
  throw new CellError(`column "${f.name}": a ${typeof v} is not a number`, 'row.wrong_kind', { column: f.name, kind: typeof v, type: 'numeric' });
}

/** A package's cell readers (spec and missing-value matcher per feature), made once per loaded preprocessing. */
const readers = new WeakMap<Preprocessing, { specs: Parameters<typeof readCell>[1][]; matchers: ReturnType<typeof matcherFor>[]; categorical: boolean }>();

function readersOf(p: Preprocessing) {
  let r = readers.get(p);
  if (!r) {
    const features = p.features as FeatureSpec2[];
    r = {
      specs: features.map(cellSpecOf),
      matchers: features.map((f) => matcherFor(f.missingTokens)),
      categorical: features.some((f) => f.kind === 'categorical'),
    };
    readers.set(p, r);
  }
  return r;
}

function encodeRawRows2(p: Preprocessing, rows: unknown[]): { x: Float32Array; rejected: Rejection[] } {
  const width = inputWidth(p);
  const features = p.features as FeatureSpec2[];
  const n = rows.length;
  const m = features.length;
  // every column's cells in one block (column j at j * n): a few small requests allocate two arrays, not one per column
  const { specs, matchers, categorical } = readersOf(p);
  const numbers = new Float64Array(m * n).fill(NaN);
  const labels = categorical ? new Array<string | null>(m * n).fill(null) : null;
  const rejected: Rejection[] = [];
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    try {
      if (!row || typeof row !== 'object' || Array.isArray(row)) throw new CellError('the row is not an object of column values', 'row.not_object');
      const r = row as Record<string, unknown>;
      for (let j = 0; j < m; j++) {
        const v = readCell(r[features[j].name], specs[j], matchers[j]);
        if (features[j].kind === 'categorical') labels![j * n + i] = v as string | null;
        else numbers[j * n + i] = v as number;
      }
    } catch (err) {
      if (!(err instanceof CellError)) throw err;
      rejected.push(reject(i, err));
    }
  }
  const x = new Float32Array(n * width);
  let offset = 0;
  // one index function for every column (a closure per column was most of what a request allocated here)
  let base = 0;
  const at = (i: number) => base + i;
  for (let j = 0; j < m; j++) {
    const f = features[j];
    base = j * n;
    encodeColumn(f, f.kind === 'categorical' ? labels! : numbers, n, at, x, width, offset);
    offset += featureWidth(f);
  }
  for (const r of rejected) x.fill(0, r.index * width, (r.index + 1) * width);
  return { x, rejected };
}

export function encodeRawRows(p: Preprocessing, rows: unknown[]): { x: Float32Array; rejected: Rejection[] } {
  if (p.format === 'ciclo-preprocessing/2' && !p.image) return encodeRawRows2(p, rows);
  const width = inputWidth(p);
  const x = new Float32Array(rows.length * width);
  const rejected: Rejection[] = [];
  rows.forEach((row, i) => {
    const out = x.subarray(i * width, (i + 1) * width);
    try {
      if (!row || typeof row !== 'object' || Array.isArray(row)) throw new CellError('the row is not an object of column values', 'row.not_object');
      const r = row as Record<string, unknown>;
      if (p.image?.source === 'images') {
        const px = r.pixels;
        if (!px || typeof px !== 'object' || typeof (px as ArrayLike<number>).length !== 'number')
          throw new CellError('an image row needs "pixels": an array of 0..255 values', 'row.no_pixels');
        const arr = px as ArrayLike<number>;
        if (arr.length !== width)
          throw new CellError(`the image has ${arr.length} values; the model expects ${p.inputShape.join('x')} = ${width}`, 'row.image_size', {
            values: arr.length,
            shape: p.inputShape.join('×'),
            expected: width,
          });
        for (let j = 0; j < width; j++) {
          const v = Number(arr[j]);
          if (!Number.isFinite(v)) throw new CellError(`pixel ${j} is not a number`, 'row.pixel_not_number', { pixel: j });
          out[j] = v / p.image.scale;
        }
      } else if (p.image) {
        p.featureNames.forEach((name, j) => {
          const v = readNumber(r[name], { name, type: 'numeric' });
          out[j] = Number.isNaN(v) ? 0 : v / p.image!.scale;
        });
      } else {
        let offset = 0;
        for (const f of p.features as FeatureSpec[]) {
          if (f.kind === 'numeric') {
            const v = readNumber(r[f.name], f);
            out[offset] = Number.isNaN(v) ? 0 : (v - f.mean) / f.std;
            offset += 1;
          } else {
            const v = r[f.name];
            const label = isMissing(v) ? f.fill : String(v);
            const k = label === null ? -1 : f.categories.indexOf(label);
            out[offset + (k < 0 ? f.categories.length : k)] = 1;
            offset += f.categories.length + 1;
          }
        }
      }
    } catch (err) {
      out.fill(0);
      rejected.push(reject(i, err));
    }
  });
  return { x, rejected };
}
