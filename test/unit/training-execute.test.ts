import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { hyperparametersSchema } from '../../shared/schemas/training.js';
import { EventBus } from '../../electron/core/events.js';
import type { JobContext } from '../../electron/core/jobs/runner.js';
import { BlobStore } from '../../electron/core/store/blobs.js';
import { openDb } from '../../electron/core/store/db.js';
import { templateDesign } from '../../electron/core/training/design.js';
import { checkpointPath, executeRun, type ExecuteSpec } from '../../electron/core/training/execute.js';
import type { Preprocessing } from '../../electron/core/training/preprocess.js';
import type { MetricPoint, ParentMessage, WorkerMessage } from '../../electron/core/training/protocol.js';
import { RunStore } from '../../electron/core/store/run-store.js';
import { SeriesStore } from '../../electron/core/store/series-store.js';
import type { WorkerExit, WorkerHandle } from '../../electron/core/training/worker-host.js';
import { tempDir } from '../helpers/workspace.js';

// The parent side of a training job (executeRun) with a scripted worker, against a real workspace
// database that another connection locks: a busy store must neither lose points nor crash the process.

function workspace() {
  const dir = tempDir();
  const file = path.join(dir, 'ciclo.db');
  const db = openDb(file);
  db.prepare("INSERT INTO projects (id, name, task_type, created_at, updated_at) VALUES ('p', 'p', 'multiclass', '', '')").run();
  db.prepare(
    `INSERT INTO runs (id, project_id, name, status, task_type, template, dataset_version_id, dataset_ref, split_id, backend_requested, params, design, input_shape, features, preprocessing_hash, param_count, epochs, created_at, started_at, updated_at)
     VALUES ('r', 'p', 'r', 'running', 'multiclass', 'mlp', 'd', 'd@1', 's', 'auto', '{}', '{}', '[3]', '[]', 'h', 1, 2, '', ?, '')`,
  ).run(new Date().toISOString());
  const checkpointDir = path.join(dir, 'checkpoints');
  fs.mkdirSync(checkpointDir);
  const runs = new RunStore(db);
  const series = new SeriesStore(db);
  return { file, db, runs, series, checkpointDir, deps: { runs, series, blobs: new BlobStore(path.join(dir, 'blobs')), events: new EventBus(), checkpointDir } };
}

function fakeWorker() {
  let listener: (m: WorkerMessage) => void = () => {};
  let resolveExit!: (e: WorkerExit) => void;
  const exited = new Promise<WorkerExit>((r) => (resolveExit = r));
  const sent: ParentMessage[] = [];
  const handle: WorkerHandle = {
    pid: 999_999,
    send: (m) => void sent.push(m),
    onMessage: (l) => void (listener = l),
    exited,
    kill: (signal = 'SIGKILL') => resolveExit({ code: null, signal, stderr: '' }),
  };
  return { handle, sent, emit: (m: WorkerMessage) => listener(m), exit: () => resolveExit({ code: 0, signal: null, stderr: '' }) };
}

const preprocessing = {
  format: 'ciclo-preprocessing/1',
  inputKind: 'tabular',
  inputShape: [3],
  featureNames: ['a', 'b', 'c'],
  features: ['a', 'b', 'c'].map((name) => ({ kind: 'numeric', name, type: 'numeric', mean: 0, std: 1 })),
  image: null,
  target: { name: 'y', task: 'multiclass', classes: ['x', 'y', 'z'], mean: 0, std: 1 },
} as Preprocessing;

const spec: ExecuteSpec = {
  runId: 'r',
  projectId: 'p',
  backend: 'cpu',
  design: templateDesign('mlp', { hidden: [4] }),
  params: hyperparametersSchema.parse({ epochs: 2, batchSize: 2 }),
  preprocessing,
  outputUnits: 3,
  classWeights: null,
  data: { xTrain: new Float32Array(12), yTrain: new Float32Array(4), xVal: new Float32Array(6), yVal: new Float32Array(2) },
  checkpoint: null,
  fromEpoch: 0,
  fromStep: 0,
  generation: 0,
};

const ctx: JobContext = { jobId: 'job', signal: new AbortController().signal, progress: () => {}, throwIfCancelled: () => {} };

const batch = (step: number): MetricPoint => ({ key: 'batch/loss', step, value: 1 / step });
const epochMessage = (epoch: number): WorkerMessage => ({
  type: 'epoch',
  epoch,
  step: epoch * 2,
  metrics: { loss: 1 / epoch, val_loss: 1.1 / epoch },
  learningRate: 0.01,
  bestEpoch: epoch,
  bestMetrics: { loss: 1 / epoch, val_loss: 1.1 / epoch },
  endedAt: Date.now(),
  points: [
    { key: 'loss', step: epoch, value: 1 / epoch },
    { key: 'val_loss', step: epoch, value: 1.1 / epoch },
  ],
  checkpoint: new Uint8Array([epoch]),
});
const ready: WorkerMessage = {
  type: 'ready',
  backend: 'cpu',
  backendNote: '',
  environment: { cicloVersion: 't', tfjsVersion: 't', backend: 'cpu', os: 't', cpuModel: 't', cpuCount: 1, totalMemoryMb: 1, nodeVersion: 't' },
};

describe('training job in the parent process', () => {
  it('keeps points, checkpoint and run row while another process holds the database, and writes them at the next flush', async () => {
    const w = workspace();
    const fake = fakeWorker();
    const statuses: unknown[] = [];
    const epochs: { points?: MetricPoint[] }[] = [];
    w.deps.events.subscribe((event, payload) => {
      if (event === 'training.status') statuses.push(payload);
      if (event === 'training.epoch') epochs.push(payload as { points?: MetricPoint[] });
    });
    const running = executeRun({ ...w.deps, startWorker: () => fake.handle }, spec, ctx);
    // while the worker loads tfjs, the page is told which backend it is loading
    fake.emit({ type: 'loading', backend: 'wasm' });
    expect(statuses).toEqual([
      { runId: 'r', projectId: 'p', status: 'running', backend: null, message: 'Loading the wasm backend…', messageKey: 'loading_backend', messageParams: { backend: 'wasm' } },
    ]);
    fake.emit(ready);
    fake.emit({ type: 'points', epoch: 0, step: 2, points: [batch(1), batch(2)] });

    // another process takes the write lock; this connection gives up at once instead of after 10 s
    const other = new Database(w.file);
    other.pragma('busy_timeout = 0');
    w.db.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    expect(() => fake.emit(epochMessage(1))).not.toThrow();
    expect(w.series.count('r')).toBe(0);
    expect(w.runs.row('r').epochs_done).toBe(0);
    // the checkpoint never gets ahead of the points it follows
    expect(fs.existsSync(checkpointPath(w.checkpointDir, 'r'))).toBe(false);
    other.exec('COMMIT');
    other.close();

    // the flush timer retries without any new message from the worker
    await vi.waitFor(() => expect(w.series.count('r')).toBe(4), { timeout: 10_000, interval: 50 });
    expect(w.runs.row('r').epochs_done).toBe(1);
    expect(w.runs.row('r').checkpoint_epoch).toBe(1);
    expect([...fs.readFileSync(checkpointPath(w.checkpointDir, 'r'))]).toEqual([1]);

    fake.emit({ type: 'points', epoch: 1, step: 4, points: [batch(3), batch(4)] });
    fake.emit(epochMessage(2));
    fake.emit({
      type: 'done',
      status: 'completed',
      epochsDone: 2,
      bestEpoch: 2,
      stoppedEarly: false,
      weights: [],
      metrics: { loss: 0.5, val_loss: 0.55 },
      bestMetrics: { loss: 0.5, val_loss: 0.55 },
    });
    fake.exit();
    await expect(running).resolves.toEqual({ runId: 'r', status: 'succeeded' });
    // training.epoch carries the epoch's points (metrics, lr, sys/*) for live charts
    expect(epochs.map((e) => e.points)).toEqual([epochMessage(1), epochMessage(2)].map((m) => (m as { points: MetricPoint[] }).points));

    const row = w.runs.row('r');
    expect(row.status).toBe('succeeded');
    expect(row.backend).toBe('cpu');
    expect(Array.from(w.series.read('r', 'batch/loss').steps)).toEqual([1, 2, 3, 4]);
    expect(Array.from(w.series.read('r', 'val_loss').values)).toEqual([1.1, 0.55]);
  });

  it('ends the run as failed with the error when a write fails for another reason, without throwing from the callback', async () => {
    const w = workspace();
    const fake = fakeWorker();
    const running = executeRun({ ...w.deps, startWorker: () => fake.handle }, spec, ctx);
    fake.emit(ready);
    fake.emit({ type: 'points', epoch: 0, step: 2, points: [batch(1), batch(2)] });
    const append = vi.spyOn(w.series, 'append').mockImplementationOnce(() => {
      throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    });
    expect(() => fake.emit(epochMessage(1))).not.toThrow();
    // the worker is stopped (the fake's kill ends it), and the run says why
    await expect(running).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('disk I/O error') });
    const row = w.runs.row('r');
    expect(row.status).toBe('failed');
    expect(JSON.parse(row.error!).message).toContain('disk I/O error');
    // the points the failed write held are still written on the way out
    append.mockRestore();
    expect(w.series.count('r')).toBe(4);
  });
});

describe('training job fenced by the run generation', () => {
  it('an owner whose run was taken over writes no point, checkpoint or status again and stops its worker', async () => {
    const w = workspace();
    const fake = fakeWorker();
    const running = executeRun({ ...w.deps, startWorker: () => fake.handle }, spec, ctx);
    fake.emit(ready);
    fake.emit(epochMessage(1));
    expect(w.series.count('r')).toBe(2);
    // another process judged this owner dead and resumed the run: the generation moves on
    w.db.prepare("UPDATE runs SET status = 'interrupted' WHERE id = 'r'").run();
    expect(w.runs.claim('r', ['interrupted'])).toBe(1);
    fake.emit({ type: 'points', epoch: 1, step: 3, points: [batch(3)] });
    fake.emit(epochMessage(2));
    await expect(running).rejects.toMatchObject({ code: 'conflict', details: { superseded: true } });
    expect(w.series.count('r')).toBe(2);
    expect([...fs.readFileSync(checkpointPath(w.checkpointDir, 'r'))]).toEqual([1]);
    const row = w.runs.row('r');
    expect(row).toMatchObject({ status: 'running', generation: 1, epochs_done: 1 });
  });

  it('a killed worker ends the run interrupted with an error that makes its job interrupted too', async () => {
    const w = workspace();
    const fake = fakeWorker();
    const running = executeRun({ ...w.deps, startWorker: () => fake.handle }, spec, ctx);
    fake.emit(ready);
    fake.emit(epochMessage(1));
    fake.handle.kill('SIGKILL');
    const err = await running.catch((e) => e);
    expect(err.constructor.name).toBe('InterruptedError');
    expect(err.message).toMatch(/was killed \(SIGKILL\) during epoch 2/);
    expect(w.runs.row('r').status).toBe('interrupted');
  });
});
