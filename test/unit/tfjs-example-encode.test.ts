/**
 * The plain Node TF.js example (resources/examples/tfjs-predict.mjs) encodes rows of packages in format
 * ciclo-preprocessing/1 (tables trained before /2, images) exactly as Ciclo's raw-row reader does.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeRawRows } from '../../electron/core/training/raw-rows.js';
import type { Preprocessing } from '../../electron/core/training/preprocess.js';
import { repoRoot } from '../helpers/workspace.js';

const target = { name: 'y', task: 'binary' as const, classes: ['a', 'b'], mean: 0, std: 1 };

async function both(pre: Preprocessing, rows: unknown[]) {
  const example = await import(path.join(repoRoot, 'resources/examples/tfjs-predict.mjs'));
  const { x, errors } = example.encode(pre, rows) as { x: import('@tensorflow/tfjs').Tensor; errors: Map<number, string> };
  const theirs = x.dataSync() as Float32Array;
  x.dispose();
  const ours = encodeRawRows(pre, rows);
  expect([...errors.entries()]).toEqual(ours.rejected.map((r) => [r.index, r.reason]));
  expect(Array.from(theirs)).toEqual(Array.from(ours.x));
}

describe('the TF.js example reads format /1 like Ciclo', () => {
  it('tables: standardised numbers, booleans, dates, one-hot with an unknown slot, the old missing tokens', async () => {
    const pre: Preprocessing = {
      format: 'ciclo-preprocessing/1',
      inputKind: 'tabular',
      inputShape: [7],
      featureNames: ['n', 'ok', 'when', 'colour'],
      features: [
        { kind: 'numeric', name: 'n', type: 'numeric', mean: 2, std: 4 },
        { kind: 'numeric', name: 'ok', type: 'boolean', mean: 0.5, std: 0.5 },
        { kind: 'numeric', name: 'when', type: 'datetime', mean: 1.7e12, std: 1e10 },
        { kind: 'categorical', name: 'colour', categories: ['blue', 'red'], fill: 'red' },
      ],
      image: null,
      target,
    };
    await both(pre, [
      { n: '3.5', ok: 'yes', when: '2024-01-02', colour: 'blue' },
      { n: ' NA ', ok: '0', when: '', colour: 'None' },
      { n: 7, ok: true, when: '2023-06-01T10:00:00Z', colour: 'green' },
      { colour: ' blue' },
      { n: 'seven', ok: 'true', when: '2024-01-01', colour: 'red' },
      { n: 1, ok: 'perhaps', when: '2024-01-01', colour: 'red' },
      [1, 2],
    ]);
  });

  it('images from pixel columns and from image data sets', async () => {
    const columns: Preprocessing = {
      format: 'ciclo-preprocessing/1',
      inputKind: 'image',
      inputShape: [2, 2, 1],
      featureNames: ['p0', 'p1', 'p2', 'p3'],
      features: [],
      image: { height: 2, width: 2, channels: 1, scale: 16, source: 'columns' },
      target,
    };
    await both(columns, [
      { p0: '1', p1: 2, p2: '', p3: '16' },
      { p0: 'x', p1: 1, p2: 1, p3: 1 },
    ]);
    const images: Preprocessing = { ...columns, featureNames: ['pixels'], image: { height: 2, width: 2, channels: 1, scale: 255, source: 'images' } };
    await both(images, [{ pixels: [0, 255, 128, 3] }, { pixels: [1, 2, 3] }, { pixels: [1, 2, 'a', 4] }, {}]);
  });
});
