import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hyperparametersSchema, type HyperparametersInput } from '../../shared/schemas/training.js';
import { templateDesign } from '../../electron/core/training/design.js';
import { learningRateAt } from '../../electron/core/training/model.js';
import { classWeightsFor } from '../../electron/core/training/prepare.js';
import { train, type EpochReport, type TrainData, type TrainSpec } from '../../electron/core/training/trainer.js';

// The training loop itself, in-process on the cpu backend with a table built here.
function data(): TrainData {
  const n = 240;
  const x = new Float32Array(n * 3);
  const y = new Float32Array(n);
  let s = 1;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    y[i] = c;
    for (let j = 0; j < 3; j++) x[i * 3 + j] = (j === c ? 1.5 : 0) + (rand() - 0.5) * 1.2;
  }
  return { xTrain: x.subarray(0, 180 * 3), yTrain: y.subarray(0, 180), xVal: x.subarray(180 * 3), yVal: y.subarray(180) };
}

function spec(params: HyperparametersInput): TrainSpec {
  return {
    design: templateDesign('mlp', { hidden: [8], dropout: 0.2 }),
    inputShape: [3],
    outputUnits: 3,
    regression: false,
    targetStd: 1,
    params: hyperparametersSchema.parse(params),
    classWeights: null,
  };
}

async function run(params: HyperparametersInput, checkpoint: Uint8Array | null = null, stopAfter = Infinity) {
  const epochs: EpochReport[] = [];
  const batches: number[] = [];
  const result = await train(
    tf,
    spec(params),
    data(),
    {
      onBatch: (_s, _e, loss) => void batches.push(loss),
      onEpoch: (r) => void epochs.push(r),
      shouldStop: () => epochs.length >= stopAfter,
    },
    checkpoint,
  );
  return { result, epochs, batches };
}

describe('training loop', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('a run resumed from a checkpoint continues as the uninterrupted run does', async () => {
    const params = { epochs: 4, batchSize: 16, learningRate: 0.05, seed: 3 };
    const full = await run(params);
    const first = await run(params, null, 2);
    expect(first.result.status).toBe('stopped');
    expect(first.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    const rest = await run(params, first.epochs[1].checkpoint);
    expect(rest.epochs.map((e) => e.epoch)).toEqual([3, 4]);
    // the same up to float32 rounding (tfjs recomputes Adam's beta powers from the saved step count)
    for (const [k, v] of Object.entries(full.result.metrics)) expect(rest.result.metrics[k], k).toBeCloseTo(v, 5);
    const resumed = [...first.batches, ...rest.batches];
    expect(resumed).toHaveLength(full.batches.length);
    resumed.forEach((loss, i) => expect(loss).toBeCloseTo(full.batches[i], 5));
    const a = rest.result.weights.flatMap((w) => Array.from(w.data));
    const b = full.result.weights.flatMap((w) => Array.from(w.data));
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeLessThan(1e-5);
  });

  it('early stopping stops after `patience` epochs without improvement and keeps the best weights', async () => {
    const { result, epochs } = await run({
      epochs: 200,
      batchSize: 32,
      learningRate: 0.5,
      optimizer: 'sgd',
      earlyStopping: { enabled: true, monitor: 'val_loss', patience: 2, restoreBestWeights: true },
    });
    expect(result.stoppedEarly).toBe(true);
    expect(result.epochsDone).toBeLessThan(200);
    const best = Math.min(...epochs.map((e) => e.metrics.val_loss));
    expect(result.bestMetrics!.val_loss).toBe(best);
    expect(result.epochsDone - result.bestEpoch!).toBe(2);
    // the kept weights are the best epoch's, not the last epoch's
    const last = epochs.at(-1)!;
    expect(result.metrics).toEqual(last.metrics);
    expect(result.bestEpoch).toBe(epochs.find((e) => e.metrics.val_loss === best)!.epoch);
  });

  it('schedules the learning rate per epoch', () => {
    const p = (schedule: object) => hyperparametersSchema.parse({ learningRate: 0.1, epochs: 11, schedule });
    expect(learningRateAt(p({ type: 'constant' }), 7)).toBe(0.1);
    expect([0, 9, 10, 20].map((e) => learningRateAt(p({ type: 'step', stepEpochs: 10, gamma: 0.5 }), e))).toEqual([0.1, 0.1, 0.05, 0.025]);
    const cos = p({ type: 'cosine', minLearningRate: 0.01 });
    expect(learningRateAt(cos, 0)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(cos, 5)).toBeCloseTo(0.055, 12);
    expect(learningRateAt(cos, 10)).toBeCloseTo(0.01, 12);
  });

  it('balanced class weights are inverse class frequencies', () => {
    const p = hyperparametersSchema.parse({ classWeights: 'balanced' });
    expect(classWeightsFor(p, ['a', 'b'], [30, 10])).toEqual([40 / 60, 40 / 20]);
    expect(classWeightsFor(hyperparametersSchema.parse({ classWeights: { b: 3 } }), ['a', 'b'], [30, 10])).toEqual([1, 3]);
    expect(classWeightsFor(hyperparametersSchema.parse({}), ['a', 'b'], [30, 10])).toBeNull();
  });
});
