/**
 * Where an epoch goes, for `npm run bench -- train`: the bench's MLP or CNN on the wasm backend with every
 * kernel timed (bench/lib/kernel-profile.ts), after a warm-up epoch. Input: one JSON argument
 * { kind: 'mlp' | 'cnn', rows, batchSize, trainer? }. Without `trainer`: a plain model.fit; with it: Ciclo's
 * training loop (trainer.ts: the fused dense step for the MLP, dense-fit.ts; CICLO_FUSED_DENSE=0 for
 * model.fit), validation and checkpoint excluded. Prints { samplesPerSecond, fastKernels, profile }.
 * Run with CICLO_WASM_FAST_KERNELS=0 to profile the backend's own kernels (the "before" figures).
 */
import { loadBackend } from '../../electron/core/training/backend.js';
import { templateDesign } from '../../electron/core/training/design.js';
import { buildModel } from '../../electron/core/training/model.js';
import { train } from '../../electron/core/training/trainer.js';
import { mulberry32 } from '../../electron/core/stats/random.js';
import { hyperparametersSchema, type ModelDesign } from '../../shared/schemas/training.js';
import { instrumentKernels } from './kernel-profile.js';

const { kind, rows, batchSize, trainer } = JSON.parse(process.argv[2]) as { kind: 'mlp' | 'cnn'; rows: number; batchSize: number; trainer?: boolean };
const { tf, backend } = await loadBackend('wasm');
const mlp = kind === 'mlp';
const inputShape = mlp ? [64] : [28, 28, 1];
const design: ModelDesign = mlp
  ? {
      inputKind: 'tabular',
      layers: [
        { type: 'dense', units: 256, activation: 'relu', l2: 0 },
        { type: 'dense', units: 256, activation: 'relu', l2: 0 },
      ],
    }
  : templateDesign('cnn', { dropout: 0 });
const width = inputShape.reduce((a, b) => a * b, 1);
const r = mulberry32(11);
const xs = Float32Array.from({ length: rows * width }, () => r());
const labels = Float32Array.from({ length: rows }, () => Math.floor(r() * 10));
const profiler = instrumentKernels(tf, backend);
let seconds = 0;
if (trainer) {
  // two epochs; the clock and the kernel timings cover the second one's batches
  const spec = {
    design,
    inputShape,
    outputUnits: 10,
    regression: false,
    targetStd: 1,
    params: hyperparametersSchema.parse({ epochs: 2, batchSize, learningRate: 0.001 }),
    classWeights: null,
  };
  let epochStart = 0;
  let batchesDone = 0;
  const perEpoch = Math.ceil(rows / batchSize);
  await train(
    tf,
    spec,
    { xTrain: xs, yTrain: labels, xVal: xs.subarray(0, 0), yVal: labels.subarray(0, 0) },
    {
      onBatch() {
        batchesDone++;
        if (batchesDone === perEpoch) {
          profiler.start();
          epochStart = performance.now();
        }
        if (batchesDone === 2 * perEpoch) seconds = (performance.now() - epochStart) / 1000;
      },
      onEpoch() {},
      shouldStop: () => false,
    },
    null,
    { threads: 1 },
  );
} else {
  const x = tf.tensor(xs, [rows, ...inputShape]);
  const y = tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), 10).toFloat();
  const model = buildModel(tf, design, inputShape, 10, false);
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  await model.fit(x, y, { epochs: 1, batchSize, shuffle: true, verbose: 0 });
  profiler.start();
  const t0 = performance.now();
  await model.fit(x, y, { epochs: 1, batchSize, shuffle: true, verbose: 0 });
  seconds = (performance.now() - t0) / 1000;
}
const profile = profiler.stop(12);
process.stdout.write(JSON.stringify({ samplesPerSecond: rows / seconds, fastKernels: process.env.CICLO_WASM_FAST_KERNELS !== '0', profile }) + '\n');
