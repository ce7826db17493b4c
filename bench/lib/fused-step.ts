/**
 * The fused dense step alone (dense-fit.ts), for profiling it: Ciclo's training loop (trainer.ts) on the
 * bench's MLP 64-256-256-10 over random data, batch 128, no validation; prints the samples per second and
 * per CPU-second of the epochs after the first, and the step's wall time (min, 10th and 50th percentile:
 * on a busy machine the low percentiles are the steps nothing interrupted). Input: one JSON argument { rows, epochs }.
 * `node --import tsx --cpu-prof bench/lib/fused-step.ts '{"rows":8192,"epochs":6}'` shows where a step goes.
 */
import { loadBackend } from '../../electron/core/training/backend.js';
import { train } from '../../electron/core/training/trainer.js';
import { mulberry32 } from '../../electron/core/stats/random.js';
import { hyperparametersSchema } from '../../shared/schemas/training.js';

const { rows, epochs } = JSON.parse(process.argv[2] ?? '{}') as { rows?: number; epochs?: number };
const n = rows ?? 8192;
const { tf } = await loadBackend('wasm');
const r = mulberry32(11);
const xs = Float32Array.from({ length: n * 64 }, () => r());
const labels = Float32Array.from({ length: n }, () => Math.floor(r() * 10));
const spec = {
  design: {
    inputKind: 'tabular' as const,
    layers: [
      { type: 'dense' as const, units: 256, activation: 'relu' as const, l2: 0 },
      { type: 'dense' as const, units: 256, activation: 'relu' as const, l2: 0 },
    ],
  },
  inputShape: [64],
  outputUnits: 10,
  regression: false,
  targetStd: 1,
  params: hyperparametersSchema.parse({ epochs: epochs ?? 6, batchSize: 128, learningRate: 0.001 }),
  classWeights: null,
};
const marks: { wall: number; cpu: number }[] = [];
// per-step wall times after the first epoch: their low percentiles are the steps no other process interrupted
const steps: number[] = [];
let last = 0;
const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
await train(
  tf,
  spec,
  { xTrain: xs, yTrain: labels, xVal: xs.subarray(0, 0), yVal: labels.subarray(0, 0) },
  {
    onBatch() {
      const now = performance.now();
      if (marks.length) steps.push(now - last);
      last = now;
    },
    onEpoch() {
      marks.push({ wall: performance.now() / 1000, cpu: cpuNow() });
    },
    shouldStop: () => false,
  },
  null,
  { threads: 1 },
);
const per = marks.slice(1).map((m, i) => ({ wall: m.wall - marks[i].wall, cpu: m.cpu - marks[i].cpu }));
const best = Math.min(...per.map((p) => p.wall));
const cpu = per.reduce((a, p) => a + p.cpu, 0) / per.length;
const T = (globalThis as any).__denseT as Record<string, number> | undefined;
if (T) {
  const tot = Object.values(T).reduce((a, b) => a + b, 0);
  console.log(
    Object.entries(T)
      .map(([k, v]) => `${k} ${(v / ((spec.params.epochs * n) / 128)).toFixed(3)}ms ${((100 * v) / tot).toFixed(1)}%`)
      .join('\n'),
  );
}
steps.sort((a, b) => a - b);
const pct = (q: number) => Math.round(steps[Math.floor(q * (steps.length - 1))] * 1000) / 1000;
process.stdout.write(
  JSON.stringify({
    stepMs: { min: pct(0), p10: pct(0.1), p50: pct(0.5) },
    samplesPerSecond: Math.round(n / best),
    samplesPerCpuSecond: Math.round(n / cpu),
    epochs: per.map((p) => Math.round(n / p.wall)),
  }) + '\n',
);
