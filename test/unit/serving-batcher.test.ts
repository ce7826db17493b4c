import { describe, expect, it } from 'vitest';
import { Batcher } from '../../electron/core/serving/batcher.js';
import type { Prediction, Predictor } from '../../electron/core/training/predictor.js';

// A predictor that takes `ms` per call and labels each row with its "x"; rows with x < 0 are rejected;
// a call holding x === 'boom' throws.
function fake(ms: number) {
  const calls: number[] = [];
  const p = {
    async predictRows(rows: unknown[]): Promise<Prediction> {
      calls.push(rows.length);
      await new Promise((r) => setTimeout(r, ms));
      const xs = rows.map((r) => (r as { x: number | string }).x);
      if (xs.includes('boom')) throw new Error('model failure');
      return {
        task: 'binary',
        classes: ['a', 'b'],
        probabilities: Float32Array.from(xs.flatMap((x) => [Number(x), 1 - Number(x)])),
        labels: xs.map((x) => `row-${x}`),
        rejected: xs.flatMap((x, index) => (Number(x) < 0 ? [{ index, reason: 'negative' }] : [])),
      };
    },
    // rows encoded one value per row (the prediction server's path: requests encoded while validated)
    async predictEncoded(x: Float32Array, n: number): Promise<Prediction> {
      return p.predictRows(Array.from(x.subarray(0, n), (v) => ({ x: v })));
    },
  } as unknown as Predictor;
  return { p, calls };
}

describe('micro-batching', () => {
  it('requests queued while a batch runs are scored together, each gets its own rows back in order', async () => {
    const { p, calls } = fake(30);
    const b = new Batcher(p, { maxBatch: 64, maxDelayMs: 50 });
    const first = b.submit([{ x: 0.1 }]);
    await new Promise((r) => setTimeout(r, 5)); // the first batch is running now
    const rest = Array.from({ length: 10 }, (_, i) => b.submit([{ x: i / 100 }, { x: i / 100 + 0.5 }]));
    const out = await Promise.all([first, ...rest]);
    expect(calls).toEqual([1, 20]);
    out.slice(1).forEach((pr, i) => {
      expect(pr.task !== 'regression' && pr.labels).toEqual([`row-${i / 100}`, `row-${i / 100 + 0.5}`]);
      expect(pr.task !== 'regression' && Array.from(pr.probabilities)).toEqual([
        Math.fround(i / 100),
        Math.fround(1 - i / 100),
        Math.fround(i / 100 + 0.5),
        Math.fround(0.5 - i / 100),
      ]);
    });
  });

  it('requests arriving in the same turn are one batch, bounded by maxBatch', async () => {
    const { p, calls } = fake(1);
    const b = new Batcher(p, { maxBatch: 8, maxDelayMs: 2 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => b.submit([{ x: i }])));
    expect(calls).toEqual([8, 8, 4]);
  });

  it('encoded requests are batched the same way: one call on the joined rows, each request its own slice', async () => {
    const { p, calls } = fake(1);
    const b = new Batcher(p, { maxBatch: 8, maxDelayMs: 2 });
    const out = await Promise.all(Array.from({ length: 6 }, (_, i) => b.submitEncoded(Float32Array.from([i / 10, i / 10 + 0.05]), 2)));
    expect(calls).toEqual([8, 4]);
    out.forEach((pr, i) => expect(pr.task !== 'regression' && pr.labels).toEqual([`row-${Math.fround(i / 10)}`, `row-${Math.fround(i / 10 + 0.05)}`]));
  });

  it('0 ms delay scores every request alone', async () => {
    const { p, calls } = fake(1);
    const b = new Batcher(p, { maxBatch: 64, maxDelayMs: 0 });
    await Promise.all(Array.from({ length: 5 }, (_, i) => b.submit([{ x: i }])));
    expect(calls).toEqual([1, 1, 1, 1, 1]);
  });

  it('a rejected row stays with its request; a failing batch is retried per request so only the culprit fails', async () => {
    const { p } = fake(1);
    const b = new Batcher(p, { maxBatch: 64, maxDelayMs: 5 });
    const [a, bad, c] = await Promise.all([b.submit([{ x: 0.2 }]), b.submit([{ x: -1 }]), b.submit([{ x: 0.3 }])]);
    expect(a.rejected).toEqual([]);
    expect(bad.rejected).toEqual([{ index: 0, reason: 'negative' }]);
    expect(c.rejected).toEqual([]);
    const results = await Promise.allSettled([b.submit([{ x: 0.1 }]), b.submit([{ x: 'boom' }]), b.submit([{ x: 0.4 }])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await b.idle();
  });
});
