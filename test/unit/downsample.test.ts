import { describe, expect, it } from 'vitest';
import { downsample, lttb, minMax } from '../../electron/core/stats/downsample.js';

function noisy(n: number) {
  const x = Float64Array.from({ length: n }, (_, i) => i + 1);
  const y = Float64Array.from({ length: n }, (_, i) => Math.exp(-i / (n / 4)) + 0.05 * Math.sin(i * 12.9898));
  return { x, y };
}

describe('downsampling for charts', () => {
  it('returns short series unchanged and not flagged', () => {
    const { x, y } = noisy(500);
    for (const m of ['lttb', 'minmax'] as const) {
      const d = downsample(x, y, 1000, m);
      expect(d.downsampled).toBe(false);
      expect(Array.from(d.y)).toEqual(Array.from(y));
    }
  });

  it('keeps at most maxPoints, the first and last points, in x order, deterministically', () => {
    const { x, y } = noisy(100_000);
    for (const m of ['lttb', 'minmax'] as const) {
      const a = downsample(x, y, 1000, m);
      const b = downsample(x, y, 1000, m);
      expect(a.downsampled).toBe(true);
      expect(a.x.length).toBeLessThanOrEqual(1000);
      expect(a.x.length).toBeGreaterThan(900);
      expect(a.x[0]).toBe(1);
      expect(a.x[a.x.length - 1]).toBe(100_000);
      for (let i = 1; i < a.x.length; i++) expect(a.x[i]).toBeGreaterThan(a.x[i - 1]);
      expect(Array.from(a.y)).toEqual(Array.from(b.y));
    }
  });

  it('keeps isolated spikes (a loss spike must stay visible)', () => {
    const n = 50_000;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = new Float64Array(n).fill(1);
    y[12_345] = 50;
    y[40_000] = -20;
    for (const d of [lttb(x, y, 500), minMax(x, y, 500)]) {
      expect(Math.max(...d.y)).toBe(50);
      expect(Math.min(...d.y)).toBe(-20);
      expect(Array.from(d.x)).toContain(12_345);
    }
  });

  it('minmax keeps the exact minimum and maximum of every bucket', () => {
    const { x, y } = noisy(10_000);
    const d = minMax(x, y, 200);
    expect(Math.max(...d.y)).toBe(Math.max(...y));
    expect(Math.min(...d.y)).toBe(Math.min(...y));
  });

  it('drops NaN points instead of drawing them', () => {
    const d = lttb([1, 2, 3, 4], [1, NaN, 3, 4], 1000);
    expect(Array.from(d.x)).toEqual([1, 3, 4]);
  });
});
