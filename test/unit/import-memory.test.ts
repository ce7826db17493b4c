import { describe, expect, it } from 'vitest';
import { AsciiIndex } from '../../electron/core/datasets/cell-bytes.js';
import { ColumnBuilder } from '../../electron/core/datasets/columns.js';
import { correlator, pearson } from '../../electron/core/datasets/correlate.js';
import { numericSummary } from '../../electron/core/datasets/numeric-summary.js';
import { Scratch } from '../../electron/core/datasets/scratch.js';
import { mulberry32 } from '../../electron/core/stats/random.js';

/**
 * The import's memory reuse and sizing (session 10) change no result: summaries made with one reused Scratch
 * equal those made with fresh memory, a correlation row equals pairwise pearson, to the last bit, and a column
 * whose texts' room is sized ahead reads as one that grows.
 */

/** JSON that tells -0 from 0 and keeps NaN, so "equal" means the same bits. */
const bits = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (typeof v === 'number' ? (Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : v) : v));

function column(n: number, seed: number, make: (r: () => number, i: number) => number): Float64Array {
  const r = mulberry32(seed);
  return Float64Array.from({ length: n }, (_, i) => make(r, i));
}

describe('import memory reuse', () => {
  it('summaries with one reused Scratch equal summaries with fresh memory, column after column', () => {
    const columns = [
      column(20_000, 1, (r) => Math.round((r() + r() - 1) * 1e6) / 1e4),
      column(50_000, 2, (r) => (r() < 0.05 ? NaN : (r() - 0.5) * 1e9)),
      column(8_000, 3, (r) => Math.floor(r() * 40)),
      column(70_000, 4, (r) => (r() < 0.5 ? -0 : r() * 1e-3)),
      column(5_000, 5, () => NaN),
      column(60_000, 6, (r, i) => i + r()),
    ];
    const scratch = new Scratch();
    for (const c of columns) expect(bits(numericSummary(c, scratch))).toBe(bits(numericSummary(c)));
  });

  it('a correlation row equals pearson of each pair, with missing values, constants and the target either way round', () => {
    const n = 9_000;
    const cols = [
      column(n, 11, (r) => r() * 10),
      column(n, 12, (r) => (r() < 0.1 ? NaN : r())),
      column(n, 13, () => 3),
      column(n, 14, (r, i) => i * 0.5 + r()),
      column(n, 15, (r) => -r() * 100),
      column(n, 16, (r) => (r() < 0.02 ? NaN : r() - 0.5)),
      column(n, 17, (r) => r() * r()),
      column(n, 18, (r, i) => (i % 7) + r()),
    ];
    const target = column(n, 19, (r) => (r() < 0.4 ? 1 : 0));
    for (const step of [1, 3]) {
      const c = correlator(step);
      for (let i = 0; i < cols.length; i++) {
        const want = cols.slice(i + 1).map((b) => pearson(cols[i], b, step));
        expect(bits(c.row(cols[i], cols.slice(i + 1)))).toBe(bits(want));
      }
      expect(bits(c.row(target, cols))).toBe(bits(cols.map((a) => pearson(a, target, step))));
    }
  });

  it('a column of ids sized ahead for its rows reads as one whose room grows', () => {
    const rows = 200_000;
    const line = (i: number) => Buffer.from(`id-${i}`, 'latin1');
    const sized = new ColumnBuilder('id', rows);
    const grown = new ColumnBuilder('id', 1024);
    for (let i = 0; i < rows; i++) {
      const b = line(i % 150_000);
      sized.pushBytes(b, 0, b.length, 'utf8');
      grown.pushBytes(b, 0, b.length, 'utf8');
    }
    const a = sized.finish();
    const b = grown.finish();
    expect(a.storage === 'dict' && b.storage === 'dict').toBe(true);
    if (a.storage !== 'dict' || b.storage !== 'dict') return;
    expect(a.dict).toEqual(b.dict);
    expect(Array.from(a.codes)).toEqual(Array.from(b.codes));
  });

  it('pieces whose texts each get a code of their own (no lookups) append as pieces read with lookups', () => {
    const r = mulberry32(7);
    const cells = Array.from({ length: 6_000 }, (_, i) => (r() < 0.7 ? `id-${i}` : r() < 0.5 ? `id-${Math.floor(r() * i)}` : r() < 0.5 ? 'NA' : 'é-non-ascii'));
    const read = (every: boolean | null) => {
      const main = new ColumnBuilder('id', 1024);
      for (let at = 0; at < cells.length; at += 1_500) {
        const piece = at === 0 ? main : new ColumnBuilder('id', 1_600, false, null, false, every === null ? null : { text: true, distinct: 1_600, bytes: 16_000, every });
        for (const c of cells.slice(at, at + 1_500)) {
          const b = Buffer.from(c, 'utf8');
          piece.pushBytes(b, 0, b.length, 'utf8');
        }
        if (piece !== main) {
          const part = piece.part();
          expect(main.canAppend(part)).toBe(true);
          main.appendPart(part);
        }
      }
      const col = main.finish();
      return col.storage === 'dict' ? { dict: col.dict, codes: Array.from(col.codes) } : null;
    };
    const one = new ColumnBuilder('id', 1024);
    for (const c of cells) {
      const b = Buffer.from(c, 'utf8');
      one.pushBytes(b, 0, b.length, 'utf8');
    }
    const single = one.finish();
    const want = single.storage === 'dict' ? { dict: single.dict, codes: Array.from(single.codes) } : null;
    expect(want).not.toBeNull();
    expect(read(true)).toEqual(want);
    expect(read(false)).toEqual(want);
    expect(read(null)).toEqual(want);
  });

  it('an index presized after texts were added keeps their codes and texts', () => {
    const index = new AsciiIndex();
    const buf = Buffer.from('alpha,beta,gamma', 'latin1');
    index.get(buf, 0, 5);
    index.set(buf, 0, 5, 0);
    index.get(buf, 6, 10);
    index.set(buf, 6, 10, 1);
    index.presize(100_000, 1_000_000);
    expect(index.get(buf, 0, 5)).toBe(0);
    expect(index.get(buf, 6, 10)).toBe(1);
    expect(index.get(buf, 11, 16)).toBe(-1);
    index.set(buf, 11, 16, 2);
    expect(index.withTexts([], 3)).toEqual(['alpha', 'beta', 'gamma']);
  });
});
