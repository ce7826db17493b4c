import { describe, expect, it } from 'vitest';
import { dashOn, traceLine, type Frame, type Pen } from '../../renderer/src/charts/canvas/trace.js';
import { mulberry32 } from '../../electron/core/stats/random.js';

/** Records what traceLine hands the canvas. */
function record() {
  const path: [number, number][] = [];
  const bars: [number, number, number][] = [];
  const pen: Pen = { move: (x, y) => path.push([x, y]), line: (x, y) => path.push([x, y]), bar: (x, lo, hi) => bars.push([x, lo, hi]) };
  return { path, bars, pen };
}

const frame = (n: number, width = 600): Frame => ({ width, height: 200, x: { min: 0, max: n - 1 }, y: { min: 0, max: 4 } });
const toPy = (f: Frame, y: number) => f.height - ((y - f.y.min) / (f.y.max - f.y.min)) * f.height;

describe('canvas line tracing', () => {
  it('draws 200,000 points with one bar and at most two path points per pixel column, every extreme kept', () => {
    const n = 200_000;
    const r = mulberry32(7);
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = Float64Array.from({ length: n }, (_, i) => 0.3 + 2 * Math.exp(-i / 40_000) + 0.15 * r() + (i % 9_973 === 0 ? 1.4 : 0));
    const f = frame(n);
    const { path, bars, pen } = record();
    traceLine(x, y, f, 1, pen);
    expect(path.length).toBeLessThanOrEqual(2 * 601);
    expect(bars.length).toBeLessThanOrEqual(601);
    // per pixel column: the lowest and highest point are inside what is drawn there (a bar or the path)
    const cols = new Map<number, { lo: number; hi: number }>();
    for (let i = 0; i < n; i++) {
      const c = Math.round((x[i] / (n - 1)) * f.width);
      const py = toPy(f, y[i]);
      const e = cols.get(c) ?? { lo: py, hi: py };
      cols.set(c, { lo: Math.min(e.lo, py), hi: Math.max(e.hi, py) });
    }
    const drawn = new Map<number, { lo: number; hi: number }>();
    const widen = (c: number, lo: number, hi: number) => {
      const e = drawn.get(c) ?? { lo, hi };
      drawn.set(c, { lo: Math.min(e.lo, lo), hi: Math.max(e.hi, hi) });
    };
    for (const [bx, lo, hi] of bars) widen(Math.round(bx), lo, hi);
    for (const [px, py] of path) widen(Math.round(px), py, py);
    for (const [c, want] of cols) {
      const got = drawn.get(c)!;
      expect(got.lo).toBeLessThanOrEqual(want.lo + 1e-9);
      expect(got.hi).toBeGreaterThanOrEqual(want.hi - 1e-9);
    }
    // the highest spike is drawn to its own pixel
    const top = toPy(
      f,
      y.reduce((a, b) => Math.max(a, b), -Infinity),
    );
    expect(Math.min(...bars.map((b) => b[1]), ...path.map((p) => p[1]))).toBeCloseTo(top, 9);
  });

  it('draws a short series point by point, skipping missing values', () => {
    const { path, bars, pen } = record();
    traceLine([1, 2, 3, 4], [1, NaN, 2, 3], { width: 300, height: 100, x: { min: 1, max: 4 }, y: { min: 0, max: 4 } }, 2, pen);
    expect(bars).toEqual([]);
    expect(path).toEqual([
      [0, 75],
      [200, 50],
      [300, 25],
    ]);
  });

  it('keeps a dashed line dashed, but never hides a spike in a gap', () => {
    expect(dashOn([7, 3], 0)).toBe(true);
    expect(dashOn([7, 3], 8)).toBe(false);
    expect(dashOn([7, 3], 12)).toBe(true);
    expect(dashOn([3], 4)).toBe(false); // an odd pattern repeats: 3 on, 3 off
    expect(dashOn([], 5)).toBe(true);
    const n = 20_000;
    const r = mulberry32(3);
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = Float64Array.from({ length: n }, (_, i) => (i === 10_001 ? 3.9 : 1 + 0.1 * r()));
    const f = frame(n, 200);
    const solid = record();
    const dashed = record();
    traceLine(x, y, f, 1, solid.pen);
    traceLine(x, y, f, 1, dashed.pen, [7, 3]);
    expect(dashed.bars.length).toBeLessThan(solid.bars.length);
    expect(dashed.bars.length).toBeGreaterThan(0);
    // the spike's column is drawn in both
    const spike = toPy(f, 3.9);
    expect(dashed.bars.some((b) => b[1] <= spike + 1e-9)).toBe(true);
  });
});
