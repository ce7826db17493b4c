import { describe, expect, it } from 'vitest';
import { FlatOptimizer } from '../../electron/core/training/flat-optimizer.js';
import { FlatMemory } from '../../electron/core/training/simd-adam.js';
import { mulberry32 } from '../../electron/core/stats/random.js';

// Adam four weights at a time (simd-adam.ts) against the optimizer's JavaScript loop, both in flat-optimizer.ts.
describe('Adam over WebAssembly SIMD', () => {
  const vars = [
    { name: 'dense/kernel', shape: [7, 5], size: 35 },
    { name: 'dense/bias', shape: [5], size: 5 },
  ];

  function steps(memory: FlatMemory | null, count: number, from?: FlatOptimizer) {
    const opt = new FlatOptimizer('adam', 0, vars, memory);
    if (from) opt.setWeights(from.weights());
    const alloc = (n: number) => (memory ? memory.alloc(n) : new Float32Array(n));
    const params = vars.map((v) => alloc(v.size));
    const grads = vars.map((v) => alloc(v.size));
    const random = mulberry32(3);
    params.forEach((p) => p.forEach((_, i) => (p[i] = random() - 0.5)));
    for (let t = 0; t < count; t++) {
      grads.forEach((g) => g.forEach((_, i) => (g[i] = random() - 0.5)));
      opt.apply(params, grads, 0.01);
    }
    return { opt, params };
  }

  it('gives the JavaScript loop’s weights and state (float32 rounding), sizes not a multiple of four included', () => {
    const memory = FlatMemory.create(FlatOptimizer.sizes('adam', vars));
    expect(memory, 'Node has WebAssembly SIMD').not.toBeNull();
    const js = steps(null, 30);
    const simd = steps(memory, 30);
    simd.params.forEach((p, k) => p.forEach((v, i) => expect(Math.abs(v - js.params[k][i])).toBeLessThan(1e-6)));
    const [a, b] = [js.opt.weights(), simd.opt.weights()];
    expect(b.map((w) => w.name)).toEqual(a.map((w) => w.name));
    b.forEach((w, k) => w.data.forEach((v, i) => expect(Math.abs(v - a[k].data[i])).toBeLessThan(1e-6)));
  });

  it('resumes from saved state into its memory, and refuses state of the wrong size', () => {
    const first = steps(null, 5);
    const memory = FlatMemory.create(FlatOptimizer.sizes('adam', vars))!;
    const resumed = steps(memory, 0, first.opt);
    expect(resumed.opt.weights()[0].data[0]).toBe(5);
    expect(() => resumed.opt.setWeights(first.opt.weights().slice(0, 2))).toThrow(/does not fit/);
    const wrong = first.opt.weights().map((w, i) => (i === 1 ? { ...w, data: new Float32Array(3) } : w));
    expect(() => resumed.opt.setWeights(wrong)).toThrow(/has 3 values/);
    // the refused state changed nothing
    expect(resumed.opt.weights()[1].data).toEqual(first.opt.weights()[1].data);
  });
});
