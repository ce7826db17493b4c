import { parentPort, workerData } from 'node:worker_threads';
import { loadBackend } from './backend.js';
import { buildModel } from './model.js';
import { mulberry32 } from '../stats/random.js';
import { flatten, setFlatWeights, shardGradients, trainableVariables, type ShardModel } from './shard-step.js';
import type { TrainSpec } from './trainer.js';

/**
 * A gradient thread of data-parallel training (a worker_thread of the training worker process, with its
 * own tfjs and wasm backend). Per step it takes the current weights and its shard of the batch, and
 * answers with the shard's gradients; the coordinator (parallel.ts) adds them up and applies the update.
 * It keeps no training state of its own, so every thread works on exactly the coordinator's weights.
 */

export interface GradThreadData {
  role: 'ciclo-grad-thread';
  spec: TrainSpec;
}

export type ToGradThread =
  { type: 'epoch'; seed: number } | { type: 'step'; id: number; weights: Float32Array; x: Float32Array; y: Float32Array; rows: number; batchRows: number } | { type: 'close' };

export type FromGradThread = { type: 'ready' } | { type: 'grads'; id: number; grads: Float32Array; loss: number; correct: number } | { type: 'failed'; message: string };

export function isGradThread(data: unknown): data is GradThreadData {
  return !!data && typeof data === 'object' && (data as { role?: unknown }).role === 'ciclo-grad-thread';
}

export async function runGradThread(): Promise<void> {
  const port = parentPort!;
  const post = (m: FromGradThread, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  try {
    const { spec } = workerData as GradThreadData;
    // the thread's tfjs is its own: the wasm backend (the only one data-parallel training runs on)
    const { tf } = await loadBackend('wasm');
    const model = buildModel(tf, spec.design, spec.inputShape, spec.outputUnits, spec.regression);
    model.compile({ optimizer: 'sgd', loss: spec.regression ? 'meanSquaredError' : 'categoricalCrossentropy' });
    const vars = trainableVariables(model);
    const m: ShardModel = { tf, model, inputShape: spec.inputShape, outputUnits: spec.outputUnits, regression: spec.regression, classWeights: spec.classWeights };
    port.on('message', (msg: ToGradThread) => {
      try {
        if (msg.type === 'close') {
          port.close();
          return;
        }
        if (msg.type === 'epoch') {
          // dropout masks of this thread's shards: a stream of its own, fixed by the run seed and the epoch
          Math.random = mulberry32(msg.seed);
          return;
        }
        setFlatWeights(tf, vars, msg.weights);
        const r = shardGradients(m, { x: msg.x, y: msg.y, rows: msg.rows, batchRows: msg.batchRows, penalty: false });
        const grads = flatten(r.grads);
        tf.dispose(r.grads);
        post({ type: 'grads', id: msg.id, grads, loss: r.loss, correct: r.correct }, [grads.buffer as ArrayBuffer]);
      } catch (err) {
        post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
      }
    });
    post({ type: 'ready' });
  } catch (err) {
    post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  }
}
