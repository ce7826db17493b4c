import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '../module-thread.js';
import type { RawTable } from './columns.js';
import type { NumbersMessage, SummariesMessage, TableMessage, WorkerReply } from './csv-worker.js';
import { SUMMARY_SLOT } from './numeric-summary.js';
import { sharedJob, type NumberStatsJob, type NumberTaskResult, type ReadySummaries } from './profile-numbers.js';
import { dictJsonOf, takeDictBytes } from './table-chunks.js';

/**
 * The import's second thread: one worker_threads Worker (csv-worker.ts, started through startModuleThread:
 * the built entry in the app, the module bundled from the sources in development and tests) per import,
 * started when the import starts so it is ready when the file is, reads pieces of the file
 * (csv-threads.ts), then writes the table's data blob (writeTable) and does the profile's work on numbers
 * (profile-numbers.ts), and is closed when the
 * import ends. Messages posted before the worker is up wait for it. Everything it does the main thread can
 * do: when it cannot start, or dies, the main thread does that work itself.
 */
export class ImportThread {
  private listeners = new Set<(m: WorkerReply | { type: 'ended' }) => void>();
  private ended = false;
  private worker: Worker | null = null;
  /** messages posted before the worker was up, sent in order when it is */
  private queued: [unknown, ArrayBuffer[]][] = [];
  /** set before any later work is posted: the thread stops making summaries ahead (summariseAhead) */
  private readonly stop = new Int32Array(new SharedArrayBuffer(4));
  /** the columns summariseAhead sent, with where their summaries are */
  private ahead: { columns: Float64Array[]; status: Int32Array; out: Float64Array } | null = null;

  private constructor(starting: Promise<Worker | null>) {
    void starting.then((worker) => {
      if (!worker) return this.end();
      if (this.ended) return void worker.terminate();
      this.worker = worker;
      worker.on('message', (m: WorkerReply) => {
        for (const l of [...this.listeners]) l(m);
      });
      worker.on('error', () => this.end());
      worker.on('exit', () => this.end());
      for (const [message, transfer] of this.queued) worker.postMessage(message, transfer);
      this.queued = [];
    });
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.queued = [];
    for (const l of [...this.listeners]) l({ type: 'ended' });
  }

  /** Starts the thread (its start is awaited off the event loop); a thread that cannot start ends at once. */
  static start(): ImportThread {
    return new ImportThread(startModuleThread(path.dirname(fileURLToPath(import.meta.url)), 'csv-worker'));
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
    if (this.ended) return;
    Atomics.store(this.stop, 0, 1);
    if (this.worker) this.worker.postMessage(message, transfer);
    else this.queued.push([message, transfer]);
  }

  /**
   * Has the thread summarise columns of numbers read in full (those in shared memory) until anything else is
   * posted to it: the profile then takes the summaries made (readySummaries) instead of making them. Called
   * when the thread has read its pieces and the main thread still has the read's end and the schema to do.
   */
  summariseAhead(columns: Float64Array[]): void {
    const shared = columns.filter((c) => c.buffer instanceof SharedArrayBuffer && c.length > 0);
    if (this.ended || !this.worker || !shared.length) return;
    const status = new Int32Array(new SharedArrayBuffer(4 * shared.length));
    const out = new Float64Array(new SharedArrayBuffer(8 * SUMMARY_SLOT * shared.length));
    this.ahead = { columns: shared, status, out };
    Atomics.store(this.stop, 0, 0);
    const message: SummariesMessage = {
      type: 'summaries',
      columns: shared,
      status: status.buffer as SharedArrayBuffer,
      out: out.buffer as SharedArrayBuffer,
      stop: this.stop.buffer as SharedArrayBuffer,
    };
    this.worker.postMessage(message);
  }

  /** For the profile's columns of numbers: which were sent to summariseAhead (the same memory and length). */
  readySummaries(columns: Float64Array[]): ReadySummaries | null {
    const a = this.ahead;
    if (!a) return null;
    const slots = columns.map((c) => a.columns.findIndex((s) => s.buffer === c.buffer && s.byteOffset === c.byteOffset && s.length === c.length));
    return slots.some((s) => s >= 0) ? { status: a.status, out: a.out, slots } : null;
  }

  /**
   * Takes part in the profile's work on numbers (its arrays copied to shared memory where they are not):
   * takes tasks from `counter` (shared with the caller, see profile.ts profileTableWith) and gives back their
   * results; null if the thread is gone.
   */
  numberStats(work: NumberStatsJob, counter: Int32Array): Promise<Map<number, NumberTaskResult> | null> {
    if (this.ended) return Promise.resolve(null);
    const job = ++numberJobs;
    return new Promise((resolve) => {
      const unlisten = this.listen((m) => {
        if (m.type === 'ended') resolve(null);
        else if (m.type === 'numbers' && m.job === job) resolve(m.results ? new Map(m.results) : null);
        else return;
        unlisten();
      });
      this.post({ type: 'numbers', job, work: sharedJob(work), counter: counter.buffer as SharedArrayBuffer } satisfies NumbersMessage);
    });
  }

  /**
   * Writes a read table's data blob to `file` on this thread (csv-worker.ts writeTable): its arrays are sent
   * (shared ones without a copy) and each dictionary as the bytes its texts were read from where they are
   * known (columns.ts takeDictBytes; transferred), else as its JSON. Its sha256 and size; null when this
   * thread did not write it (gone, or failed: the caller then writes it itself).
   */
  writeTable(table: RawTable, file: string): Promise<{ hash: string; size: number } | null> {
    if (this.ended) return Promise.resolve(null);
    const job = ++tableJobs;
    const transfer = new Set<ArrayBuffer>();
    const columns: TableMessage['columns'] = table.columns.map((c) => {
      if (c.storage === 'f64') return { name: c.name, values: c.values };
      const dict = takeDictBytes(c.dict);
      if (!dict) return { name: c.name, codes: c.codes, dictJson: dictJsonOf(c.dict) };
      for (const a of [dict.texts.bytes, dict.texts.starts, dict.texts.lengths, dict.texts.codes]) if (a.buffer instanceof ArrayBuffer) transfer.add(a.buffer);
      return { name: c.name, codes: c.codes, dict };
    });
    return new Promise((resolve) => {
      const unlisten = this.listen((m) => {
        if (m.type === 'ended') resolve(null);
        else if (m.type === 'written' && m.job === job) resolve(m.hash === null ? null : { hash: m.hash, size: m.size });
        else return;
        unlisten();
      });
      this.post({ type: 'table', job, file, rows: table.rows, columns } satisfies TableMessage, [...transfer]);
    });
  }

  close(): void {
    this.ended = true;
    this.listeners.clear();
    this.queued = [];
    void this.worker?.terminate();
  }
}

let numberJobs = 0;
let tableJobs = 0;
