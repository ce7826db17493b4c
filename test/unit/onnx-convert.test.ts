import { describe, expect, it } from 'vitest';
import { OnnxUnsupported } from '../../electron/core/onnx/convert.js';
import { onnxForward } from '../../electron/core/onnx/runtime.js';
import { loadBackend } from '../../electron/core/training/backend.js';
import { buildModel, modelWeights } from '../../electron/core/training/model.js';
import type { ModelPackage } from '../../electron/core/training/package.js';
import type { ModelDesign } from '../../shared/schemas/training.js';

// The ONNX conversion must give the tfjs model's outputs (within 1e-5) for every layer and activation.
async function compare(design: ModelDesign, inputShape: number[], units: number, regression: boolean, rows = 37) {
  const { tf } = await loadBackend('auto');
  const model = buildModel(tf, design, inputShape, units, regression);
  const weights = modelWeights(model);
  // non-trivial batch-norm statistics
  for (const w of weights) if (/moving_(mean|variance)|gamma|beta/.test(w.name)) for (let i = 0; i < w.data.length; i++) w.data[i] = 0.5 + ((i * 37) % 11) / 10;
  const tensors = weights.map((w) => tf.tensor(w.data, w.shape));
  model.setWeights(tensors);
  const width = inputShape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(rows * width);
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 12.9898) * 2;
  const expected = (model.predict(tf.tensor(x, [rows, ...inputShape])) as import('@tensorflow/tfjs').Tensor).dataSync() as Float32Array;
  const pkg = { meta: { design, inputShape, outputUnits: units, task: regression ? 'regression' : 'multiclass' }, weights } as unknown as ModelPackage;
  const forward = await onnxForward(pkg);
  const got = await forward.run(x, rows);
  forward.dispose();
  model.dispose();
  tf.dispose(tensors);
  expect(got.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]));
  expect(worst).toBeLessThan(1e-5);
}

describe('ONNX conversion of a model package', () => {
  it.each(['relu', 'elu', 'selu', 'tanh', 'sigmoid', 'swish', 'linear'] as const)('MLP with %s, dropout and batch norm matches tfjs within 1e-5', async (activation) => {
    await compare(
      {
        inputKind: 'tabular',
        layers: [{ type: 'dense', units: 16, activation, l2: 0 }, { type: 'batchNorm' }, { type: 'dropout', rate: 0.3 }, { type: 'dense', units: 8, activation, l2: 0 }],
      } as ModelDesign,
      [12],
      3,
      false,
    );
  });

  it('regression head (linear) and a design without hidden layers', async () => {
    await compare({ inputKind: 'tabular', layers: [] } as ModelDesign, [5], 1, true);
    await compare({ inputKind: 'tabular', layers: [{ type: 'dense', units: 4, activation: 'relu', l2: 0 }] } as ModelDesign, [5], 1, true);
  });

  it('CNN (conv same/valid, strides, max pool, flatten in NHWC order, global average pool) matches tfjs', async () => {
    await compare(
      {
        inputKind: 'image',
        layers: [
          { type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', l2: 0 },
          { type: 'maxPool2d', poolSize: 2 },
          { type: 'conv2d', filters: 6, kernelSize: 2, strides: 1, padding: 'valid', activation: 'tanh', l2: 0 },
          { type: 'flatten' },
          { type: 'dense', units: 10, activation: 'relu', l2: 0 },
        ],
      } as ModelDesign,
      [8, 8, 1],
      10,
      false,
      9,
    );
    await compare(
      {
        inputKind: 'image',
        layers: [{ type: 'conv2d', filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'swish', l2: 0 }, { type: 'batchNorm' }, { type: 'globalAvgPool2d' }],
      } as ModelDesign,
      [7, 7, 2],
      4,
      false,
      5,
    );
  });

  it('refuses a design it cannot convert with a plain reason', async () => {
    const pkg = {
      meta: {
        design: { inputKind: 'image', layers: [{ type: 'conv2d', filters: 2, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', l2: 0 }] },
        inputShape: [4, 4, 1],
        outputUnits: 2,
        task: 'binary',
      },
      weights: [],
    } as unknown as ModelPackage;
    await expect(onnxForward(pkg)).rejects.toBeInstanceOf(OnnxUnsupported);
  });
});
