import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type * as TF from '@tensorflow/tfjs';
import type { FromGradThread, GradThreadData, ToGradThread } from './grad-thread.js';
import { flatWeights, shardGradients, trainableVariables, type ShardModel } from './shard-step.js';
import type { TrainData, TrainSpec } from './trainer.js';
import { workerEntry } from './worker-host.js';

type Tf = typeof TF;
const resolveFromHere = createRequire(import.meta.url);
type Grads = Extract<FromGradThread, { type: 'grads' }>;

/**
 * Synchronous data-parallel training on several threads of the training worker process. Every batch is
 * split into one shard per thread (the first, a row larger when it does not divide); this thread
 * computes the first shard's gradients while the gradient threads (grad-thread.ts, each with its own
 * wasm backend) compute theirs from the same weights; the gradients are added in thread order and this
 * thread's optimizer applies the update. Each shard's loss is its part of the batch's mean loss, so the
 * sum is the gradient of the whole batch: with SGD the weights match one-thread training to float
 * rounding, and the same seed with the same thread count gives the same weights, bit for bit.
 */

export class GradThreads {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (g: Grads) => void; reject: (e: Error) => void }>();
  private failure: Error | null = null;

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.on('message', (m: FromGradThread) => {
        if (m.type === 'grads') {
          const p = this.pending.get(m.id);
          this.pending.delete(m.id);
          p?.resolve(m);
        } else if (m.type === 'failed') this.fail(new Error(`A training thread failed: ${m.message}`));
      });
      w.on('error', (err) => this.fail(new Error(`A training thread failed: ${err.message}`)));
      w.on('exit', (code) => {
        if (this.workers.includes(w)) this.fail(new Error(`A training thread stopped (exit code ${code}).`));
      });
    }
  }

  /** Starts `count` gradient threads and waits until each has loaded its backend and built the model. */
  static async start(count: number, spec: TrainSpec): Promise<GradThreads> {
    const data: GradThreadData = { role: 'ciclo-grad-thread', spec };
    const workers = Array.from({ length: count }, () => threadWorker(data));
    const ready = workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          w.once('message', (m: FromGradThread) =>
            m.type === 'ready' ? resolve() : reject(new Error(`A training thread could not start: ${m.type === 'failed' ? m.message : m.type}`)),
          );
          w.once('error', (err) => reject(new Error(`A training thread could not start: ${err.message}`)));
        }),
    );
    const threads = new GradThreads(workers);
    try {
      await Promise.all(ready);
    } catch (err) {
      await threads.close();
      throw err;
    }
    return threads;
  }

  get count(): number {
    return this.workers.length;
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  epoch(seeds: number[]): void {
    this.workers.forEach((w, i) => w.postMessage({ type: 'epoch', seed: seeds[i] } satisfies ToGradThread));
  }

  step(index: number, m: Omit<Extract<ToGradThread, { type: 'step' }>, 'type' | 'id'>): Promise<Grads> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise<Grads>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const msg: ToGradThread = { type: 'step', id, ...m };
      this.workers[index].postMessage(msg, [m.weights.buffer as ArrayBuffer, m.x.buffer as ArrayBuffer, m.y.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    const all = this.workers.splice(0);
    await Promise.all(all.map((w) => w.terminate()));
  }
}

/**
 * A thread running the training worker's entry. From the built code that is plain JavaScript; from the
 * sources (tests, development) the thread registers tsx first (a thread does not inherit --import).
 */
function threadWorker(data: GradThreadData): Worker {
  const entry = workerEntry();
  // stdout: tfjs prints hints there; the thread's output must not reach the CLI's stdout
  if (!entry.execArgv.length) return new Worker(entry.file, { workerData: data, stdout: true });
  const tsx = path.join(path.dirname(resolveFromHere.resolve('tsx/package.json')), 'dist/esm/api/index.mjs');
  const code = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(entry.file).href)}); });`;
  return new Worker(code, { eval: true, workerData: data, stdout: true });
}

/** Rows `perm[start..end)` of the data, gathered into fresh arrays. */
function gather(data: TrainData, features: number, perm: Int32Array, start: number, end: number): { x: Float32Array; y: Float32Array } {
  const rows = end - start;
  const x = new Float32Array(rows * features);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const i = perm[start + r];
    x.set(data.xTrain.subarray(i * features, (i + 1) * features), r * features);
    y[r] = data.yTrain[i];
  }
  return { x, y };
}

/** Shard sizes of a batch of `rows` over `k` threads: the first ones a row larger when it does not divide. */
export function shardSizes(rows: number, k: number): number[] {
  const base = Math.floor(rows / k);
  return Array.from({ length: k }, (_, i) => base + (i < rows % k ? 1 : 0));
}

export interface ParallelEpochArgs {
  tf: Tf;
  model: TF.LayersModel;
  optimizer: TF.Optimizer;
  spec: TrainSpec;
  data: TrainData;
  perm: Int32Array;
  threads: GradThreads;
  /** Called after every batch with its loss; true stops the epoch. */
  onBatch(loss: number): Promise<boolean>;
}

/** One epoch of data-parallel training: the epoch's mean loss and accuracy (as model.fit reports them). */
export async function parallelEpoch(a: ParallelEpochArgs): Promise<{ loss: number; accuracy: number | null; stopped: boolean }> {
  const { tf, spec } = a;
  const n = a.perm.length;
  const features = spec.inputShape.reduce((p, d) => p * d, 1);
  const batch = spec.params.batchSize;
  const k = a.threads.count + 1;
  const vars = trainableVariables(a.model);
  const m: ShardModel = { tf, model: a.model, inputShape: spec.inputShape, outputUnits: spec.outputUnits, regression: spec.regression, classWeights: spec.classWeights };
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < n; start += batch) {
    const end = Math.min(n, start + batch);
    const sizes = shardSizes(end - start, k);
    const weights = flatWeights(vars);
    const asks: Promise<Grads>[] = [];
    let at = start + sizes[0];
    for (let h = 1; h < k; h++) {
      if (sizes[h] > 0) {
        const shard = gather(a.data, features, a.perm, at, at + sizes[h]);
        asks.push(a.threads.step(h - 1, { weights: h === k - 1 ? weights : weights.slice(), ...shard, rows: sizes[h], batchRows: end - start }));
      }
      at += sizes[h];
    }
    const own = gather(a.data, features, a.perm, start, start + sizes[0]);
    const mine = shardGradients(m, { ...own, rows: sizes[0], batchRows: end - start, penalty: true });
    let theirs: Grads[];
    try {
      theirs = await Promise.all(asks);
    } catch (err) {
      tf.dispose(mine.grads);
      throw err;
    }
    let batchLoss = mine.loss;
    correct += mine.correct;
    tf.tidy(() => {
      const sums = mine.grads.map((g, i) => {
        let s = g;
        for (const t of theirs) {
          const offset = vars.slice(0, i).reduce((p, v) => p + v.size, 0);
          s = tf.add(s, tf.tensor(t.grads.subarray(offset, offset + g.size), g.shape));
        }
        return s;
      });
      a.optimizer.applyGradients(Object.fromEntries(vars.map((v, i) => [v.name, sums[i]])));
    });
    tf.dispose(mine.grads);
    for (const t of theirs) {
      batchLoss += t.loss;
      correct += t.correct;
    }
    lossSum += batchLoss * (end - start);
    if (await a.onBatch(batchLoss)) return { loss: lossSum / Math.max(end, 1), accuracy: spec.regression ? null : correct / Math.max(end, 1), stopped: true };
  }
  return { loss: lossSum / n, accuracy: spec.regression ? null : correct / n, stopped: false };
}
