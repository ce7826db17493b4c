/**
 * `tsx bench/lib/parallel-fit.ts <mlp|cnn> <threads> <rows> <epochs> [batch]`: trains the bench's MLP or
 * CNN in this process with Ciclo's trainer (train(), the wasm backend) on `threads` threads and prints
 * one JSON line: samples/s (wall clock, steady state: after the first epoch) and samples per CPU-second
 * of this process (all its threads). Run by bench/train.ts, one process per measurement.
 */
import { loadBackend } from '../../electron/core/training/backend.js';
import { templateDesign } from '../../electron/core/training/design.js';
import { train, type TrainSpec } from '../../electron/core/training/trainer.js';
import { mulberry32 } from '../../electron/core/stats/random.js';
import { hyperparametersSchema } from '../../shared/schemas/training.js';

const [kind, threadsArg, rowsArg, epochsArg, batchArg] = process.argv.slice(2);
const threads = Number(threadsArg);
const rows = Number(rowsArg);
const epochs = Number(epochsArg);
const cnn = kind === 'cnn';
const features = cnn ? 784 : 64;
const r = mulberry32(2024);
const x = new Float32Array(rows * features).map(() => (cnn ? r() : (r() + r() + r() - 1.5) * 2));
const y = new Float32Array(rows).map(() => Math.floor(r() * 10));
const nVal = Math.floor(rows / 8);
const spec: TrainSpec = {
  design: cnn ? templateDesign('cnn') : templateDesign('mlp', { hidden: [256, 256], dropout: 0 }),
  inputShape: cnn ? [28, 28, 1] : [64],
  outputUnits: 10,
  regression: false,
  targetStd: 1,
  params: hyperparametersSchema.parse({ epochs, batchSize: Number(batchArg ?? (cnn ? 32 : 128)), learningRate: 0.001, seed: 3, earlyStopping: { enabled: false } }),
  classWeights: null,
};
const { tf } = await loadBackend('wasm');
const marks: { wall: number; cpu: number }[] = [];
const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
await train(
  tf,
  spec,
  { xTrain: x.subarray(0, (rows - nVal) * features), yTrain: y.subarray(0, rows - nVal), xVal: x.subarray((rows - nVal) * features), yVal: y.subarray(rows - nVal) },
  { onBatch: () => {}, onEpoch: () => void marks.push({ wall: performance.now() / 1000, cpu: cpuNow() }), shouldStop: () => false },
  null,
  { threads },
);
const first = marks[0];
const last = marks[marks.length - 1];
const samples = (rows - nVal) * (marks.length - 1);
process.stdout.write(JSON.stringify({ kind, threads, samplesPerSecond: samples / (last.wall - first.wall), samplesPerCpuSecond: samples / (last.cpu - first.cpu) }) + '\n');
process.exit(0);
