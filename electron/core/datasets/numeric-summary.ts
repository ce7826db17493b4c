import type { NumericSummary } from '../../../shared/schemas/dataset.js';
import { DISTINCT_LIMIT, distinctCounts, type DistinctCounts } from './distinct.js';
import { sortFloat64 } from './radix.js';
import { SLOT, type Scratch } from './scratch.js';

const BINS = 20;
const QUANTILES = { p05: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95 } as const;

/** Quantile of sorted values with linear interpolation (numpy's default, pandas' too). */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  return interpolate(n, p, (i) => sorted[i]);
}

function interpolate(n: number, p: number, at: (i: number) => number): number {
  const pos = p * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const a = at(lo);
  return a + (at(hi) - a) * (pos - lo);
}

function edgesOf(min: number, max: number): { bins: number; width: number; edges: number[] } {
  const bins = min === max ? 1 : BINS;
  const width = (max - min) / bins;
  return { bins, width, edges: Array.from({ length: bins + 1 }, (_, k) => (k === bins ? max : min + k * width)) };
}

/**
 * min, max, mean, sample std (n - 1), quantiles and a 20-bin histogram of the present values; also the distinct
 * count. A column with few distinct values is summarised from its value counts, any other from its sorted
 * values: both give the same numbers to the last bit (the squares are added in sorted order either way).
 * `scratch`: the work memory to reuse (one per thread's run of summaries; see scratch.ts).
 */
export function numericSummary(values: Float64Array, scratch?: Scratch): { summary: NumericSummary | null; distinct: number } {
  const few = distinctCounts(values, DISTINCT_LIMIT, undefined, scratch);
  if (few) return few.present === 0 ? { summary: null, distinct: 0 } : fromCounts(few);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  if (n === 0) return { summary: null, distinct: 0 };
  const sorted = scratch ? scratch.f64(SLOT.sorted, n) : new Float64Array(n);
  let j = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) {
      sorted[j++] = v;
      sum += v;
    }
  }
  sortFloat64(sorted, scratch);
  const mean = sum / n;
  let sq = 0;
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    const d = sorted[i] - mean;
    sq += d * d;
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  }
  const min = sorted[0];
  const max = sorted[n - 1];
  const { bins, width, edges } = edgesOf(min, max);
  const counts = new Array<number>(bins).fill(0);
  // sorted values fall in bins in order: find where each bin starts instead of dividing every value
  for (let b = 0, i = 0; i < n; b++) {
    let end = n;
    if (b < bins - 1 && width !== 0) {
      // the first value whose bin is past b (bins are non-decreasing along sorted values)
      let lo = i;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (Math.floor((sorted[mid] - min) / width) > b) hi = mid;
        else lo = mid + 1;
      }
      end = lo;
    }
    counts[b] += end - i;
    i = end;
  }
  return { summary: finish(n, mean, sq, min, max, edges, counts, (i) => sorted[i]), distinct };
}

function fromCounts({ keys, counts: times, present: n, sum }: DistinctCounts): { summary: NumericSummary; distinct: number } {
  const mean = sum / n;
  let sq = 0;
  let distinct = 0;
  for (let k = 0; k < keys.length; k++) {
    const d = keys[k] - mean;
    const dd = d * d;
    for (let c = times[k]; c > 0; c--) sq += dd;
    if (k === 0 || keys[k] !== keys[k - 1]) distinct++;
  }
  const min = keys[0];
  const max = keys[keys.length - 1];
  const { bins, width, edges } = edgesOf(min, max);
  const counts = new Array<number>(bins).fill(0);
  for (let k = 0; k < keys.length; k++) counts[width === 0 ? 0 : Math.min(bins - 1, Math.floor((keys[k] - min) / width))] += times[k];
  // the i-th value in sorted order: the key whose run of counts holds i
  const starts = new Float64Array(keys.length + 1);
  for (let k = 0; k < keys.length; k++) starts[k + 1] = starts[k] + times[k];
  const at = (i: number) => {
    let lo = 0;
    let hi = keys.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return keys[lo];
  };
  return { summary: finish(n, mean, sq, min, max, edges, counts, at), distinct };
}

function finish(n: number, mean: number, sq: number, min: number, max: number, edges: number[], counts: number[], at: (i: number) => number): NumericSummary {
  const quantiles = {} as NumericSummary['quantiles'];
  for (const [name, p] of Object.entries(QUANTILES) as [keyof typeof QUANTILES, number][]) quantiles[name] = interpolate(n, p, at);
  return { min, max, mean, std: n > 1 ? Math.sqrt(sq / (n - 1)) : 0, quantiles, histogram: { edges, counts } };
}

/** Doubles per summary in a shared array of summaries (see encodeSummary): 13 + at most 21 edges + 20 counts. */
export const SUMMARY_SLOT = 64;

/**
 * Writes numericSummary's result into `out` from `at` (SUMMARY_SLOT doubles), so another thread reads it from
 * shared memory: decodeSummary gives back the same object, field for field and in the same key order.
 */
export function encodeSummary(r: { summary: NumericSummary | null; distinct: number }, out: Float64Array, at: number): void {
  out[at + 1] = r.distinct;
  const s = r.summary;
  if (!s) return void (out[at] = 0);
  out[at] = 1;
  const q = s.quantiles;
  out.set([s.min, s.max, s.mean, s.std, q.p05, q.p25, q.p50, q.p75, q.p95, s.histogram.edges.length, s.histogram.counts.length], at + 2);
  out.set(s.histogram.edges, at + 13);
  out.set(s.histogram.counts, at + 13 + s.histogram.edges.length);
}

export function decodeSummary(a: Float64Array, at: number): { summary: NumericSummary | null; distinct: number } {
  const distinct = a[at + 1];
  if (a[at] === 0) return { summary: null, distinct };
  const edges = Array.from(a.subarray(at + 13, at + 13 + a[at + 11]));
  const counts = Array.from(a.subarray(at + 13 + edges.length, at + 13 + edges.length + a[at + 12]));
  const quantiles = { p05: a[at + 6], p25: a[at + 7], p50: a[at + 8], p75: a[at + 9], p95: a[at + 10] };
  return { summary: { min: a[at + 2], max: a[at + 3], mean: a[at + 4], std: a[at + 5], quantiles, histogram: { edges, counts } }, distinct };
}
