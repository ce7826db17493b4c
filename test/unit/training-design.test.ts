import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelDesign } from '../../shared/schemas/training.js';
import { checkDesign, templateDesign } from '../../electron/core/training/design.js';
import { buildModel } from '../../electron/core/training/model.js';

// The design check is arithmetic; it must agree with the model tfjs actually builds.
describe('design check', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const designs: [string, ModelDesign, number[], number][] = [
    ['mlp template', templateDesign('mlp'), [7], 3],
    ['mlp with batch norm and l2', templateDesign('mlp', { hidden: [32, 16, 8], batchNorm: true, l2: 0.01 }), [12], 2],
    ['baseline template', templateDesign('baseline'), [5], 1],
    ['cnn template on 8x8', templateDesign('cnn'), [8, 8, 1], 10],
    ['cnn template on 28x28', templateDesign('cnn', { filters: [8, 16, 32], batchNorm: true }), [28, 28, 1], 10],
    [
      'strided valid conv with global pooling',
      {
        inputKind: 'image',
        layers: [
          { type: 'conv2d', filters: 6, kernelSize: 5, strides: 2, padding: 'valid', activation: 'relu', l2: 0 },
          { type: 'maxPool2d', poolSize: 3, strides: 1 },
          { type: 'globalAvgPool2d' },
        ],
      },
      [31, 29, 3],
      4,
    ],
  ];

  for (const [name, design, inputShape, units] of designs) {
    it(`${name}: shapes and parameter counts match tfjs`, () => {
      const check = checkDesign(design, inputShape, units);
      expect(check.issues).toEqual([]);
      expect(check.ok).toBe(true);
      const model = buildModel(tf, design, inputShape, units, units === 1);
      expect(check.totalParams).toBe(model.countParams());
      expect(check.layers.map((l) => l.outputShape)).toEqual(model.layers.map((l) => (l.outputShape as number[]).slice(1)));
      const trainable = model.trainableWeights.reduce((a, w) => a + (w.shape as number[]).reduce((x, y) => x * y, 1), 0);
      expect(check.trainableParams).toBe(trainable);
      expect(check.layers.at(-1)).toMatchObject({ head: true, type: 'output', outputShape: [units] });
      expect(check.outputUnits).toBe(units);
      model.dispose();
    });
  }

  it('names the layer and the fix when a dense layer gets an image', () => {
    const check = checkDesign(
      {
        inputKind: 'image',
        layers: [
          { type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', l2: 0 },
          { type: 'dense', units: 8, activation: 'relu', l2: 0 },
        ],
      },
      [8, 8, 1],
      3,
    );
    expect(check.ok).toBe(false);
    expect(check.issues).toHaveLength(1);
    expect(check.issues[0]).toMatchObject({ path: ['layers', 1], key: 'train:issue.dense_needs_flat', params: { layer: 2, shape: '8, 8, 4' } });
    expect(check.issues[0].message).toContain('Layer 2');
    expect(check.issues[0].message).toContain('flatten');
  });

  it('reports a kernel larger than its input, a missing flatten before the head, and a conv on flat input', () => {
    expect(
      checkDesign(
        { inputKind: 'image', layers: [{ type: 'conv2d', filters: 4, kernelSize: 9, strides: 1, padding: 'valid', activation: 'relu', l2: 0 }, { type: 'flatten' }] },
        [8, 8, 1],
        3,
      ).issues[0].key,
    ).toBe('train:issue.kernel_too_large');
    expect(
      checkDesign({ inputKind: 'image', layers: [{ type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', l2: 0 }] }, [8, 8, 1], 3).issues[0]
        .key,
    ).toBe('train:issue.head_needs_flat');
    expect(
      checkDesign({ inputKind: 'tabular', layers: [{ type: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', l2: 0 }] }, [10], 3).issues[0].key,
    ).toBe('train:issue.conv_needs_image');
    expect(
      checkDesign(
        {
          inputKind: 'image',
          layers: [
            { type: 'maxPool2d', poolSize: 2 },
            { type: 'maxPool2d', poolSize: 2 },
            { type: 'maxPool2d', poolSize: 2 },
            { type: 'maxPool2d', poolSize: 2 },
            { type: 'flatten' },
          ],
        },
        [8, 8, 1],
        3,
      ).issues[0].key,
    ).toBe('train:issue.pool_too_large');
  });
});
