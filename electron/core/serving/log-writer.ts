/**
 * Writes served predictions into prediction_logs through a bounded, batched buffer: rows are queued in
 * memory and written in one transaction at most every `flushMs` (500 ms: a kill -9 loses at most that
 * much), never on the request path. When the buffer is full (the disk cannot keep up) new rows are dropped
 * and counted rather than slowing serving. A busy database is retried at the next flush.
 *
 * With `thread: true` (the prediction server) the SQLite inserts run on a writer thread with its own
 * connection to the same file: measured under load, inserting a row (six B-trees: the table and its five
 * indexes) cost more of the server's event loop than parsing, validating and scoring the request, and each
 * flush stalled every request behind it. The serving thread only makes each row's JSON texts when it is
 * added (one flat record) and posts the records every 100 ms, or as soon as 128 are queued; the thread
 * commits what it got every 100 ms. `flush()` stays synchronous in both modes: it waits (Atomics.wait) until
 * the writer thread has committed what was posted, so closing the server or a test sees every row written.
 * If the thread cannot start, the rows are written on the calling thread as before. Either way the rows go
 * in through the prediction log's store (insertLogRecords), on the connection of the thread that writes.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '../module-thread.js';
import { isBusy } from '../store/busy.js';
import { nativeBindingOf, type Db } from '../store/db.js';
import { insertLogRecords, logRecord, pruneLogs, type LogRecord, type LogRow } from '../store/prediction-log-store.js';
import type { WriterMessage, WriterThreadData } from './log-writer-thread.js';

export type { LogRow };

export interface LogWriterOptions {
  /** How often queued rows are written (default 500 ms; 100 ms with a writer thread). */
  flushMs?: number;
  maxPending?: number;
  /** Fraction of requests logged (decided per request id by the caller through `sampled`). */
  sample?: number;
  /** Delete rows of this source older than this many days (0 keeps all); checked at start and hourly. */
  retentionDays?: number;
  source?: LogRow['source'];
  /** Insert on a writer thread (off the event loop). */
  thread?: boolean;
  /** With a writer thread, queued rows are handed over as soon as this many wait (default 128). */
  postAt?: number;
}

/**
 * With a writer thread, queued rows go over as soon as this many are waiting: under load a 100 ms batch
 * (hundreds of rows) lived through young-generation collections, was copied by each and promoted to the
 * old generation, and its hand-over was one long pause; a small batch dies young and its clone is short.
 */
const POST_AT = 128;

export class LogWriter {
  private pending: LogRecord[] = [];
  /** With a writer thread, rows are handed over as soon as this many are queued (and every flushMs). */
  private readonly postAt: number;
  dropped = 0;
  private writtenHere = 0;
  private lostHere = 0;
  private timer: NodeJS.Timeout;
  private retention: NodeJS.Timeout | null = null;
  private readonly maxPending: number;
  private closed = false;
  private worker: Worker | null = null;
  private ready = false;
  private readonly state = new Int32Array(new SharedArrayBuffer(12));

  constructor(
    private readonly db: Db,
    private readonly options: LogWriterOptions = {},
  ) {
    this.maxPending = options.maxPending ?? 100_000;
    this.postAt = options.postAt ?? POST_AT;
    const threaded = Boolean(options.thread && !db.memory);
    if (threaded) this.startThread();
    // on a writer thread, hand rows over often, so each hand-over (one JSON text) is a short pause
    this.timer = setInterval(() => this.post(), options.flushMs ?? (threaded ? 100 : 500));
    this.timer.unref();
    if (options.retentionDays) {
      this.prune();
      this.retention = setInterval(() => this.prune(), 3600_000);
      this.retention.unref();
    }
  }

  /** Starts the writer thread (its start is awaited off the event loop; until 'ready' rows are written here). */
  private startThread(): void {
    const data: WriterThreadData = { file: this.db.name, nativeBinding: nativeBindingOf(this.db), shared: this.state.buffer as SharedArrayBuffer };
    void startModuleThread(path.dirname(fileURLToPath(import.meta.url)), 'log-writer-thread', { workerData: data }).then((w) => {
      if (!w) return;
      if (this.closed) return void w.terminate();
      w.on('message', (m) => m === 'ready' && (this.ready = true));
      // nothing is posted before 'ready', so a thread that fails to start loses no row: they are written here
      w.on('error', () => {
        this.ready = false;
        this.worker = null;
      });
      w.unref();
      this.worker = w;
    });
  }

  /** Rows committed to the database so far. */
  get written(): number {
    return this.writtenHere + Atomics.load(this.state, 1);
  }

  /** Rows that could not be stored (the database refused them for seconds, or failed). */
  get lost(): number {
    return this.lostHere + Atomics.load(this.state, 2);
  }

  /** Whether a request is logged under the sampling setting. */
  sampled(): boolean {
    const s = this.options.sample ?? 1;
    return s >= 1 || (s > 0 && Math.random() < s);
  }

  add(rows: LogRow[]): void {
    if (this.closed) return;
    const room = this.maxPending - this.pending.length;
    if (room < rows.length) {
      this.dropped += rows.length - Math.max(room, 0);
      rows = rows.slice(0, Math.max(room, 0));
    }
    for (const r of rows) this.pending.push(logRecord(r));
  }

  /** One row whose output JSON text the caller already made (the server: the same text it answers with). */
  addOne(row: LogRow, outputJson: string): void {
    if (this.closed) return;
    if (this.pending.length >= this.maxPending) {
      this.dropped++;
      return;
    }
    this.pending.push(logRecord(row, outputJson));
    if (this.pending.length >= this.postAt && this.worker && this.ready) this.post(false);
  }

  /**
   * Hands what is queued to the writer thread (or writes it here without one); never waits. `now`: the
   * thread commits at once instead of at its next 100 ms tick (flush waits for it).
   */
  private post(now = false): number {
    if (!this.pending.length) {
      if (now && Atomics.load(this.state, 0) > 0) this.worker?.postMessage({ rows: [], now: true });
      return 0;
    }
    if (!this.worker || !this.ready) return this.writeHere();
    const rows = this.pending;
    this.pending = [];
    Atomics.add(this.state, 0, 1);
    // flat records of strings and numbers: a structured clone (measured: about a third of the serving
    // thread's time of one JSON text of the row objects, and the writer thread parses nothing)
    const message: WriterMessage = { rows, now };
    this.worker.postMessage(message);
    return rows.length;
  }

  private writeHere(): number {
    const rows = this.pending;
    this.pending = [];
    try {
      insertLogRecords(this.db, rows);
      this.writtenHere += rows.length;
      return rows.length;
    } catch (err) {
      // busy: keep the rows for the next flush (bounded); otherwise (a full disk, a closed database)
      // they are lost, counted as the writer thread counts them, never thrown from the flush timer
      if (isBusy(err)) this.pending = rows.concat(this.pending).slice(0, this.maxPending);
      else this.lostHere += rows.length;
      return 0;
    }
  }

  /**
   * Writes what is queued and waits until it is committed (on the writer thread too, up to 15 s); returns
   * the number of rows handed over (0 when the database was busy).
   */
  flush(): number {
    const n = this.post(true);
    const deadline = Date.now() + 15_000;
    for (let busy = Atomics.load(this.state, 0); busy > 0 && this.worker && Date.now() < deadline; busy = Atomics.load(this.state, 0)) {
      Atomics.wait(this.state, 0, busy, 100);
    }
    return n;
  }

  /** Drops what is queued and not yet written (a batch that failed or was cancelled). */
  discard(): void {
    this.pending = [];
  }

  prune(): void {
    const days = this.options.retentionDays ?? 0;
    if (!days) return;
    const before = new Date(Date.now() - days * 86400_000).toISOString();
    try {
      pruneLogs(this.db, this.options.source ?? 'server', before);
    } catch {
      // housekeeping from a timer: any failure (busy, a full disk) waits for the next hour, never ends serving
    }
  }

  close(): void {
    clearInterval(this.timer);
    if (this.retention) clearInterval(this.retention);
    for (let i = 0; i < 20 && this.pending.length; i++) this.flush();
    this.flush();
    this.closed = true;
    this.worker?.postMessage('close');
    this.worker = null;
  }
}
