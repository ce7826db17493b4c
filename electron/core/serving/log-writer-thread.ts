/**
 * The serving log's writer thread (started by log-writer.ts): its own connection to the workspace database,
 * inserting each batch of flat records it is posted through the prediction log's store. A busy database is
 * tried again (store/busy.ts); rows it still refuses, or that fail otherwise, are counted as lost.
 * Shared counters: [0] batches posted and not yet done, [1] rows written, [2] rows lost.
 *
 * Rows arrive in small batches (128 rows under load) and are committed together every 100 ms (a transaction
 * per small batch would write the same index pages to the WAL many times over), or at once when the serving
 * thread waits for them (flush: a message with `now`). A kill -9 loses at most about 200 ms of rows.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { retryBusy } from '../store/busy.js';
import { openWriterDb } from '../store/db.js';
import { insertLogRecords, type LogRecord } from '../store/prediction-log-store.js';

export interface WriterThreadData {
  file: string;
  nativeBinding?: string;
  shared: SharedArrayBuffer;
}

/** One hand-over from the serving thread. */
export interface WriterMessage {
  rows: LogRecord[];
  /** Commit now (the serving thread is waiting in flush) rather than at the next tick. */
  now: boolean;
}

/** How often the thread commits what it was handed. */
const COMMIT_MS = 100;

/** Six tries 200 ms apart (each try already waits the connection's busy timeout). */
const RETRY = { tries: 6, delayMs: 200, growing: false };

const port = parentPort!;
const data = workerData as WriterThreadData;
const state = new Int32Array(data.shared);
const db = openWriterDb(data.file, data.nativeBinding);

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
  if (!messages) return Promise.resolve();
  const rows = queue.length === 1 ? queue[0] : queue.flat();
  const n = messages;
  queue = [];
  messages = 0;
  // the first try runs now, in order; only a busy database waits
  return retryBusy(() => insertLogRecords(db, rows), RETRY).then(
    () => {
      Atomics.add(state, 1, rows.length);
      done(n);
    },
    () => {
      Atomics.add(state, 2, rows.length);
      done(n);
    },
  );
}

port.on('message', (m: WriterMessage | 'close') => {
  if (m === 'close') {
    void commit().finally(() => {
      db.close();
      port.close();
    });
    return;
  }
  if (m.rows.length) {
    queue.push(m.rows);
    messages++;
  }
  if (m.now) void commit();
  else if (messages) timer ??= setTimeout(() => void commit(), COMMIT_MS);
});
port.postMessage('ready');
