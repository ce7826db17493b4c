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
 * If the thread cannot start, the rows are written on the calling thread as before.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { nativeBindingOf, type Db } from '../store/db.js';

export interface LogRow {
  requestId: string;
  rowIndex: number;
  ts: string;
  projectId: string;
  modelName: string | null;
  modelVersion: number | null;
  runId: string;
  source: 'server' | 'batch' | 'shadow';
  protocol: string | null;
  deploymentId: string | null;
  input: unknown;
  output: unknown;
  prediction: string | null;
  latencyMs: number | null;
  warnings: unknown[] | null;
}

export interface LogWriterOptions {
  /** How often queued rows are written (default 500 ms; 100 ms with a writer thread). */
  flushMs?: number;
  maxPending?: number;
  /** Fraction of requests logged (decided per request id by the caller through `sampled`). */
  sample?: number;
  /** Delete rows of this source older than this many days (0 keeps all); checked at start and hourly. */
  retentionDays?: number;
  source?: LogRow['source'];
  /** With a writer thread: hand rows over once this many are queued (default 128). */
  postAt?: number;
  /** Insert on a writer thread (off the event loop). */
  thread?: boolean;
}

const INSERT = `INSERT OR IGNORE INTO prediction_logs (request_id, row_index, ts, project_id, model_name, model_version, run_id, source, protocol, deployment_id, input, output, prediction, latency_ms, warnings)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Rows go GROUP at a time through one INSERT with GROUP value lists (the same statement, each row ignored on
 * its own when already logged): measured here at 18-30 us per row against 54-81 us one row per statement.
 */
const GROUP = 32;
const INSERT_GROUP = INSERT.replace(/VALUES \(.*\)$/s, 'VALUES ' + Array(GROUP).fill(INSERT.slice(INSERT.lastIndexOf('('))).join(', '));

/**
 * With a writer thread, queued rows go over as soon as this many are waiting: under load a 100 ms batch
 * (hundreds of rows) lived through young-generation collections, was copied by each and promoted to the
 * old generation, and its hand-over was one long pause; a small batch dies young and its clone is short.
 */
const POST_AT = 128;
/** How often the writer thread commits what it was handed (a kill -9 loses at most about this much). */
const COMMIT_MS = 100;

/** A row as the INSERT binds it: input, output and warnings already JSON text. */
export type LogRecord = (string | number | null)[];

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

/** The row as bound by the INSERT. `outputJson`: the output's JSON text when the caller has it already. */
export const logRecord = (r: LogRow, outputJson?: string): LogRecord => [r.requestId, r.rowIndex, r.ts, r.projectId, r.modelName, r.modelVersion, r.runId, r.source, r.protocol, r.deploymentId, json(r.input), outputJson ?? json(r.output), r.prediction, r.latencyMs, r.warnings?.length ? JSON.stringify(r.warnings) : null];

// Plain CommonJS run by the writer thread (eval: no module resolution of its own, no TypeScript). It gets
// each batch as an array of LogRecords (made when the rows were added: their JSON texts are built once, on
// the serving thread, and a flat array of strings and numbers crosses threads as a cheap structured clone)
// and binds them as they are. Shared counters: [0] batches posted and not yet committed, [1] rows written,
// [2] rows lost (the database refused them for seconds).
const WRITER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const state = new Int32Array(workerData.shared);
const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
db.pragma('busy_timeout = 10000');
db.pragma('synchronous = NORMAL');
const insert = db.prepare(workerData.sql);
const insertGroup = db.prepare(workerData.sqlGroup);
const G = workerData.group;
const write = db.transaction((rows) => {
  let i = 0;
  for (; i + G <= rows.length; i += G) insertGroup.run(rows.slice(i, i + G).flat());
  for (; i < rows.length; i++) insert.run(rows[i]);
});
// Rows arrive in small batches (POST_AT rows under load) and are committed together every COMMIT_MS (a
// transaction per small batch would write the same index pages to the WAL many times over), or at once when
// the serving thread waits for them (flush: a message { rows, now: true }).
let queue = [];
let messages = 0;
let timer = null;
const done = (n) => { Atomics.sub(state, 0, n); Atomics.notify(state, 0); };
const attempt = (rows, n, left) => {
  try {
    write(rows);
    Atomics.add(state, 1, rows.length);
    done(n);
  } catch {
    if (left > 0) setTimeout(() => attempt(rows, n, left - 1), 200);
    else { Atomics.add(state, 2, rows.length); done(n); }
  }
};
const commit = () => {
  if (timer) clearTimeout(timer);
  timer = null;
  if (!messages) return;
  const rows = queue.length === 1 ? queue[0] : queue.flat();
  const n = messages;
  queue = [];
  messages = 0;
  attempt(rows, n, 5);
};
parentPort.on('message', (m) => {
  if (m === 'close') { commit(); db.close(); parentPort.close(); return; }
  if (m.rows.length) {
    queue.push(m.rows);
    messages++;
  }
  if (m.now) commit();
  else if (messages) timer ??= setTimeout(commit, workerData.commitMs);
});
parentPort.postMessage('ready');
`;

export class LogWriter {
  private pending: LogRecord[] = [];
  /** With a writer thread, rows are handed over as soon as this many are queued (and every flushMs). */
  private readonly postAt: number;
  dropped = 0;
  private writtenHere = 0;
  private timer: NodeJS.Timeout;
  private retention: NodeJS.Timeout | null = null;
  private readonly insert;
  private readonly insertGroup;
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
    this.insert = db.prepare(INSERT);
    this.insertGroup = db.prepare(INSERT_GROUP);
    if (options.thread && !db.memory) this.startThread();
    // on a writer thread, hand rows over often, so each hand-over (one JSON text) is a short pause
    this.timer = setInterval(() => this.post(), options.flushMs ?? (this.worker ? 100 : 500));
    this.timer.unref();
    if (options.retentionDays) {
      this.prune();
      this.retention = setInterval(() => this.prune(), 3600_000);
      this.retention.unref();
    }
  }

  private startThread(): void {
    try {
      const module = createRequire(import.meta.url).resolve('better-sqlite3');
      const w = new Worker(WRITER_SOURCE, { eval: true, workerData: { module, file: this.db.name, nativeBinding: nativeBindingOf(this.db), sql: INSERT, sqlGroup: INSERT_GROUP, group: GROUP, shared: this.state.buffer, commitMs: COMMIT_MS } });
      w.on('message', (m) => m === 'ready' && (this.ready = true));
      // nothing is posted before 'ready', so a thread that fails to start loses no row: they are written here
      w.on('error', () => {
        this.ready = false;
        this.worker = null;
      });
      w.unref();
      this.worker = w;
    } catch {
      this.worker = null;
    }
  }

  /** Rows committed to the database so far. */
  get written(): number {
    return this.writtenHere + Atomics.load(this.state, 1);
  }

  /** Rows the writer thread could not store (the database refused them for seconds). */
  get lost(): number {
    return Atomics.load(this.state, 2);
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

  /** Hands what is queued to the writer thread (or writes it here without one); never waits. */
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
    this.worker.postMessage({ rows, now });
    return rows.length;
  }

  private writeHere(): number {
    const rows = this.pending;
    this.pending = [];
    try {
      this.db.transaction(() => {
        let i = 0;
        for (; i + GROUP <= rows.length; i += GROUP) this.insertGroup.run(rows.slice(i, i + GROUP).flat());
        for (; i < rows.length; i++) this.insert.run(rows[i]);
      })();
      this.writtenHere += rows.length;
      return rows.length;
    } catch {
      // busy or locked: keep the rows for the next flush (bounded)
      this.pending = rows.concat(this.pending).slice(0, this.maxPending);
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
      this.db.prepare('DELETE FROM prediction_logs WHERE source = ? AND ts < ?').run(this.options.source ?? 'server', before);
    } catch {
      // busy: next hour
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
