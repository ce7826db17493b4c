import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBackend } from '../../electron/core/training/backend.js';
import { templateDesign } from '../../electron/core/training/design.js';
import { train, type EpochReport, type TrainData, type TrainSpec } from '../../electron/core/training/trainer.js';
import { hyperparametersSchema } from '../../shared/schemas/training.js';

// Ciclo's fast wasm kernels (wasm-fast.ts) must not cost accuracy: the same seed, trained 3 epochs on the
// wasm backend and on the reference cpu backend, reaches the same validation accuracy within 0.5 points.
function digits(): TrainData {
  const lines = fs.readFileSync(path.join(__dirname, '../../resources/datasets/digits_8x8.csv'), 'utf8').trim().split('\n').slice(1);
  const rows = lines.slice(0, 750).map((l) => l.split(',').map(Number));
  const x = new Float32Array(rows.length * 64);
  const y = new Float32Array(rows.length);
  rows.forEach((r, i) => {
    for (let j = 0; j < 64; j++) x[i * 64 + j] = r[j] / 16;
    y[i] = r[64];
  });
  const cut = 450;
  return { xTrain: x.subarray(0, cut * 64), yTrain: y.subarray(0, cut), xVal: x.subarray(cut * 64), yVal: y.subarray(cut) };
}

// Each training once per file: the 1-thread wasm cnn is the reference of two tests (the same seed gives the
// same epochs, training-parallel.test.ts checks it), so the second test reuses the first one's run.
const trained = new Map<string, Promise<EpochReport[]>>();
function valAccuracy(backend: 'wasm' | 'cpu', template: 'cnn' | 'mlp', threads = 1): Promise<EpochReport[]> {
  const key = `${backend} ${template} ${threads}`;
  if (!trained.has(key)) trained.set(key, trainOnce(backend, template, threads));
  return trained.get(key)!;
}

async function trainOnce(backend: 'wasm' | 'cpu', template: 'cnn' | 'mlp', threads: number): Promise<EpochReport[]> {
  const { tf } = await loadBackend('wasm');
  await tf.setBackend(backend);
  const spec: TrainSpec = {
    // a narrower cnn than the template's (the cpu backend's convolutions are slow), same layers
    design: templateDesign(template, template === 'mlp' ? { hidden: [32] } : { filters: [4, 8], denseUnits: 32 }),
    inputShape: template === 'cnn' ? [8, 8, 1] : [64],
    outputUnits: 10,
    regression: false,
    targetStd: 1,
    params: hyperparametersSchema.parse({ epochs: 3, batchSize: 32, learningRate: 0.01, seed: 7 }),
    classWeights: null,
  };
  const epochs: EpochReport[] = [];
  await train(tf, spec, digits(), { onBatch: () => {}, onEpoch: (r) => void epochs.push(r), shouldStop: () => false }, null, { threads });
  return epochs;
}

describe('training on wasm with the fast kernels', () => {
  it.each(['cnn', 'mlp'] as const)(
    'the %s template reaches the cpu backend’s validation accuracy (same seed, 3 epochs)',
    async (template) => {
      const cpu = await valAccuracy('cpu', template);
      const wasm = await valAccuracy('wasm', template);
      expect(wasm).toHaveLength(3);
      const a = wasm[2].metrics.val_accuracy;
      const b = cpu[2].metrics.val_accuracy;
      expect(b).toBeGreaterThan(0.5); // it learned something
      expect(Math.abs(a - b)).toBeLessThanOrEqual(0.005);
      expect(wasm[2].metrics.val_loss).toBeCloseTo(cpu[2].metrics.val_loss, 2);
    },
    60_000,
  );

  // data-parallel training (parallel.ts; the mlp's arithmetic is checked in training-parallel.test.ts):
  // the same seed on 2 threads reaches one thread's accuracy
  it.each(['cnn'] as const)(
    'the %s template on 2 threads reaches the accuracy of 1 thread (same seed, 3 epochs)',
    async (template) => {
      const one = await valAccuracy('wasm', template);
      const two = await valAccuracy('wasm', template, 2);
      expect(two).toHaveLength(3);
      expect(one[2].metrics.val_accuracy).toBeGreaterThan(0.5);
      expect(Math.abs(two[2].metrics.val_accuracy - one[2].metrics.val_accuracy)).toBeLessThanOrEqual(0.005);
    },
    90_000,
  );
});
