/**
 * Issue 12, model side, through the core's router on real (short) trainings: the metrics of the weights a
 * model holds everywhere (metricsEpoch), the charter's positive class and per-class criteria, no_criteria
 * gates, the split a run trains on, regression rmse and the log transform, bootstrap intervals, and runs
 * judged against the baseline.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../electron/core/services.js';
import { withInProcessTraining } from '../../electron/core/training/in-process.js';
import { loadPredictor } from '../../electron/core/training/predictor.js';
import type { Evaluation } from '../../shared/schemas/evaluation.js';
import type { Project } from '../../shared/schemas/project.js';
import type { Job } from '../../shared/schemas/system.js';
import type { Run, RunSummary } from '../../shared/schemas/training.js';
import { repoRoot, runCli, tempDir, testServices, runCliInProcess } from '../helpers/workspace.js';

let s: Services;
const dir = tempDir('ciclo-quality-');
const call = <T = any>(method: string, input: unknown) => s.call(method, input, { door: 'test' }) as Promise<T>;
const sample = (name: string) => path.join(repoRoot, 'resources/datasets', name);

// These runs are the subject's inputs, not the subject: they train in this process (the same trainer, messages,
// store writes and events as a forked worker; training.test.ts and training-cli.test.ts test the worker process).
async function train(input: Record<string, unknown>): Promise<Run> {
  const run = await withInProcessTraining(() => call<Run>('train.start', input));
  const done = await s.training.wait(run.id);
  expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
  return done;
}

async function evaluate(run: string): Promise<Evaluation> {
  const job = await call<Job>('eval.start', { run });
  const done = await s.jobs.wait(job.id);
  expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
  return call<Evaluation>('eval.get', { id: (done.result as { evaluationId: string }).evaluationId });
}

async function refused(p: Promise<unknown>): Promise<{ code: string; message: string; details?: any }> {
  try {
    await p;
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('expected a refusal');
}

let early: Run;

beforeAll(async () => {
  s = testServices(dir);
  await call('project.create', { name: 'iris', taskType: 'multiclass' });
  await call('project.create', {
    name: 'cancer',
    taskType: 'binary',
    criteria: [
      { metric: 'recall[malignant]', comparator: '>=', threshold: 0.5 },
      { metric: 'f1[tumour]', comparator: '>=', threshold: 0.5 },
    ],
  });
  await call('project.create', { name: 'diabetes', taskType: 'regression' });
  await s.datasets.importFile({ project: 'iris', path: sample('iris.csv'), target: 'species' } as never);
  await s.datasets.importFile({ project: 'cancer', path: sample('breast_cancer.csv'), target: 'diagnosis' } as never);
  await s.datasets.importFile({ project: 'diabetes', path: sample('diabetes.csv'), target: 'disease_progression' } as never);
  // a high learning rate and little patience: validation loss turns up early and the run stops before its budget
  early = await train({ project: 'iris', dataset: 'iris', params: { epochs: 60, learningRate: 0.08, seed: 3, earlyStopping: { patience: 3 } } });
}, 180_000);

afterAll(async () => {
  await s?.close();
});

describe('the metrics of the weights the model holds (best epoch)', () => {
  it('a run that kept its best epoch reports that epoch and its metrics, with the last epoch apart', () => {
    expect(early.metricsFrom).toBe('best');
    expect(early.metricsEpoch).toBe(early.bestEpoch);
    expect(early.epochsDone).toBeLessThan(60);
    expect(early.metricsEpoch).toBeLessThan(early.epochsDone);
    expect(early.metrics).toEqual(early.bestMetrics);
    expect(early.lastMetrics.val_loss).toBeGreaterThan(early.metrics.val_loss);
  });

  it('the run list, its metric sort and the comparison show the held weights, not the last epoch', async () => {
    const last = await train({ project: 'iris', dataset: 'iris', params: { epochs: 4, seed: 3, earlyStopping: { enabled: false } } });
    expect(last.metricsFrom).toBe('last');
    expect(last.metricsEpoch).toBe(4);
    const list = await call<{ items: RunSummary[] }>('run.list', { project: 'iris', sort: 'metric:val_loss', order: 'asc' });
    const item = list.items.find((r) => r.id === early.id)!;
    expect(item).toMatchObject({ metrics: early.bestMetrics, metricsEpoch: early.bestEpoch, metricsFrom: 'best' });
    const order = list.items.map((r) => r.metrics.val_loss);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const cmp = await call<any>('run.compare', { ids: [early.id, last.id] });
    const row = cmp.metrics.find((m: any) => m.name === 'val_loss');
    expect(row.values).toEqual([early.metrics.val_loss, last.metrics.val_loss]);
    expect(cmp.runs.map((r: RunSummary) => r.metricsEpoch)).toEqual([early.metricsEpoch, 4]);
  }, 90_000);

  it('ciclo runs list --json gives metricsEpoch, and the table says "epoch N (best of M)"', async () => {
    const json = await runCliInProcess(dir, ['runs', 'list', '--project', 'iris', '--json']);
    expect(json.code).toBe(0);
    expect(json.json.items.find((r: any) => r.id === early.id)).toMatchObject({ metricsEpoch: early.bestEpoch, metricsFrom: 'best' });
    const text = await runCliInProcess(dir, ['runs', 'list', '--project', 'iris']);
    expect(text.stdout).toContain(`epoch ${early.bestEpoch} (best of ${early.epochsDone})`);
  }, 90_000);
});

describe('the split a run trains on', () => {
  it('defaults to the newest split, takes a split id, and refuses a split of another data set', async () => {
    const older = await call<any>('dataset.split', { project: 'iris', dataset: 'iris', seed: 7 });
    await new Promise((r) => setTimeout(r, 5));
    const newer = await call<any>('dataset.split', { project: 'iris', dataset: 'iris', seed: 8, fractions: { train: 0.6, validation: 0.2, test: 0.2 } });
    const byDefault = await withInProcessTraining(() => call<Run>('train.start', { project: 'iris', dataset: 'iris', params: { epochs: 1 } }));
    expect(byDefault.splitId).toBe(newer.id);
    expect(byDefault.split).toMatchObject({ id: newer.id, seed: 8, fractions: { train: 0.6, validation: 0.2, test: 0.2 } });
    const picked = await withInProcessTraining(() => call<Run>('train.start', { project: 'iris', dataset: 'iris', split: { id: older.id }, params: { epochs: 1 } }));
    expect(picked.split).toMatchObject({ id: older.id, seed: 7 });
    await s.training.wait(byDefault.id);
    await s.training.wait(picked.id);
    const cancerSplit = await call<any>('dataset.split', { project: 'cancer', dataset: 'breast_cancer', seed: 1 });
    const err = await refused(call('train.start', { project: 'iris', dataset: 'iris', split: { id: cancerSplit.id } }));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toContain(`is not a split of iris@1`);
  }, 60_000);
});

describe('the positive class', () => {
  it('suggests the minority class, refuses a label that is not a class, and is kept in the charter', async () => {
    const before = await call<any>('project.positiveClass', { project: 'cancer' });
    expect(before).toMatchObject({ datasetRef: 'breast_cancer@1', suggested: 'malignant', chosen: null });
    expect(before.classes).toEqual([
      { label: 'benign', count: 357 },
      { label: 'malignant', count: 212 },
    ]);
    const err = await refused(call('project.update', { project: 'cancer', positiveClass: 'bad' }));
    expect(err.code).toBe('invalid_input');
    expect(JSON.stringify(err)).toContain('positive_not_a_class');
    const multi = await refused(call('project.update', { project: 'iris', positiveClass: 'setosa' }));
    expect(JSON.stringify(multi)).toContain('positive_needs_binary');
    const p = await call<Project>('project.update', { project: 'cancer', positiveClass: 'benign' });
    expect(p.positiveClass).toBe('benign');
  });

  it('metrics, curves and per-class criteria use it and say which it is', async () => {
    const run = await train({ project: 'cancer', dataset: 'breast_cancer', params: { epochs: 8, seed: 1 } });
    expect(run.target?.positiveClass).toBe('benign');
    const e = await evaluate(run.id);
    if (e.details.kind !== 'classification') throw new Error('expected classification');
    expect(e.details.positiveClass).toBe('benign');
    expect(e.details.roc[0].label).toBe('benign');
    expect(e.metrics.recall).toBe(e.metrics['recall[benign]']);
    expect(e.metrics.precision).toBe(e.metrics['precision[benign]']);
    expect(e.metrics['recall[malignant]']).toBeTypeOf('number');
    const onClass = e.gate.checks.find((c) => c.metric === 'recall[malignant]')!;
    expect(onClass.measured).toBe(e.metrics['recall[malignant]']);
    const unknown = e.gate.checks.find((c) => c.metric === 'f1[tumour]')!;
    expect(unknown).toMatchObject({ measured: null, passed: false, reasonKey: 'evaluate:gateReason.unknown_class' });
    expect(e.gateStatus).toBe('failed');
  }, 90_000);

  it('the CLI takes --positive-class and criteria on one class', async () => {
    const r = await runCliInProcess(dir, ['project', 'create', 'credit', '--task', 'binary', '--positive-class', 'bad', '--criterion', 'recall[bad]>=0.7', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ positiveClass: 'bad', criteria: [{ metric: 'recall[bad]', comparator: '>=', threshold: 0.7 }] });
    const bad = await runCliInProcess(dir, ['project', 'create', 'credit2', '--task', 'binary', '--criterion', 'accuracy[bad]>=0.7']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not measured per class');
  }, 90_000);
});

describe('gates without criteria, and bootstrap intervals', () => {
  let e: Evaluation;
  beforeAll(async () => {
    e = await evaluate(early.id);
  }, 60_000);

  it('a charter without criteria gives no_criteria, never passed, at evaluation, registration and promotion', async () => {
    expect(e.gateStatus).toBe('no_criteria');
    expect(e.gatePassed).toBe(false);
    const v = await call<any>('model.register', { run: early.id, name: 'iris-model' });
    expect(v.gate.status).toBe('no_criteria');
    const err = await refused(call('model.promote', { model: 'iris-model', version: 1, alias: 'champion' }));
    expect(err.code).toBe('gate_failed');
    expect(err.message).toContain('sets no acceptance criteria');
    const ok = await call<any>('model.promote', { model: 'iris-model', version: 1, alias: 'champion', reason: 'Classroom demo: no criteria agreed yet.' });
    expect(ok.event).toMatchObject({ gateStatus: 'no_criteria', override: true });
    const cli = await runCliInProcess(dir, ['evaluations', 'list', '--project', 'iris']);
    expect(cli.stdout).toContain('no criteria');
  });

  it('every prediction metric has a 95 % interval around its value; gate checks say when the threshold falls inside it', async () => {
    expect(e.intervalResamples).toBe(1000);
    for (const m of ['accuracy', 'f1_macro', 'log_loss']) {
      const ci = e.intervals![m];
      expect(ci.lower).toBeLessThanOrEqual(e.metrics[m]! + 1e-9);
      expect(ci.upper).toBeGreaterThanOrEqual(e.metrics[m]! - 1e-9);
    }
    // 23 test rows: a criterion near the measured accuracy is inside the interval, one far below is not
    const acc = e.metrics.accuracy!;
    await call('project.update', {
      project: 'iris',
      criteria: [
        { metric: 'accuracy', comparator: '>=', threshold: Math.min(e.intervals!.accuracy.lower + 1e-6, e.intervals!.accuracy.upper) },
        { metric: 'f1_macro', comparator: '>=', threshold: 0.05 },
      ],
    });
    const again = await evaluate(early.id);
    expect(again.intervals).toEqual(e.intervals); // the same seed: the same intervals
    const [onAcc, onF1] = again.gate.checks;
    expect(onAcc).toMatchObject({ uncertain: true, interval: e.intervals!.accuracy });
    expect(onF1.uncertain).toBe(e.intervals!.f1_macro.lower <= 0.05);
    expect(acc).toBeGreaterThan(0);
    const cmp = await call<any>('eval.compare', { a: e.id, b: again.id });
    const row = cmp.rows.find((r: any) => r.metric === 'accuracy');
    expect(row).toMatchObject({ aInterval: e.intervals!.accuracy, bInterval: e.intervals!.accuracy, overlap: true });
  }, 60_000);
});

describe('regression: rmse, the log transform, and the baseline', () => {
  it('reports train rmse as well as mae, and a log-transformed target is predicted and measured on the original scale', async () => {
    const plain = await train({ project: 'diabetes', dataset: 'diabetes', params: { epochs: 5, seed: 2 } });
    expect(Object.keys(plain.metrics)).toEqual(expect.arrayContaining(['mae', 'rmse', 'val_mae', 'val_rmse']));
    expect(plain.metrics.rmse).toBeGreaterThanOrEqual(plain.metrics.mae);
    expect(plain.target).toMatchObject({ transform: 'none', skewed: false });
    expect(plain.target!.skewness).toBeCloseTo(0.44, 1);
    const logged = await train({ project: 'diabetes', dataset: 'diabetes', targetTransform: 'log1p', params: { epochs: 30, seed: 2 } });
    expect(logged.target?.transform).toBe('log1p');
    expect(logged.metrics.val_mae).toBeGreaterThan(20); // in the target's units, not log units
    expect(logged.metrics.val_mae).toBeLessThan(80);
    const p = await loadPredictor(s, { runId: logged.id });
    const table = await s.datasets.loadTable(logged.datasetVersionId);
    const out = await p.predictTable(table);
    p.dispose();
    if (out.task !== 'regression') throw new Error('expected regression');
    const mean = out.values.reduce((a, b) => a + b, 0) / out.values.length;
    expect(mean).toBeGreaterThan(100); // the target's mean is 152; log1p of it is about 5
    expect(mean).toBeLessThan(200);
    const e = await evaluate(logged.id);
    expect(e.metrics.mae).toBeGreaterThan(20);
    const err = await refused(call('train.start', { project: 'iris', dataset: 'iris', targetTransform: 'log1p' }));
    expect(err.code).toBe('invalid_input');
  }, 120_000);

  it('the comparison judges each run against the baseline on the same data', async () => {
    const baseline = await train({ project: 'iris', dataset: 'iris', template: 'baseline', params: { seed: 3 } });
    expect(baseline.template).toBe('baseline');
    expect(baseline.paramCount).toBe(4 * 3 + 3);
    const other = await train({ project: 'iris', dataset: 'iris', params: { epochs: 1, seed: 3, learningRate: 0.0001 } });
    const cmp = await call<any>('run.compare', { ids: [early.id, other.id] });
    expect(cmp.baseline.run.id).toBe(baseline.id);
    expect(cmp.baseline.metric).toBe('val_loss');
    // one epoch at a tiny learning rate is close to guessing: it does not beat logistic regression
    expect(cmp.baseline.beats[1]).toBe(false);
    expect(cmp.baseline.beats[0]).toBe(early.metrics.val_loss < baseline.metrics.val_loss);
  }, 120_000);
});
