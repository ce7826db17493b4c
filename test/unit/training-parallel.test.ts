import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBackend } from '../../electron/core/training/backend.js';
import { templateDesign } from '../../electron/core/training/design.js';
import { shardSizes } from '../../electron/core/training/parallel.js';
import { chooseThreads } from '../../electron/core/training/threads.js';
import { train, type EpochReport, type TrainData, type TrainResult, type TrainSpec } from '../../electron/core/training/trainer.js';
import { hyperparametersSchema } from '../../shared/schemas/training.js';

// Data-parallel training (parallel.ts): each batch split over 2 threads, gradients added, one update.
function digits(rows = 600, cut = 450): TrainData {
  const lines = fs.readFileSync(path.join(__dirname, '../../resources/datasets/digits_8x8.csv'), 'utf8').trim().split('\n').slice(1);
  const data = lines.slice(0, rows).map((l) => l.split(',').map(Number));
  const x = new Float32Array(data.length * 64);
  const y = new Float32Array(data.length);
  data.forEach((r, i) => {
    for (let j = 0; j < 64; j++) x[i * 64 + j] = r[j] / 16;
    y[i] = r[64];
  });
  return { xTrain: x.subarray(0, cut * 64), yTrain: y.subarray(0, cut), xVal: x.subarray(cut * 64), yVal: y.subarray(cut) };
}

function spec(
  template: 'mlp' | 'cnn',
  params: Record<string, unknown>,
  design = templateDesign(template, template === 'mlp' ? { hidden: [32] } : { filters: [4, 8], denseUnits: 32 }),
): TrainSpec {
  return {
    design,
    inputShape: template === 'cnn' ? [8, 8, 1] : [64],
    outputUnits: 10,
    regression: false,
    targetStd: 1,
    params: hyperparametersSchema.parse({ epochs: 2, batchSize: 32, learningRate: 0.05, seed: 11, ...params }),
    classWeights: null,
  };
}

async function run(s: TrainSpec, threads: number, data = digits()): Promise<{ result: TrainResult; epochs: EpochReport[]; batches: number[] }> {
  const { tf } = await loadBackend('wasm');
  const epochs: EpochReport[] = [];
  const batches: number[] = [];
  const result = await train(tf, s, data, { onBatch: (_s, _e, loss) => void batches.push(loss), onEpoch: (r) => void epochs.push(r), shouldStop: () => false }, null, { threads });
  return { result, epochs, batches };
}

function maxDiff(a: TrainResult, b: TrainResult): number {
  let d = 0;
  a.weights.forEach((w, i) => w.data.forEach((v, j) => (d = Math.max(d, Math.abs(v - b.weights[i].data[j])))));
  return d;
}

describe('data-parallel training on 2 threads', () => {
  it('splits a batch into shards that cover it, the first ones a row larger', () => {
    expect(shardSizes(32, 2)).toEqual([16, 16]);
    expect(shardSizes(33, 2)).toEqual([17, 16]);
    expect(shardSizes(1, 2)).toEqual([1, 0]);
  });

  it('trains on 2 threads only on wasm, with a free second core and a model big enough to pay', async () => {
    const { tf } = await loadBackend('wasm');
    const image = { ...spec('cnn', {}, templateDesign('cnn')), inputShape: [28, 28, 1] };
    const idle = { cpuCount: 2, load: 0.2, forced: '' };
    expect(chooseThreads(tf, image, 'wasm', idle)).toMatchObject({ threads: 2, reason: 'parallel' });
    expect(chooseThreads(tf, spec('mlp', {}), 'wasm', idle)).toMatchObject({ threads: 1, reason: 'small_model' });
    expect(chooseThreads(tf, image, 'wasm', { ...idle, load: 3.5 })).toMatchObject({ threads: 1, reason: 'busy' });
    expect(chooseThreads(tf, image, 'wasm', { ...idle, cpuCount: 1 })).toMatchObject({ threads: 1, reason: 'single_core' });
    expect(chooseThreads(tf, image, 'tensorflow', idle)).toMatchObject({ threads: 1, reason: 'backend' });
    expect(chooseThreads(tf, spec('mlp', {}), 'wasm', { ...idle, forced: '2' })).toMatchObject({ threads: 2, reason: 'forced' });
  });

  it('SGD with the mean loss: 2 threads give the weights and metrics of 1 thread (float rounding)', async () => {
    const s = spec('mlp', { optimizer: 'sgd', momentum: 0 }, templateDesign('mlp', { hidden: [32], dropout: 0 }));
    const one = await run(s, 1);
    const two = await run(s, 2);
    expect(two.batches).toHaveLength(one.batches.length);
    expect(maxDiff(one.result, two.result)).toBeLessThan(1e-4);
    expect(two.epochs[1].metrics.loss).toBeCloseTo(one.epochs[1].metrics.loss, 4);
    expect(two.epochs[1].metrics.accuracy).toBeCloseTo(one.epochs[1].metrics.accuracy, 6);
    expect(two.epochs[1].metrics.val_accuracy).toBeCloseTo(one.epochs[1].metrics.val_accuracy, 6);
  }, 60_000);

  it('the same seed and thread count give identical results, dropout included', async () => {
    const design = templateDesign('mlp', { hidden: [32], dropout: 0.3 });
    const s = spec('mlp', { optimizer: 'adam', learningRate: 0.01, epochs: 1 }, design);
    const a = await run(s, 2);
    const b = await run(s, 2);
    expect(maxDiff(a.result, b.result)).toBe(0);
    expect(a.batches).toEqual(b.batches);
  }, 60_000);
});
