/**
 * ONNX Runtime (onnxruntime-node, an optional dependency) as a forward function for loadPredictor: the
 * preprocessing and the reading of outputs stay in the one shared code path, only the network runs here.
 */
import type { ModelPackage } from '../training/package.js';
import type { Forward } from '../training/predictor.js';
import { ONNX_INPUT, ONNX_OUTPUT, toOnnx } from './convert.js';

type Ort = typeof import('onnxruntime-node');
let ortPromise: Promise<Ort> | null = null;

/**
 * Loads onnxruntime-node once; rejects with a plain reason when it is not installed. Its telemetry is turned off
 * first: on Linux the library otherwise starts Microsoft's event collector with its first session, which means to
 * upload to events.data.microsoft.com (Ciclo works offline and sends nothing) and leaves a session file and an
 * empty mat-debug-PID.log in the temp folder of every process that loads a model.
 */
export function loadOrt(): Promise<Ort> {
  process.env.ORT_DISABLE_TELEMETRY = '1';
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
