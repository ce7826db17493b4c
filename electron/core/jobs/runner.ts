import { AppError } from '../../../shared/contract/errors.js';
import type { Job, JobStatus, JobStep } from '../../../shared/schemas/system.js';
import type { EventBus } from '../events.js';
import { newId, nowIso } from '../ids.js';
import type { Db } from '../store/db.js';
import { isBusy, whileBusy } from '../store/busy.js';
import {
  beatJob,
  finishJob,
  insertRunningJob,
  jobCancelRequested,
  jobRow,
  jobRows,
  markJobInterrupted,
  requestJobCancel,
  unfinishedJobRows,
  writeJobProgress,
  type JobRow,
} from '../store/job-store.js';
import { currentOwner, ownerLiveness, type Liveness } from './owner.js';

export interface JobContext {
  jobId: string;
  /** Aborted when the job is cancelled, from this process or another one sharing the workspace. */
  signal: AbortSignal;
  /**
   * Reports progress (0..1) and a short English message, optionally with the step as a translatable
   * key and params; cheap to call often (writes are throttled).
   */
  progress(fraction: number, message?: string, step?: JobStep): void;
  /** Throws a 'cancelled' AppError when cancellation was asked for. */
  throwIfCancelled(): void;
}

export interface StartJob<R> {
  kind: string;
  projectId?: string | null;
  /** The first step, stored with the job from the start (see JobContext.progress). */
  step?: JobStep;
  run: (ctx: JobContext) => Promise<R>;
  /** Called when the job ends for any reason other than success, before its status is written. */
  onEnd?: (status: Exclude<JobStatus, 'queued' | 'running'>, error?: unknown) => void;
}

const HEARTBEAT_MS = 500;
/** Heartbeat age after which an owner that cannot be checked (another host) is judged gone; CICLO_JOB_STALE_MS overrides it (the fault campaign shortens it). */
const STALE_MS = Number(process.env.CICLO_JOB_STALE_MS) > 0 ? Number(process.env.CICLO_JOB_STALE_MS) : 30_000;

function toJob(r: JobRow): Job {
  return {
    id: r.id,
    kind: r.kind,
    projectId: r.project_id,
    status: r.status,
    progress: r.progress,
    message: r.message,
    step: r.step ? (JSON.parse(r.step) as JobStep) : null,
    result: r.result ? JSON.parse(r.result) : null,
    error: r.error ? JSON.parse(r.error) : null,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

/**
 * Thrown by a job's body when the process doing its work died (a killed worker): the job ends
 * 'interrupted' (resumable), not 'failed', and the CLI reports it as an internal problem (exit 2).
 */
export class InterruptedError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('internal', message, { ...details, interrupted: true });
  }
}

/** Who runs a job and whether that process is still alive (see owner.ts). */
export interface JobOwnerState {
  pid: number | null;
  host: string | null;
  liveness: Liveness;
  heartbeatAgeMs: number | null;
}

/**
 * Long work as jobs: a row in the store from the start, progress as events, cancellation that works
 * across processes (a flag in the store, polled by the owner's heartbeat), and recovery: a job whose
 * process died is marked interrupted the next time a workspace is opened.
 */
export class JobRunner {
  private readonly controllers = new Map<string, AbortController>();
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly interruptedListeners: ((job: Job) => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
  ) {}

  get(id: string): Job {
    const row = jobRow(this.db, id);
    if (!row) throw new AppError('not_found', `No job with id "${id}".`, { what: 'job', ref: id });
    return toJob(row);
  }

  list(filter: { projectId?: string; kind?: string; limit: number }): Job[] {
    return jobRows(this.db, filter).map(toJob);
  }

  /** Registers a listener told of every job recovery marks interrupted (domains fix their own rows). */
  onInterrupted(listener: (job: Job) => void): void {
    this.interruptedListeners.push(listener);
  }

  /** The owner of a job and whether it still runs. */
  owner(id: string): JobOwnerState {
    const r = jobRow(this.db, id);
    if (!r) return { pid: null, host: null, liveness: 'dead', heartbeatAgeMs: null };
    return this.ownerOf(r);
  }

  private ownerOf(r: JobRow): JobOwnerState {
    const heartbeatAgeMs = r.heartbeat_at ? Date.now() - Date.parse(r.heartbeat_at) : null;
    const liveness = this.controllers.has(r.id) ? 'alive' : ownerLiveness({ pid: r.pid, host: r.host, start: r.owner_start });
    return { pid: r.pid, host: r.host, liveness, heartbeatAgeMs };
  }

  /**
   * Whether a queued or running job's owner is gone. On this host the owner process decides (pid, host
   * and start time), whatever the heartbeat says: a process stopped with SIGSTOP, a suspended laptop or a
   * long synchronous step is alive. Only an owner that cannot be checked (another host, a row written
   * before start times were kept) is judged by its heartbeat's age.
   */
  private isAbandoned(r: JobRow): boolean {
    const o = this.ownerOf(r);
    if (o.liveness === 'alive') return false;
    if (o.liveness === 'dead') return true;
    return o.heartbeatAgeMs === null || o.heartbeatAgeMs > STALE_MS;
  }

  /** Marks as interrupted every running job whose owner is gone (see isAbandoned). Returns them. */
  recover(): Job[] {
    const rows = unfinishedJobRows(this.db);
    const dead = rows.filter((r) => this.isAbandoned(r));
    const out: Job[] = [];
    for (const r of dead) {
      if (!markJobInterrupted(this.db, r.id, nowIso(), 'The process running this job stopped before it finished.')) continue;
      const job = this.get(r.id);
      out.push(job);
      for (const l of this.interruptedListeners) l(job);
      this.events.emit('job.updated', job);
    }
    return out;
  }

  start<R>(spec: StartJob<R>): Job {
    const id = newId('job');
    const now = nowIso();
    const me = currentOwner();
    insertRunningJob(this.db, {
      id,
      kind: spec.kind,
      project_id: spec.projectId ?? null,
      step: spec.step ? JSON.stringify(spec.step) : null,
      pid: me.pid,
      host: me.host,
      owner_start: me.start,
      heartbeat_at: now,
      created_at: now,
      started_at: now,
    });
    const controller = new AbortController();
    this.controllers.set(id, controller);
    const job = this.get(id);
    this.events.emit('job.updated', job);
    this.running.set(id, this.execute(id, spec, controller));
    return job;
  }

  /**
   * Resolves when the job has ended. A job of this process is awaited; a job of another process is
   * polled, and recovery marks it interrupted if that process dies, so the wait always ends.
   */
  async wait(id: string, pollMs = 500): Promise<Job> {
    await this.running.get(id);
    for (;;) {
      const job = this.get(id);
      if (job.status !== 'running' && job.status !== 'queued') return job;
      if (!this.controllers.has(id)) this.recover();
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  /**
   * Asks a job to stop: a flag in the store that its owner's heartbeat sees, and at once when the job
   * runs in this process. A busy database cannot take the flag; a job of this process stops anyway.
   */
  cancel(id: string): Job {
    const job = this.get(id);
    if (job.status !== 'running' && job.status !== 'queued') {
      throw new AppError('conflict', `Job ${id} is already ${job.status}; only a running job can be cancelled.`, { status: job.status });
    }
    const local = this.controllers.get(id);
    try {
      requestJobCancel(this.db, id);
    } catch (err) {
      if (!local || !isBusy(err)) throw err;
      local.abort();
      return job;
    }
    local?.abort();
    return this.get(id);
  }

  /** Waits for every job of this process to end (used when closing). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }

  cancelAll(): void {
    for (const c of this.controllers.values()) c.abort();
  }

  private async execute<R>(id: string, spec: StartJob<R>, controller: AbortController): Promise<void> {
    let lastWrite = 0;
    let pending: { fraction: number; message?: string; step?: JobStep } | null = null;
    const flush = () => {
      if (!pending) return;
      const p = pending;
      pending = null;
      lastWrite = Date.now();
      // a new message replaces the step too (with its own, or none), so the two never disagree
      writeJobProgress(this.db, id, { progress: Math.max(0, Math.min(1, p.fraction)), message: p.message ?? null, step: p.step ? JSON.stringify(p.step) : null, at: nowIso() });
      this.events.emit('job.updated', this.get(id));
    };
    let heartbeatError: unknown;
    // Set when the job's row is no longer 'running' under us (another process judged this one dead):
    // the job stops and never writes its row again.
    let superseded = false;
    const heartbeat = setInterval(() => {
      // A timer callback that throws would take the whole process down: a busy database (another
      // process holding the write lock past the busy timeout) only skips this beat.
      try {
        flush();
        if (!beatJob(this.db, id, nowIso())) {
          superseded = true;
          controller.abort();
          return;
        }
        if (jobCancelRequested(this.db, id)) controller.abort();
      } catch (err) {
        // Anything else (disk full, a broken file) stops the job and fails it with that error, rather
        // than escaping the timer.
        if (!isBusy(err) && !heartbeatError) {
          heartbeatError = err;
          controller.abort();
        }
      }
    }, HEARTBEAT_MS);
    heartbeat.unref();
    const ctx: JobContext = {
      jobId: id,
      signal: controller.signal,
      progress: (fraction, message, step) => {
        pending = { fraction, message, step };
        if (Date.now() - lastWrite <= 200) return;
        try {
          flush();
        } catch (err) {
          if (!isBusy(err)) throw err; // the next beat writes it
        }
      },
      throwIfCancelled: () => {
        if (controller.signal.aborted) throw new AppError('cancelled', 'The job was cancelled.');
      },
    };
    let status: Exclude<JobStatus, 'queued' | 'running'>;
    let result: R | undefined;
    let error: unknown;
    try {
      await Promise.resolve();
      ctx.throwIfCancelled(); // cancelled before it even started
      result = await spec.run(ctx);
      status = controller.signal.aborted ? 'cancelled' : 'succeeded';
    } catch (err) {
      error = err;
      status = err instanceof InterruptedError ? 'interrupted' : controller.signal.aborted || (err instanceof AppError && err.code === 'cancelled') ? 'cancelled' : 'failed';
    } finally {
      if (heartbeatError) {
        status = 'failed';
        error = heartbeatError;
      }
      clearInterval(heartbeat);
      this.controllers.delete(id);
    }
    if (!superseded) await whileBusy(flush, { delayMs: 200 });
    if (status !== 'succeeded') {
      try {
        spec.onEnd?.(status, error);
      } catch {
        // the job's own clean-up failing must not leave it running
      }
    }
    const errJson =
      status === 'failed' || status === 'interrupted'
        ? JSON.stringify({
            code: error instanceof AppError ? error.code : 'internal',
            message: error instanceof Error ? error.message : String(error),
            // Issues keep their stable keys, so a UI can show a failed job's message in its own language.
            ...(error instanceof AppError && error.details ? { details: error.details } : {}),
          })
        : null;
    // The final write expects the job still 'running': a job another process has since marked
    // interrupted (its owner judged dead) keeps that status, and its run keeps its own.
    const written = await whileBusy(() =>
      finishJob(this.db, id, {
        status,
        succeeded: status === 'succeeded',
        result: result === undefined ? null : JSON.stringify(result),
        error: errJson,
        at: nowIso(),
        message: status === 'succeeded' ? 'Done.' : status === 'cancelled' ? 'Cancelled.' : error instanceof Error ? error.message : 'Failed.',
      }),
    );
    this.running.delete(id);
    // Still locked after every try: the job stays 'running' without a heartbeat, and recovery marks it
    // interrupted, rather than an unhandled rejection ending the process.
    if (written) this.events.emit('job.updated', this.get(id));
  }
}
