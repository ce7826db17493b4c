import type { Tensor } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadBackend } from '../../electron/core/training/backend.js';

// The wasm backend lacks the convolution filter gradients; Ciclo registers its own. They must agree with
// the cpu backend's gradients.
describe('wasm convolution gradients', () => {
  const cases = [
    { name: 'stride 1, same', x: [2, 7, 7, 3], f: [3, 3, 3, 4], strides: 1, pad: 'same' as const },
    { name: 'stride 2, same', x: [2, 7, 7, 3], f: [3, 3, 3, 4], strides: 2, pad: 'same' as const },
    { name: 'stride 2, valid', x: [3, 9, 8, 2], f: [3, 2, 2, 5], strides: 2, pad: 'valid' as const },
    { name: 'stride 1, valid, 5x5', x: [2, 10, 10, 1], f: [5, 5, 1, 6], strides: 1, pad: 'valid' as const },
    { name: 'even kernel, stride 2, same', x: [1, 8, 8, 2], f: [2, 2, 2, 3], strides: 2, pad: 'same' as const },
    { name: 'stride 3, valid, unused edge', x: [2, 11, 10, 2], f: [3, 3, 2, 3], strides: 3, pad: 'valid' as const },
    { name: '28x28, same, 16 filters', x: [2, 28, 28, 1], f: [3, 3, 1, 16], strides: 1, pad: 'same' as const },
  ];

  it('Conv2D and depthwise gradients on wasm match the cpu backend within 1e-4', async () => {
    const { tf, backend } = await loadBackend('wasm');
    expect(backend).toBe('wasm');
    for (const k of ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'Conv2DBackpropInput']) {
      expect(tf.getKernel(k, 'wasm'), k).toBeDefined();
    }
    const rand = (shape: number[], seed: number) => tf.randomUniform(shape, -1, 1, 'float32', seed);
    const grads = async (b: string) => {
      await tf.setBackend(b);
      const out: Record<string, Float32Array> = {};
      for (const [i, c] of cases.entries()) {
        const x = rand(c.x, 10 + i);
        const f = rand(c.f, 20 + i);
        // weight the output so every position matters differently
        const [dx, df] = tf.grads((xx, ff) => {
          const y: Tensor = tf.conv2d(xx as never, ff as never, c.strides, c.pad);
          return tf.sum(tf.mul(y, tf.sin(tf.range(0, y.size).reshape(y.shape))));
        })([x, f]);
        out[`conv ${c.name} dx`] = dx.dataSync() as Float32Array;
        out[`conv ${c.name} df`] = df.dataSync() as Float32Array;
        // depthwise with channel multiplier 2
        const fd = rand([c.f[0], c.f[1], c.x[3], 2], 30 + i);
        const [ddx, ddf] = tf.grads((xx, ff) => {
          const y: Tensor = tf.depthwiseConv2d(xx as never, ff as never, c.strides, c.pad);
          return tf.sum(tf.mul(y, tf.cos(tf.range(0, y.size).reshape(y.shape))));
        })([x, fd]);
        out[`depthwise ${c.name} dx`] = ddx.dataSync() as Float32Array;
        out[`depthwise ${c.name} df`] = ddf.dataSync() as Float32Array;
      }
      return out;
    };
    const cpu = await grads('cpu');
    const wasm = await grads('wasm');
    expect(tf.getBackend()).toBe('wasm');
    for (const key of Object.keys(cpu)) {
      expect(wasm[key].length, key).toBe(cpu[key].length);
      let max = 0;
      for (let i = 0; i < cpu[key].length; i++) max = Math.max(max, Math.abs(cpu[key][i] - wasm[key][i]));
      expect(max, key).toBeLessThan(1e-4);
    }
  });
});

// Ciclo replaces some slow wasm kernels (electron/core/training/wasm-fast.ts); they must agree with cpu.
describe('fast wasm kernels', () => {
  const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

  it('max-pool gradients (with ties in a window) and transposed matrix products match the cpu backend', async () => {
    const { tf } = await loadBackend('wasm');
    const run = async (b: string) => {
      await tf.setBackend(b);
      const out: Record<string, Float32Array> = {};
      // small integers make ties in many windows; relu zeros make whole windows tie
      const xi = tf.floor(tf.mul(tf.randomUniform([2, 8, 6, 3], 0, 1, 'float32', 5), 3));
      const xr = tf.relu(tf.randomUniform([3, 28, 28, 4], -1, 1, 'float32', 6));
      // (the backend's own kernel, kept for overlapping windows, routes ties differently: no ties here)
      const xu = tf.randomUniform([2, 9, 9, 2], -1, 1, 'float32', 12);
      for (const [name, x, size] of [
        ['ties 2x2', xi, 2],
        ['relu 2x2', xr, 2],
        ['ties 2x3 window', xi, [2, 3]],
        ['3x3 stride 2 (backend kernel)', xu, 3],
      ] as const) {
        const strides = name.startsWith('3x3') ? 2 : size;
        const g = tf.grad((v) => {
          const y: Tensor = tf.maxPool(v as never, size as never, strides as never, 'valid');
          return tf.sum(tf.mul(y, tf.sin(tf.range(0, y.size).reshape(y.shape))));
        })(x);
        out[`maxPool ${name}`] = g.dataSync() as Float32Array;
      }
      const a = tf.randomUniform([3, 17, 9], -1, 1, 'float32', 7);
      const c = tf.randomUniform([3, 17, 5], -1, 1, 'float32', 8);
      const m = tf.randomUniform([17, 9], -1, 1, 'float32', 9);
      const wide = tf.randomUniform([17, 51], -1, 1, 'float32', 11);
      const bias = tf.randomUniform([5], -1, 1, 'float32', 10);
      out['matMul aT b'] = tf.matMul(a, c, true, false).dataSync() as Float32Array;
      out['matMul a bT'] = tf.matMul(tf.reshape(a, [51, 9]), m, false, true).dataSync() as Float32Array;
      out['matMul aT bT'] = tf.matMul(tf.reshape(a, [51, 9]), wide, true, true).dataSync() as Float32Array;
      out['fused aT b + bias, relu'] = tf.fused
        .matMul({ a: tf.reshape(c, [51, 5]), b: tf.reshape(c, [51, 5]), transposeA: true, bias, activation: 'relu' })
        .dataSync() as Float32Array;
      return out;
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    for (const key of Object.keys(cpu)) {
      expect(wasm[key].length, key).toBe(cpu[key].length);
      expect(maxDiff(cpu[key], wasm[key]), key).toBeLessThan(1e-4);
    }
  });
});
