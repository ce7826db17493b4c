import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../electron/core/services.js';
import { withInProcessTraining } from '../../electron/core/training/in-process.js';
import { loadPredictor } from '../../electron/core/training/predictor.js';
import type { Run } from '../../shared/schemas/training.js';
import { repoRoot, testServices } from '../helpers/workspace.js';

// The Train phase through the core's router, on real sample data imported by the data phase.
let s: Services;
const call = <T = any>(method: string, input: unknown) => s.call(method, input, { door: 'test' }) as Promise<T>;
const sample = (name: string) => path.join(repoRoot, 'resources/datasets', name);

async function train(input: Record<string, unknown>): Promise<Run> {
  const run = await call<Run>('train.start', input);
  expect(run.status).toBe('running');
  return s.training.wait(run.id);
}

beforeAll(async () => {
  s = testServices();
  await call('project.create', { name: 'iris', taskType: 'multiclass' });
  await call('project.create', { name: 'digits', taskType: 'multiclass' });
  await call('project.create', { name: 'diabetes', taskType: 'regression' });
  await s.datasets.importFile({ project: 'iris', path: sample('iris.csv'), target: 'species' } as never);
  await s.datasets.importFile({ project: 'digits', path: sample('digits_8x8.csv'), target: 'digit' } as never);
  await s.datasets.importFile({ project: 'diabetes', path: sample('diabetes.csv'), target: 'disease_progression' } as never);
});

afterAll(async () => {
  await s?.close();
});

describe('training on iris with the default MLP template', () => {
  let run: Run;
  beforeAll(async () => {
    run = await train({ project: 'iris', dataset: 'iris', tags: ['baseline'] });
  }, 120_000);

  it('learns: validation accuracy at least 0.90, every epoch recorded, a model package kept', () => {
    expect(run.status).toBe('succeeded');
    expect(run.metrics.val_accuracy).toBeGreaterThanOrEqual(0.9);
    expect(Object.keys(run.metrics).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    // early stopping on val_loss is on by default: the model holds the best epoch's weights, and says so
    expect(run.params.earlyStopping).toMatchObject({ enabled: true, monitor: 'val_loss', restoreBestWeights: true });
    expect(run.epochsDone).toBeLessThanOrEqual(run.params.epochs);
    expect(run.metricsFrom).toBe('best');
    expect(run.metricsEpoch).toBe(run.bestEpoch);
    expect(run.metrics).toEqual(run.bestMetrics);
    expect(run.packageHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(run.features).toHaveLength(4);
    expect(run.datasetRef).toBe('iris@1');
  });

  it('records the backend actually used (wasm here: tfjs-node is not installed) and the environment', () => {
    expect(run.backend).toBe('wasm');
    expect(run.backendNote).toBe('tfjs-node is not installed; trained on wasm.');
    expect(run.backendNoteKey).toBe('tfjs_node_missing');
    expect(run.environment).toMatchObject({ backend: 'wasm', tfjsVersion: '4.22.0', nodeVersion: process.version, backendNoteKey: 'tfjs_node_missing' });
    expect(run.environment!.backendDetail).toContain('tensorflow backend unavailable');
    expect(run.environment!.cpuCount).toBeGreaterThan(0);
    expect(run.durationMs).toBeGreaterThan(0);
  });

  it('stores per-batch loss, per-epoch metrics and system metrics, and serves them downsampled on request', async () => {
    expect(run.seriesKeys).toEqual(expect.arrayContaining(['batch/loss', 'loss', 'val_loss', 'accuracy', 'val_accuracy', 'lr', 'sys/cpu_pct', 'sys/rss_mb', 'sys/samples_per_s']));
    const [batch] = await call<any[]>('run.series', { id: run.id, keys: ['batch/loss'], maxPoints: 50 });
    const [valAcc] = await call<any[]>('run.series', { id: run.id, keys: ['val_accuracy'] });
    const stepsPerEpoch = Math.ceil(s.datasets.getSplit(run.splitId).train.length / run.params.batchSize);
    expect(batch.total).toBe(run.epochsDone * stepsPerEpoch);
    expect(batch.downsampled).toBe(true);
    expect(batch.x.length).toBeLessThanOrEqual(50);
    expect(valAcc.total).toBe(run.epochsDone);
    expect(valAcc.downsampled).toBe(false);
    expect(valAcc.y.at(-1)).toBe(run.lastMetrics.val_accuracy);
    expect(valAcc.y[run.metricsEpoch! - 1]).toBe(run.metrics.val_accuracy);
  });

  it('loadPredictor scores raw rows with the saved preprocessing and reports unscorable rows', async () => {
    const p = await loadPredictor(s, { runId: run.id });
    const out = await p.predictRows([
      { sepal_length_cm: 5.1, sepal_width_cm: 3.5, petal_length_cm: 1.4, petal_width_cm: 0.2 },
      { sepal_length_cm: '6.9', sepal_width_cm: '3.1', petal_length_cm: '5.4', petal_width_cm: '2.1' },
      { sepal_length_cm: 'wide', sepal_width_cm: 3, petal_length_cm: 4, petal_width_cm: 1 },
      { sepal_length_cm: 5.0, sepal_width_cm: 'NA', petal_length_cm: 1.5, petal_width_cm: 0.3 },
    ]);
    if (out.task === 'regression') throw new Error('expected classification');
    expect(out.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(out.probabilities).toBeInstanceOf(Float32Array);
    expect(out.probabilities.length).toBe(12);
    expect(out.labels).toEqual(['setosa', 'virginica', null, 'setosa']);
    expect(out.rejected).toEqual([
      { index: 2, reason: expect.stringContaining('"wide" is not a number'), code: 'row.not_number', params: expect.objectContaining({ value: 'wide' }) },
    ]);
    const sum = out.probabilities[0] + out.probabilities[1] + out.probabilities[2];
    expect(sum).toBeCloseTo(1, 5);
    expect(Number.isNaN(out.probabilities[6])).toBe(true);
    // a whole table, as evaluation uses it
    const version = s.datasets.resolveVersion('iris', s.projects.resolve('iris').id);
    const table = await s.datasets.loadTable(version.id);
    const all = await p.predictTable(table);
    if (all.task === 'regression') throw new Error('expected classification');
    const correct = all.labels.filter((l, i) => l === (table.values.species as string[])[i]).length;
    expect(correct / table.rowCount).toBeGreaterThan(0.9);
    p.dispose();
  });
});

describe('reproducibility', () => {
  it('the same seed on the same backend gives identical metrics; another seed does not', async () => {
    const input = { project: 'iris', dataset: 'iris', params: { epochs: 4 }, backend: 'wasm' };
    const [a, b, c] = await Promise.all([train({ ...input, name: 'a' }), train({ ...input, name: 'b' }), train({ ...input, params: { epochs: 4, seed: 7 }, name: 'c' })]);
    expect(a.status).toBe('succeeded');
    expect(b.metrics).toEqual(a.metrics);
    expect(c.metrics).not.toEqual(a.metrics);
    const [sa, sb] = await Promise.all([a, b].map((r) => call<any[]>('run.series', { id: r.id, keys: ['batch/loss'] })));
    expect(sb[0].y).toEqual(sa[0].y);
  }, 120_000);
});

describe('backend choice', () => {
  it('a forced backend is used and recorded; a forced backend that cannot load fails the run with the reason', async () => {
    s.preferences.set({ trainingBackend: 'cpu' });
    const [cpu, native] = await Promise.all([
      train({ project: 'iris', dataset: 'iris', params: { epochs: 2 }, name: 'cpu by preference' }),
      train({ project: 'iris', dataset: 'iris', params: { epochs: 2 }, backend: 'tensorflow', name: 'native' }),
    ]);
    s.preferences.set({ trainingBackend: 'auto' });
    expect(cpu).toMatchObject({ status: 'succeeded', backend: 'cpu', backendRequested: 'cpu' });
    expect(cpu.environment?.backend).toBe('cpu');
    expect(native.status).toBe('failed');
    expect(native.backend).toBeNull();
    expect(native.error?.message).toMatch(/The tensorflow training backend cannot run here: .*tfjs-node/);
  }, 120_000);
});

describe('cancel and resume', () => {
  /** Resolves when the run has reported `epoch` finished epochs (from its events, or at once if it already has). */
  const untilEpoch = (id: string, epoch: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        const row = s.training.get(id);
        if (row.epochsDone >= epoch) return true;
        if (row.status !== 'running' && row.status !== 'queued') throw new Error(`run ${id} ended (${row.status}) before epoch ${epoch}`);
        return false;
      };
      const stop = s.events.subscribe((event, payload) => {
        if ((event !== 'training.epoch' && event !== 'training.status') || (payload as { runId: string }).runId !== id) return;
        try {
          if (!check()) return;
          stop();
          resolve();
        } catch (err) {
          stop();
          reject(err);
        }
      });
      try {
        if (check()) {
          stop();
          resolve();
        }
      } catch (err) {
        stop();
        reject(err);
      }
    });
  /** The epochs a run reports while `during` runs. */
  async function epochsDuring(id: string, during: () => Promise<unknown>): Promise<number[]> {
    const seen: number[] = [];
    const stop = s.events.subscribe((event, payload) => {
      if (event === 'training.epoch' && (payload as { runId: string }).runId === id) seen.push((payload as { epoch: number }).epoch);
    });
    try {
      await during();
    } finally {
      stop();
    }
    return seen;
  }

  it('cancel stops the run before another epoch completes and marks it cancelled; resume finishes it from its checkpoint', async () => {
    // The newest epoch the app has heard of (its events), which is what a user sees when pressing Cancel; the
    // run's stored epochsDone is written in batches and may lag behind it by several short epochs.
    const heardOf = new Map<string, number>();
    const listen = s.events.subscribe((event, payload) => {
      const { runId, epoch } = payload as { runId: string; epoch: number };
      if (event === 'training.epoch') heardOf.set(runId, Math.max(heardOf.get(runId) ?? 0, epoch));
    });
    // batch size 1: epochs of about 105 steps, long enough that the epochs the worker has finished but the app has
    // not heard of yet (it sends each epoch without waiting) stay within the bound below on a loaded machine
    const run = await call<Run>('train.start', { project: 'iris', dataset: 'iris', params: { epochs: 500, batchSize: 1 } });
    await untilEpoch(run.id, 2); // two checkpoints
    const before = s.training.get(run.id);
    expect(before.status).toBe('running');
    expect(before.checkpointEpoch).toBeGreaterThanOrEqual(2);
    // The call returns once the run has stopped (no wall clock here: the run must be cancelled when it returns,
    // and past the newest epoch heard of at most two more may finish: one already done whose event is still on
    // its way from the worker, and the one in progress).
    let cancelled!: Run;
    const asked = heardOf.get(run.id) ?? 0;
    const late = await epochsDuring(run.id, async () => (cancelled = await call<Run>('run.cancel', { id: run.id })));
    expect(cancelled.status).toBe('cancelled');
    expect(late.every((e) => e <= asked + 2)).toBe(true);
    expect(cancelled.epochsDone).toBeLessThanOrEqual(asked + 2);
    expect(cancelled.bestMetrics?.val_loss).toBeGreaterThan(0);
    const points = s.training.series.count(run.id, 'batch/loss');
    expect(points).toBeGreaterThan(0);
    await expect(call('run.cancel', { id: run.id })).rejects.toMatchObject({ code: 'conflict' });

    // resume, let it run one more epoch, then stop it again and check the continuation
    const resumed = await call<Run>('run.resume', { id: run.id });
    expect(resumed.status).toBe('running');
    expect(resumed.resumeCount).toBe(1);
    const from = resumed.epochsDone;
    expect(from).toBe(cancelled.checkpointEpoch);
    await untilEpoch(run.id, from + 1);
    const during = heardOf.get(run.id) ?? 0;
    const again = await epochsDuring(run.id, async () => {
      await call('run.cancel', { id: run.id });
      await s.training.wait(run.id); // the job has ended
    });
    const after = s.training.get(run.id);
    expect(after.status).toBe('cancelled');
    expect(again.every((e) => e <= during + 2)).toBe(true);
    listen();
    const loss = await call<any[]>('run.series', { id: run.id, keys: ['loss'], maxPoints: 100000 });
    // one loss point per finished epoch, none lost and none doubled across the resume
    expect(loss[0].x).toEqual(Array.from({ length: after.epochsDone }, (_, i) => i + 1));
  }, 120_000);
});

describe('CNN on digits as 8x8x1 images, on the wasm backend', () => {
  it('trains (needs the Conv2D filter gradient Ciclo adds to wasm)', async () => {
    const check = await call<any>('train.designCheck', {
      project: 'digits',
      dataset: 'digits_8x8',
      design: (await call<any[]>('train.templates', { project: 'digits' })).find((t) => t.id === 'cnn').design,
    });
    expect(check.ok).toBe(true);
    expect(check.inputShape).toEqual([8, 8, 1]);
    // in the test process (the same trainer as a worker's; the worker process is what the tests above are about)
    const run = await withInProcessTraining(() => train({ project: 'digits', dataset: 'digits_8x8', template: 'cnn', backend: 'wasm', params: { epochs: 3 } }));
    expect(run.status).toBe('succeeded');
    expect(run.backend).toBe('wasm');
    expect(run.inputShape).toEqual([8, 8, 1]);
    expect(run.metrics.val_accuracy).toBeGreaterThan(0.8);
  }, 120_000);
});

describe('regression', () => {
  it('trains the linear baseline on diabetes and reports errors in the target units', async () => {
    const run = await withInProcessTraining(() => train({ project: 'diabetes', dataset: 'diabetes', template: 'linear', params: { epochs: 30 } }));
    expect(run.status).toBe('succeeded');
    expect(run.template).toBe('baseline'); // 'linear' is still read as the baseline
    expect(Object.keys(run.metrics).sort()).toEqual(['loss', 'mae', 'rmse', 'val_loss', 'val_mae', 'val_rmse']);
    expect(run.metrics.val_mae).toBeGreaterThan(20);
    expect(run.metrics.val_mae).toBeLessThan(70);
    const p = await loadPredictor(s, { packageHash: run.packageHash! });
    const table = await s.datasets.loadTable(run.datasetVersionId);
    const out = await p.predictTable(table);
    if (out.task !== 'regression') throw new Error('expected regression');
    const y = table.values.disease_progression as Float64Array;
    let err = 0;
    for (let i = 0; i < table.rowCount; i++) err += Math.abs(out.values[i] - y[i]);
    expect(err / table.rowCount).toBeLessThan(70); // predicting the mean gives about 65
    const raw = Object.fromEntries(run.features.map((f) => [f, String((table.values[f] as Float64Array)[0])]));
    const one = await p.predictRows([raw]);
    if (one.task === 'regression') expect(one.values[0]).toBeCloseTo(out.values[0], 4);
  }, 120_000);
});

describe('templates and design check', () => {
  it('offers the templates that suit the task, with their layers and starting hyperparameters', async () => {
    const iris = await call<any[]>('train.templates', { project: 'iris', dataset: 'iris' });
    expect(iris.map((t) => t.id)).toEqual(['mlp', 'baseline', 'cnn']);
    expect(iris[0].params).toMatchObject({
      optimizer: 'adam',
      learningRate: 0.003,
      epochs: 100,
      earlyStopping: { enabled: true, monitor: 'val_loss', patience: 10, restoreBestWeights: true },
    });
    expect(iris[0].design.layers.map((l: any) => l.type)).toEqual(['dense', 'dropout', 'dense', 'dropout']);
    expect((await call<any[]>('train.templates', { project: 'diabetes' })).map((t) => t.id)).toEqual(['mlp', 'baseline']);
    const check = await call<any>('train.designCheck', { project: 'iris', dataset: 'iris', design: iris[0].design });
    expect(check).toMatchObject({ ok: true, inputShape: [4], outputUnits: 3, totalParams: 4 * 64 + 64 + 64 * 32 + 32 + 32 * 3 + 3 });
    expect(check.layers.at(-1)).toMatchObject({ type: 'output', outputShape: [3], head: true });
    const direct = await call<any>('train.designCheck', {
      project: 'iris',
      inputShape: [8, 8, 1],
      outputUnits: 10,
      design: { inputKind: 'image', layers: [{ type: 'dense', units: 4 }] },
    });
    expect(direct.ok).toBe(false);
    expect(direct.issues[0]).toMatchObject({ key: 'train:issue.dense_needs_flat', path: ['layers', 0] });
  });
});

describe('run list, compare and bad input', () => {
  it('lists with sort, filter, search and paging', async () => {
    const all = await call<any>('run.list', { project: 'iris' });
    expect(all.total).toBeGreaterThanOrEqual(4);
    const best = await call<any>('run.list', { project: 'iris', sort: 'metric:val_accuracy', order: 'desc', limit: 1 });
    expect(best.items).toHaveLength(1);
    expect(best.items[0].metrics.val_accuracy).toBe(Math.max(...all.items.map((r: any) => r.metrics.val_accuracy ?? -1)));
    expect((await call<any>('run.list', { tag: 'baseline' })).items.map((r: any) => r.tags)).toEqual([['baseline']]);
    expect((await call<any>('run.list', { search: 'mlp-', status: ['succeeded'], limit: 2, offset: 1 })).items.length).toBeLessThanOrEqual(2);
    await expect(call('run.list', { sort: 'colour' })).rejects.toMatchObject({ code: 'invalid_input' });
    // the table's rows: the same runs in the same order, only its columns and the metrics it asks for
    const q = { project: 'iris', sort: 'metric:val_accuracy', order: 'desc' };
    const [full, rows] = [await call<any>('run.list', q), await call<any>('run.rows', { ...q, metrics: ['val_accuracy', 'nope'] })];
    expect(rows.items.map((r: any) => r.id)).toEqual(full.items.map((r: any) => r.id));
    for (const [i, r] of rows.items.entries()) {
      const f = full.items[i];
      expect(r).toEqual({
        ...Object.fromEntries(
          ['id', 'name', 'status', 'template', 'datasetRef', 'backend', 'metricsEpoch', 'metricsFrom', 'epochs', 'epochsDone', 'durationMs', 'createdAt'].map((k) => [k, f[k]]),
        ),
        metrics: 'val_accuracy' in f.metrics ? { val_accuracy: f.metrics.val_accuracy } : {},
      });
    }
    expect(JSON.stringify(rows).length).toBeLessThan(JSON.stringify(full).length / 2);
  });

  it('compares runs: parameters that differ, final metrics, overlaid series', async () => {
    const ids = (await call<any>('run.list', { project: 'iris', status: ['succeeded'], sort: 'createdAt', order: 'asc' })).items.map((r: any) => r.id).slice(0, 3);
    const c = await call<any>('run.compare', { ids, maxPoints: 20 });
    expect(c.runs.map((r: any) => r.id)).toEqual(ids);
    expect(c.params.find((p: any) => p.name === 'params.epochs').differs).toBe(true);
    expect(c.params.find((p: any) => p.name === 'data.dataset')).toMatchObject({ differs: false, values: ['iris@1', 'iris@1', 'iris@1'] });
    expect(c.metrics.find((m: any) => m.name === 'val_accuracy').values).toHaveLength(3);
    expect(c.series.filter((x: any) => x.key === 'val_loss')).toHaveLength(3);
    expect(c.series.every((x: any) => x.x.length <= 20)).toBe(true);
    await expect(call('run.compare', { ids: [ids[0]] })).rejects.toMatchObject({ code: 'invalid_input' });
    // a chart's width: the series share buckets over one x range per key
    const shared = await call<any>('run.compare', { ids, width: 300 });
    expect(shared.buckets.find((b: any) => b.key === 'val_loss')).toMatchObject({ from: 1, count: 600 });
    expect(shared.series.filter((x: any) => x.key === 'val_loss').map((x: any) => x.runId)).toEqual(ids);
    expect(c.buckets).toEqual([]);
    await expect(call('run.compare', { ids, width: 5 })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('refuses bad requests with a clear message and creates no run', async () => {
    const count = () => (s.db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n;
    const before = count();
    await expect(call('train.start', { project: 'iris', dataset: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call('train.start', { project: 'diabetes', dataset: 'diabetes', template: 'cnn' })).rejects.toThrow(/cnn template does not suit a regression project/);
    // iris has 4 features (a 2x2 "image"): too small for the CNN template's two pooling layers
    await expect(call('train.start', { project: 'iris', dataset: 'iris', template: 'cnn' })).rejects.toThrow(/Layer 4: a 2x2 pool does not fit a 1x1 input/);
    await expect(call('train.start', { project: 'iris', dataset: 'iris', params: { earlyStopping: { enabled: true, monitor: 'f1' } } })).rejects.toThrow(
      /Early stopping cannot watch "f1"/,
    );
    await expect(call('train.start', { project: 'iris', dataset: 'iris', params: { classWeights: { rose: 2 } } })).rejects.toThrow(/no such class/);
    await expect(call('train.start', { project: 'iris', dataset: 'iris', params: { learningRate: -1 } })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      call('train.start', { project: 'iris', dataset: 'iris', design: { inputKind: 'tabular', layers: [{ type: 'conv2d', filters: 3, kernelSize: 3 }] } }),
    ).rejects.toThrow(/Layer 1: conv2d needs an image input/);
    await expect(call('run.resume', { id: (await call<any>('run.list', { status: ['succeeded'], limit: 1 })).items[0].id })).rejects.toMatchObject({ code: 'conflict' });
    expect(count()).toBe(before);
  });
});
