import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { ModelDesign } from '../../shared/schemas/training.js';
import { onnxBlocker, packageToOnnx } from '../../electron/core/bundles/onnx.js';
import { mulberry32 } from '../../electron/core/stats/random.js';
import { loadBackend } from '../../electron/core/training/backend.js';
import { buildModel } from '../../electron/core/training/model.js';
import type { PackageMeta } from '../../electron/core/training/package.js';

// ONNX export of every layer and activation a tabular design can hold, checked in onnxruntime-node
// against tfjs with random weights (batch-norm statistics included): max abs difference <= 1e-5.
function metaOf(design: ModelDesign, task: PackageMeta['task'], width: number, outputUnits: number): PackageMeta {
  return { format: 'ciclo-model/1', runId: 'run_x', task, design, inputShape: [width], outputUnits, classes: task === 'regression' ? null : Array.from({ length: outputUnits }, (_, i) => `c${i}`), features: [], preprocessing: {} as PackageMeta['preprocessing'] };
}

async function compare(meta: PackageMeta): Promise<number> {
  const { tf } = await loadBackend('cpu');
  const model = buildModel(tf, meta.design, meta.inputShape, meta.outputUnits, meta.task === 'regression');
  const r = mulberry32(3);
  const weights = model.weights.map((w) => {
    const n = (w.shape as number[]).reduce((a, b) => a * b, 1);
    const variance = w.originalName.endsWith('moving_variance');
    return { name: w.originalName, shape: w.shape as number[], data: Float32Array.from({ length: n }, () => (variance ? 0.5 + r() : (r() - 0.5) * 0.8)) };
  });
  model.setWeights(weights.map((w) => tf.tensor(w.data, w.shape)));
  const rows = 64;
  const width = meta.inputShape[0];
  const x = Float32Array.from({ length: rows * width }, () => (r() - 0.5) * 6);
  const expected = (model.predict(tf.tensor(x, [rows, width])) as import('@tensorflow/tfjs').Tensor).dataSync() as Float32Array;
  model.dispose();
  const session = await ort.InferenceSession.create(packageToOnnx(meta, weights, 'test'));
  const got = (await session.run({ input: new ort.Tensor('float32', x, [rows, width]) })).output.data as Float32Array;
  await session.release();
  expect(got.length).toBe(expected.length);
  return Math.max(...Array.from(expected, (v, i) => Math.abs(v - got[i])));
}

describe('ONNX export', () => {
  it('matches tfjs for dense layers with every activation, dropout and batch normalisation', async () => {
    const layers: ModelDesign['layers'] = [
      { type: 'dense', units: 16, activation: 'swish', l2: 0 },
      { type: 'batchNorm' },
      { type: 'dropout', rate: 0.3 },
      { type: 'dense', units: 12, activation: 'selu', l2: 0 },
      { type: 'dense', units: 10, activation: 'elu', l2: 0 },
      { type: 'dense', units: 9, activation: 'tanh', l2: 0 },
      { type: 'dense', units: 8, activation: 'sigmoid', l2: 0 },
      { type: 'dense', units: 8, activation: 'relu', l2: 0.01 },
      { type: 'dense', units: 8, activation: 'linear', l2: 0 },
    ];
    expect(await compare(metaOf({ inputKind: 'tabular', layers }, 'multiclass', 7, 4))).toBeLessThanOrEqual(1e-5);
    expect(await compare(metaOf({ inputKind: 'tabular', layers }, 'regression', 5, 1))).toBeLessThanOrEqual(1e-5);
    expect(await compare(metaOf({ inputKind: 'tabular', layers: [] }, 'binary', 3, 2))).toBeLessThanOrEqual(1e-5);
  });

  it('says which designs cannot be exported', () => {
    const cnn = metaOf({ inputKind: 'image', layers: [{ type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', l2: 0 } as never, { type: 'flatten' } as never] }, 'multiclass', 1, 3);
    cnn.inputShape = [8, 8, 1];
    expect(onnxBlocker(cnn)).toMatch(/this design has conv2d, flatten layers/);
    expect(onnxBlocker(metaOf({ inputKind: 'tabular', layers: [{ type: 'dense', units: 3, activation: 'relu', l2: 0 }] }, 'binary', 4, 2))).toBeNull();
  });
});
