import type * as TF from '@tensorflow/tfjs';
import type { Hyperparameters, ModelDesign } from '../../../shared/schemas/training.js';
import { decodeTensorPack, encodeTensorPack, type NamedTensor } from './tensor-pack.js';
import { buildModel, learningRateAt, makeOptimizer, modelWeights, setLearningRate, setModelWeights } from './model.js';
import { mulberry32, permutation, subSeed } from '../stats/random.js';
import { GradThreads, parallelEpoch } from './parallel.js';
import { denseFit } from './dense-fit.js';

type Tf = typeof TF;

/**
 * The training loop. It runs inside the training worker process: it reseeds Math.random (which tfjs
 * uses for initial weights and dropout masks) from the run seed at the start and at every epoch, so the
 * same seed on the same backend gives the same weights and metrics, and a run resumed from a checkpoint
 * continues exactly as it would have. Math.random is restored when the loop ends.
 */

export interface TrainData {
  /** Rows x features, row-major (images: rows x H*W*C). */
  xTrain: Float32Array;
  /** Class index per row (classification) or the standardised target (regression). */
  yTrain: Float32Array;
  xVal: Float32Array;
  yVal: Float32Array;
}

export interface TrainSpec {
  design: ModelDesign;
  inputShape: number[];
  /** Number of classes, or 1 for regression. */
  outputUnits: number;
  regression: boolean;
  /** Regression: y was standardised with these; metrics such as mae are reported in the target's units. */
  targetStd: number;
  /** Regression: the mean of the standardisation and the transform applied before it (metrics are on the original scale). */
  targetMean?: number;
  targetTransform?: 'log1p' | null;
  params: Hyperparameters;
  /** Weight per class index, or null. */
  classWeights: number[] | null;
}

export interface EpochReport {
  epoch: number;
  step: number;
  metrics: Record<string, number>;
  learningRate: number;
  bestEpoch: number | null;
  bestMetrics: Record<string, number> | null;
  /** Seconds the epoch took and samples per second. */
  seconds: number;
  samplesPerSecond: number;
  checkpoint: Uint8Array;
}

export interface TrainHooks {
  onBatch(step: number, epoch: number, loss: number): void;
  onEpoch(report: EpochReport): void | Promise<void>;
  /** Asked after every batch; true stops the run at once. */
  shouldStop(): boolean;
}

export interface TrainResult {
  status: 'completed' | 'stopped';
  epochsDone: number;
  bestEpoch: number | null;
  stoppedEarly: boolean;
  /** The weights to keep (the best epoch's when restoreBestWeights, else the last). */
  weights: NamedTensor[];
  metrics: Record<string, number>;
  bestMetrics: Record<string, number> | null;
}

interface CheckpointMeta {
  epoch: number;
  step: number;
  bestValue: number | null;
  bestEpoch: number | null;
  wait: number;
  metrics: Record<string, number>;
  bestMetrics: Record<string, number> | null;
}

export function readCheckpointMeta(bytes: Uint8Array): CheckpointMeta {
  return decodeTensorPack<CheckpointMeta>(bytes, 'checkpoint').meta;
}

function higherIsBetter(metric: string): boolean {
  return /accuracy|auc|r2|f1|precision|recall/.test(metric);
}

/** A standardised regression value back on the target's original scale. */
function original(spec: TrainSpec, v: number): number {
  const t = v * spec.targetStd + (spec.targetMean ?? 0);
  return spec.targetTransform === 'log1p' ? Math.expm1(t) : t;
}

/** mae and rmse of a regression on the target's original scale (after the inverse transform, if any). */
function regressionErrors(spec: TrainSpec, p: Float32Array, y: Float32Array): { se: number; mae: number; rmse: number } {
  const n = y.length;
  let se = 0,
    ae = 0,
    seOrig = 0;
  for (let i = 0; i < n; i++) {
    const d = p[i] - y[i];
    se += d * d;
    const e = original(spec, p[i]) - original(spec, y[i]);
    ae += Math.abs(e);
    seOrig += e * e;
  }
  return { se: se / n, mae: ae / n, rmse: Math.sqrt(seOrig / n) };
}

function predictAll(tf: Tf, model: TF.LayersModel, x: TF.Tensor): Float32Array {
  const pred = tf.tidy(() => model.predict(x, { batchSize: 1024 }) as TF.Tensor);
  const p = pred.dataSync() as Float32Array;
  pred.dispose();
  return p;
}

function evaluate(tf: Tf, model: TF.LayersModel, x: TF.Tensor, y: Float32Array, spec: TrainSpec): Record<string, number> {
  const n = y.length;
  if (!n) return {};
  const p = predictAll(tf, model, x);
  if (spec.regression) {
    const e = regressionErrors(spec, p, y);
    return { val_loss: e.se, val_mae: e.mae, val_rmse: e.rmse };
  }
  const k = spec.outputUnits;
  let loss = 0,
    correct = 0;
  for (let i = 0; i < n; i++) {
    const label = y[i];
    loss -= Math.log(Math.max(p[i * k + label], 1e-7));
    let best = 0;
    for (let j = 1; j < k; j++) if (p[i * k + j] > p[i * k + best]) best = j;
    if (best === label) correct++;
  }
  return { val_loss: loss / n, val_accuracy: correct / n };
}

/** One epoch of model.fit over the rows in `order` (one thread): the epoch's loss and accuracy. */
async function fitEpoch(
  tf: Tf,
  model: TF.LayersModel,
  spec: TrainSpec,
  xTrain: TF.Tensor,
  yTrain: TF.Tensor,
  order: Int32Array,
  onBatch: (loss: number) => Promise<boolean>,
): Promise<{ loss: number; accuracy: number | null }> {
  const perm = tf.tensor1d(order, 'int32');
  const xs = tf.gather(xTrain, perm);
  const ys = tf.gather(yTrain, perm);
  perm.dispose();
  try {
    const history = await model.fit(xs, ys, {
      epochs: 1,
      batchSize: spec.params.batchSize,
      shuffle: false,
      verbose: 0,
      classWeight: spec.classWeights ? Object.fromEntries(spec.classWeights.map((w, i) => [i, w])) : undefined,
      callbacks: {
        onBatchEnd: async (_batch, logs) => {
          if (await onBatch(Number(logs?.loss))) model.stopTraining = true;
        },
      },
    });
    const h = history.history;
    return { loss: Number(h.loss[0]), accuracy: h.acc ? Number(h.acc[0]) : null };
  } finally {
    xs.dispose();
    ys.dispose();
  }
}

export interface TrainOptions {
  /**
   * Threads for synchronous data-parallel training (parallel.ts; the wasm backend only): 1 trains with
   * model.fit on this thread, more start threads - 1 gradient threads beside it.
   */
  threads?: number;
}

export async function train(tf: Tf, spec: TrainSpec, data: TrainData, hooks: TrainHooks, checkpoint: Uint8Array | null = null, options: TrainOptions = {}): Promise<TrainResult> {
  const originalRandom = Math.random;
  const p = spec.params;
  const nTrain = data.yTrain.length;
  const nVal = data.yVal.length;
  Math.random = mulberry32(subSeed(p.seed, 0));
  const model = buildModel(tf, spec.design, spec.inputShape, spec.outputUnits, spec.regression);
  const optimizer = makeOptimizer(tf, p);
  model.compile({ optimizer, loss: spec.regression ? 'meanSquaredError' : 'categoricalCrossentropy', metrics: spec.regression ? ['mae'] : ['accuracy'] });

  const xTrain = tf.tensor(data.xTrain, [nTrain, ...spec.inputShape]);
  const yTrain = spec.regression ? tf.tensor2d(data.yTrain, [nTrain, 1]) : tf.tidy(() => tf.oneHot(tf.tensor1d(data.yTrain, 'int32'), spec.outputUnits).toFloat());
  const xVal = tf.tensor(data.xVal, [nVal, ...spec.inputShape]);
  // dense networks on wasm: the fused step (dense-fit.ts) instead of model.fit, same arithmetic
  const dense = denseFit(tf, model, spec, data, options.threads ?? 1);

  const es = p.earlyStopping;
  const monitor = nVal === 0 && es.monitor.startsWith('val_') ? es.monitor.slice(4) : es.monitor;
  const better = higherIsBetter(monitor) ? (a: number, b: number) => a > b + es.minDelta : (a: number, b: number) => a < b - es.minDelta;

  let startEpoch = 0;
  let step = 0;
  let bestValue: number | null = null;
  let bestEpoch: number | null = null;
  let bestWeights: NamedTensor[] | null = null;
  let bestMetrics: Record<string, number> | null = null;
  let wait = 0;
  let metrics: Record<string, number> = {};
  if (checkpoint) {
    const { meta, groups } = decodeTensorPack<CheckpointMeta>(checkpoint, 'checkpoint');
    setModelWeights(tf, model, groups.weights);
    if (groups.optimizer.length && dense) dense.setOptimizerWeights(groups.optimizer);
    else if (groups.optimizer.length) {
      await optimizer.setWeights(groups.optimizer.map((w) => ({ name: w.name, tensor: tf.tensor(w.data, w.shape) })));
    }
    bestWeights = groups.best.length ? groups.best : null;
    ({ epoch: startEpoch, step, bestValue, bestEpoch, wait, metrics, bestMetrics } = meta);
  }

  let stopped = false;
  let stoppedEarly = false;
  let epoch = startEpoch;
  let threads: GradThreads | null = null;
  try {
    if ((options.threads ?? 1) > 1) threads = await GradThreads.start(options.threads! - 1, spec);
    while (epoch < p.epochs) {
      const random = mulberry32(subSeed(p.seed, epoch + 1));
      Math.random = random;
      const lr = learningRateAt(p, epoch);
      setLearningRate(optimizer, lr);
      const order = permutation(nTrain, random);
      const started = performance.now();
      const onBatchEnd = async (loss: number): Promise<boolean> => {
        step++;
        hooks.onBatch(step, epoch + 1, loss);
        if (hooks.shouldStop()) stopped = true;
        // Let the event loop run between batches, so a cancel message or the parent's death
        // (IPC disconnect) is seen at once rather than when the epoch ends.
        await new Promise<void>((resolve) => setImmediate(resolve));
        return stopped;
      };
      let fitted: { loss: number; accuracy: number | null };
      if (threads) {
        threads.epoch(Array.from({ length: threads.count }, (_, i) => subSeed(subSeed(p.seed, epoch + 1), i + 1)));
        fitted = await parallelEpoch({ tf, model, optimizer, spec, data, perm: order, threads, onBatch: onBatchEnd });
      } else if (dense) fitted = await dense.epoch(order, lr, onBatchEnd);
      else fitted = await fitEpoch(tf, model, spec, xTrain, yTrain, order, onBatchEnd);
      if (stopped) break;
      const seconds = (performance.now() - started) / 1000;
      epoch++;
      metrics = { loss: fitted.loss };
      if (fitted.accuracy !== null) metrics.accuracy = fitted.accuracy;
      if (spec.regression) {
        // training errors of the epoch's weights (no dropout), on the target's original scale
        const e = regressionErrors(spec, predictAll(tf, model, xTrain), data.yTrain);
        metrics.mae = e.mae;
        metrics.rmse = e.rmse;
      }
      Object.assign(metrics, evaluate(tf, model, xVal, data.yVal, spec));
      const value = metrics[monitor];
      if (value !== undefined && Number.isFinite(value) && (bestValue === null || better(value, bestValue))) {
        bestValue = value;
        bestEpoch = epoch;
        bestMetrics = { ...metrics };
        wait = 0;
        if (es.enabled && es.restoreBestWeights) bestWeights = modelWeights(model);
      } else wait++;
      const optNamed = dense
        ? dense.optimizerWeights()
        : (await optimizer.getWeights()).map((w) => ({ name: w.name, shape: w.tensor.shape, data: Float32Array.from(w.tensor.dataSync() as Float32Array) }));
      const meta: CheckpointMeta = { epoch, step, bestValue, bestEpoch, wait, metrics, bestMetrics };
      const bytes = encodeTensorPack(meta, { weights: modelWeights(model), optimizer: optNamed, best: bestWeights ?? [] });
      await hooks.onEpoch({ epoch, step, metrics, learningRate: lr, bestEpoch, bestMetrics, seconds, samplesPerSecond: seconds > 0 ? nTrain / seconds : 0, checkpoint: bytes });
      if (hooks.shouldStop()) {
        stopped = true;
        break;
      }
      if (es.enabled && wait >= es.patience) {
        stoppedEarly = true;
        break;
      }
    }
    const keepBest = es.enabled && es.restoreBestWeights && bestWeights !== null;
    return {
      status: stopped ? 'stopped' : 'completed',
      epochsDone: epoch,
      bestEpoch,
      stoppedEarly,
      weights: keepBest ? bestWeights! : modelWeights(model),
      metrics,
      bestMetrics,
    };
  } finally {
    await threads?.close();
    Math.random = originalRandom;
    tf.dispose([xTrain, yTrain, xVal]);
    optimizer.dispose();
    model.dispose();
  }
}
