/**
 * The import's second thread (see import-thread.ts). On 'pieces' it reads pieces of a quote-free CSV file
 * from the end backwards, claiming each one in a shared array so the main thread, which reads from the
 * start, never reads the same piece. Each piece's columns go back as they are read (arrays transferred);
 * a piece it cannot read is reported, and the main thread reads it (csv-threads.ts). On 'numbers' it takes
 * part in the profile's work on columns of numbers, taking tasks from a counter shared with the main thread,
 * which joins in once it has done the rest of the profile (profile.ts profileTableWith).
 */
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { readPiece, transferables, type PieceResult, type PieceSpec } from './csv-piece.js';
import { takeTasks, type NumberStatsJob, type NumberTaskResult } from './profile-numbers.js';

export interface PiecesMessage {
  type: 'pieces';
  /** tells this reading's replies from an earlier one's */
  job: number;
  spec: PieceSpec;
  /** [start, end) of every piece; piece 0 (with the header) is the main thread's */
  pieces: [number, number][];
  /** per piece: 0 free, 1 the main thread's, 2 this thread's */
  claims: SharedArrayBuffer;
}

export type WorkerReply =
  | { type: 'piece'; job: number; index: number; result: PieceResult }
  | { type: 'failed'; job: number; index: number; message: string }
  | { type: 'done'; job: number }
  | { type: 'numbers'; job: number; results: [number, NumberTaskResult][] | null };

/** The profile's work on numbers (profile-numbers.ts), its arrays in shared memory, shared with the main thread. */
export interface NumbersMessage {
  type: 'numbers';
  job: number;
  work: NumberStatsJob;
  /** Int32Array [next task, 1 once this thread has started taking tasks] (profile.ts profileTableWith) */
  counter: SharedArrayBuffer;
}

function readPieces(m: PiecesMessage, port: NonNullable<typeof parentPort>): void {
  const claims = new Int32Array(m.claims);
  const fd = fs.openSync(m.spec.file, 'r');
  try {
    for (let i = m.pieces.length - 1; i >= 1; i--) {
      if (Atomics.compareExchange(claims, i, 0, 2) !== 0) break;
      try {
        const result = readPiece(m.spec, fd, m.pieces[i][0], m.pieces[i][1]);
        port.postMessage({ type: 'piece', job: m.job, index: i, result } satisfies WorkerReply, transferables(result));
      } catch (err) {
        // the main thread reads this piece itself and finds (and explains) whatever stopped it here
        port.postMessage({ type: 'failed', job: m.job, index: i, message: err instanceof Error ? err.message : String(err) } satisfies WorkerReply);
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  port.postMessage({ type: 'done', job: m.job } satisfies WorkerReply);
}

const port = parentPort;
port?.on('message', (m: PiecesMessage | NumbersMessage) => {
  if (m.type === 'pieces') readPieces(m, port);
  else if (m.type === 'numbers') {
    const counter = new Int32Array(m.counter);
    Atomics.store(counter, 1, 1);
    let results: [number, NumberTaskResult][] | null = null;
    try {
      results = [...takeTasks(m.work, counter)];
    } catch {
      // the main thread does this work itself
    }
    port.postMessage({ type: 'numbers', job: m.job, results } satisfies WorkerReply);
  }
});
