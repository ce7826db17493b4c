/**
 * The Evaluate phase through the core's router: evaluations as jobs on real trained models, stored with
 * their gates; slices, comparison, exports; binary, multiclass and regression; bad requests refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../electron/core/services.js';
import type { Evaluation, EvaluationCandidate, EvaluationComparison, EvaluationSummary, SliceableColumn, SliceReport } from '../../shared/schemas/evaluation.js';
import type { Job } from '../../shared/schemas/system.js';
import type { Run } from '../../shared/schemas/training.js';
import { repoRoot, tempDir, testServices } from '../helpers/workspace.js';
import { withInProcessTraining } from '../../electron/core/training/in-process.js';
import { renderEvaluation } from '../../electron/cli/commands/evaluate-render.js';

let s: Services;
const dir = tempDir('ciclo-eval-');
const call = <T = any>(method: string, input: unknown) => s.call(method, input, { door: 'test' }) as Promise<T>;
const sample = (name: string) => path.join(repoRoot, 'resources/datasets', name);

// Runs trained here are fixtures, not the subject: they train in this process (the same trainer, messages, store
// writes and events as a forked worker; training.test.ts and training-cli.test.ts test the worker process).
async function train(project: string, dataset: string, epochs: number, seed = 1): Promise<Run> {
  const run = await withInProcessTraining(() => call<Run>('train.start', { project, dataset, params: { epochs, seed } }));
  const done = await s.training.wait(run.id);
  expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
  return done;
}

async function evaluate(input: Record<string, unknown>): Promise<Evaluation> {
  const job = await call<Job>('eval.start', input);
  const done = await s.jobs.wait(job.id);
  expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
  return call<Evaluation>('eval.get', { id: (done.result as { evaluationId: string }).evaluationId });
}

let irisRun: Run;
let irisRun2: Run;

beforeAll(async () => {
  s = testServices();
  // iris with a categorical "site" column, to slice by
  const lines = fs.readFileSync(sample('iris.csv'), 'utf8').trim().split(/\r?\n/);
  const withSite = [`${lines[0]},site`, ...lines.slice(1).map((l, i) => `${l},${['north', 'south', 'east'][i % 3]}`)];
  fs.writeFileSync(path.join(dir, 'iris_site.csv'), withSite.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'iris_narrow.csv'), lines.map((l) => l.split(',').slice(1).join(',')).join('\n') + '\n');
  await call('project.create', { name: 'iris', taskType: 'multiclass', criteria: [{ metric: 'accuracy', comparator: '>=', threshold: 0.6 }] });
  await call('project.create', {
    name: 'cancer',
    taskType: 'binary',
    criteria: [
      { metric: 'roc_auc', comparator: '>=', threshold: 0.5 },
      { metric: 'param_count', comparator: '<=', threshold: 10 },
    ],
  });
  await call('project.create', { name: 'diabetes', taskType: 'regression', criteria: [{ metric: 'rmse', comparator: '<=', threshold: 1000 }] });
  await s.datasets.importFile({ project: 'iris', path: path.join(dir, 'iris_site.csv'), name: 'iris', target: 'species' } as never);
  await s.datasets.importFile({ project: 'iris', path: path.join(dir, 'iris_narrow.csv'), name: 'narrow', target: 'species' } as never);
  // the same rows under another name (compatible), and with a feature written in words (incompatible type)
  fs.writeFileSync(path.join(dir, 'renamed.csv'), withSite.join('\n') + '\n');
  const worded = withSite.map((l, i) =>
    i === 0 ? l : l.replace(/,([0-9.]+),([a-z]+),([a-z]+)$/, (_m, w: string, sp: string, site: string) => `,${Number(w) > 1 ? 'wide' : 'thin'},${sp},${site}`),
  );
  fs.writeFileSync(path.join(dir, 'worded.csv'), worded.join('\n') + '\n');
  await s.datasets.importFile({ project: 'iris', path: path.join(dir, 'renamed.csv'), name: 'renamed', target: 'species' } as never);
  await s.datasets.importFile({ project: 'iris', path: path.join(dir, 'worded.csv'), name: 'worded', target: 'species' } as never);
  // right columns, but every flower of a species the model never saw
  fs.writeFileSync(path.join(dir, 'alien.csv'), withSite.map((l, i) => (i === 0 ? l : l.replace(/,[a-z]+,([a-z]+)$/, ',rose,$1'))).join('\n') + '\n');
  await s.datasets.importFile({ project: 'iris', path: path.join(dir, 'alien.csv'), name: 'alien', target: 'species' } as never);
  await s.datasets.importFile({ project: 'cancer', path: sample('breast_cancer.csv'), target: 'diagnosis' } as never);
  await s.datasets.importFile({ project: 'diabetes', path: sample('diabetes.csv'), target: 'disease_progression' } as never);
  irisRun = await train('iris', 'iris', 15);
  irisRun2 = await train('iris', 'iris', 3, 2);
}, 300_000);

afterAll(async () => {
  await s?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('multiclass evaluation', () => {
  let e: Evaluation;
  beforeAll(async () => {
    e = await evaluate({ run: irisRun.id, slices: ['site', 'petal_length_cm'] });
  }, 120_000);

  it('says each step of the job as a key with params (the last one: bootstrapping the intervals)', async () => {
    const job = s.jobs.get(e.jobId!);
    expect(job.step).toEqual({ key: 'evaluate:step.intervals', params: { runId: irisRun.id, runName: irisRun.name } });
    expect(job.result).toMatchObject({ evaluationId: e.id, runId: irisRun.id, runName: irisRun.name });
    expect(e.skipped.every((x) => x.key?.startsWith('evaluate:skip.'))).toBe(true);
  });

  it('scores the held-out test rows and stores metrics, curves and the gate result', async () => {
    expect(e.subset).toBe('test');
    expect(renderEvaluation(e)).not.toContain('positive class');
    const split = s.datasets.getSplit(irisRun.splitId);
    expect(e.rows).toBe(split.test.length);
    expect(e.details.kind).toBe('classification');
    if (e.details.kind !== 'classification') return;
    expect(e.details.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(e.details.roc).toHaveLength(3);
    expect(e.details.calibration).toHaveLength(3);
    expect(e.details.perClass.map((c) => c.support).reduce((a, b) => a + b, 0)).toBe(e.rows);
    expect(e.gate.checks[0]).toMatchObject({ metric: 'accuracy', measured: e.metrics.accuracy, passed: e.metrics.accuracy! >= 0.6 });
    expect(s.projects.resolve('iris').stages).toContain('evaluated');
    const audit = s.db.prepare("SELECT details FROM audit_events WHERE action = 'eval.completed'").all() as { details: string }[];
    expect(JSON.parse(audit.at(-1)!.details)).toMatchObject({ runId: irisRun.id, gatePassed: e.gatePassed });
  });

  it('slices by a categorical feature and by quantile bins of a numeric one', async () => {
    const [site, petal] = e.slices;
    expect(site.kind).toBe('categorical');
    expect(site.slices.map((x) => x.label).sort()).toEqual(['east', 'north', 'south']);
    expect(site.slices.reduce((a, x) => a + x.count, 0)).toBe(e.rows);
    expect(petal.kind).toBe('numeric');
    expect(petal.slices.length).toBeGreaterThanOrEqual(2);
    // the same slices can be asked for later, from the stored predictions
    const again = await call<SliceReport>('eval.slice', { id: e.id, feature: 'site' });
    expect(again).toEqual(site);
    await expect(call('eval.slice', { id: e.id, feature: 'colour' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('has no column "colour"') });
  });

  it("lists every categorical or numeric column of the evaluated data as sliceable, the model's features first", async () => {
    const columns = await call<SliceableColumn[]>('eval.sliceable', { id: e.id });
    expect(columns.map((c) => [c.name, c.kind, c.modelFeature])).toEqual([
      ...irisRun.features.map((f) => [f, f === 'site' ? 'categorical' : 'numeric', true]),
      ['species', 'categorical', false],
    ]);
    // a column the model does not read can be sliced by as well
    const bySpecies = await call<SliceReport>('eval.slice', { id: e.id, feature: 'species' });
    expect(bySpecies.slices.map((x) => x.label).sort()).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(bySpecies.slices.reduce((a, x) => a + x.count, 0)).toBe(e.rows);
  });

  it('compares two evaluations metric by metric', async () => {
    const other = await evaluate({ run: irisRun2.id });
    const c = await call<EvaluationComparison>('eval.compare', { a: e.id, b: other.id });
    const acc = c.rows.find((r) => r.metric === 'accuracy')!;
    expect(acc.a).toBe(e.metrics.accuracy);
    expect(acc.b).toBe(other.metrics.accuracy);
    expect(acc.better).toBe(acc.a === acc.b ? 'equal' : acc.b! > acc.a! ? 'b' : 'a');
    const loss = c.rows.find((r) => r.metric === 'log_loss')!;
    expect(loss.better).toBe(loss.a === loss.b ? 'equal' : loss.b! < loss.a! ? 'b' : 'a');
    expect(c.wins.a + c.wins.b + c.wins.equal).toBe(c.rows.filter((r) => r.better !== null).length);
    const list = await call<EvaluationSummary[]>('eval.list', { run: irisRun2.id });
    expect(list.map((x) => x.id)).toEqual([other.id]);
  });

  it('exports a self-contained HTML report and a JSON document', async () => {
    const html = await call<{ fileName: string; content: string; mimeType: string }>('eval.export', { id: e.id, format: 'html', lang: 'es' });
    expect(html.mimeType).toBe('text/html');
    expect(html.fileName).toMatch(/\.html$/);
    expect(html.content).toContain('Matriz de confusión');
    const json = await call<{ content: string }>('eval.export', { id: e.id, format: 'json' });
    expect(JSON.parse(json.content).evaluation.id).toBe(e.id);
  });
});

describe('evaluating on another data set version', () => {
  it('refuses at once a version without the columns the model reads, naming them, and starts no job', async () => {
    const jobsBefore = s.jobs.list({ kind: 'evaluation', limit: 1000 }).length;
    const err = await call('eval.start', { run: irisRun.id, dataset: 'narrow' }).catch((e) => e);
    expect(err).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/Data set narrow@1 has no column "sepal_length_cm", which the model reads/) });
    expect(err.details.issues).toContainEqual(
      expect.objectContaining({ key: 'evaluate:issue.missing_column', params: { column: 'sepal_length_cm', dataset: 'narrow@1' }, path: ['dataset', 'sepal_length_cm'] }),
    );
    expect(s.jobs.list({ kind: 'evaluation', limit: 1000 })).toHaveLength(jobsBefore);
    expect(await call<EvaluationSummary[]>('eval.list', { project: 'iris', limit: 100 })).not.toContainEqual(expect.objectContaining({ datasetRef: 'narrow@1' }));
  });

  it('refuses a version whose column has a type the model cannot read, naming the column and both types', async () => {
    const err = await call('eval.start', { run: irisRun.id, dataset: 'worded' }).catch((e) => e);
    expect(err.code).toBe('invalid_input');
    expect(err.details.issues).toEqual([
      expect.objectContaining({ key: 'evaluate:issue.column_type', params: { column: 'petal_width_cm', dataset: 'worded@1', expected: 'numeric', actual: 'categorical' } }),
    ]);
  });

  it('lists the versions a run can be evaluated on, and with includeIncompatible the others with their reasons', async () => {
    const ok = await call<EvaluationCandidate[]>('eval.candidates', { run: irisRun.id });
    expect(ok.map((c) => c.datasetRef).sort()).toEqual(['alien@1', 'iris@1', 'renamed@1']);
    expect(ok.find((c) => c.datasetRef === 'iris@1')).toMatchObject({ trainedOn: true, compatible: true, reasons: [] });
    const all = await call<EvaluationCandidate[]>('eval.candidates', { run: irisRun.id, includeIncompatible: true });
    expect(all.map((c) => c.datasetRef).sort()).toEqual(['alien@1', 'iris@1', 'narrow@1', 'renamed@1', 'worded@1']);
    const narrow = all.find((c) => c.datasetRef === 'narrow@1')!;
    expect(narrow.compatible).toBe(false);
    expect(narrow.reasons.map((r) => r.params?.column)).toEqual(['sepal_length_cm', 'site']);
    // a compatible version is one eval.start accepts
    const e = await evaluate({ run: irisRun.id, dataset: 'renamed' });
    expect(e).toMatchObject({ subset: 'all', datasetRef: 'renamed@1', rows: 150 });
  });

  it('a failing job keeps its error as keyed issues, and a job says its steps as keys', async () => {
    const steps: string[] = [];
    const stop = s.events.subscribe((event, payload) => {
      const j = payload as Job;
      if (event === 'job.updated' && j.kind === 'evaluation' && j.step && steps.at(-1) !== j.step.key) steps.push(j.step.key);
    });
    const job = await call<Job>('eval.start', { run: irisRun.id, dataset: 'alien' });
    const done = await s.jobs.wait(job.id);
    stop();
    expect(done.status).toBe('failed');
    expect(done.error?.message).toMatch(/None of the 150 rows of alien@1 can be evaluated: the target "species" is "rose", a class the model never saw/);
    expect(done.error?.details?.issues).toEqual([
      expect.objectContaining({ key: 'evaluate:error.no_usable_rows', params: { count: 150, dataset: 'alien@1' } }),
      expect.objectContaining({ key: 'evaluate:skip.unknown_class', params: { column: 'species', value: 'rose' }, path: ['row', 0] }),
    ]);
    expect(steps.slice(0, 3)).toEqual(['evaluate:step.starting', 'evaluate:step.loading_model', 'evaluate:step.loading_data']);
  });

  it('refuses test rows of a version the run was not trained on', async () => {
    await expect(call('eval.start', { run: irisRun.id, dataset: 'renamed', subset: 'test' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(call('eval.start', { run: irisRun.id, slices: ['colour'] })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('no column "colour" to slice by'),
    });
  });
});

describe('binary and regression evaluations', () => {
  it('binary: one ROC and PR curve for the positive class, operational criteria judged', async () => {
    const run = await train('cancer', 'breast_cancer', 5);
    const e = await evaluate({ run: run.id });
    if (e.details.kind !== 'classification') throw new Error('expected classification');
    expect(e.details.positiveClass).toBe(e.details.classes[1]);
    expect(e.details.roc).toHaveLength(1);
    expect(e.details.pr[0].label).toBe(e.details.classes[1]);
    expect(e.metrics).toHaveProperty('f1');
    // the CLI's text says which class precision, recall and f1 are about (none was chosen in the charter)
    expect(renderEvaluation(e)).toMatch(new RegExp(`positive class: +${e.details.classes[1]} \\(precision, recall, f1`));
    // param_count <= 10 cannot hold for an MLP: the gate fails on it, with the measured value
    const pc = e.gate.checks.find((c) => c.metric === 'param_count')!;
    expect(pc).toMatchObject({ passed: false, measured: run.paramCount });
    expect(e.gatePassed).toBe(false);
  }, 180_000);

  it('regression: residuals and predicted-vs-actual points, numeric slices', async () => {
    const run = await train('diabetes', 'diabetes', 5);
    const e = await evaluate({ run: run.id, slices: ['bmi'] });
    if (e.details.kind !== 'regression') throw new Error('expected regression');
    expect(Object.keys(e.metrics)).toEqual(expect.arrayContaining(['mae', 'mse', 'rmse', 'r2', 'mape']));
    expect(e.metrics.rmse).toBeCloseTo(Math.sqrt(e.metrics.mse!), 9);
    expect(e.details.points.total).toBe(e.rows);
    expect(e.details.residualHistogram.counts.reduce((a, b) => a + b, 0)).toBe(e.rows);
    expect(e.slices[0].kind).toBe('numeric');
    expect(e.gatePassed).toBe(true);
  }, 180_000);
});

it('an evaluation job names its run from the moment it starts, for a window that did not start it', async () => {
  const job = await call<Job>('eval.start', { run: irisRun2.id });
  expect(job.step).toEqual({ key: 'evaluate:step.starting', params: { runId: irisRun2.id, runName: irisRun2.name } });
  // whatever step it is at when another window lists it
  const seen = (await call<Job[]>('job.list', { kind: 'evaluation', limit: 5 })).find((j) => j.id === job.id)!;
  expect(seen.step?.params).toMatchObject({ runId: irisRun2.id, runName: irisRun2.name });
  s.jobs.cancel(job.id);
  await s.jobs.wait(job.id);
});

it('a cancelled evaluation stores nothing', async () => {
  const before = (await call<EvaluationSummary[]>('eval.list', { run: irisRun.id })).length;
  const job = await call<Job>('eval.start', { run: irisRun.id });
  s.jobs.cancel(job.id);
  const done = await s.jobs.wait(job.id);
  expect(done.status).toBe('cancelled');
  expect(await call<EvaluationSummary[]>('eval.list', { run: irisRun.id })).toHaveLength(before);
});

it('refuses runs that do not exist or have not finished', async () => {
  await expect(call('eval.start', { run: 'run_missing' })).rejects.toMatchObject({ code: 'not_found' });
  await expect(call('eval.get', { id: 'evl_missing' })).rejects.toMatchObject({ code: 'not_found' });
});

describe('model references', () => {
  it('eval.start, eval.candidates and eval.predict take a registered model as M, M@VERSION or M@alias', async () => {
    await call('model.register', { run: irisRun.id, name: 'iris-clf' });
    await call('model.register', { run: irisRun2.id, name: 'iris-clf' });
    await call('model.promote', { model: 'iris-clf@1', alias: 'candidate' });
    const runOf = async (run: string) => {
      const job = await call<Job>('eval.start', { run });
      const done = await s.jobs.wait(job.id);
      expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
      return (done.result as { runId: string }).runId;
    };
    expect(await runOf('iris-clf@1')).toBe(irisRun.id);
    expect(await runOf('iris-clf')).toBe(irisRun2.id); // the newest version
    expect(await runOf('iris-clf@candidate')).toBe(irisRun.id);
    expect((await call<EvaluationCandidate[]>('eval.candidates', { run: 'iris-clf@candidate' })).find((c) => c.trainedOn)?.version.id).toBe(irisRun.datasetVersionId);

    const input = path.join(dir, 'to-score.csv');
    fs.writeFileSync(input, fs.readFileSync(path.join(dir, 'iris_site.csv'), 'utf8').split('\n').slice(0, 6).join('\n') + '\n');
    const job = await call<Job>('eval.predict', { run: 'iris-clf@candidate', input, output: path.join(dir, 'scored.csv') });
    const done = await s.jobs.wait(job.id);
    expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
    expect(done.result).toMatchObject({ rows: 5, scored: 5 });

    await expect(call('eval.start', { run: 'no-such-model' })).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('No run or registered model called "no-such-model"'),
    });
    await expect(call('eval.predict', { run: 'iris-clf@7', input, output: path.join(dir, 'x.csv') })).rejects.toMatchObject({ code: 'not_found' });
  });
});

it('an evaluation whose final write meets a database locked by another process waits and stores it', async () => {
  const Database = (await import('better-sqlite3')).default;
  const other = new Database(s.db.name);
  s.db.pragma('busy_timeout = 20');
  let released = false;
  // another process takes the write lock just as the evaluation stores its result, and keeps it a while
  const store = s.evaluation.store;
  const insert = store.insert.bind(store);
  store.insert = (...args) => {
    if (!other.inTransaction && !released) {
      other.prepare('BEGIN IMMEDIATE').run();
      setTimeout(() => {
        other.prepare('COMMIT').run();
        released = true;
      }, 600);
    }
    return insert(...args);
  };
  const stop = () => {
    store.insert = insert;
  };
  try {
    const before = (await call<EvaluationSummary[]>('eval.list', { run: irisRun.id })).length;
    const job = await call<Job>('eval.start', { run: irisRun.id });
    const done = await s.jobs.wait(job.id);
    expect(released).toBe(true);
    expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
    expect(await call<EvaluationSummary[]>('eval.list', { run: irisRun.id })).toHaveLength(before + 1);
  } finally {
    stop();
    s.db.pragma('busy_timeout = 10000');
    if (other.inTransaction) other.prepare('ROLLBACK').run();
    other.close();
  }
});
