/**
 * ONNX Runtime on its own thread (a worker_threads Worker started by runtime.ts onnxThreadForward):
 * onnxruntime-node's `session.run` is a synchronous native call on the thread that makes it, so on the
 * serving thread every batch's inference blocked HTTP parsing and answering. Here it blocks only this
 * thread. Messages are answered in the order they come (one session, one queue).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ONNX_INPUT, ONNX_OUTPUT } from './convert.js';

export interface OnnxThreadData {
  model: Uint8Array;
  shape: number[];
  threads: number;
}

/** A batch to run: `x` is n x input width, row-major. */
export interface OnnxThreadRun {
  id: number;
  x: Float32Array;
  n: number;
}

export type OnnxThreadReply = { ready: true } | { ready: false; error: string } | { id: number; out: Float32Array } | { id: number; error: string };

type Ort = typeof import('onnxruntime-node');
const port = parentPort!;
const data = workerData as OnnxThreadData;

async function main(): Promise<void> {
  const mod = (await import('onnxruntime-node')) as Ort & { default?: Ort };
  const ort = mod.default ?? mod;
  const session = await ort.InferenceSession.create(data.model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: data.threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  port.on('message', async (m: OnnxThreadRun) => {
    try {
      const input = new ort.Tensor('float32', m.x, [m.n, ...data.shape]);
      const result = await session.run({ [ONNX_INPUT]: input });
      const t = result[ONNX_OUTPUT];
      const out = Float32Array.from(t.data as Float32Array);
      t.dispose?.();
      port.postMessage({ id: m.id, out } satisfies OnnxThreadReply, [out.buffer]);
    } catch (err) {
      port.postMessage({ id: m.id, error: (err as Error).message } satisfies OnnxThreadReply);
    }
  });
  port.postMessage({ ready: true } satisfies OnnxThreadReply);
}

main().catch((err) => port.postMessage({ ready: false, error: (err as Error).message } satisfies OnnxThreadReply));
