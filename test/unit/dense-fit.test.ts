import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBackend } from '../../electron/core/training/backend.js';
import { densePlan } from '../../electron/core/training/dense-fit.js';
import { templateDesign } from '../../electron/core/training/design.js';
import { train, type EpochReport, type TrainData, type TrainResult, type TrainSpec } from '../../electron/core/training/trainer.js';
import { hyperparametersSchema, type ModelDesign } from '../../shared/schemas/training.js';

// The fused dense step (dense-fit.ts) against model.fit (CICLO_FUSED_DENSE=0) on the same wasm backend.
function digits(rows = 500, cut = 400): TrainData {
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

function spec(design: ModelDesign, params: Record<string, unknown> = {}, regression = false): TrainSpec {
  return {
    design,
    inputShape: [64],
    outputUnits: regression ? 1 : 10,
    regression,
    targetStd: 1,
    params: hyperparametersSchema.parse({ epochs: 2, batchSize: 32, learningRate: 0.01, seed: 5, ...params }),
    classWeights: null,
  };
}

async function run(s: TrainSpec, fused: boolean, data = digits(), checkpoint: Uint8Array | null = null, stopAfter = Infinity) {
  process.env.CICLO_FUSED_DENSE = fused ? '1' : '0';
  const { tf } = await loadBackend('wasm');
  const epochs: EpochReport[] = [];
  const batches: number[] = [];
  const result = await train(
    tf,
    s,
    data,
    { onBatch: (_s, _e, loss) => void batches.push(loss), onEpoch: (r) => void epochs.push(r), shouldStop: () => epochs.length >= stopAfter },
    checkpoint,
    { threads: 1 },
  );
  return { result, epochs, batches };
}

function maxDiff(a: TrainResult, b: TrainResult): number {
  let d = 0;
  a.weights.forEach((w, i) => w.data.forEach((v, j) => (d = Math.max(d, Math.abs(v - b.weights[i].data[j])))));
  return d;
}

afterEach(() => {
  delete process.env.CICLO_FUSED_DENSE;
});

describe('the fused dense training step', () => {
  it('covers dense and dropout networks on wasm with adam or sgd; everything else trains through model.fit', () => {
    const mlp = spec(templateDesign('mlp', {}));
    expect(densePlan(mlp, 'wasm', 1)).not.toBeNull();
    expect(densePlan(mlp, 'cpu', 1)).toBeNull();
    expect(densePlan(mlp, 'wasm', 2)).toBeNull();
    expect(densePlan(spec(templateDesign('mlp', {}), { optimizer: 'rmsprop' }), 'wasm', 1)).toBeNull();
    expect(densePlan(spec({ inputKind: 'tabular', layers: [{ type: 'batchNorm' }, { type: 'dense', units: 8, activation: 'relu', l2: 0 }] } as ModelDesign), 'wasm', 1)).toBeNull();
    expect(densePlan({ ...spec(templateDesign('cnn', {})), inputShape: [8, 8, 1] }, 'wasm', 1)).toBeNull();
  });

  it('gives model.fit’s weights and metrics with adam, dropout and l2 (float rounding)', async () => {
    const design: ModelDesign = {
      inputKind: 'tabular',
      layers: [
        { type: 'dense', units: 48, activation: 'relu', l2: 0.001 },
        { type: 'dropout', rate: 0.2 },
        { type: 'dense', units: 24, activation: 'tanh', l2: 0 },
      ],
    };
    const s = spec(design);
    const fit = await run(s, false);
    const fused = await run(s, true);
    expect(maxDiff(fit.result, fused.result)).toBeLessThan(2e-4);
    fused.batches.forEach((l, i) => expect(l).toBeCloseTo(fit.batches[i], 4));
    for (const k of ['loss', 'accuracy', 'val_loss', 'val_accuracy']) expect(fused.epochs[1].metrics[k], k).toBeCloseTo(fit.epochs[1].metrics[k], 3);
  });

  it.each(['sigmoid', 'elu', 'selu', 'swish', 'linear'] as const)('matches model.fit with %s layers and sgd with momentum', async (activation) => {
    const s = spec({ inputKind: 'tabular', layers: [{ type: 'dense', units: 16, activation, l2: 0 }] }, { optimizer: 'sgd', momentum: 0.9, learningRate: 0.05, epochs: 1 });
    const fit = await run(s, false);
    const fused = await run(s, true);
    expect(maxDiff(fit.result, fused.result)).toBeLessThan(1e-4);
  });

  it('matches model.fit on a regression (mean squared error) and with class weights', async () => {
    const d = digits();
    const reg = { ...d, yTrain: d.yTrain.map((v) => (v - 4.5) / 3), yVal: d.yVal.map((v) => (v - 4.5) / 3) };
    const r = spec(templateDesign('mlp', { hidden: [16], dropout: 0 }), { epochs: 1 }, true);
    expect(maxDiff((await run(r, false, reg)).result, (await run(r, true, reg)).result)).toBeLessThan(1e-4);
    const w = { ...spec(templateDesign('mlp', { hidden: [16], dropout: 0 }), { epochs: 1 }), classWeights: [1, 2, 1, 1, 3, 1, 1, 1, 0.5, 1] };
    expect(maxDiff((await run(w, false)).result, (await run(w, true)).result)).toBeLessThan(1e-4);
  });

  it('a run resumed from its checkpoint continues as the uninterrupted run, and either path resumes the other’s', async () => {
    const s = spec(templateDesign('mlp', { hidden: [16] }), { epochs: 3 });
    const full = await run(s, true);
    const first = await run(s, true, digits(), null, 1);
    const rest = await run(s, true, digits(), first.epochs[0].checkpoint);
    expect(maxDiff(full.result, rest.result)).toBeLessThan(1e-6);
    // a checkpoint written by model.fit's optimizer resumes on the fused step, and the other way round
    const fitFirst = await run(s, false, digits(), null, 1);
    const crossed = await run(s, true, digits(), fitFirst.epochs[0].checkpoint);
    expect(maxDiff(full.result, crossed.result)).toBeLessThan(2e-4);
    const back = await run(s, false, digits(), first.epochs[0].checkpoint);
    expect(maxDiff(full.result, back.result)).toBeLessThan(2e-4);
  });
});
