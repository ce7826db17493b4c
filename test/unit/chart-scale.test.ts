import { describe, expect, it } from 'vitest';
import { runColour, runDash } from '../../renderer/src/charts/canvas/palette.js';
import { extent, nearestIndex, niceTicks, padded, tickFormat, valuesAt } from '../../renderer/src/charts/canvas/scale.js';

describe('canvas chart scales', () => {
  it('gives round ticks inside the domain', () => {
    expect(niceTicks({ min: 0.23, max: 2.41 }, 5)).toEqual({ ticks: [0.5, 1, 1.5, 2], step: 0.5 });
    expect(niceTicks({ min: 1, max: 200_000 }, 6).ticks).toEqual([50_000, 100_000, 150_000, 200_000]);
    expect(niceTicks({ min: -0.012, max: 0.013 }, 5).ticks).toEqual([-0.01, -0.005, 0, 0.005, 0.01]);
    expect(tickFormat(0.005, 'en')(0.01)).toBe('0.010');
    expect(tickFormat(50_000, 'en')(150_000)).toBe('150K');
    expect(tickFormat(0.5, 'es')(1.5)).toBe('1,5');
  });

  it('pads the y range, also of a flat line', () => {
    expect(extent([Float64Array.of(3, 1), [7]])).toEqual({ min: 1, max: 7 });
    expect(extent([[]])).toBeNull();
    expect(padded({ min: 0, max: 10 })).toEqual({ min: -0.5, max: 10.5 });
    expect(padded({ min: 2, max: 2 })).toEqual({ min: 1.98, max: 2.02 });
  });

  it('finds each line’s point at a hovered x, and none past a line’s end', () => {
    expect(nearestIndex([1, 2, 4, 8], 5.9)).toBe(2);
    expect(nearestIndex([1, 2, 4, 8], 6.1)).toBe(3);
    expect(nearestIndex([], 1)).toBe(-1);
    const long = { x: [1, 51, 101, 151], y: [0.9, 0.7, 0.6, 0.5] };
    const epochs = { x: [1, 2, 3], y: [1, 0.8, 0.7] };
    const short = { x: [1, 51], y: [0.95, 0.8] };
    expect(valuesAt([long, short], 60, 50)).toEqual([
      { x: 51, y: 0.7 },
      { x: 51, y: 0.8 },
    ]);
    expect(valuesAt([long, short], 150, 50)).toEqual([{ x: 151, y: 0.5 }, null]);
    expect(valuesAt([epochs], 2.2, 0)).toEqual([{ x: 2, y: 0.8 }]);
  });

  it('has ten distinct run colours, then dash patterns as a second signal', () => {
    const light = Array.from({ length: 10 }, (_, i) => runColour(i, 'light'));
    const dark = Array.from({ length: 10 }, (_, i) => runColour(i, 'dark'));
    expect(new Set(light).size).toBe(10);
    expect(new Set(dark).size).toBe(10);
    expect(runDash(0)).toEqual([]);
    expect(runDash(4)).toEqual([]);
    expect(new Set(Array.from({ length: 4 }, (_, i) => runDash(5 + i).join(' '))).size).toBe(4);
  });
});
