/**
 * The serving log's writer thread (started by log-writer.ts), with its own connection to the workspace
 * database. Two inputs:
 *
 * - Served requests arrive through the shared ring (log-ring.ts) as journal records; every TICK_MS the
 *   thread drains the ring and appends the bytes to the journal file (log-journal-writer.ts), so a kill -9
 *   loses at most the last tick of requests. It indexes the journal into prediction_logs when the server
 *   has spare time (fewer than IDLE_REQUESTS requests in each of the last two ticks: as much as there
 *   is), and while it is busy only in slices of SLICE_MS paid for by a DUTY share of the wall clock, so
 *   indexing takes a few percent of a core at saturation and the journal's backlog (bounded on disk)
 *   waits for quieter times.
 * - Rows from `add` (batch scoring, shadows) arrive as flat records by message and are committed every
 *   COMMIT_MS, or at once when the serving thread waits for them (flush: a message with `now`, which also
 *   drains the ring and indexes the whole journal before it is acknowledged).
 *
 * Shared counters: [0] messages posted and not yet done, [1] rows written, [2] rows lost, [3] rows dropped
 * (the journal's disk budget was full). A busy database is tried again (store/busy.ts); rows it still
 * refuses, or that fail otherwise, are counted as lost.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isBusy, retryBusy, withBusyTimeout } from '../store/busy.js';
import { openWriterDb } from '../store/db.js';
import { insertLogRecords, type LogRecord } from '../store/prediction-log-store.js';
import { claimOrphans } from './log-journal-index.js';
import { JournalWriter } from './log-journal-writer.js';
import { Ring, type RingShared } from './log-ring.js';

export interface WriterThreadData {
  file: string;
  nativeBinding?: string;
  shared: SharedArrayBuffer;
  ring: RingShared;
  journalDir: string;
}

/** One hand-over from the serving thread. */
export interface WriterMessage {
  rows: LogRecord[];
  /** Commit now and index the whole journal (the serving thread is waiting in flush). */
  now: boolean;
}

/** How often the thread commits what it was handed. */
const COMMIT_MS = 100;
/** How often the ring is drained into the journal file. */
const TICK_MS = 50;
/** Fewer requests than this in each of the last two ticks (100 ms): the server has spare time, index freely. */
const IDLE_REQUESTS = 50;
/** While the server is busy, indexing gets this share of the wall clock, in slices of SLICE_MS. */
const DUTY = 0.02;
const SLICE_MS = 20;
/** An idle tick indexes for at most this long, so flush and close messages wait little. */
const IDLE_SLICE_MS = 40;

/** How long indexing waits for a busy database before it tries again at a later tick. */
const INDEX_BUSY_MS = 20;

/** Six tries 200 ms apart (each try already waits the connection's busy timeout). */
const RETRY = { tries: 6, delayMs: 200, growing: false };

const port = parentPort!;
const data = workerData as WriterThreadData;
const state = new Int32Array(data.shared);
const db = openWriterDb(data.file, data.nativeBinding);
const ring = new Ring(data.ring);
const journal = new JournalWriter(data.journalDir);
journal.adopt(claimOrphans(data.journalDir));

const done = (messages: number) => {
  Atomics.sub(state, 0, messages);
  Atomics.notify(state, 0);
};

let queue: LogRecord[][] = [];
let messages = 0;
let timer: NodeJS.Timeout | null = null;

function commit(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  const rows = queue.length === 1 ? queue[0] : queue.flat();
  queue = [];
  if (!rows.length) return Promise.resolve();
  // the first try runs now, in order; only a busy database waits
  return retryBusy(() => insertLogRecords(db, rows), RETRY).then(
    () => void Atomics.add(state, 1, rows.length),
    () => void Atomics.add(state, 2, rows.length),
  );
}

/** Counters of the journal already published. */
let shown = { indexed: 0, bad: 0, dropped: 0 };
function publish(): void {
  Atomics.add(state, 1, journal.indexed - shown.indexed);
  Atomics.add(state, 2, journal.bad - shown.bad);
  Atomics.add(state, 3, journal.dropped - shown.dropped);
  shown = { indexed: journal.indexed, bad: journal.bad, dropped: journal.dropped };
}

/**
 * Indexes until the deadline; a busy database waits for a later tick (the rows are safe in the journal),
 * after a short wait only: with the connection's 10 s busy timeout, another process holding the write
 * lock would keep this thread from draining the ring, and a kill -9 would lose the requests still in it.
 * Returns true when all is indexed.
 */
function index(deadline: number): boolean {
  try {
    return withBusyTimeout(db, INDEX_BUSY_MS, () => journal.index(db, deadline));
  } catch (err) {
    if (!isBusy(err)) throw err;
    return false;
  } finally {
    publish();
  }
}

let credit = 0;
let lastRequests = 0;
let lastTick = performance.now();
let lastSync = lastTick;
/** The ring is read here once the serving thread says so ('go'): until then it reads the ring itself. */
let reading = false;
function tick(): void {
  if (!reading) return;
  const now = performance.now();
  let requests = 0;
  ring.drain((b) => (requests += journal.append(b)));
  if (now - lastSync >= 1000 || (requests === 0 && now - lastSync >= 200)) {
    journal.sync();
    lastSync = now;
  }
  // spare time: few requests in the last two ticks (one quiet tick can be a pause of the serving thread)
  const idle = requests < IDLE_REQUESTS && lastRequests < IDLE_REQUESTS;
  lastRequests = requests;
  if (idle) {
    credit = 0;
    index(performance.now() + IDLE_SLICE_MS);
  } else {
    credit = Math.min(credit + (now - lastTick) * DUTY, SLICE_MS);
    if (credit >= SLICE_MS) {
      const t0 = performance.now();
      index(t0 + SLICE_MS);
      credit -= performance.now() - t0;
    }
  }
  lastTick = now;
  publish();
}
// an error other than a busy database (a full disk) must not end the thread: the next tick tries again
const ticker = setInterval(() => {
  try {
    tick();
  } catch {
    // the journal keeps what was written; nothing indexed is lost
  }
}, TICK_MS);

/**
 * Everything written so far, into the database (flush, close). The current file is then closed (and
 * deleted, all of it indexed): a process that exits right after its flush leaves no journal behind.
 */
function indexAll(): void {
  if (reading) ring.drain((b) => journal.append(b));
  for (let i = 0; i < 200 && !index(Infinity); i++) Atomics.wait(state, 3, Atomics.load(state, 3), 50); // busy: wait and try again (about 15 s)
  journal.close();
}

port.on('message', (m: WriterMessage | 'close' | 'go') => {
  if (m === 'go') {
    reading = true;
    return;
  }
  if (m === 'close') {
    clearInterval(ticker);
    void commit().finally(() => {
      indexAll();
      journal.close();
      db.close();
      port.close();
    });
    return;
  }
  if (m.rows.length) queue.push(m.rows);
  messages++;
  if (m.now) {
    const n = messages;
    messages = 0;
    void commit().finally(() => {
      indexAll();
      done(n);
    });
  } else
    timer ??= setTimeout(() => {
      const n = messages;
      messages = 0;
      void commit().finally(() => done(n));
    }, COMMIT_MS);
});
port.postMessage('ready');
