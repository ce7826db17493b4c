import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../electron/core/services.js';
import type { DatasetProfile, DatasetVersionDetail, ImportResult, SplitInfo, VersionDiff } from '../../shared/schemas/dataset.js';
import { repoRoot, tempDir, testServices } from '../helpers/workspace.js';

const ctx = { door: 'test' };
const iris = path.join(repoRoot, 'resources/datasets/iris.csv');

async function importFile(s: Services, input: Record<string, unknown>): Promise<ImportResult> {
  const job = (await s.call('dataset.import', input, ctx)) as { id: string };
  const done = await s.jobs.wait(job.id);
  if (done.status !== 'succeeded') throw new Error(done.error?.message ?? done.status);
  return done.result as ImportResult;
}

describe('data sets through services.call', () => {
  let s: Services;
  let dir: string;
  let projectId: string;
  beforeAll(async () => {
    dir = tempDir();
    s = testServices();
    projectId = ((await s.call('project.create', { name: 'flowers', taskType: 'multiclass' }, ctx)) as { id: string }).id;
  });
  afterAll(async () => {
    await s.close();
  });

  it('imports as a job with progress, and the project reaches the data stage', async () => {
    const seen: number[] = [];
    const stop = s.events.subscribe((e, p) => e === 'job.updated' && seen.push((p as { progress: number }).progress));
    const r = await importFile(s, { project: 'flowers', path: iris, target: 'species' });
    stop();
    expect(seen.at(-1)).toBe(1);
    expect(r.created).toBe(true);
    expect(r.version).toMatchObject({ name: 'iris', version: 1, rows: 150, kind: 'table', target: 'species' });
    expect(r.version.hash).toMatch(/^[0-9a-f]{64}$/);
    const project = (await s.call('project.get', { project: projectId }, ctx)) as { stage: string };
    expect(project.stage).toBe('data');
  });

  it('importing the same content twice gives the same version', async () => {
    const copy = path.join(dir, 'iris.csv');
    fs.copyFileSync(iris, copy);
    const again = await importFile(s, { project: 'flowers', path: copy, target: 'species' });
    expect(again.created).toBe(false);
    expect(again.version.version).toBe(1);
    const versions = (await s.call('dataset.versions', { dataset: 'iris', project: 'flowers' }, ctx)) as DatasetVersionDetail[];
    expect(versions).toHaveLength(1);
  });

  it('a changed file makes version 2 with a diff of rows and columns', async () => {
    const lines = fs.readFileSync(iris, 'utf8').trim().split(/\r?\n/);
    const header = `${lines[0]},source`;
    const body = lines.slice(2).map((l) => `${l},field`); // first data row dropped
    body.push('5.0,3.0,1.5,0.2,setosa,lab', '6.9,3.1,5.4,2.1,virginica,lab');
    const changed = path.join(dir, 'iris.csv');
    fs.writeFileSync(changed, [header, ...body].join('\n') + '\n');
    const r = await importFile(s, { project: 'flowers', path: changed });
    expect(r.created).toBe(true);
    expect(r.version.version).toBe(2);
    expect(r.version.target).toBe('species'); // kept from version 1
    expect(r.diff).toMatchObject({ rowsFrom: 150, rowsTo: 151, rowsAdded: 2, rowsRemoved: 1, columnsAdded: ['source'], columnsRemoved: [], columnsRetyped: [] });
    expect(r.diff!.from.version).toBe(1);
    expect(r.diff!.to).toEqual({ id: r.version.id, version: 2, hash: r.version.hash });
    const shown = (await s.call('dataset.get', { dataset: 'iris@2', project: 'flowers' }, ctx)) as DatasetVersionDetail;
    expect(shown.diff).toEqual(r.diff);
  });

  it('changing a column type makes a new version over the same data; changing it back finds the old one', async () => {
    const r = (await s.call(
      'dataset.updateSchema',
      { dataset: 'iris', project: 'flowers', types: { sepal_width_cm: 'categorical' }, roles: { source: 'ignore' } },
      ctx,
    )) as ImportResult;
    expect(r.version.version).toBe(3);
    expect(r.diff!.columnsRetyped).toEqual([{ name: 'sepal_width_cm', from: 'numeric', to: 'categorical' }]);
    expect(r.diff!.rolesChanged).toEqual([{ name: 'source', from: 'feature', to: 'ignore' }]);
    expect(r.diff).toMatchObject({ rowsAdded: 0, rowsRemoved: 0 });
    const back = (await s.call(
      'dataset.updateSchema',
      { dataset: 'iris', project: 'flowers', types: { sepal_width_cm: 'numeric' }, roles: { source: 'feature' } },
      ctx,
    )) as ImportResult;
    expect(back.created).toBe(false);
    expect(back.version.version).toBe(2);
    const bad = (await s.call('dataset.updateSchema', { dataset: 'iris', project: 'flowers', types: { species: 'numeric' } }, ctx).catch((e) => e)) as Error;
    expect(bad.message).toMatch(/Column "species" cannot be numeric: data row 1 .* holds "setosa"/);
  });

  it('loads typed columns for training and evaluation', async () => {
    const v = s.datasets.resolveVersion('iris@1', projectId);
    const t = await s.datasets.loadTable(v.id);
    expect(t.rowCount).toBe(150);
    expect(t.values.sepal_length_cm).toBeInstanceOf(Float64Array);
    expect((t.values.sepal_length_cm as Float64Array)[0]).toBe(5.1);
    expect((t.values.species as string[]).slice(0, 2)).toEqual(['setosa', 'setosa']);
  });

  it('splits are stored, deterministic and stratified', async () => {
    const a = (await s.call('dataset.split', { dataset: 'iris@1', project: 'flowers', seed: 3 }, ctx)) as SplitInfo;
    const b = (await s.call('dataset.split', { dataset: 'iris@1', project: 'flowers', seed: 3 }, ctx)) as SplitInfo;
    expect(b.id).toBe(a.id);
    expect(a).toMatchObject({ stratified: true, counts: { train: 102, validation: 24, test: 24 } });
    const idx = s.datasets.getSplit(a.id);
    const t = await s.datasets.loadTable(a.datasetVersionId);
    const species = t.values.species as string[];
    for (const part of [idx.test, idx.validation]) {
      const counts = new Map<string, number>();
      for (const r of part) counts.set(species[r], (counts.get(species[r]) ?? 0) + 1);
      expect([...counts.values()]).toEqual([8, 8, 8]);
    }
    const again = s.datasets.ensureSplit(a.datasetVersionId, { seed: 3 });
    expect(Array.from(again.test)).toEqual(Array.from(idx.test));
    const other = s.datasets.ensureSplit(a.datasetVersionId, { seed: 4 });
    expect(Array.from(other.test)).not.toEqual(Array.from(idx.test));
    const list = (await s.call('dataset.splits', { dataset: 'iris@1', project: 'flowers' }, ctx)) as SplitInfo[];
    expect(list.map((x) => x.seed).sort()).toEqual([3, 4]);
  });

  it('profiles and validates with warnings a student can act on', async () => {
    const file = path.join(dir, 'leaky.csv');
    const rows = ['x,constant,copy,code,mostly_empty,label'];
    for (let i = 0; i < 60; i++) rows.push(`${i * 2 + 1},1,${i % 3 === 0 ? 'yes' : 'no'},${i % 3 === 0 ? 'A' : 'B'},${i < 5 ? i : ''},${i % 3 === 0 ? 'yes' : 'no'}`);
    rows.push('8,1,maybe,C,,maybe');
    rows.push(rows[1]);
    fs.writeFileSync(file, rows.join('\n'));
    const r = await importFile(s, { project: 'flowers', path: file, target: 'label' });
    const keys = r.validation.map((v) => `${v.key}:${v.column ?? ''}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        'validate.constant_column:constant',
        'validate.leak_identical:copy',
        'validate.leak_perfect:code',
        'validate.mostly_missing:mostly_empty',
        'validate.small_class:label',
        'validate.duplicate_rows:',
      ]),
    );
    const checked = (await s.call('dataset.validate', { dataset: r.version.id }, ctx)) as { ok: boolean };
    expect(checked.ok).toBe(true);
    const profile = (await s.call('dataset.profile', { dataset: r.version.id }, ctx)) as DatasetProfile;
    expect(profile.kind === 'table' && profile.duplicateRows).toBe(1);
  });

  it('says when classes are imbalanced and what to train with, not when they are even', async () => {
    const file = path.join(dir, 'rare.csv');
    const rows = ['x,label'];
    // 18 of 100 rows are "yes": under a quarter of a binary target
    for (let i = 0; i < 100; i++) rows.push(`${i},${i % 100 < 18 ? 'yes' : 'no'}`);
    fs.writeFileSync(file, rows.join('\n'));
    const r = await importFile(s, { project: 'flowers', path: file, target: 'label' });
    const note = r.validation.find((v) => v.key === 'validate.imbalanced');
    expect(note).toMatchObject({ severity: 'info', column: 'label', params: { value: 'yes', count: 18, total: 100, fraction: 0.18 } });
    expect(note?.message).toContain('classWeights=balanced');
    const even = await importFile(s, { project: 'flowers', path: path.join(repoRoot, 'resources/datasets/iris.csv'), target: 'species' });
    expect(even.validation.map((v) => v.key)).not.toContain('validate.imbalanced');
  });

  it('does not call a mostly empty column leakage because its few values share a class', async () => {
    const plants = path.join(repoRoot, 'test/fixtures/data-ui/plants.csv');
    const r = await importFile(s, { project: 'flowers', path: plants, target: 'label' });
    const notes = r.validation.filter((v) => v.column === 'notes / comments').map((v) => v.key);
    expect(notes).toEqual(['validate.mostly_missing']); // 37 of 40 rows are empty; the 3 notes all go with one class
    const profile = (await s.call('dataset.profile', { dataset: r.version.id }, ctx)) as DatasetProfile;
    expect(profile.kind === 'table' && profile.leakage.map((l) => l.column)).not.toContain('notes / comments');
  });

  it('checks the target against the task: regression needs a number', async () => {
    await s.call('project.create', { name: 'reg', taskType: 'regression' }, ctx);
    const r = await importFile(s, { project: 'reg', path: iris, target: 'species' });
    expect(r.validation.find((v) => v.severity === 'error')?.key).toBe('validate.target_not_numeric');
  });

  it('imports JSON Lines with late keys and nested values', async () => {
    const file = path.join(dir, 'events.jsonl');
    fs.writeFileSync(file, '{"a": 1, "b": "x"}\n\n{"a": 2.5, "b": null, "c": true}\n{"a": null, "b": "y", "c": false, "d": {"k": 1}}\n');
    const r = await importFile(s, { project: 'flowers', path: file, target: null });
    expect(r.version.columns.map((c) => [c.name, c.type, c.missing])).toEqual([
      ['a', 'numeric', 1],
      ['b', 'categorical', 1],
      ['c', 'boolean', 1],
      ['d', 'categorical', 2],
    ]);
  });

  it('imports an image folder (PNG and JPEG, resized to the common size) with thumbnails', async () => {
    const root = path.join(dir, 'shapes');
    const write = (cls: string, name: string, w: number, h: number, rgb: [number, number, number], kind: 'png' | 'jpg') => {
      fs.mkdirSync(path.join(root, cls), { recursive: true });
      const data = Buffer.alloc(w * h * 4);
      for (let i = 0; i < w * h; i++) data.set([...rgb, 255], i * 4);
      const bytes = kind === 'png' ? PNG.sync.write(Object.assign(new PNG({ width: w, height: h }), { data })) : jpeg.encode({ data, width: w, height: h }, 95).data;
      fs.writeFileSync(path.join(root, cls, `${name}.${kind}`), bytes);
    };
    for (let i = 0; i < 3; i++) write('red', `r${i}`, 6, 4, [250, 10, 10], 'png');
    write('red', 'big', 12, 8, [250, 10, 10], 'jpg');
    for (let i = 0; i < 3; i++) write('blue', `b${i}`, 6, 4, [10, 10, 250 - i], 'png');
    const r = await importFile(s, { project: 'flowers', path: root });
    expect(r.version).toMatchObject({ kind: 'images', rows: 7, target: 'label' });
    expect(r.warnings.map((w) => w.key)).toContain('import.images_resized');
    const images = await s.datasets.loadImages(r.version.id);
    expect(images).toMatchObject({ height: 4, width: 6, channels: 3, classes: ['blue', 'red'] });
    expect(Array.from(images.labels)).toEqual([0, 0, 0, 1, 1, 1, 1]);
    const big = 3 * 24 * 3; // the JPEG, 4th image of "red" in name order (big, r0, r1, r2)
    expect(Math.abs(images.pixels[big] - 250)).toBeLessThan(8);
    const thumbs = (await s.call('dataset.images', { dataset: r.version.id, perClass: 2 }, ctx)) as {
      classes: { name: string; count: number; thumbnails: { dataUrl: string }[] }[];
    };
    expect(thumbs.classes.map((c) => [c.name, c.count, c.thumbnails.length])).toEqual([
      ['blue', 3, 2],
      ['red', 4, 2],
    ]);
    expect(thumbs.classes[0].thumbnails[0].dataUrl).toMatch(/^data:image\/png;base64,/);
    const profile = (await s.call('dataset.profile', { dataset: r.version.id }, ctx)) as DatasetProfile;
    expect(profile.kind === 'images' && profile.sizes).toEqual([
      { width: 6, height: 4, count: 6 },
      { width: 12, height: 8, count: 1 },
    ]);
  });

  it('refuses a table under the name of an image set, with a translatable issue', async () => {
    const file = path.join(dir, 'shapes.csv');
    fs.writeFileSync(file, 'a,b\n1,x\n2,y\n');
    const job = (await s.call('dataset.import', { project: 'flowers', path: file }, ctx)) as { id: string };
    const done = await s.jobs.wait(job.id);
    expect(done.error).toMatchObject({ code: 'conflict', details: { issues: [{ key: 'import.kind_conflict', params: { name: 'shapes', stored: 'images', imported: 'table' } }] } });
  });

  it('imports an IDX pair (gzipped images, plain labels)', async () => {
    const n = 5;
    const img = Buffer.alloc(16 + n * 4);
    img.writeUInt32BE(0x00000803, 0);
    img.writeUInt32BE(n, 4);
    img.writeUInt32BE(2, 8);
    img.writeUInt32BE(2, 12);
    for (let i = 0; i < n * 4; i++) img[16 + i] = i * 10;
    const lab = Buffer.alloc(8 + n);
    lab.writeUInt32BE(0x00000801, 0);
    lab.writeUInt32BE(n, 4);
    lab.set([3, 1, 3, 1, 7], 8);
    fs.writeFileSync(path.join(dir, 'tiny-images-idx3-ubyte.gz'), zlib.gzipSync(img));
    fs.writeFileSync(path.join(dir, 'tiny-labels-idx1-ubyte'), lab);
    const r = await importFile(s, { project: 'flowers', path: path.join(dir, 'tiny-images-idx3-ubyte.gz') });
    expect(r.version).toMatchObject({ name: 'tiny', kind: 'images', rows: 5 });
    const images = await s.datasets.loadImages(r.version.id);
    expect(images.classes).toEqual(['1', '3', '7']);
    expect(Array.from(images.labels)).toEqual([1, 0, 1, 0, 2]);
    expect(Array.from(images.pixels.subarray(4, 8))).toEqual([40, 50, 60, 70]);
  });

  it('a cancelled import stores nothing', async () => {
    const file = path.join(dir, 'many.csv');
    fs.writeFileSync(file, 'a,b\n' + Array.from({ length: 20000 }, (_, i) => `${i},${i % 3}`).join('\n'));
    const before = (s.db.prepare('SELECT COUNT(*) AS n FROM dataset_versions').get() as { n: number }).n;
    const job = (await s.call('dataset.import', { project: 'flowers', path: file }, ctx)) as { id: string };
    await s.call('job.cancel', { id: job.id }, ctx);
    const done = await s.jobs.wait(job.id);
    expect(done.status).toBe('cancelled');
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM dataset_versions').get() as { n: number }).n).toBe(before);
  });

  it('an uploaded file is removed with its folder once its import ends, and the version records the file name', async () => {
    const upload = (name: string, content: string) => {
      const folder = path.join(s.dataDir, 'uploads', `u${Math.random().toString(16).slice(2)}`);
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, name), content);
      return { folder, file: path.join(folder, name) };
    };
    const ok = upload('ventas marzo.csv', 'a,b\n1,x\n2,y\n3,x\n');
    const r = await importFile(s, { project: 'flowers', path: ok.file });
    expect(r.version.source).toBe('ventas marzo.csv');
    expect(fs.existsSync(ok.folder)).toBe(false);

    const bad = upload('ragged.csv', 'a,b\n1,2\n3\n');
    const job = (await s.call('dataset.import', { project: 'flowers', path: bad.file }, ctx)) as { id: string };
    expect((await s.jobs.wait(job.id)).status).toBe('failed');
    expect(fs.existsSync(bad.folder)).toBe(false);

    const cancelled = upload('many.csv', 'a,b\n' + Array.from({ length: 5000 }, (_, i) => `${i},${i % 3}`).join('\n'));
    const job2 = (await s.call('dataset.import', { project: 'flowers', path: cancelled.file }, ctx)) as { id: string };
    await s.call('job.cancel', { id: job2.id }, ctx);
    expect((await s.jobs.wait(job2.id)).status).toBe('cancelled');
    expect(fs.existsSync(cancelled.folder)).toBe(false);

    const refused = upload('empty.csv', '');
    await expect(s.call('dataset.import', { project: 'flowers', path: refused.file }, ctx)).rejects.toThrow(/empty/);
    expect(fs.existsSync(refused.folder)).toBe(false);
    // a file elsewhere is never touched, and keeps its full path as the source
    const outside = path.join(dir, 'kept.csv');
    fs.writeFileSync(outside, 'a,b\n1,x\n2,y\n');
    const kept = await importFile(s, { project: 'flowers', path: outside });
    expect(fs.existsSync(outside)).toBe(true);
    expect(kept.version.source).toBe(outside);
  });

  it('a split asked for by another domain falls back to unstratified when there is no class target', async () => {
    const v = s.datasets.resolveVersion('events', projectId);
    const split = s.datasets.ensureSplit(v.id, { stratify: true });
    expect(split.stratified).toBe(false);
    expect(split.train.length + split.validation.length + split.test.length).toBe(3);
    const refused = (await s.call('dataset.split', { dataset: v.id, stratify: true }, ctx).catch((e) => e)) as Error;
    expect(refused.message).toContain('cannot be stratified');
  });

  it('diffs two versions on demand', async () => {
    const d = (await s.call('dataset.diff', { from: 'iris@1', to: 'iris@2', project: 'flowers' }, ctx)) as VersionDiff;
    expect(d).toMatchObject({ rowsAdded: 2, rowsRemoved: 1, columnsAdded: ['source'] });
  });

  it('creates each sample project with its charter and data in one call', async () => {
    const list = (await s.call('dataset.samples', {}, ctx)) as { id: string }[];
    expect(list.map((x) => x.id)).toEqual(['iris', 'wine', 'breast_cancer', 'digits_8x8', 'diabetes']);
    for (const sample of list) {
      const r = (await s.call('dataset.createSample', { sample: sample.id }, ctx)) as {
        project: { stage: string; criteria: unknown[]; taskType: string };
        version: DatasetVersionDetail;
      };
      expect(r.project.stage).toBe('data');
      expect(r.project.criteria.length).toBeGreaterThan(0);
      const checks = (await s.call('dataset.validate', { dataset: r.version.id }, ctx)) as { ok: boolean; issues: { key: string }[] };
      expect(checks.ok, `${sample.id}: ${JSON.stringify(checks.issues)}`).toBe(true);
    }
    const second = (await s.call('dataset.createSample', { sample: 'iris' }, ctx)) as { project: { name: string } };
    expect(second.project.name).toBe('Iris 2');
  });

  it('a sample project made from the Spanish UI has its name and charter in Spanish (the citation as written)', async () => {
    const r = (await s.call('dataset.createSample', { sample: 'wine', lang: 'es' }, ctx)) as {
      project: { name: string; description: string; intendedUse: string };
    };
    expect(r.project.name).toMatch(/^Vino( \d+)?$/);
    expect(r.project.description).toMatch(/^Reconocer de cuál de tres variedades procede un vino/);
    expect(r.project.description).toContain('Datos: ');
    expect(r.project.description).toContain('UCI Machine Learning Repository');
    // the citations stay as written, the words around them are Spanish
    expect(r.project.description).toMatch(/UCI Wine data set\. UCI Machine Learning Repository, CC BY 4\.0; valores de la copia incluida en scikit-learn 1\.2 \(BSD-3-Clause\)\.$/);
    expect(r.project.description).not.toMatch(/values from|bundled/);
    expect(r.project.intendedUse).toMatch(/^Docencia: /);
    await expect(s.call('dataset.createSample', { sample: 'wine', lang: 'fr' }, ctx)).rejects.toThrow(/lang/);
  });

  it('a sample that fails half-way leaves no project behind', async () => {
    const projects = () => (s.projects.list(true) as { name: string }[]).map((p) => p.name);
    const commit = s.datasets.commit;
    s.datasets.commit = () => {
      throw new Error('disk full');
    };
    try {
      await expect(s.call('dataset.createSample', { sample: 'wine', projectName: 'Half made' }, ctx)).rejects.toThrow();
    } finally {
      s.datasets.commit = commit;
    }
    expect(projects()).not.toContain('Half made');
    // a taken project name is refused before anything is recorded
    await expect(s.call('dataset.createSample', { sample: 'wine', projectName: 'flowers' }, ctx)).rejects.toThrow(/flowers/);
    expect(projects().filter((n) => n === 'flowers')).toHaveLength(1);
    const made = (await s.call('dataset.createSample', { sample: 'wine', projectName: 'Half made' }, ctx)) as { project: { stage: string } };
    expect(made.project.stage).toBe('data');
  });
});
