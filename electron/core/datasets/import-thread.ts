import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { NumbersMessage, WorkerReply } from './csv-worker.js';
import { sharedJob, type NumberStats, type NumberStatsJob } from './profile-numbers.js';

/**
 * The import's second thread: one worker_threads Worker (csv-worker.ts) per import, started when the import
 * starts so it is ready when the file is, reads pieces of the file (csv-threads.ts), then does the profile's
 * work on numbers (profile-numbers.ts), and is closed when the import ends. Everything it does the main thread can do: when it cannot start, or dies, the main
 * thread does that work itself.
 */
export class ImportThread {
  private listeners = new Set<(m: WorkerReply | { type: 'ended' }) => void>();
  private ended = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: WorkerReply) => {
      for (const l of [...this.listeners]) l(m);
    });
    const end = () => {
      if (this.ended) return;
      this.ended = true;
      for (const l of [...this.listeners]) l({ type: 'ended' });
    };
    worker.on('error', end);
    worker.on('exit', end);
  }

  /** Starts the thread; null when it cannot start. */
  static start(): ImportThread | null {
    const worker = startWorker();
    return worker ? new ImportThread(worker) : null;
  }

  get alive(): boolean {
    return !this.ended;
  }

  /** Every reply, and { type: 'ended' } if the thread stops; returns the unsubscribe function. */
  listen(fn: (m: WorkerReply | { type: 'ended' }) => void): () => void {
    this.listeners.add(fn);
    if (this.ended) fn({ type: 'ended' });
    return () => this.listeners.delete(fn);
  }

  post(message: unknown, transfer: ArrayBuffer[] = []): void {
    if (!this.ended) this.worker.postMessage(message, transfer);
  }

  /** The profile's work on numbers done on this thread (its arrays copied to shared memory); null if the thread is gone. */
  numberStats(work: NumberStatsJob): Promise<NumberStats | null> {
    if (this.ended) return Promise.resolve(null);
    const job = ++numberJobs;
    return new Promise((resolve) => {
      const unlisten = this.listen((m) => {
        if (m.type === 'ended') resolve(null);
        else if (m.type === 'numbers' && m.job === job) resolve(m.stats);
        else return;
        unlisten();
      });
      this.post({ type: 'numbers', job, work: sharedJob(work) } satisfies NumbersMessage);
    });
  }

  close(): void {
    this.ended = true;
    this.listeners.clear();
    void this.worker.terminate();
  }
}

let numberJobs = 0;

const resolveFromHere = createRequire(import.meta.url);

function startWorker(): Worker | null {
  try {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const ts = path.join(here, 'csv-worker.ts');
    if (fs.existsSync(ts)) {
      // from the sources (development, tests): the worker loads TypeScript through tsx, as the core does
      const api = pathToFileURL(path.join(path.dirname(resolveFromHere.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
      const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(ts).href)}); })`;
      return new Worker(boot, { eval: true });
    }
    // built code: the worker entry sits next to the main bundle; this code may be in a chunk one level below
    const built = [path.join(here, 'csv-worker.js'), path.join(here, '..', 'csv-worker.js')].find((f) => fs.existsSync(f));
    return built ? new Worker(built) : null;
  } catch {
    return null;
  }
}
