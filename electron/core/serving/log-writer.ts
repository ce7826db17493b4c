/**
 * Writes logged predictions into prediction_logs without slowing serving, in two ways:
 *
 * - A served request (`addServed`, the prediction server) costs the serving thread copies only: its header,
 *   the request body's bytes as received and each row's output JSON text (the answer's own) go into a
 *   shared ring (log-ring.ts) as one journal record (log-journal.ts). The writer thread drains the ring
 *   every 50 ms into an append-only journal file in the workspace (so a kill -9 loses at most about that)
 *   and indexes the journal into prediction_logs when the server has spare time, and while it is busy in
 *   small slices (log-writer-thread.ts); a journal a killed server left is indexed by the next server or
 *   reader (log-journal-index.ts). Without a writer thread (an in-memory database, or it cannot start) the
 *   calling thread drains the ring at each flush and inserts the rows itself, parsed by the same code.
 * - Rows given whole (`add`: batch scoring, shadows) are queued as flat records and handed to the writer
 *   thread every 100 ms, or as soon as 128 are queued (the thread commits what it got every 100 ms), or
 *   written on the calling thread every `flushMs` (500 ms) without one.
 *
 * When the ring or the queue is full (the disk cannot keep up) new rows are dropped and counted rather
 * than slowing serving; so are rows past the journal's disk budget. `flush()` stays synchronous: it waits
 * (Atomics.wait) until the writer thread has committed what was queued and indexed the whole journal, so
 * closing the server or a test sees every row written. Either way the rows go in through the prediction
 * log's store (insertLogRecords), on the connection of the thread that writes.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '../module-thread.js';
import { isBusy } from '../store/busy.js';
import { nativeBindingOf, type Db } from '../store/db.js';
import { insertLogRecords, logRecord, pruneLogs, type LogRecord, type LogRow } from '../store/prediction-log-store.js';
import type { Preprocessing } from '../training/preprocess.js';
import { REQUEST, REQUEST_HEADER, versionRecord, type JournalVersion } from './log-journal.js';
import { journalDir, journalRows } from './log-journal-index.js';
import { newRing, Ring } from './log-ring.js';
import type { WriterMessage, WriterThreadData } from './log-writer-thread.js';
import type { RowWarning } from './validate.js';

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
  /** The shared ring's size for served requests (default 8 MiB: at least 0.2 s of a saturated server's requests). */
  ringBytes?: number;
}

/** The model version a served request was scored by, as the log stores it with each row. */
export interface ServedVersion {
  projectId: string;
  modelName: string;
  version: number;
  runId: string;
  deploymentId: string | null;
  preprocessing: Preprocessing;
}

/**
 * With a writer thread, queued rows go over as soon as this many are waiting: under load a 100 ms batch
 * (hundreds of rows) lived through young-generation collections, was copied by each and promoted to the
 * old generation, and its hand-over was one long pause; a small batch dies young and its clone is short.
 */
const POST_AT = 128;

export class LogWriter {
  private pending: LogRecord[] = [];
  private readonly ring: Ring;
  private readonly ringShared: ReturnType<typeof newRing>;
  /** Journal codes of the versions whose VERSION record is in the ring. */
  private codes = new WeakMap<ServedVersion, number>();
  private nextCode = 1;
  /** Versions read back from the ring on this thread (without a writer thread). */
  private readonly versionsHere = new Map<number, JournalVersion>();
  private droppedHere = 0;
  /** With a writer thread, rows are handed over as soon as this many are queued (and every flushMs). */
  private readonly postAt: number;
  private writtenHere = 0;
  private lostHere = 0;
  private timer: NodeJS.Timeout;
  private retention: NodeJS.Timeout | null = null;
  private readonly maxPending: number;
  private closed = false;
  private worker: Worker | null = null;
  private ready = false;
  /**
   * While the writer thread starts, served requests wait in the ring for it (reading them here would insert
   * on the serving thread, which waits up to 10 s for a busy database), unless flush() asks for them;
   * without one, or once it failed, this thread reads the ring at each flush.
   */
  private starting = false;
  private readonly state = new Int32Array(new SharedArrayBuffer(16));

  constructor(
    private readonly db: Db,
    private readonly options: LogWriterOptions = {},
  ) {
    this.maxPending = options.maxPending ?? 100_000;
    this.postAt = options.postAt ?? POST_AT;
    this.ringShared = newRing(options.ringBytes ?? 8 << 20);
    this.ring = new Ring(this.ringShared);
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
    const data: WriterThreadData = {
      file: this.db.name,
      nativeBinding: nativeBindingOf(this.db),
      shared: this.state.buffer as SharedArrayBuffer,
      ring: this.ringShared,
      journalDir: journalDir(this.db),
    };
    this.starting = true;
    void startModuleThread(path.dirname(fileURLToPath(import.meta.url)), 'log-writer-thread', { workerData: data }).then((w) => {
      if (!w || this.closed) {
        this.starting = false;
        return void w?.terminate();
      }
      w.on('message', (m) => m === 'ready' && this.handOver(w));
      // nothing is posted before 'ready', so a thread that fails to start loses no row: they are written here
      w.on('error', () => {
        this.ready = false;
        this.starting = false;
        this.worker = null;
        this.codes = new WeakMap(); // the versions the thread read are unknown here: each is put in the ring again
      });
      w.unref();
      this.worker = w;
    });
  }

  /** The thread is up: it starts reading the ring (which waited for it, however long it took to start). */
  private handOver(w: Worker): void {
    if (this.closed) return;
    this.ready = true;
    this.starting = false;
    w.postMessage('go');
  }

  /** Rows committed to the database so far. */
  get written(): number {
    return this.writtenHere + Atomics.load(this.state, 1);
  }

  /** Rows dropped: the queue or the ring was full, or the journal's disk budget. */
  get dropped(): number {
    return this.droppedHere + Atomics.load(this.state, 3);
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
      this.droppedHere += rows.length - Math.max(room, 0);
      rows = rows.slice(0, Math.max(room, 0));
    }
    for (const r of rows) this.pending.push(logRecord(r));
  }

  /** One row whose output JSON text the caller already made (the server: the same text it answers with). */
  addOne(row: LogRow, outputJson: string): void {
    if (this.closed) return;
    if (this.pending.length >= this.maxPending) {
      this.droppedHere++;
      return;
    }
    this.pending.push(logRecord(row, outputJson));
    if (this.pending.length >= this.postAt && this.worker && this.ready) this.post(false);
  }

  /**
   * Logs a served request: copies its header, its body's bytes and each row's output JSON text into the
   * ring as one journal record (log-journal.ts), or drops and counts its rows when the ring is full.
   * `protocol`, `content`: request-rows.ts codes.
   */
  addServed(v: ServedVersion, protocol: number, content: number, requestId: string, body: Buffer, outputs: string[], warnings: RowWarning[], latencyMs: number): void {
    if (this.closed) return;
    const code = this.codes.get(v) ?? this.register(v);
    const n = outputs.length;
    const warn = warnings.length ? JSON.stringify(warnings) : '';
    let max = REQUEST_HEADER + requestId.length + body.length + 4 * n + 3 * warn.length;
    for (let i = 0; i < n; i++) max += 3 * outputs[i].length;
    const at = code ? this.ring.reserve(max) : -1;
    if (at < 0) {
      this.droppedHere += n;
      return;
    }
    const b = this.ring.buf;
    let p = at + REQUEST_HEADER;
    p += b.write(requestId, p, 'latin1');
    p += body.copy(b, p);
    const bodyEnd = p;
    if (warn) p += b.write(warn, p, 'utf8');
    b.writeUInt32LE(body.length, at + 28);
    b.writeUInt32LE(p - bodyEnd, at + 32);
    for (let i = 0; i < n; i++) {
      const len = b.write(outputs[i], p + 4, 'utf8');
      b.writeUInt32LE(len, p);
      p += 4 + len;
    }
    b.writeUInt32LE(p - at, at);
    b[at + 4] = REQUEST;
    b[at + 5] = protocol;
    b[at + 6] = content;
    b[at + 7] = requestId.length;
    b.writeDoubleLE(Date.now(), at + 8);
    b.writeDoubleLE(latencyMs, at + 16);
    b.writeUInt32LE(code, at + 24);
    b.writeUInt32LE(n, at + 36);
    this.ring.commit(p);
  }

  /** Puts a version's VERSION record in the ring; its code, or 0 when the ring is full (tried again next time). */
  private register(v: ServedVersion): number {
    const pre = v.preprocessing;
    const code = this.nextCode;
    const record = versionRecord({
      code,
      projectId: v.projectId,
      modelName: v.modelName,
      modelVersion: v.version,
      runId: v.runId,
      deploymentId: v.deploymentId,
      pre: { featureNames: pre.featureNames, inputShape: pre.inputShape, image: pre.image ? { source: pre.image.source } : null },
    });
    const at = this.ring.reserve(record.length);
    if (at < 0) return 0;
    record.copy(this.ring.buf, at);
    this.ring.commit(at + record.length);
    this.nextCode++;
    this.codes.set(v, code);
    return code;
  }

  /** Without a writer thread: the served requests in the ring, parsed and queued as rows here. */
  private drainHere(): void {
    this.ring.drain((bytes) => {
      const out: LogRecord[] = [];
      const r = journalRows(bytes, 0, bytes.length, this.versionsHere, out);
      this.lostHere += r.bad;
      for (const rec of out) this.pending.push(rec);
    });
  }

  /**
   * Hands what is queued to the writer thread (or writes it here without one, with the ring's requests);
   * never waits. `now`: the thread commits at once instead of at its next 100 ms tick, and indexes the
   * whole journal (flush waits for it).
   */
  private post(now = false): number {
    if (!this.worker || !this.ready) {
      // while the thread starts, only a flush (which waits anyway) reads the ring here; the versions read
      // here are then put in the ring again with their next request, for the thread
      if (!this.starting || now) this.drainHere();
      if (this.starting && now) this.codes = new WeakMap();
      return this.pending.length ? this.writeHere() : 0;
    }
    if (!this.pending.length && !now) return 0;
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
    if (!this.ready) this.starting = false; // a thread not up yet will not be: the ring is read here
    if (this.retention) clearInterval(this.retention);
    for (let i = 0; i < 20 && this.pending.length; i++) this.flush();
    this.flush();
    this.closed = true;
    this.worker?.postMessage('close');
    this.worker = null;
  }
}
