import { describe, expect, it } from 'vitest';
import { loadBackend } from '../../electron/core/training/backend.js';
import { reluGrad, transposeInto } from '../../electron/core/training/dense-math.js';
import { heapLoops } from '../../electron/core/training/heap-loops.js';
import { mulberry32 } from '../../electron/core/stats/random.js';

// The fused dense step's WebAssembly loops on the wasm backend's memory against its JavaScript ones (dense-math.ts).
describe('loops on the wasm backend heap', () => {
  it('relu derivative and transposes give the JavaScript results, sizes not a multiple of four included', async () => {
    const { tf } = await loadBackend('wasm');
    const backend = tf.backend() as unknown as { makeOutput(shape: number[], dtype: string): object; typedArrayFromHeap(t: object): Float32Array };
    const loops = heapLoops(backend);
    expect(loops, 'the backend memory is reachable and Node has WebAssembly SIMD').not.toBeNull();
    const heap = (n: number) => backend.typedArrayFromHeap(backend.makeOutput([n], 'float32'));
    const random = mulberry32(9);
    for (const [rows, cols] of [
      [32, 24],
      [7, 13],
      [1, 5],
    ]) {
      const a = heap(rows * cols);
      const d = heap(rows * cols);
      a.forEach((_, i) => (a[i] = random() < 0.5 ? 0 : random() - 0.2));
      d.forEach((_, i) => (d[i] = random() - 0.5));
      [a[0], a[1], a[2]] = [-0, 0, -1];
      const [a2, d2] = [Float32Array.from(a), Float32Array.from(d)];
      loops!.reluGrad(d, a);
      reluGrad(d2, a2);
      expect(Array.from(d)).toEqual(Array.from(d2));
      expect([d[0], d[1], d[2]]).toEqual([0, 0, 0]);
      const t = heap(rows * cols);
      const t2 = new Float32Array(rows * cols);
      loops!.transpose(a, rows, cols, t);
      transposeInto(a2, rows, cols, t2);
      expect(Array.from(t)).toEqual(Array.from(t2));
    }
    // arrays off the heap are refused rather than read from the wrong memory
    expect(() => loops!.transpose(new Float32Array(4), 2, 2, heap(4))).toThrow(/backend heap/);
  });
});
