/**
 * The serving log's writer thread (started by log-writer.ts): its own connection to the workspace database,
 * inserting each batch of flat records it is posted through the prediction log's store. A busy database is
 * tried again (store/busy.ts); rows it still refuses, or that fail otherwise, are counted as lost.
 * Shared counters: [0] batches posted and not yet done, [1] rows written, [2] rows lost.
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

/** Six tries 200 ms apart (each try already waits the connection's busy timeout). */
const RETRY = { tries: 6, delayMs: 200, growing: false };

const port = parentPort!;
const data = workerData as WriterThreadData;
const state = new Int32Array(data.shared);
const db = openWriterDb(data.file, data.nativeBinding);

const done = () => {
  Atomics.sub(state, 0, 1);
  Atomics.notify(state, 0);
};

port.on('message', (rows: LogRecord[] | 'close') => {
  if (rows === 'close') {
    db.close();
    port.close();
    return;
  }
  // the first try runs now, in order; only a busy database waits
  retryBusy(() => insertLogRecords(db, rows), RETRY).then(
    () => {
      Atomics.add(state, 1, rows.length);
      done();
    },
    () => {
      Atomics.add(state, 2, rows.length);
      done();
    },
  );
});
port.postMessage('ready');
