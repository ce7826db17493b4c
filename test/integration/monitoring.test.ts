import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../shared/contract/errors.js';
import type { Run } from '../../shared/schemas/training.js';
import type { Services } from '../../electron/core/services.js';
import { repoRoot, runCli, tempDir, testServices, runCliInProcess } from '../helpers/workspace.js';
import { withInProcessTraining } from '../../electron/core/training/in-process.js';

// The Monitor phase through services.call on a real model: simulate a drifting stream, drift, feedback,
// performance with and without labels, alert check, champion vs challenger, retrain.
let s: Services;
const call = <T = any>(method: string, input: unknown) => s.call(method, input, { door: 'test' }) as Promise<T>;
const fail = (method: string, input: unknown) =>
  call(method, input).then(
    () => {
      throw new Error(`${method} should have failed`);
    },
    (e: AppError) => e,
  );
let dir: string;

// Runs trained here are fixtures, not the subject: they train in this process (the same trainer, messages, store
// writes and events as a forked worker; training.test.ts and training-cli.test.ts test the worker process).
async function train(epochs: number, project = 'flowers', dataset = 'iris'): Promise<Run> {
  const run = await withInProcessTraining(() => call<Run>('train.start', { project, dataset, params: { epochs } }));
  return s.training.wait(run.id);
}

beforeAll(async () => {
  dir = tempDir();
  s = testServices(path.join(dir, 'ws'));
  await call('project.create', { name: 'flowers', taskType: 'multiclass', criteria: [{ metric: 'accuracy', comparator: '>=', threshold: 0.9 }] });
  await s.datasets.importFile({ project: 'flowers', path: path.join(repoRoot, 'resources/datasets/iris.csv'), target: 'species' } as never);
  const good = await train(40);
  const weak = await train(2);
  await call('model.register', { run: good.id, name: 'iris-clf' });
  await call('model.register', { run: weak.id, name: 'iris-clf' });
  await call('model.promote', { model: 'iris-clf', version: 1, alias: 'champion', reason: 'first model for the monitoring test' });
  const job = await call<any>('monitor.simulate', {
    dataset: 'iris',
    model: 'iris-clf@champion',
    shifts: ['petal_length_cm=+1.5sd', 'petal_width_cm=+1.5sd'],
    rows: 600,
    days: 6,
    labelDelay: '1d',
    seed: 3,
    start: '2026-03-01T00:00:00Z',
  });
  const done = await s.jobs.wait(job.id);
  expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
  expect(done.result).toMatchObject({ logged: 600 });
  expect((done.result as any).labelled).toBeLessThan(600);
}, 240_000);

afterAll(async () => {
  await s?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('monitoring', () => {
  it('drift on the last days of the simulated stream: the shifted columns drifted, with explanations', async () => {
    const r = await call('monitor.drift', { model: 'iris-clf@champion', lastDays: 2 });
    expect(r.reference).toMatchObject({ datasetRef: 'iris@1', subset: 'train' });
    expect(r.rows.current).toBeGreaterThan(150);
    const by = Object.fromEntries(r.columns.map((c: any) => [c.name, c]));
    expect(by.petal_length_cm.drifted).toBe(true);
    expect(by.petal_length_cm.method).toBe('ks'); // a reference of <= 1000 rows
    expect(by.petal_length_cm.explanation).toMatch(/median went from/);
    expect(by.sepal_width_cm.drifted).toBe(false);
    expect(r.datasetDrift).toBe(true);
    expect(r.prediction.name).toBe('prediction');
    expect(r.columns.some((c: any) => c.importance !== null)).toBe(true);
    // the first day, barely shifted yet (the drift ramps up over the days)
    const early = await call('monitor.drift', { model: 'iris-clf@champion', until: '2026-03-01T12:00:00Z' });
    expect(early.driftedColumns).toBeLessThan(r.driftedColumns);
  });

  it('refuses unknown columns, bad windows and overrides it does not know', async () => {
    expect((await fail('monitor.drift', { model: 'iris-clf@champion', columnMethods: { nope: { method: 'psi' } } })).message).toMatch(/no column nope/);
    expect((await fail('monitor.drift', { model: 'iris-clf@champion', since: 'yesterday-ish' })).message).toMatch(/not a date/);
    expect((await fail('monitor.performance', { model: 'iris-clf@champion', window: 'weekly' })).message).toMatch(/not a duration/);
    expect((await fail('monitor.simulate', { dataset: 'iris', model: 'iris-clf@champion', shifts: ['petal=+1sd'] })).message).toMatch(/no column petal/);
  });

  it('performance per day: live metrics with intervals where labels arrived, CBPE estimates everywhere', async () => {
    const r = await call('monitor.performance', { model: 'iris-clf@champion', window: '1d' });
    expect(r.windows.length).toBe(6);
    expect(r.windows[0].labelled).toBeGreaterThan(0);
    expect(r.windows[5].labelled).toBe(0); // labels of the last day have not arrived (1 day delay)
    expect(r.windows[0].metrics.accuracy).toBeGreaterThan(0.5);
    expect(r.windows[0].intervals.accuracy.low).toBeLessThanOrEqual(r.windows[0].metrics.accuracy);
    expect(r.windows[5].estimated.accuracy).toBeGreaterThan(0);
    expect(r.cbpe.available).toBe(true);
    expect(r.operational.requests).toBe(600);
    expect(r.operational.missingRate.petal_length_cm).toBe(0);
  });

  it('feedback: unknown ids reported, duplicates keep the last label', async () => {
    const rows = s.db.prepare('SELECT request_id FROM prediction_logs ORDER BY ts DESC LIMIT 3').all() as { request_id: string }[];
    const csv = [
      'request_id,label',
      `${rows[0].request_id},setosa`,
      `${rows[0].request_id},virginica`,
      `${rows[1].request_id},versicolor`,
      'nope-1,setosa',
      `${rows[2].request_id},`,
    ].join('\n');
    const file = path.join(dir, 'labels.csv');
    fs.writeFileSync(file, csv);
    const r = await call('monitor.feedback', { model: 'iris-clf@champion', input: file });
    expect(r).toMatchObject({ rows: 5, stored: 2, unknown: 1, unknownIds: ['nope-1'], duplicates: 1, missingLabel: 1 });
    const label = s.db.prepare('SELECT label FROM prediction_feedback WHERE request_id = ?').get(rows[0].request_id) as { label: string };
    expect(label.label).toBe('virginica');
    expect((await fail('monitor.feedback', { model: 'iris-clf@champion', content: 'id,species\n1,setosa' })).message).toMatch(/no column "request_id"/);
  });

  it('check fires the drift alert (exit 3 in the CLI) and keeps one open alert per rule', async () => {
    const r = await call('monitor.check', { model: 'iris-clf@champion', lastDays: 2 });
    expect(r.fired).toBe(true);
    expect(r.alerts.map((a: any) => a.rule)).toContain('dataset_drift');
    await call('monitor.check', { model: 'iris-clf@champion', lastDays: 2 });
    const open = await call('monitor.alerts', { project: 'flowers', status: 'open' });
    expect(open.filter((a: any) => a.rule === 'dataset_drift').length).toBe(1);
    const models = await call('monitor.models', { project: 'flowers' });
    expect(models[0]).toMatchObject({ ref: 'iris-clf@1', rows: 600, version: 1, name: 'iris-clf' });
    expect(models[0].labelled).toBeGreaterThan(400);
    expect(models[0].first! < models[0].last!).toBe(true);
    expect(models[0].openAlerts).toBeGreaterThan(0);
    const timeline = await call('monitor.timeline', { model: 'iris-clf@champion' });
    expect(timeline.length).toBe(6);
    expect(timeline.reduce((a: number, d: any) => a + d.requests, 0)).toBe(600);
    // the drift share per day: the shifted columns drift, the others never do
    const days = await call<any[]>('monitor.driftTimeline', { model: 'iris-clf@champion', days: 30 });
    expect(days.map((d) => d.day)).toEqual(timeline.map((d: any) => d.day));
    expect(days.map((d) => d.rows)).toEqual(timeline.map((d: any) => d.requests));
    expect(days.flatMap((d) => d.drifted).filter((c) => c.startsWith('sepal'))).toEqual([]);
    expect(days.at(-1).driftShare).toBeGreaterThanOrEqual(0.5);
    expect(days.at(-1).drifted).toEqual(expect.arrayContaining(['petal_length_cm', 'petal_width_cm']));
    expect(days.reduce((a, d) => a + d.alerts, 0)).toBe(0); // fired now, not on a simulated day
  });

  it('champion vs a weaker version on the labelled production rows: McNemar and a recommendation', async () => {
    const r = await call('monitor.compare', { champion: 'iris-clf@champion', challenger: 'iris-clf@2' });
    expect(r.rows).toBeGreaterThan(100);
    expect(r.mcnemar).not.toBeNull();
    expect(r.metrics[0].metric).toBe('accuracy');
    expect(['keep', 'undecided']).toContain(r.recommendation);
  });

  it('CLI: monitor drift --json has the documented shape; monitor check exits 3 when an alert fires', async () => {
    const ws = path.join(dir, 'ws');
    const d = await runCliInProcess(ws, ['monitor', 'drift', 'iris-clf@champion', '--last-days', '2', '--column-method', 'sepal_width_cm=psi', '--json']);
    expect(d.code, d.stderr).toBe(0);
    expect(Object.keys(d.json)).toEqual(expect.arrayContaining(['datasetDrift', 'driftShare', 'threshold', 'columns', 'multivariate', 'prediction', 'rows']));
    expect(Object.keys(d.json.columns[0])).toEqual(expect.arrayContaining(['name', 'type', 'method', 'statistic', 'pValue', 'threshold', 'drifted', 'explanation']));
    expect(d.json.columns.find((c: any) => c.name === 'sepal_width_cm').method).toBe('psi');
    const c = await runCliInProcess(ws, ['monitor', 'check', 'iris-clf@champion', '--last-days', '2', '--json']);
    expect(c.code, c.stderr).toBe(3);
    expect(c.json.fired).toBe(true);
    const bad = await runCliInProcess(ws, ['monitor', 'drift', 'iris-clf@champion', '--column-method', 'x=magic', '--json']);
    expect(bad.code).toBe(1);
  }, 60_000);

  it('the HTML report opens offline', async () => {
    const r = await call('monitor.report', { model: 'iris-clf@champion', lang: 'es', lastDays: 2 });
    expect(r.content).toContain('<!doctype html>');
    expect(r.content).toContain('Informe de monitoreo');
    expect(r.content).not.toMatch(/<script|https?:\/\//);
  });

  it('the simulator keeps a column of whole numbers whole when it shifts or noises it (no 1.17 complaints)', async () => {
    await call('project.create', { name: 'cellar', taskType: 'multiclass' });
    await s.datasets.importFile({ project: 'cellar', path: path.join(repoRoot, 'resources/datasets/wine.csv'), target: 'cultivar' } as never);
    await call('model.register', { run: (await train(2, 'cellar', 'wine')).id, name: 'wine-clf' });
    const job = await call<any>('monitor.simulate', {
      dataset: 'wine',
      model: 'wine-clf@1',
      shifts: ['magnesium=+1.5sd', 'alcohol=+1.5sd'],
      noise: ['proline=0.3'],
      rows: 80,
      days: 1,
      seed: 5,
      start: '2026-03-01T00:00:00Z',
    });
    expect((await s.jobs.wait(job.id)).status).toBe('succeeded');
    const inputs = (s.db.prepare("SELECT input FROM prediction_logs WHERE model_name = 'wine-clf'").all() as { input: string }[]).map((r) => JSON.parse(r.input));
    expect(inputs).toHaveLength(80);
    const column = (name: string) => inputs.map((r) => r[name] as number);
    // magnesium (70-162 mg) and proline (278-1680) are whole numbers in the data set: shifted or noised, still whole
    expect(column('magnesium').every(Number.isInteger)).toBe(true);
    expect(column('proline').every(Number.isInteger)).toBe(true);
    expect(column('magnesium').reduce((a, b) => a + b, 0) / 80).toBeGreaterThan(110); // 99.7 in the data set, SD 14.3
    // a column of decimals keeps its decimals
    expect(column('alcohol').some((x) => !Number.isInteger(x))).toBe(true);
  });

  it('retrain: new data set version with the labelled rows, champion recipe, evaluated, registered as challenger with lineage', async () => {
    // the retraining job trains in this process, as the fixture runs do (the same trainer; the worker is training.test.ts's)
    const job = await withInProcessTraining(() => call<any>('monitor.retrain', { model: 'iris-clf@champion', reason: 'the drift alert on petal sizes' }));
    const done = await s.jobs.wait(job.id);
    expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
    const result = done.result as any;
    expect(result.addedRows).toBeGreaterThan(100);
    expect(result.alias).toBe('challenger');
    const v = await call('model.version', { model: 'iris-clf@challenger' });
    expect(v.version).toBe(3);
    expect(JSON.stringify(v)).toContain('Retrained from iris-clf@1 because of the drift alert on petal sizes');
  }, 120_000);
});
