import { AsyncLocalStorage } from 'node:async_hooks';
import type { ParentMessage, WorkerMessage } from './protocol.js';
import { runTraining } from './worker-run.js';
import type { WorkerExit, WorkerHandle } from './worker-host.js';

/**
 * Training in this process instead of a forked worker, for the few callers that train tiny fixed recipes
 * on bundled samples and need it fast: a lesson reset trains up to four iris models, and each forked worker
 * spends seconds starting Node and loading tfjs before an epoch that takes milliseconds. The run is the
 * same in every other way (the same trainer code, messages, store writes, checkpoints and events, through
 * executeRun); what it gives up is the crash isolation of a separate process, which a 16-unit model on
 * 150 rows does not need. Everything else trains in a forked worker.
 */
const scope = new AsyncLocalStorage<boolean>();
/**
 * One in-process training at a time: the trainer reseeds the process-wide Math.random from the run's seed
 * (trainer.ts), so two at once would draw from each other's sequence and lose their reproducibility.
 */
let queue: Promise<void> = Promise.resolve();

/** Runs `body` so that the trainings it starts (directly or through jobs it starts) train in this process. */
export function withInProcessTraining<T>(body: () => Promise<T>): Promise<T> {
  return scope.run(true, body);
}

/** Whether the current call asked for in-process training (read when a run's job is launched). */
export function inProcessTrainingRequested(): boolean {
  return scope.getStore() === true;
}

/** A WorkerHandle whose worker is runTraining in this process; messages are delivered asynchronously and in order, as over IPC. */
export function startInProcessWorker(): WorkerHandle {
  const listeners: ((m: WorkerMessage) => void)[] = [];
  let cancelled = false;
  let ended = false;
  let resolveExit!: (exit: WorkerExit) => void;
  const exited = new Promise<WorkerExit>((resolve) => (resolveExit = resolve));
  const end = (exit: WorkerExit) => {
    if (ended) return;
    ended = true;
    resolveExit(exit);
  };
  // a copy, as the fork channel would make: the trainer may reuse its buffers after sending
  const send = (message: WorkerMessage): Promise<void> =>
    new Promise((resolve) =>
      setImmediate(() => {
        if (!ended) for (const l of listeners) l(structuredClone(message));
        resolve();
      }),
    );
  return {
    pid: process.pid,
    send(message: ParentMessage) {
      if (message.type === 'cancel') {
        cancelled = true;
        return;
      }
      if (message.type !== 'start') return;
      const body = () =>
        (ended ? Promise.resolve() : runTraining(message, send, () => cancelled || ended))
          .catch(async (err: unknown) => {
            const code = err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : 'internal';
            await send({ type: 'failed', code, message: err instanceof Error ? err.message : String(err) });
          })
          .finally(() => setImmediate(() => end({ code: 0, signal: null, stderr: '' })));
      const turn = queue.then(body);
      queue = turn.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    },
    onMessage(listener) {
      listeners.push(listener);
    },
    exited,
    kill(signal = 'SIGKILL') {
      // the trainer sees it at its next batch and stops; nothing it sends after this is delivered
      end({ code: null, signal, stderr: '' });
    },
  };
}
