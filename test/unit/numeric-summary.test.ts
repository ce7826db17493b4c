import { describe, expect, it } from 'vitest';
import { distinctCounts } from '../../electron/core/datasets/distinct.js';
import { decodeSummary, encodeSummary, numericSummary, SUMMARY_SLOT } from '../../electron/core/datasets/numeric-summary.js';
import { sortFloat64 } from '../../electron/core/datasets/radix.js';
import { mulberry32 } from '../../electron/core/stats/random.js';

/** The summary as it was computed before the counted path (a full sort, then one pass): the reference. */
function reference(values: Float64Array) {
  const present = values.filter((v) => v === v);
  const n = present.length;
  if (n === 0) return { summary: null, distinct: 0 };
  let sum = 0;
  for (const v of present) sum += v;
  const sorted = sortFloat64(present.slice());
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
  const bins = min === max ? 1 : 20;
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) counts[width === 0 ? 0 : Math.min(bins - 1, Math.floor((sorted[i] - min) / width))]++;
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? max : min + k * width));
  const q = (p: number) => {
    const pos = p * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(n - 1, lo + 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  };
  const quantiles = { p05: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95) };
  return { summary: { min, max, mean, std: n > 1 ? Math.sqrt(sq / (n - 1)) : 0, quantiles, histogram: { edges, counts } }, distinct };
}

/** JSON that tells -0 from 0, so "the same" means the same bits. */
const exact = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (Object.is(v, -0) ? '-0' : v));

describe('numeric summary: counted and sorted paths give the reference to the last bit', () => {
  const r = mulberry32(7);
  const columns: [string, Float64Array][] = [
    ['small integers with missing values', Float64Array.from({ length: 50_000 }, () => (r() < 0.05 ? NaN : Math.floor(r() * 100)))],
    ['flags', Float64Array.from({ length: 30_000 }, () => (r() < 0.3 ? 1 : 0))],
    ['dates (epoch ms)', Float64Array.from({ length: 20_000 }, () => Date.UTC(2020, 0, 1) + Math.floor(r() * 1500) * 86_400_000)],
    ['-0, +0 and a few decimals', Float64Array.from({ length: 10_000 }, () => [-0, 0, 0.1, -2.5, 1e-300, -1e300][Math.floor(r() * 6)])],
    ['decimals, all different (sorted path)', Float64Array.from({ length: 60_000 }, () => (r() - 0.5) * 1e4)],
    ['decimals with a few repeats and missing values', Float64Array.from({ length: 80_000 }, () => (r() < 0.03 ? NaN : Math.round((r() - 0.5) * 1e6) / 100))],
    ['short column (built-in sort)', Float64Array.from({ length: 100 }, () => r() * 3 - 1)],
    ['one value', Float64Array.from([4, 4, 4, NaN])],
    ['nothing present', Float64Array.from([NaN, NaN])],
    ['one row', Float64Array.from([-0])],
  ];
  for (const [name, values] of columns) {
    it(name, () => {
      expect(exact(numericSummary(values))).toBe(exact(reference(values)));
    });
  }

  it('counts distinct values in sorted order, and gives up past its limit', () => {
    const c = distinctCounts(Float64Array.from([3, NaN, 1, 3, -0, 0, 3]))!;
    expect(exact([...c.keys])).toBe(exact([-0, 0, 1, 3]));
    expect([...c.counts]).toEqual([1, 1, 1, 3]);
    expect(c.present).toBe(6);
    expect(
      distinctCounts(
        Float64Array.from({ length: 100 }, (_, i) => i),
        50,
      ),
    ).toBeNull();
    expect(
      distinctCounts(
        Float64Array.from({ length: 100 }, (_, i) => i % 50),
        50,
      )!.keys,
    ).toHaveLength(50);
    expect([...distinctCounts(Float64Array.from([0, 2, 1, 2, -1]), 10, (v) => v > 0)!.keys]).toEqual([1, 2]);
  });
});

describe('summaries in shared memory (made ahead by the import thread)', () => {
  it('decode(encode(summary)) is the summary, key order and -0 included', () => {
    const r = mulberry32(5);
    const cases = [
      Float64Array.from({ length: 5000 }, () => (r() < 0.1 ? NaN : (r() - 0.5) * 1e3)),
      Float64Array.from({ length: 100 }, () => Math.floor(r() * 4)),
      new Float64Array([-0, 0, -0, 2.5]),
      new Float64Array([7, 7, 7]),
      new Float64Array([NaN, NaN]),
      new Float64Array(0),
    ];
    const out = new Float64Array(SUMMARY_SLOT * cases.length).fill(123);
    cases.forEach((c, k) => encodeSummary(numericSummary(c), out, k * SUMMARY_SLOT));
    cases.forEach((c, k) => {
      const back = decodeSummary(out, k * SUMMARY_SLOT);
      expect(back).toEqual(numericSummary(c));
      expect(JSON.stringify(back)).toBe(JSON.stringify(numericSummary(c)));
      if (back.summary) expect(Object.is(back.summary.min, numericSummary(c).summary!.min)).toBe(true);
    });
  });
});
