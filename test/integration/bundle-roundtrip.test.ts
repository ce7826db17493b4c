import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../shared/contract/errors.js';
import type { Run } from '../../shared/schemas/training.js';
import type { Services } from '../../electron/core/services.js';
import { cicloBin, repoRoot, runCli, tempDir, testServices, runCliInProcess } from '../helpers/workspace.js';
import { withInProcessTraining } from '../../electron/core/training/in-process.js';
import { cliVars } from '../helpers/cli.js';

// Two workspaces: A trains, evaluates, registers and exports; B imports. Both score the same CSV.
let a: Services;
let b: Services;
let out: string;
let bundleFile: string;
const iris = path.join(repoRoot, 'resources/datasets/iris.csv');
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

function listFiles(root: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}
function snapshot(s: Services) {
  const tables = (s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'audit_events'").all() as { name: string }[]).map(
    (t) => t.name,
  );
  return {
    counts: Object.fromEntries(tables.map((t) => [t, (s.db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n])),
    blobs: listFiles(path.join(s.dataDir, 'blobs')),
  };
}
async function predict(s: Services, model: string, file: string): Promise<Buffer> {
  const job = await on(s)<any>('eval.predict', { run: model, input: iris, output: file });
  const done = await s.jobs.wait(job.id);
  expect(done.status).toBe('succeeded');
  return fs.readFileSync(file);
}

// Runs trained here are fixtures, not the subject: they train in this process (the same trainer, messages, store
// writes and events as a forked worker; training.test.ts and training-cli.test.ts test the worker process).
beforeAll(async () => {
  out = tempDir('ciclo-bundle-rt-');
  a = testServices();
  b = testServices();
  await on(a)('project.create', { name: 'flowers', taskType: 'multiclass', criteria: [{ metric: 'accuracy', comparator: '>=', threshold: 0.5 }], owner: 'Ana Ruiz' });
  await a.datasets.importFile({ project: 'flowers', path: iris, target: 'species' } as never);
  const run = await withInProcessTraining(() => on(a)<Run>('train.start', { project: 'flowers', dataset: 'iris', params: { epochs: 8 } }));
  await a.training.wait(run.id);
  const job = await on(a)<any>('eval.start', { run: run.id });
  await a.jobs.wait(job.id);
  await on(a)('model.register', { run: run.id, name: 'iris-clf' });
  bundleFile = path.join(out, 'iris-clf-v1.ciclo');
}, 120_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  fs.rmSync(out, { recursive: true, force: true });
});

describe('export', () => {
  it('writes a signed bundle, and the same bytes when exported again', async () => {
    const first = await on(a)<any>('bundle.export', { model: 'iris-clf@1', output: bundleFile });
    const key = await on(a)<any>('keys.show', {});
    expect(first).toMatchObject({ file: bundleFile, model: 'iris-clf', version: 1, signer: { fingerprint: key.fingerprint }, bytes: fs.statSync(bundleFile).size });
    expect(first.sha256).toBe(crypto.createHash('sha256').update(fs.readFileSync(bundleFile)).digest('hex'));
    const second = await on(a)<any>('bundle.export', { model: 'iris-clf@1', output: path.join(out, 'again.ciclo') });
    expect(second.sha256).toBe(first.sha256);
    // a bundle coming home is the version it was exported from
    const before = snapshot(a);
    expect(await on(a)('bundle.import', { path: bundleFile })).toMatchObject({ created: false, alreadyImportedAs: 'iris-clf@1' });
    expect(snapshot(a)).toEqual(before);
    const names = Object.keys(unzipSync(fs.readFileSync(bundleFile)));
    expect(names.slice(0, 3)).toEqual(['manifest.json', 'manifest.sig', 'model/package.bin']);
    expect(names.join('\n')).not.toMatch(/key|pem/i);
  });
});

describe('import into another workspace', () => {
  let imported: any;
  beforeAll(async () => {
    const key = await on(a)<any>('keys.show', {});
    await on(b)('keys.trust', { key: key.publicKey, name: 'Workspace A' });
    const report = await on(b)<any>('bundle.verify', { path: bundleFile });
    expect(report).toMatchObject({
      ok: true,
      trusted: true,
      model: 'iris-clf',
      version: 1,
      problems: [],
      plan: { model: 'iris-clf', nextVersion: 1, newModel: true, project: 'flowers', newProject: true, alreadyImportedAs: null },
    });
    imported = await on(b)('bundle.import', { path: bundleFile });
  }, 60_000);

  it('creates the model version, and both workspaces score the same CSV identically', async () => {
    expect(imported).toMatchObject({ model: 'iris-clf', version: 1, ref: 'iris-clf@1', created: true });
    const pa = await predict(a, 'iris-clf@1', path.join(out, 'a.csv'));
    const pb = await predict(b, 'iris-clf@1', path.join(out, 'b.csv'));
    expect(pb.equals(pa)).toBe(true);
  }, 60_000);

  it('changes nothing when the same bundle is imported again', async () => {
    const before = snapshot(b);
    const again = await on(b)('bundle.import', { path: bundleFile });
    expect(again).toMatchObject({ created: false, alreadyImportedAs: 'iris-clf@1', ref: 'iris-clf@1' });
    expect(snapshot(b)).toEqual(before);
    expect((await on(b)<any>('bundle.verify', { path: bundleFile })).plan.alreadyImportedAs).toBe('iris-clf@1');
  });

  it("shows where the version came from, keeps the exporter's results apart and gates on local evaluations", async () => {
    const prov = await on(b)<any>('bundle.provenance', { model: 'iris-clf@1' });
    const key = await on(a)<any>('keys.show', {});
    expect(prov).toMatchObject({ originalModel: 'iris-clf', originalVersion: 1, signer: { fingerprint: key.fingerprint, name: 'Workspace A', trustedHow: 'trusted' } });
    expect(prov.reported.metrics.accuracy).toBeGreaterThan(0);
    const card = await on(b)<any>('model.card', { model: 'iris-clf@1', lang: 'en' });
    expect(card.markdown).toContain(`imported from bundle ${prov.manifestHash}, signed by ${key.fingerprint}`);
    const v = await on(b)<any>('model.version', { model: 'iris-clf@1' });
    expect(v.gate.status).toBe('missing');
    const refused = await failure(b, 'model.promote', { model: 'iris-clf@1', alias: 'champion' });
    expect(refused.code).toBe('gate_failed');
    await b.datasets.importFile({ project: 'flowers', path: iris, target: 'species' } as never);
    const job = await on(b)<any>('eval.start', { run: 'iris-clf@1', dataset: 'iris' });
    expect((await b.jobs.wait(job.id)).status).toBe('succeeded');
    const after = await on(b)<any>('model.version', { model: 'iris-clf@1' });
    expect(after.gate.status).not.toBe('missing');
    expect(after.gate.datasetRef).toBe('iris@1');
    expect(await on(b)<any>('bundle.provenance', { model: 'iris-clf@1' })).toMatchObject({ reported: prov.reported });
    expect(await on(a)('bundle.provenance', { model: 'iris-clf@1' })).toBeNull();
  }, 60_000);

  it('makes a bundle with other content under the same name the next version, keeping its original number', async () => {
    await on(a)('model.update', { model: 'iris-clf@1', description: 'Now with a description.' });
    const file = path.join(out, 'changed.ciclo');
    await on(a)('bundle.export', { model: 'iris-clf@1', output: file });
    const r = await on(b)<any>('bundle.import', { path: file });
    expect(r).toMatchObject({ model: 'iris-clf', version: 2, created: true });
    expect(await on(b)('bundle.provenance', { model: 'iris-clf@2' })).toMatchObject({ originalVersion: 1 });
    expect((await on(b)<any>('model.version', { model: 'iris-clf@2' })).description).toMatch(/^imported from bundle [0-9a-f]{64}, signed by /);
  }, 60_000);

  it('re-exports an imported version with the lineage it came with, signed by this workspace', async () => {
    const file = path.join(out, 'reexport.ciclo');
    const r = await on(b)<any>('bundle.export', { model: 'iris-clf@1', output: file });
    expect(r.signer.fingerprint).toBe((await on(b)<any>('keys.show', {})).fingerprint);
    const inspected = await on(b)<any>('bundle.inspect', { path: file });
    expect(inspected.report.ok).toBe(true);
    expect(inspected.documents.lineage.dataset).toMatchObject({ name: 'iris', version: 1 });
    expect(inspected.documents.lineage.importedFrom.bundle).toBe((await on(b)<any>('bundle.provenance', { model: 'iris-clf@1' })).manifestHash);
  });

  it('refuses the bundle with one byte changed in any entry, storing nothing', async () => {
    const entries = unzipSync(fs.readFileSync(bundleFile));
    const fresh = testServices();
    try {
      const key = await on(a)<any>('keys.show', {});
      await on(fresh)('keys.trust', { key: key.publicKey, name: 'A' });
      for (const name of Object.keys(entries)) {
        const changed = Object.fromEntries(
          Object.entries(entries).map(([n, bytes]) => {
            const copy = Uint8Array.from(bytes);
            if (n === name) copy[Math.floor(copy.length / 2)] ^= 0x01;
            return [n, copy];
          }),
        );
        const file = path.join(out, `tampered-${name.replace(/\W/g, '_')}.ciclo`);
        fs.writeFileSync(file, zipSync(changed));
        const before = snapshot(fresh);
        const err = await failure(fresh, 'bundle.import', { path: file });
        expect(err.code, name).toBe('invalid_input');
        const named = name.startsWith('manifest') ? /signature|manifest/ : new RegExp(`${name.replace(/[./]/g, '\\$&')} was changed after signing`);
        expect(err.message, name).toMatch(named);
        expect(snapshot(fresh), name).toEqual(before);
      }
    } finally {
      await fresh.close();
    }
  }, 60_000);
});

describe('exports for use outside Ciclo', () => {
  it('writes a TF.js LayersModel folder that the plain Node example loads and scores like Ciclo', async () => {
    const dir = path.join(out, 'tfjs');
    const r = await on(a)<any>('model.export', { model: 'iris-clf@1', format: 'tfjs', output: dir });
    expect(r.files).toEqual(['model.json', 'weights.bin', 'preprocessing.json', 'README.md']);
    const modelJson = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    const clash = await failure(a, 'model.export', { model: 'iris-clf@1', format: 'tfjs', output: dir });
    expect(clash.message).toContain('already holds model.json');
    const onnx = await on(a)<any>('model.export', { model: 'iris-clf@1', format: 'onnx', output: path.join(out, 'onnx') });
    expect(onnx.files).toEqual(['model.onnx', 'preprocessing.json', 'README.md']);
    expect(onnx.check).toMatchObject({ runtime: 'onnxruntime-node', rows: 256 });
    expect(onnx.check.maxAbsDiff).toBeLessThanOrEqual(1e-5);
    expect(await on(a)('model.exportable', { model: 'iris-clf@1' })).toEqual({ tfjs: { ok: true, reason: null }, onnx: { ok: true, reason: null } });
    // the same export from the CLI, a process of its own: ONNX Runtime's telemetry stays off (it would start
    // Microsoft's event collector and leave a session file and a mat-debug-PID.log in the temp folder)
    const tmp = tempDir('ciclo-ort-tmp-');
    const cli = spawnSync(process.execPath, [cicloBin, 'model', 'export', 'iris-clf@1', '--format', 'onnx', '--output', path.join(out, 'onnx-cli')], {
      env: { ...process.env, ...cliVars(a.dataDir), TMPDIR: tmp, ORT_DISABLE_TELEMETRY: '' },
      encoding: 'utf8',
    });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    expect(fs.readdirSync(tmp)).toEqual([]);

    const example = await import(path.join(repoRoot, 'resources/examples/tfjs-predict.mjs'));
    const rows = (await import('csv-parse/sync')).parse(fs.readFileSync(iris, 'utf8'), { columns: true }) as Record<string, string>[];
    const theirs = (await example.predictRows(dir, rows)) as { label: string; probabilities: Record<string, number> }[];
    const predictor = await (
      await import('../../electron/core/training/predictor.js')
    ).loadPredictor(a, { runId: (await on(a)<any>('model.resolve', { model: 'iris-clf@1' })).runId });
    const ours = await predictor.predictRows(rows);
    predictor.dispose();
    if (ours.task === 'regression') throw new Error('a classifier was expected');
    let maxDiff = 0;
    theirs.forEach((p, i) => {
      expect(p.label).toBe(ours.labels[i]);
      ours.classes.forEach((c, j) => (maxDiff = Math.max(maxDiff, Math.abs(p.probabilities[c] - ours.probabilities[i * ours.classes.length + j]))));
    });
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
    // and as the plain script a user runs: one JSON line per row
    const script = spawnSync(process.execPath, [path.join(repoRoot, 'resources/examples/tfjs-predict.mjs'), dir, iris], { cwd: repoRoot, encoding: 'utf8' });
    expect(script.status, script.stderr).toBe(0);
    const lines = script.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.label)).toEqual(ours.labels);
  }, 60_000);
});

describe('exports of an image model (CNN)', () => {
  it('writes an ONNX file checked against tfjs, and a TF.js folder the plain Node example scores like Ciclo', async () => {
    const digits = path.join(repoRoot, 'resources/datasets/digits_8x8.csv');
    await on(a)('project.create', { name: 'digits', taskType: 'multiclass' });
    await a.datasets.importFile({ project: 'digits', path: digits, target: 'digit' } as never);
    const run = await withInProcessTraining(() => on(a)<Run>('train.start', { project: 'digits', dataset: 'digits_8x8', template: 'cnn', params: { epochs: 1 } }));
    expect((await a.training.wait(run.id)).status).toBe('succeeded');
    await on(a)('model.register', { run: run.id, name: 'digits-cnn' });
    expect(await on(a)('model.exportable', { model: 'digits-cnn@1' })).toEqual({ tfjs: { ok: true, reason: null }, onnx: { ok: true, reason: null } });
    const onnx = await on(a)<any>('model.export', { model: 'digits-cnn@1', format: 'onnx', output: path.join(out, 'cnn-onnx') });
    expect(onnx.check).toMatchObject({ runtime: 'onnxruntime-node', rows: 256 });
    expect(onnx.check.maxAbsDiff).toBeLessThanOrEqual(1e-5);
    expect(fs.readFileSync(path.join(out, 'cnn-onnx', 'README.md'), 'utf8')).toContain('input "input" [batch, 8, 8, 1] (height, width, channels)');

    const dir = path.join(out, 'cnn-tfjs');
    await on(a)('model.export', { model: 'digits-cnn@1', format: 'tfjs', output: dir });
    const rows = ((await import('csv-parse/sync')).parse(fs.readFileSync(digits, 'utf8'), { columns: true }) as Record<string, string>[]).slice(0, 40);
    rows[0] = { ...rows[0], px_0_3: '' };
    const example = await import(path.join(repoRoot, 'resources/examples/tfjs-predict.mjs'));
    const theirs = (await example.predictRows(dir, rows)) as { label: string; probabilities: Record<string, number> }[];
    const predictor = await (await import('../../electron/core/training/predictor.js')).loadPredictor(a, { runId: run.id });
    const ours = await predictor.predictRows(rows);
    predictor.dispose();
    if (ours.task === 'regression') throw new Error('a classifier was expected');
    let maxDiff = 0;
    theirs.forEach((p, i) => ours.classes.forEach((c, j) => (maxDiff = Math.max(maxDiff, Math.abs(p.probabilities[c] - ours.probabilities[i * ours.classes.length + j])))));
    expect(theirs.map((p) => p.label)).toEqual(ours.labels);
    expect(maxDiff).toBeLessThanOrEqual(1e-5);
  }, 120_000);
});

describe('command line', () => {
  it('prints the JSON shapes of the issue with exit codes 0 and 1; --trust-signer is audited with the fingerprint', async () => {
    const file = path.join(out, 'cli.ciclo');
    const exported = await runCliInProcess(a.dataDir, ['bundle', 'export', 'iris-clf@1', '--output', file, '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(Object.keys(exported.json).sort()).toEqual(['bytes', 'file', 'model', 'sha256', 'signer', 'version']);
    const unknown = tempDir('ciclo-bundle-cli-');
    const verify = await runCliInProcess(unknown, ['bundle', 'verify', file, '--json']);
    expect(verify.code).toBe(1);
    expect(verify.json).toMatchObject({ ok: true, trusted: false, model: 'iris-clf', version: 1, problems: [] });
    const imported = await runCliInProcess(unknown, ['bundle', 'import', file, '--trust-signer', '--name', 'iris-shared', '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.json).toEqual({ model: 'iris-shared', version: 1, ref: 'iris-shared@1', created: true });
    const c = testServices(unknown);
    try {
      const trustedBy = c.db.prepare("SELECT details FROM audit_events WHERE action = 'bundle.trust_signer'").all() as { details: string }[];
      expect(trustedBy.length).toBe(1);
      expect(JSON.parse(trustedBy[0].details)).toMatchObject({ fingerprint: exported.json.signer.fingerprint, model: 'iris-shared@1' });
    } finally {
      await c.close();
    }
    fs.rmSync(unknown, { recursive: true, force: true });
  }, 120_000);
});
