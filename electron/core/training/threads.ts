import os from 'node:os';
import type * as TF from '@tensorflow/tfjs';
import type { threadReasons } from '../../../shared/schemas/training.js';
import type { BackendName } from './backend.js';
import { buildModel } from './model.js';
import type { TrainSpec } from './trainer.js';

type Tf = typeof TF;

/**
 * How many threads a run trains on (data-parallel training, parallel.ts). Two threads pay only when
 * a second core is free and a step has enough work to hide the per-step exchange of weights and
 * gradients; measured with `npm run bench -- train` (part `parallel`): on a 2-core machine other work
 * keeps busy (load ~20), two threads ran slower than one (the step waits for the slower shard), so a
 * busy machine trains on one. CICLO_TRAIN_THREADS=N forces N (measurements, power users).
 */

export type ThreadReason = (typeof threadReasons)[number];

export interface ThreadChoice {
  threads: number;
  reason: ThreadReason;
  /** Estimated multiply-adds x 2 of one training step (forward + backward ~ 3 x forward). */
  stepFlops: number;
}

/**
 * A step's work below this trains on one thread (the exchange costs ~1-2 ms per step). Measured on the idle
 * 2-core machine (`npm run bench -- train -- --speed --quick`, load 1.6): the bench MLP (~65 MFLOP a step) ran
 * at 0.91x on two threads, the cnn template (~770 MFLOP a step) at 1.36x; the bound sits between them.
 */
export const MIN_STEP_FLOPS = 200e6;

/** Forward floating-point operations per sample: dense 2 x weights, convolution 2 x weights x output positions. */
export function forwardFlops(tf: Tf, spec: TrainSpec): number {
  const model = buildModel(tf, spec.design, spec.inputShape, spec.outputUnits, spec.regression);
  try {
    let flops = 0;
    for (const layer of model.layers) {
      const kernel = layer.getWeights()[0];
      if (!kernel || kernel.rank < 2) continue;
      const out = layer.outputShape as number[];
      const positions = out.length === 4 ? out[1] * out[2] : 1;
      flops += 2 * kernel.size * positions;
    }
    return flops;
  } finally {
    model.dispose();
  }
}

export function chooseThreads(tf: Tf, spec: TrainSpec, backend: BackendName, env: { cpuCount?: number; load?: number; forced?: string } = {}): ThreadChoice {
  const cpuCount = env.cpuCount ?? os.cpus().length;
  const load = env.load ?? os.loadavg()[0];
  const forced = env.forced ?? process.env.CICLO_TRAIN_THREADS;
  const stepFlops = backend === 'wasm' ? 3 * forwardFlops(tf, spec) * spec.params.batchSize : 0;
  if (forced && Number.isInteger(Number(forced)) && Number(forced) >= 1 && backend === 'wasm') return { threads: Math.min(Number(forced), 8), reason: 'forced', stepFlops };
  // tfjs-node runs its own thread pool; the plain cpu backend is for checks, not speed
  if (backend !== 'wasm') return { threads: 1, reason: 'backend', stepFlops };
  if (cpuCount < 2) return { threads: 1, reason: 'single_core', stepFlops };
  if (stepFlops < MIN_STEP_FLOPS) return { threads: 1, reason: 'small_model', stepFlops };
  // the load average counts runnable tasks; this process takes one core, the other must be mostly idle
  if (load > cpuCount - 1) return { threads: 1, reason: 'busy', stepFlops };
  return { threads: 2, reason: 'parallel', stepFlops };
}
