import type { Column } from '../../../shared/schemas/dataset.js';
import { columnPrep, type DateOrder, type DatePart, type MissingStrategy } from '../../../shared/schemas/prep.js';
import { parseNumber } from '../datasets/columns.js';
import { parseDate } from '../datasets/dates.js';

/**
 * Feature preprocessing of format ciclo-preprocessing/2, learnt on the training rows and stored in the model
 * package: each column keeps its missing-value tokens (so scoring reads cells exactly as the import did),
 * its fill strategy and value, an optional missing-indicator feature, and for dates the calendar parts.
 * One encoder (encodeColumn) serves training, evaluation, prediction and serving: raw rows are first read
 * into typed values with datasets/cells.ts readCell, the function the import's typing follows.
 */

interface Base {
  name: string;
  /** The column's missing-value tokens (besides the empty cell). */
  missingTokens: string[];
  strategy: MissingStrategy;
  /** A 0/1 feature after the column's own saying the value was missing (only when training rows had missing values). */
  indicator: boolean;
  /** Datetime columns whose dates are written day first (dmy) or month first (mdy); absent for ISO (ymd), so older packages read as before. */
  dateOrder?: DateOrder;
}
export interface NumericFeature2 extends Base {
  kind: 'numeric';
  type: 'numeric' | 'boolean' | 'datetime';
  /** What a missing value becomes, before standardising. */
  fill: number;
  mean: number;
  std: number;
}
export interface DateFeature2 extends Base {
  kind: 'date';
  type: 'datetime';
  /** Epoch milliseconds a missing date becomes. */
  fill: number;
  /** year (standardised), then sine and cosine of each periodic part */
  parts: DatePart[];
  yearMean: number;
  yearStd: number;
}
export interface CategoricalFeature2 extends Base {
  kind: 'categorical';
  type: 'categorical';
  categories: string[];
  /** What a missing value becomes (mode or constant); null with the 'category' strategy. */
  fill: string | null;
  /** The 'category' strategy: a slot of its own for missing values, after the unknown slot. */
  missingSlot: boolean;
  /** Every training category is a number's shortest text: a cell such as 1.50 is read as "1.5", as the import stored it. */
  numericLabels: boolean;
}
export type FeatureSpec2 = NumericFeature2 | DateFeature2 | CategoricalFeature2;

type Values = Float64Array | (string | null)[];
const DAY = 86_400_000;

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function modeOf(xs: number[]): number {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best = 0,
    n = -1;
  for (const [x, c] of counts) if (c > n || (c === n && x < best)) ((best = x), (n = c));
  return n < 0 ? 0 : best;
}

/** A datetime column's constant fill: written in the column's order, or in ISO (the import accepts both). */
function dateConstant(text: string, order: DateOrder): number {
  const t = parseDate(text, order);
  return t === t ? t : parseDate(text);
}

function numericFill(strategy: MissingStrategy, xs: number[], constant: string | null, type: string, order: DateOrder): number {
  if (strategy === 'constant') return (type === 'datetime' ? dateConstant(constant ?? '', order) : Number(constant)) || 0;
  if (strategy === 'mean') return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
  if (strategy === 'mode') return modeOf(xs);
  return median(xs);
}

function meanStd(xs: number[]): { mean: number; std: number } {
  let sum = 0,
    sq = 0;
  for (const x of xs) ((sum += x), (sq += x * x));
  const n = xs.length;
  const mean = n ? sum / n : 0;
  const std = n ? Math.sqrt(Math.max(sq / n - mean * mean, 0)) : 0;
  return { mean, std: std > 1e-12 ? std : 1 };
}

/** Learns one column's feature spec from its training rows (typed values, as a LoadedTable holds them). */
export function fitFeature(col: Column, values: Values, train: Int32Array): FeatureSpec2 {
  const prep = columnPrep(col);
  const base = {
    name: col.name,
    missingTokens: [...prep.missingTokens],
    strategy: prep.missingStrategy,
    ...(col.type === 'datetime' && prep.dateOrder !== 'ymd' ? { dateOrder: prep.dateOrder } : {}),
  };
  if (values instanceof Float64Array) {
    const xs: number[] = [];
    for (const r of train) if (Number.isFinite(values[r])) xs.push(values[r]);
    const indicator = prep.missingIndicator && xs.length < train.length;
    const fill = numericFill(prep.missingStrategy, xs, prep.missingConstant, col.type, prep.dateOrder);
    if (col.type === 'datetime' && prep.dateHandling === 'parts') {
      const parts: DatePart[] = ['year', 'month', 'day_of_week', 'day_of_year'];
      if (xs.some((t) => ((t % DAY) + DAY) % DAY !== 0)) parts.push('hour');
      const years = meanStd(xs.map((t) => new Date(t).getUTCFullYear()));
      return { ...base, kind: 'date', type: 'datetime', indicator, fill, parts, yearMean: years.mean, yearStd: years.std };
    }
    return { ...base, kind: 'numeric', type: col.type as NumericFeature2['type'], indicator, fill, ...meanStd(xs) };
  }
  const counts = new Map<string, number>();
  let missing = 0;
  for (const r of train) {
    const v = values[r];
    if (v === null) missing++;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const categories = [...counts.keys()].sort();
  let fill: string | null = null;
  if (prep.missingStrategy === 'mode') for (const c of categories) if (fill === null || counts.get(c)! > counts.get(fill)!) fill = c;
  if (prep.missingStrategy === 'constant') fill = prep.missingConstant;
  const numericLabels = categories.length > 0 && categories.every((c) => String(parseNumber(c)) === c);
  return {
    ...base,
    kind: 'categorical',
    type: 'categorical',
    indicator: prep.missingIndicator && missing > 0,
    categories,
    fill,
    missingSlot: prep.missingStrategy === 'category',
    numericLabels,
  };
}

export function featureWidth(f: FeatureSpec2): number {
  const own =
    f.kind === 'numeric'
      ? 1
      : f.kind === 'date'
        ? f.parts.filter((p) => p === 'year').length + 2 * f.parts.filter((p) => p !== 'year').length
        : f.categories.length + 1 + (f.missingSlot ? 1 : 0);
  return own + (f.indicator ? 1 : 0);
}

/** The calendar features of a timestamp (UTC): the year standardised, sine and cosine of the periodic parts. */
function dateParts(f: DateFeature2, t: number, out: Float32Array, at: number): number {
  const d = new Date(t);
  let k = at;
  const cyc = (value: number, period: number) => {
    const a = (2 * Math.PI * value) / period;
    out[k++] = Math.sin(a);
    out[k++] = Math.cos(a);
  };
  for (const p of f.parts) {
    if (p === 'year') out[k++] = (d.getUTCFullYear() - f.yearMean) / f.yearStd;
    else if (p === 'month') cyc(d.getUTCMonth(), 12);
    else if (p === 'day_of_week') cyc(d.getUTCDay(), 7);
    else if (p === 'day_of_year') {
      const start = Date.UTC(d.getUTCFullYear(), 0, 1);
      const days = (Date.UTC(d.getUTCFullYear() + 1, 0, 1) - start) / DAY;
      cyc(Math.floor((t - start) / DAY), days);
    } else cyc(d.getUTCHours() + d.getUTCMinutes() / 60 + d.getUTCSeconds() / 3600, 24);
  }
  return k;
}

/**
 * Writes one feature's columns for rows `idx(0..n-1)` of its typed values into x (row-major, `width` per row,
 * starting at column `offset`). Typed values: numbers (NaN = missing) or strings (null = missing).
 */
export function encodeColumn(f: FeatureSpec2, values: Values, n: number, idx: (i: number) => number, x: Float32Array, width: number, offset: number): void {
  const ind = offset + featureWidth(f) - 1;
  if (f.kind === 'categorical') {
    const lookup = new Map(f.categories.map((c, k) => [c, k]));
    const unknown = f.categories.length;
    for (let i = 0; i < n; i++) {
      const cell = values[idx(i)];
      const missing = cell === null || typeof cell === 'number';
      const label = missing ? f.fill : cell;
      const k = missing && f.missingSlot ? unknown + 1 : label === null ? unknown : (lookup.get(label) ?? unknown);
      x[i * width + offset + k] = 1;
      if (f.indicator && missing) x[i * width + ind] = 1;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const raw = (values as Float64Array)[idx(i)];
    const missing = !Number.isFinite(raw);
    const v = missing ? f.fill : raw;
    const at = i * width + offset;
    if (f.kind === 'date') dateParts(f, v, x, at);
    else x[at] = (v - f.mean) / f.std;
    if (f.indicator && missing) x[i * width + ind] = 1;
  }
}
