/**
 * Bundles of a model trained on an image data set (format 2): a few example images travel with the model,
 * are signed and checked like every file, and become an image data set version in the receiving workspace,
 * where the model is evaluated and predicts exactly as it did where it was made.
 */
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../shared/contract/errors.js';
import type { Run } from '../../shared/schemas/training.js';
import type { Services } from '../../electron/core/services.js';
import { loadPredictor } from '../../electron/core/training/predictor.js';
import { mulberry32 } from '../../electron/core/stats/random.js';
import { tempDir, testServices } from '../helpers/workspace.js';
import { withInProcessTraining } from '../../electron/core/training/in-process.js';

let a: Services;
let b: Services;
let out: string;
let bundleFile: string;
const on =
  (s: Services) =>
  <T = any>(method: string, input: unknown) =>
    s.call(method, input, { door: 'test' }) as Promise<T>;
const failure = (s: Services, method: string, input: unknown) =>
  on(s)(method, input).then(
    () => {
      throw new Error(`${method} should have failed`);
    },
    (e: AppError) => e,
  );
function snapshot(s: Services) {
  const tables = (s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'audit_events'").all() as { name: string }[]).map(
    (t) => t.name,
  );
  const blobs = fs
    .readdirSync(path.join(s.dataDir, 'blobs'), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
  return { counts: Object.fromEntries(tables.map((t) => [t, (s.db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n])), blobs };
}

/** 8x8 colour images of three classes: a red, a green or a blue blob on noise. */
function makeImages(root: string): void {
  const random = mulberry32(9);
  ['blue', 'green', 'red'].forEach((cls, k) => {
    fs.mkdirSync(path.join(root, cls), { recursive: true });
    for (let i = 0; i < 10; i++) {
      const png = new PNG({ width: 8, height: 8 });
      for (let p = 0; p < 64; p++) {
        for (let c = 0; c < 3; c++) png.data[p * 4 + c] = Math.floor(random() * 80) + (c === 2 - k ? 150 : 0);
        png.data[p * 4 + 3] = 255;
      }
      fs.writeFileSync(path.join(root, cls, `${i}.png`), PNG.sync.write(png));
    }
  });
}

beforeAll(async () => {
  out = tempDir('ciclo-bundle-img-');
  a = testServices();
  b = testServices();
  const folder = path.join(out, 'blobs3');
  makeImages(folder);
  await on(a)('project.create', { name: 'colours', taskType: 'multiclass', criteria: [{ metric: 'accuracy', comparator: '>=', threshold: 0.3 }] });
  await a.datasets.importFile({ project: 'colours', path: folder } as never);
  // a fixture: trained in this process (training.test.ts tests the worker process)
  const run = await withInProcessTraining(() => on(a)<Run>('train.start', { project: 'colours', dataset: 'blobs3', template: 'cnn', params: { epochs: 2, seed: 1 } }));
  const done = await a.training.wait(run.id);
  expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
  await on(a)('model.register', { run: run.id, name: 'colour-cnn' });
  bundleFile = path.join(out, 'colour-cnn-v1.ciclo');
  await on(b)('keys.trust', { key: (await on(a)<any>('keys.show', {})).publicKey, name: 'Workspace A' });
}, 180_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  fs.rmSync(out, { recursive: true, force: true });
});

describe('a bundle of an image model', () => {
  it('carries a few example images and the image preprocessing, listed and hashed in a format 2 manifest', async () => {
    const r = await on(a)<any>('bundle.export', { model: 'colour-cnn@1', output: bundleFile });
    expect(r).toMatchObject({ model: 'colour-cnn', version: 1 });
    const entries = unzipSync(fs.readFileSync(bundleFile));
    const manifest = JSON.parse(Buffer.from(entries['manifest.json']).toString('utf8'));
    expect(manifest.formatVersion).toBe(2);
    const example = JSON.parse(Buffer.from(entries['schema/image-example.json']).toString('utf8'));
    expect(example).toMatchObject({ height: 8, width: 8, channels: 3, scale: 255, classes: ['blue', 'green', 'red'] });
    expect(example.images).toHaveLength(9);
    expect(new Set(example.images.map((e: any) => e.label))).toEqual(new Set(['blue', 'green', 'red']));
    const listed = new Set(manifest.files.map((f: any) => f.path));
    for (const e of example.images) {
      expect(listed.has(e.path)).toBe(true);
      expect(PNG.sync.read(Buffer.from(entries[e.path]))).toMatchObject({ width: 8, height: 8 });
    }
    expect(Buffer.from(entries['schema/input-example.csv']).toString('utf8').split('\n')[0]).toBe('image,label');
    // the same version exports to the same bytes
    const again = await on(a)<any>('bundle.export', { model: 'colour-cnn@1', output: path.join(out, 'again.ciclo') });
    expect(again.sha256).toBe(r.sha256);
  });

  it('imports into another workspace as a model with an image data set version it is evaluated and predicts on, as where it was made', async () => {
    const report = await on(b)<any>('bundle.verify', { path: bundleFile });
    expect(report).toMatchObject({ ok: true, trusted: true, problems: [] });
    const imported = await on(b)<any>('bundle.import', { path: bundleFile });
    expect(imported).toMatchObject({ model: 'colour-cnn', version: 1, created: true });
    const version = await on(b)<any>('model.version', { model: 'colour-cnn@1' });
    const run = b.training.get(version.runId);
    const data = b.datasets.resolveVersion(run.datasetVersionId);
    expect(data).toMatchObject({ kind: 'images', rows: 9 });
    const job = await on(b)<any>('eval.start', { run: 'colour-cnn@1', subset: 'all' });
    const evaluated = await b.jobs.wait(job.id);
    expect(evaluated.status, JSON.stringify(evaluated.error)).toBe('succeeded');
    const stored = b.evaluation.store.predictions((evaluated.result as { evaluationId: string }).evaluationId);
    expect(stored.rows).toHaveLength(9);
    // the same images scored by the exporting workspace's model give the same probabilities
    const images = await b.datasets.loadImages(data.id);
    const there = await loadPredictor(a, { packageHash: run.packageHash! }, { backend: 'cpu' });
    const p = await there.predictImages(images);
    there.dispose();
    if (p.task === 'regression') throw new Error('a classifier was expected');
    stored.output.forEach((v, i) => expect(v).toBeCloseTo(p.probabilities[i], 5));
  }, 120_000);

  it('changes nothing when imported again', async () => {
    const before = snapshot(b);
    expect(await on(b)('bundle.import', { path: bundleFile })).toMatchObject({ created: false, alreadyImportedAs: 'colour-cnn@1' });
    expect(snapshot(b)).toEqual(before);
  });

  it('refuses a bundle with a changed example image, or with one left out, storing nothing', async () => {
    const entries = unzipSync(fs.readFileSync(bundleFile));
    const image = Object.keys(entries).find((n) => n.startsWith('examples/images/'))!;
    const fresh = testServices();
    try {
      await on(fresh)('keys.trust', { key: (await on(a)<any>('keys.show', {})).publicKey, name: 'A' });
      const changed = { ...entries, [image]: Uint8Array.from(entries[image]) };
      changed[image][changed[image].length - 20] ^= 0x01;
      const tampered = path.join(out, 'tampered-image.ciclo');
      fs.writeFileSync(tampered, zipSync(changed));
      const before = snapshot(fresh);
      const report = await on(fresh)<any>('bundle.verify', { path: tampered });
      expect(report.ok).toBe(false);
      expect(report.problems).toContainEqual(expect.objectContaining({ check: 'hash', file: image }));
      const err = await failure(fresh, 'bundle.import', { path: tampered });
      expect(err.code).toBe('invalid_input');
      expect(err.message).toContain(`${image} was changed after signing`);
      expect(snapshot(fresh)).toEqual(before);

      const { [image]: _gone, ...rest } = entries;
      const missing = path.join(out, 'missing-image.ciclo');
      fs.writeFileSync(missing, zipSync(rest));
      expect((await failure(fresh, 'bundle.import', { path: missing })).message).toContain(`${image} is listed in the manifest but missing from the bundle`);
      expect(snapshot(fresh)).toEqual(before);
    } finally {
      await fresh.close();
    }
  }, 60_000);
});
