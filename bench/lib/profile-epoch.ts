/**
 * Where an epoch goes, for `npm run bench -- train`: a plain model.fit of the bench's MLP or CNN on the
 * wasm backend with every kernel timed (bench/lib/kernel-profile.ts), after a warm-up epoch. Input: one
 * JSON argument { kind: 'mlp' | 'cnn', rows, batchSize }. Prints { samplesPerSecond, fastKernels, profile }.
 * Run with CICLO_WASM_FAST_KERNELS=0 to profile the backend's own kernels (the "before" figures).
 */
import { loadBackend } from '../../electron/core/training/backend.js';
import { templateDesign } from '../../electron/core/training/design.js';
import { buildModel } from '../../electron/core/training/model.js';
import { mulberry32 } from '../../electron/core/stats/random.js';
import type { ModelDesign } from '../../shared/schemas/training.js';
import { instrumentKernels } from './kernel-profile.js';

const { kind, rows, batchSize } = JSON.parse(process.argv[2]) as { kind: 'mlp' | 'cnn'; rows: number; batchSize: number };
const { tf, backend } = await loadBackend('wasm');
const mlp = kind === 'mlp';
const inputShape = mlp ? [64] : [28, 28, 1];
const design: ModelDesign = mlp
  ? { inputKind: 'tabular', layers: [{ type: 'dense', units: 256, activation: 'relu', l2: 0 }, { type: 'dense', units: 256, activation: 'relu', l2: 0 }] }
  : templateDesign('cnn', { dropout: 0 });
const width = inputShape.reduce((a, b) => a * b, 1);
const r = mulberry32(11);
const x = tf.tensor(Float32Array.from({ length: rows * width }, () => r()), [rows, ...inputShape]);
const y = tf.oneHot(tf.tensor1d(Int32Array.from({ length: rows }, () => Math.floor(r() * 10)), 'int32'), 10).toFloat();
const model = buildModel(tf, design, inputShape, 10, false);
model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const profiler = instrumentKernels(tf, backend);
await model.fit(x, y, { epochs: 1, batchSize, shuffle: true, verbose: 0 });
profiler.start();
const t0 = performance.now();
await model.fit(x, y, { epochs: 1, batchSize, shuffle: true, verbose: 0 });
const seconds = (performance.now() - t0) / 1000;
const profile = profiler.stop(12);
process.stdout.write(JSON.stringify({ samplesPerSecond: rows / seconds, fastKernels: process.env.CICLO_WASM_FAST_KERNELS !== '0', profile }) + '\n');
