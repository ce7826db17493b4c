import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { ModelDesign } from '../../shared/schemas/training.js';
import { onnxBlocker } from '../../electron/core/onnx/convert.js';
import { packageToOnnx } from '../../electron/core/onnx/runtime.js';
import { mulberry32 } from '../../electron/core/stats/random.js';
import { loadBackend } from '../../electron/core/training/backend.js';
import { buildModel } from '../../electron/core/training/model.js';
import type { PackageMeta } from '../../electron/core/training/package.js';

// ONNX export (through the one converter, electron/core/onnx/) of every layer and activation a tabular design
// can hold, and of CNNs, checked in onnxruntime-node against tfjs with random weights (batch-norm statistics
// included): max abs difference <= 1e-5. Image inputs are shaped [n, ...inputShape].
function metaOf(design: ModelDesign, task: PackageMeta['task'], shape: number | number[], outputUnits: number): PackageMeta {
  return {
    format: 'ciclo-model/1',
    runId: 'run_x',
    task,
    design,
    inputShape: typeof shape === 'number' ? [shape] : shape,
    outputUnits,
    classes: task === 'regression' ? null : Array.from({ length: outputUnits }, (_, i) => `c${i}`),
    features: [],
    preprocessing: {} as PackageMeta['preprocessing'],
  };
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
  const width = meta.inputShape.reduce((a, b) => a * b, 1);
  const x = Float32Array.from({ length: rows * width }, () => (r() - 0.5) * 6);
  const expected = (model.predict(tf.tensor(x, [rows, ...meta.inputShape])) as import('@tensorflow/tfjs').Tensor).dataSync() as Float32Array;
  model.dispose();
  const session = await ort.InferenceSession.create(packageToOnnx({ meta, weights }));
  const got = (await session.run({ input: new ort.Tensor('float32', x, [rows, ...meta.inputShape]) })).output.data as Float32Array;
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

  it('matches tfjs for CNNs (convolutions, pooling, flatten, global average pooling)', async () => {
    const conv = { type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', l2: 0 } as const;
    const cnn: ModelDesign = {
      inputKind: 'image',
      layers: [conv, { type: 'maxPool2d', poolSize: 2 }, { type: 'flatten' }, { type: 'dense', units: 8, activation: 'relu', l2: 0 }],
    } as ModelDesign;
    expect(await compare(metaOf(cnn, 'multiclass', [8, 8, 1], 3))).toBeLessThanOrEqual(1e-5);
    const gap: ModelDesign = { inputKind: 'image', layers: [{ ...conv, strides: 2, activation: 'swish' }, { type: 'batchNorm' }, { type: 'globalAvgPool2d' }] } as ModelDesign;
    expect(await compare(metaOf(gap, 'binary', [7, 7, 2], 2))).toBeLessThanOrEqual(1e-5);
  });

  it('says which designs cannot be exported, and why', () => {
    const conv = { type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', l2: 0 } as const;
    const cnn = metaOf({ inputKind: 'image', layers: [conv, { type: 'flatten' }] } as ModelDesign, 'multiclass', [8, 8, 1], 3);
    expect(onnxBlocker(cnn.design, cnn.inputShape)).toBeNull();
    expect(onnxBlocker({ inputKind: 'image', layers: [conv] } as ModelDesign, [8, 8, 1])).toMatch(
      /cannot be converted to ONNX: the head reads an unflattened image\. Export the TensorFlow\.js folder instead/,
    );
    expect(onnxBlocker({ inputKind: 'tabular', layers: [conv] } as ModelDesign, [5])).toMatch(/the convolution l1_conv2d needs an image input/);
    expect(onnxBlocker({ inputKind: 'tabular', layers: [{ type: 'dense', units: 3, activation: 'relu', l2: 0 }] }, [4])).toBeNull();
  });
});
