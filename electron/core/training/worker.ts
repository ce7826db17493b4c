import { isMainThread, workerData } from 'node:worker_threads';
import { isGradThread, runGradThread } from './grad-thread.js';
import type { ParentMessage, WorkerMessage } from './protocol.js';
import { runTraining } from './worker-run.js';

/**
 * The training worker: a child process forked by the core for one run. It loads tfjs with the chosen
 * backend, trains, and streams batch points, epoch metrics and checkpoints to the parent, which owns the
 * store (worker-run.ts). It never touches the workspace itself. If the parent goes away it exits. The same
 * file is the entry of the gradient threads of data-parallel training (grad-thread.ts), started inside this process.
 */

let cancelled = false;
let started = false;

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected) return resolve();
    process.send!(message, undefined, {}, () => resolve());
  });
}

if (!isMainThread && isGradThread(workerData)) void runGradThread();
else {
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'cancel') {
      cancelled = true;
      return;
    }
    if (message.type === 'start' && !started) {
      started = true;
      void runTraining(message, send, () => cancelled)
        .catch(async (err: unknown) => {
          const code = err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : 'internal';
          await send({ type: 'failed', code, message: err instanceof Error ? err.message : String(err) });
        })
        .finally(() => process.exit(0));
    }
  });
}
