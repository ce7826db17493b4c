import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extraBlobReferences } from '../../electron/core/store/blob-refs.js';
import type { Services } from '../../electron/core/services.js';
import { runCli, tempDir, testServices, runCliInProcess } from '../helpers/workspace.js';

// Issue 13, defect 2: what killed imports and trainings leave behind is collected at the next open and by
// `ciclo gc`, and nothing a live process is writing, or a young blob, is ever touched.

const opened: Services[] = [];
afterAll(async () => {
  for (const s of opened) await s.close();
});
function open(dir: string, graceMs?: number): Services {
  const s = testServices(dir);
  opened.push(s);
  if (graceMs !== undefined) s.gc.collect({ graceMs });
  return s;
}

const old = new Date(Date.now() - 2 * 3600_000);
function age(file: string) {
  fs.utimesSync(file, old, old);
}
function fakeBlob(root: string, content: string): string {
  const hash = crypto.createHash('sha256').update(content).digest('hex');
  const file = path.join(root, hash.slice(0, 2), hash.slice(2));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

describe('orphan collection', () => {
  it('at open removes old unreferenced blobs and temp files of dead writers, keeps referenced, young and live-written ones', async () => {
    const dir = tempDir();
    const s = open(dir);
    await s.call('dataset.createSample', { sample: 'iris' }, { door: 'test' });
    const referenced = fs.readdirSync(s.blobs.root).filter((d) => d !== 'tmp').length;
    expect(referenced).toBeGreaterThan(0);
    const orphanOld = fakeBlob(s.blobs.root, 'killed import data');
    age(orphanOld);
    const orphanYoung = fakeBlob(s.blobs.root, 'import still storing');
    const deadTmp = path.join(s.blobs.root, 'tmp', '999999-abcdef0123456789');
    fs.writeFileSync(deadTmp, 'half a stream');
    const deadCkptTmp = path.join(dir, 'checkpoints', 'run_x.ckpt.999999.0a1b2c3d.tmp');
    fs.writeFileSync(deadCkptTmp, 'half a checkpoint');
    // a live process (this one) writing a temp file: never touched, however old
    const liveTmp = path.join(dir, 'checkpoints', `run_y.ckpt.${process.pid}.0a1b2c3d.tmp`);
    fs.writeFileSync(liveTmp, 'being written');
    age(liveTmp);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    await new Promise((r) => child.once('spawn', r));
    const otherLiveTmp = path.join(s.blobs.root, 'tmp', `${child.pid}-00ff00ff00ff00ff`);
    fs.writeFileSync(otherLiveTmp, 'another process streams this');
    age(otherLiveTmp);
    const staleUpload = path.join(dir, 'uploads', 'deadbeef');
    fs.mkdirSync(staleUpload, { recursive: true });
    fs.writeFileSync(path.join(staleUpload, 'big.csv'), 'a,b\n1,2\n');
    age(staleUpload);

    open(dir); // the next open collects with the default grace period (1 h)
    expect(fs.existsSync(orphanOld)).toBe(false);
    expect(fs.existsSync(deadTmp)).toBe(false);
    expect(fs.existsSync(deadCkptTmp)).toBe(false);
    expect(fs.existsSync(staleUpload)).toBe(false);
    expect(fs.existsSync(orphanYoung)).toBe(true);
    expect(fs.existsSync(liveTmp)).toBe(true);
    expect(fs.existsSync(otherLiveTmp)).toBe(true);
    child.kill('SIGKILL');
    // the data set still reads: nothing referenced was removed
    const list = (await s.call('dataset.list', { project: 'iris' }, { door: 'test' })) as { name: string }[];
    expect(list.length).toBe(1);
    const profile = await s.call('dataset.profile', { dataset: 'iris', project: 'iris' }, { door: 'test' });
    expect(profile).toBeTruthy();
    expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('keeps a blob written after a job still running started, even past the grace period', async () => {
    const dir = tempDir();
    const s = open(dir);
    const job = s.jobs.start({ kind: 'dataset.import', run: (ctx) => new Promise((r) => ctx.signal.addEventListener('abort', () => r(null))) });
    const staged = fakeBlob(s.blobs.root, 'staged by the running import');
    expect(s.gc.collect({ graceMs: 0 }).items.map((o) => o.path)).not.toContain(staged);
    expect(fs.existsSync(staged)).toBe(true);
    s.jobs.cancel(job.id);
    await s.jobs.wait(job.id);
    expect(s.gc.collect({ graceMs: 0 }).items.map((o) => o.path)).toContain(staged);
  });

  it('finds hash columns of new tables by name, and extra references added in one place', async () => {
    const dir = tempDir();
    const s = open(dir);
    s.db.exec('CREATE TABLE bundles_test (id TEXT, archive_hash TEXT, manifest TEXT)');
    const byColumn = fakeBlob(s.blobs.root, 'bundle archive');
    const byJson = fakeBlob(s.blobs.root, 'bundle signature');
    age(byColumn);
    age(byJson);
    const h = (f: string) => path.basename(path.dirname(f)) + path.basename(f);
    s.db.prepare('INSERT INTO bundles_test VALUES (?, ?, ?)').run('b', h(byColumn), JSON.stringify({ sig: h(byJson) }));
    extraBlobReferences.push({ table: 'bundles_test', expr: "json_extract(manifest, '$.sig')" });
    try {
      expect(s.gc.collect({ graceMs: 0 }).orphans).toBe(0);
      expect(fs.existsSync(byColumn) && fs.existsSync(byJson)).toBe(true);
    } finally {
      extraBlobReferences.pop();
    }
  });

  it('ciclo gc --dry-run --json reports { orphans, bytes, removed } and removes nothing; without --dry-run it removes them', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'blobs'), { recursive: true });
    await runCliInProcess(dir, ['project', 'list', '--json']);
    const a = fakeBlob(path.join(dir, 'blobs'), 'orphan one');
    const b = fakeBlob(path.join(dir, 'blobs'), 'orphan two!');
    const young = fakeBlob(path.join(dir, 'blobs'), 'young orphan');
    age(a);
    age(b);
    const dry = await runCliInProcess(dir, ['gc', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json).toMatchObject({ orphans: 2, bytes: 'orphan one'.length + 'orphan two!'.length, removed: 0 });
    expect(fs.existsSync(a) && fs.existsSync(b)).toBe(true);
    const real = await runCliInProcess(dir, ['gc', '--grace', '0', '--json']);
    expect(real.json).toMatchObject({ orphans: 3, removed: 3 });
    expect([a, b, young].some((f) => fs.existsSync(f))).toBe(false);
    expect((await runCliInProcess(dir, ['gc', '--grace', 'soon'])).code).toBe(1);
  });
});

describe('deleting a model releases its blobs', () => {
  it('model.delete hands the package hashes to the collector, which removes those nothing else refers to', async () => {
    const dir = tempDir();
    const s = open(dir);
    const sample = (await s.call('dataset.createSample', { sample: 'iris' }, { door: 'test' })) as { projectId: string; version: { id: string } };
    const pkgFile = fakeBlob(s.blobs.root, 'a model package');
    const pkg = path.basename(path.dirname(pkgFile)) + path.basename(pkgFile);
    const now = new Date().toISOString();
    // a run whose package the run itself no longer names (only the model version does)
    s.db
      .prepare(
        `INSERT INTO runs (id, project_id, name, status, task_type, template, dataset_version_id, dataset_ref, split_id, backend_requested, params, design, input_shape, features, preprocessing_hash, param_count, epochs, created_at, updated_at)
         VALUES ('run_m', ?, 'm', 'succeeded', 'multiclass', 'mlp', ?, 'iris@1', 's', 'auto', '{}', '{}', '[4]', '[]', 'h', 1, 1, ?, ?)`,
      )
      .run(sample.projectId, sample.version.id, now, now);
    s.db.prepare("INSERT INTO registered_models (id, project_id, name, created_at, updated_at) VALUES ('m1', ?, 'flowers', ?, ?)").run(sample.projectId, now, now);
    s.db
      .prepare(
        "INSERT INTO model_versions (id, model_id, project_id, version, run_id, dataset_version_id, package_hash, created_at, updated_at) VALUES ('mv1', 'm1', ?, 1, 'run_m', ?, ?, ?, ?)",
      )
      .run(sample.projectId, sample.version.id, pkg, now, now);
    await s.call('model.delete', { model: 'flowers', confirm: true }, { door: 'test' });
    expect(fs.existsSync(pkgFile)).toBe(false);
    // what a run or a data set still refers to stays
    const before = fs.readdirSync(s.blobs.root).length;
    const data = s.db.prepare('SELECT data_blob, profile_blob FROM dataset_versions').get() as { data_blob: string; profile_blob: string };
    expect(s.gc.collect({ only: [data.data_blob, data.profile_blob] }).removed).toBe(0);
    expect(fs.readdirSync(s.blobs.root).length).toBe(before);
  });
});
