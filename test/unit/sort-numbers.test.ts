import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../electron/core/stats/random.js';
import { sortNumbers } from '../../electron/core/stats/sort.js';

describe('sortNumbers (radix sort for the drift statistics)', () => {
  it('orders like TypedArray sort: negatives, -0 before +0, infinities, duplicates, subarrays', () => {
    const r = mulberry32(4);
    const values = Float64Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? Math.round(r() * 10) - 5 : (r() - 0.5) * 10 ** Math.floor(r() * 12 - 6)));
    values.set([-0, 0, Infinity, -Infinity, Number.MAX_VALUE, -Number.MIN_VALUE, Number.MIN_VALUE], 100);
    const expected = Float64Array.from(values).sort();
    const got = sortNumbers(Float64Array.from(values));
    expect(Array.from(got, (v) => (Object.is(v, -0) ? '-0' : String(v)))).toEqual(Array.from(expected, (v) => (Object.is(v, -0) ? '-0' : String(v))));
    const backing = new Float64Array(3000).map(() => r() - 0.5);
    const view = backing.subarray(500, 2500);
    const copy = Float64Array.from(view).sort();
    sortNumbers(view);
    expect(Array.from(view)).toEqual(Array.from(copy));
    expect(sortNumbers(new Float64Array([3, 1, 2]))).toEqual(new Float64Array([1, 2, 3]));
  });
});
