/**
 * The "raw tfjs" side of `npm run bench -- train`: a plain model.fit on the same backend, model and number
 * of rows as Ciclo's job, in its own process (as Ciclo's worker is). Input: one JSON argument
 * { kind: 'mlp' | 'cnn', trainRows, valRows, epochs, batchSize }. Prints { samplesPerSecond, samplesPerCpuSecond },
 * both measured from the end of the first epoch to the end of the last.
 */
import { loadBackend } from '../../electron/core/training/backend.js';
import { templateDesign } from '../../electron/core/training/design.js';
import { buildModel } from '../../electron/core/training/model.js';
import { mulberry32 } from '../../electron/core/stats/random.js';
import type { ModelDesign } from '../../shared/schemas/training.js';

const { kind, trainRows, valRows, epochs, batchSize } = JSON.parse(process.argv[2]) as {
  kind: 'mlp' | 'cnn';
  trainRows: number;
  valRows: number;
  epochs: number;
  batchSize: number;
};
const { tf } = await loadBackend('wasm');
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
const r = mulberry32(7);
const x = tf.tensor(
  Float32Array.from({ length: trainRows * width }, () => r()),
  [trainRows, ...inputShape],
);
const y = tf
  .oneHot(
    tf.tensor1d(
      Int32Array.from({ length: trainRows }, () => Math.floor(r() * 10)),
      'int32',
    ),
    10,
  )
  .toFloat();
const xv = tf.tensor(
  Float32Array.from({ length: valRows * width }, () => r()),
  [valRows, ...inputShape],
);
const yv = tf
  .oneHot(
    tf.tensor1d(
      Int32Array.from({ length: valRows }, () => Math.floor(r() * 10)),
      'int32',
    ),
    10,
  )
  .toFloat();
const model = buildModel(tf, design, inputShape, 10, false);
model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const ends: { wall: number; cpu: number }[] = [];
const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
await model.fit(x, y, {
  epochs,
  batchSize,
  shuffle: true,
  validationData: [xv, yv],
  verbose: 0,
  callbacks: { onEpochEnd: async () => void ends.push({ wall: Date.now(), cpu: cpuNow() }) },
});
const samples = trainRows * (epochs - 1);
process.stdout.write(
  JSON.stringify({
    samplesPerSecond: samples / ((ends.at(-1)!.wall - ends[0].wall) / 1000),
    samplesPerCpuSecond: samples / (ends.at(-1)!.cpu - ends[0].cpu),
  }) + '\n',
);
