/**
 * ONNX Runtime (onnxruntime-node, an optional dependency) as a forward function for loadPredictor: the
 * preprocessing and the reading of outputs stay in the one shared code path, only the network runs here.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startModuleThread } from '../module-thread.js';
import type { ModelPackage } from '../training/package.js';
import type { Forward } from '../training/predictor.js';
import { ONNX_INPUT, ONNX_OUTPUT, toOnnx } from './convert.js';
import type { OnnxThreadData, OnnxThreadReply, OnnxThreadRun } from './onnx-thread.js';

type Ort = typeof import('onnxruntime-node');
let ortPromise: Promise<Ort> | null = null;

/** Loads onnxruntime-node once; rejects with a plain reason when it is not installed. */
export function loadOrt(): Promise<Ort> {
  ortPromise ??= import('onnxruntime-node').then((m) => ((m as { default?: Ort }).default ?? m) as Ort);
  ortPromise.catch(() => (ortPromise = null));
  return ortPromise;
}

export function packageToOnnx(pkg: ModelPackage): Uint8Array {
  const m = pkg.meta;
  return toOnnx(m.design, m.inputShape, m.outputUnits, m.task === 'regression', pkg.weights);
}

/** A forward function running the package's network on ONNX Runtime (CPU, one intra-op thread by default). */
export async function onnxForward(pkg: ModelPackage, options: { threads?: number } = {}): Promise<Forward> {
  const bytes = packageToOnnx(pkg);
  const ort = await loadOrt();
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    intraOpNumThreads: options.threads ?? 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const shape = pkg.meta.inputShape;
  return {
    name: 'onnx',
    async run(x, n) {
      const input = new ort.Tensor('float32', x, [n, ...shape]);
      const out = await session.run({ [ONNX_INPUT]: input });
      const t = out[ONNX_OUTPUT];
      const data = t.data as Float32Array;
      input.dispose?.();
      const copy = Float32Array.from(data);
      t.dispose?.();
      return copy;
    },
    dispose() {
      void session.release();
    },
  };
}

/**
 * The same forward function with ONNX Runtime on its own thread (onnx-thread.ts): `session.run` is
 * synchronous on the thread that calls it, so here the calling (serving) thread only posts the encoded
 * batch and gets the outputs back. Runs are answered in order. Null when the thread cannot start (the
 * caller then uses onnxForward).
 */
export async function onnxThreadForward(pkg: ModelPackage, options: { threads?: number } = {}): Promise<Forward | null> {
  const bytes = packageToOnnx(pkg);
  await loadOrt(); // not installed: the same error as onnxForward, before a thread is started
  const data: OnnxThreadData = { model: bytes, shape: pkg.meta.inputShape, threads: options.threads ?? 1 };
  const worker = await startModuleThread(path.dirname(fileURLToPath(import.meta.url)), 'onnx-thread', { workerData: data });
  if (!worker) return null;
  const pending = new Map<number, { resolve: (out: Float32Array) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let failed: Error | null = null;
  const fail = (err: Error) => {
    failed ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const ready = await new Promise<boolean>((resolve) => {
    worker.on('message', (m: OnnxThreadReply) => {
      if ('ready' in m) return resolve(m.ready);
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if ('out' in m) p.resolve(m.out);
      else p.reject(new Error(`ONNX Runtime: ${m.error}`));
    });
    worker.on('error', (err) => (fail(err), resolve(false)));
    worker.on('exit', () => (fail(new Error('The ONNX Runtime thread stopped.')), resolve(false)));
  });
  if (!ready) {
    void worker.terminate();
    return null;
  }
  worker.unref();
  return {
    name: 'onnx',
    run(x, n) {
      if (failed) return Promise.reject(failed);
      const id = nextId++;
      return new Promise<Float32Array>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // a copy goes over (structured clone): the caller may score the same rows again (a batch retried one by one)
        const msg: OnnxThreadRun = { id, x: x.byteOffset === 0 && x.byteLength === x.buffer.byteLength ? x : x.slice(), n };
        worker.postMessage(msg);
      });
    },
    dispose() {
      fail(new Error('The ONNX Runtime thread was stopped (the model was unloaded).'));
      void worker.terminate();
    },
  };
}
