import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract/errors.js';
import type { BackendChoice, Hyperparameters, ModelDesign } from '../../../shared/schemas/training.js';
import type { EventBus } from '../events.js';
import { InterruptedError, type JobContext } from '../jobs/runner.js';
import type { BlobStore } from '../store/blobs.js';
import { writeFileAtomic } from '../store/files.js';
import { isBusy, retryBusy } from '../store/busy.js';
import { encodePackage } from './package.js';
import type { Preprocessing } from './preprocess.js';
import type { MetricPoint, WorkerMessage } from './protocol.js';
import { SupersededError, type RunRow, type RunStore } from '../store/run-store.js';
import type { SeriesStore } from '../store/series-store.js';
import type { TrainData } from './trainer.js';
import { inProcessTrainingRequested, startInProcessWorker } from './in-process.js';
import { forkTrainingWorker, type WorkerHandle } from './worker-host.js';

type RowFields = Partial<Record<keyof RunRow, unknown>>;

/**
 * The body of a training job, in the process that owns the store: forks the worker, writes its metric
 * points in batched transactions, writes a checkpoint atomically at each epoch, emits training.* events,
 * stops the worker on cancel (asks, then kills it if it has not stopped within 400 ms) and ends the run
 * with the right status when the worker finishes, fails or dies.
 *
 * Timer and message callbacks never throw (a throw there would take down the whole process, with every
 * page of the browser-mode server): when another process holds the database past the busy timeout, the
 * points, checkpoint and run-row changes stay buffered and the next flush writes them; any other error
 * stops the worker and ends the run as failed with the error's message.
 */

export interface ExecuteDeps {
  runs: RunStore;
  series: SeriesStore;
  blobs: BlobStore;
  events: EventBus;
  checkpointDir: string;
  /** Told the worker's pid as soon as it exists (tests and crash tooling use it). */
  onWorker?: (runId: string, worker: WorkerHandle) => void;
  /** Starts the worker (tests pass a fake one); forks the real worker by default. */
  startWorker?: () => WorkerHandle;
}

export interface ExecuteSpec {
  runId: string;
  projectId: string;
  backend: BackendChoice;
  design: ModelDesign;
  params: Hyperparameters;
  preprocessing: Preprocessing;
  outputUnits: number;
  classWeights: number[] | null;
  data: TrainData;
  checkpoint: Uint8Array | null;
  /** Epoch and global step the run continues from (0 when fresh). */
  fromEpoch: number;
  fromStep: number;
  /**
   * The run's generation this job holds (RunStore.claim): every write of the run, its points and its
   * checkpoint names it, so once another job has taken the run over this one writes nothing more.
   */
  generation: number;
}

const DB_FLUSH_MS = 500;
const EVENT_MS = 200;
const KILL_AFTER_MS = 400;
const JOB_PROGRESS_MS = 1000;
/** After the worker has ended, how many more times a busy store is tried (each try waits the busy timeout). */
const FINAL_TRIES = 5;

/** Runs a store write, trying again while the store is busy (only where waiting is possible: after the worker ended). */
const persist = <T>(write: () => T): Promise<T> => retryBusy(write, { tries: FINAL_TRIES, delayMs: DB_FLUSH_MS, growing: false });

export function checkpointPath(dir: string, runId: string): string {
  return path.join(dir, `${runId}.ckpt`);
}

export async function executeRun(deps: ExecuteDeps, s: ExecuteSpec, ctx: JobContext): Promise<{ runId: string; status: string }> {
  try {
    return await supervise(deps, s, ctx);
  } catch (err) {
    // anything unexpected (the worker could not start, the disk is full...) still ends the run
    if (err instanceof SupersededError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (deps.runs.finish(s.runId, 'failed', { error: JSON.stringify({ code: 'internal', message }) }, s.generation)) {
      deps.events.emit('training.status', { runId: s.runId, projectId: s.projectId, status: 'failed', backend: null, message });
    }
    throw err;
  }
}

async function supervise(deps: ExecuteDeps, s: ExecuteSpec, ctx: JobContext): Promise<{ runId: string; status: string }> {
  const { runs, series, events } = deps;
  const nTrain = s.data.yTrain.length;
  const stepsPerEpoch = Math.ceil(nTrain / s.params.batchSize);
  const totalSteps = stepsPerEpoch * s.params.epochs;
  // a lesson reset's tiny runs train in this process (in-process.ts); every other run in a forked worker
  const worker = (deps.startWorker ?? (inProcessTrainingRequested() ? startInProcessWorker : forkTrainingWorker))();
  const gen = s.generation;
  try {
    runs.update(s.runId, { worker_pid: worker.pid }, gen);
  } catch (err) {
    worker.kill('SIGKILL');
    throw err;
  }
  deps.onWorker?.(s.runId, worker);

  let backend: string | null = null;
  // written by flush, in this order: points, then the checkpoint (never ahead of its points), then the run row
  let buffer: MetricPoint[] = [];
  let checkpoint: Uint8Array | null = null;
  let rowFields: RowFields = {};
  let fresh: MetricPoint[] = [];
  let lastEvent = 0;
  let lastJobProgress = 0;
  let step = s.fromStep;
  let epoch = s.fromEpoch;
  let done: Extract<WorkerMessage, { type: 'done' }> | null = null;
  let failure: Extract<WorkerMessage, { type: 'failed' }> | null = null;
  let fatal: Error | null = null;
  const t0 = Date.now();

  /** Writes what is buffered; returns false (keeping it for the next flush) when the store is busy. */
  const flush = (): boolean => {
    try {
      if (buffer.length) {
        series.append(s.runId, buffer, gen); // one transaction: all of it or nothing (and only while this job holds the run)
        buffer = [];
      }
      if (checkpoint) {
        if (!runs.holds(s.runId, gen)) throw new SupersededError(s.runId, gen);
        writeFileAtomic(checkpointPath(deps.checkpointDir, s.runId), checkpoint);
        checkpoint = null;
      }
      if (Object.keys(rowFields).length) {
        runs.update(s.runId, rowFields, gen);
        rowFields = {};
      }
      return true;
    } catch (err) {
      if (isBusy(err)) return false;
      throw err;
    }
  };
  /** Runs a callback's body; an error ends the run as failed (after the worker is stopped) instead of escaping. */
  const safely = (body: () => void): void => {
    if (fatal) return;
    try {
      body();
    } catch (err) {
      fatal = err instanceof Error ? err : new Error(String(err));
      worker.kill('SIGKILL');
    }
  };
  const timer = setInterval(() => safely(flush), DB_FLUSH_MS);
  timer.unref();
  const progress = (force = false) => {
    const now = Date.now();
    if (!force && now - lastEvent < EVENT_MS) return;
    lastEvent = now;
    const doneSteps = step - s.fromStep;
    const rate = doneSteps > 0 ? doneSteps / ((now - t0) / 1000) : 0;
    events.emit('training.progress', {
      runId: s.runId,
      jobId: ctx.jobId,
      projectId: s.projectId,
      epoch: Math.min(epoch + 1, s.params.epochs),
      epochs: s.params.epochs,
      step,
      totalSteps,
      fraction: Math.min(1, step / totalSteps),
      etaSeconds: rate > 0 ? (totalSteps - step) / rate : null,
      samplesPerSecond: rate * s.params.batchSize,
      points: fresh,
    });
    fresh = [];
    // the job row (progress bar of generic job lists) needs less: at most once a second
    if (force || now - lastJobProgress >= JOB_PROGRESS_MS) {
      lastJobProgress = now;
      ctx.progress(Math.min(1, step / totalSteps), `epoch ${Math.min(epoch + 1, s.params.epochs)}/${s.params.epochs}`);
    }
  };

  worker.onMessage((m) =>
    safely(() => {
      switch (m.type) {
        case 'loading':
          events.emit('training.status', {
            runId: s.runId,
            projectId: s.projectId,
            status: 'running',
            backend: null,
            message: `Loading the ${m.backend} backend…`,
            messageKey: 'loading_backend',
            messageParams: { backend: m.backend },
          });
          break;
        case 'ready':
          backend = m.backend;
          Object.assign(rowFields, { backend: m.backend, backend_note: m.backendNote, environment: JSON.stringify(m.environment) });
          flush();
          events.emit('training.status', {
            runId: s.runId,
            projectId: s.projectId,
            status: 'running',
            backend,
            message: m.backendNote ? `Training on ${m.backend} (${m.backendNote.replace(/[;.]\s*trained on .*$/i, '')}).` : `Training on ${m.backend}.`,
          });
          break;
        case 'points':
          buffer.push(...m.points);
          fresh.push(...m.points);
          step = m.step;
          progress();
          break;
        case 'epoch': {
          buffer.push(...m.points);
          checkpoint = m.checkpoint;
          epoch = m.epoch;
          step = m.step;
          Object.assign(rowFields, {
            epochs_done: m.epoch,
            metrics: JSON.stringify(m.metrics),
            best_epoch: m.bestEpoch,
            best_metrics: m.bestMetrics ? JSON.stringify(m.bestMetrics) : null,
            checkpoint_epoch: m.epoch,
          });
          flush();
          events.emit('training.epoch', {
            runId: s.runId,
            jobId: ctx.jobId,
            projectId: s.projectId,
            epoch: m.epoch,
            epochs: s.params.epochs,
            metrics: m.metrics,
            learningRate: m.learningRate,
            bestEpoch: m.bestEpoch,
            endedAt: m.endedAt,
            points: m.points,
          });
          progress(true);
          break;
        }
        case 'done':
          done = m;
          break;
        case 'failed':
          failure = m;
          break;
      }
    }),
  );

  let killTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    try {
      worker.send({ type: 'cancel' });
      killTimer = setTimeout(() => worker.kill('SIGKILL'), KILL_AFTER_MS);
    } catch {
      worker.kill('SIGKILL');
    }
  };
  if (ctx.signal.aborted) onAbort();
  else ctx.signal.addEventListener('abort', onAbort, { once: true });
  worker.send({
    type: 'start',
    runId: s.runId,
    backend: s.backend,
    spec: {
      design: s.design,
      inputShape: s.preprocessing.inputShape,
      outputUnits: s.outputUnits,
      regression: s.preprocessing.target.task === 'regression',
      targetStd: s.preprocessing.target.std,
      targetMean: s.preprocessing.target.mean,
      targetTransform: s.preprocessing.target.transform ?? null,
      params: s.params,
      classWeights: s.classWeights,
    },
    data: s.data,
    checkpoint: s.checkpoint,
    flushMs: EVENT_MS,
  });

  const exit = await worker.exited;
  clearInterval(timer);
  clearTimeout(killTimer);
  ctx.signal.removeEventListener('abort', onAbort);
  // what a busy store kept back is written now, waiting for the lock if need be (every point is kept)
  try {
    await persist(() => {
      if (!flush())
        throw Object.assign(new Error('The workspace database stayed locked by another process; the last metric points could not be written.'), { code: 'SQLITE_BUSY' });
    });
  } catch (err) {
    fatal ??= err instanceof Error ? err : new Error(String(err));
  }
  const finished = done as Extract<WorkerMessage, { type: 'done' }> | null;
  const failed = failure as Extract<WorkerMessage, { type: 'failed' }> | null;
  const broken = fatal as Error | null;
  const status = (st: 'succeeded' | 'failed' | 'cancelled' | 'interrupted', message: string) =>
    events.emit('training.status', { runId: s.runId, projectId: s.projectId, status: st, backend, message });

  // taken over by another job: this one stopped its worker and leaves the run to its new owner
  if (broken instanceof SupersededError) throw broken;
  if (broken) {
    const message = `Training stopped: ${broken.message}`;
    await persist(() => runs.finish(s.runId, 'failed', { error: JSON.stringify({ code: 'internal', message }) }, gen));
    status('failed', message);
    throw new AppError('internal', message);
  }
  if (finished && finished.status === 'completed') {
    const bytes = encodePackage({ runId: s.runId, design: s.design, preprocessing: s.preprocessing, outputUnits: s.outputUnits }, finished.weights);
    const packageHash = deps.blobs.put(bytes);
    const ended = await persist(() =>
      runs.finish(
        s.runId,
        'succeeded',
        {
          package_hash: packageHash,
          metrics: JSON.stringify(finished.metrics),
          best_metrics: finished.bestMetrics ? JSON.stringify(finished.bestMetrics) : null,
          epochs_done: finished.epochsDone,
          best_epoch: finished.bestEpoch,
          error: null,
        },
        gen,
      ),
    );
    if (!ended) throw new SupersededError(s.runId, gen);
    fs.rmSync(checkpointPath(deps.checkpointDir, s.runId), { force: true });
    status('succeeded', finished.stoppedEarly ? `Stopped early after epoch ${finished.epochsDone}.` : `Finished ${finished.epochsDone} epochs.`);
    return { runId: s.runId, status: 'succeeded' };
  }
  if (ctx.signal.aborted) {
    await persist(() => runs.finish(s.runId, 'cancelled', { error: null }, gen));
    status('cancelled', `Cancelled during epoch ${epoch + 1}.`);
    throw new AppError('cancelled', 'The training run was cancelled.');
  }
  if (failed) {
    await persist(() => runs.finish(s.runId, 'failed', { error: JSON.stringify({ code: failed.code, message: failed.message }) }, gen));
    status('failed', failed.message);
    throw new AppError(failed.code === 'invalid_input' ? 'invalid_input' : 'internal', failed.message);
  }
  const oom = /heap out of memory|Allocation failed|Out of memory/i.test(exit.stderr);
  const how = exit.signal ? `was killed (${exit.signal})` : `exited with code ${exit.code}`;
  const message = oom
    ? `The training process ran out of memory during epoch ${epoch + 1}; use a smaller batch size or model. Resume continues from epoch ${epoch}.`
    : `The training process ${how} during epoch ${epoch + 1}. Every point written so far is kept; resume continues from epoch ${epoch}.`;
  await persist(() => runs.finish(s.runId, 'interrupted', { error: JSON.stringify({ code: oom ? 'out_of_memory' : 'worker_died', message }) }, gen));
  status('interrupted', message);
  // the job ends 'interrupted' like its run (resumable), and the CLI exits 2: a process died, not bad input
  throw new InterruptedError(message, { code: oom ? 'out_of_memory' : 'worker_died' });
}
