/**
 * The import's second thread (see import-thread.ts). On 'pieces' it reads pieces of a quote-free CSV file
 * from a piece on towards the end (then back from it), claiming each one in a shared array so the main
 * thread, which reads from the start (and from the end when it would otherwise wait), never reads the same piece. Each piece's columns go back as they are read (arrays transferred);
 * a piece it cannot read is reported, and the main thread reads it (csv-threads.ts). On 'numbers' it takes
 * part in the profile's work on columns of numbers, taking tasks from a counter shared with the main thread,
 * which joins in once it has done the rest of the profile (profile.ts profileTableWith). On 'table' it writes
 * the read table's data blob to the store's temporary file and gives back its sha256 (table-blob.ts).
 */
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { readPiece, transferables, type PieceResult, type PieceSpec } from './csv-piece.js';
import { encodeSummary, numericSummary, SUMMARY_SLOT } from './numeric-summary.js';
import { takeTasks, type NumberStatsJob, type NumberTaskResult } from './profile-numbers.js';
import { Scratch } from './scratch.js';
import { blobChunks, dictJsonFromBytes, writeChunks, type BlobColumn, type DictBytes } from './table-chunks.js';
import { mark } from './trace.js';

export interface PiecesMessage {
  type: 'pieces';
  /** tells this reading's replies from an earlier one's */
  job: number;
  spec: PieceSpec;
  /** [start, end) of every piece; piece 0 (with the header) is the main thread's */
  pieces: [number, number][];
  /** this thread reads pieces first, first + 1, ... while it can claim them, then first - 1, first - 2, ... */
  first: number;
  /** per piece: 0 free, 1 the main thread's, 2 this thread's */
  claims: SharedArrayBuffer;
}

export type WorkerReply =
  | { type: 'piece'; job: number; index: number; result: PieceResult }
  | { type: 'written'; job: number; hash: string | null; size: number; message?: string }
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

/**
 * Columns of numbers read in full, to summarise while this thread would otherwise wait for the main thread
 * (which then works on them alone: the read's end, the schema); stops at the first column after `stop[0]` is
 * set (the main thread has work for it). See profile-numbers.ts ReadySummaries.
 */
export interface SummariesMessage {
  type: 'summaries';
  columns: Float64Array[];
  status: SharedArrayBuffer;
  out: SharedArrayBuffer;
  stop: SharedArrayBuffer;
}

/** A table to write as a blob (table-chunks.ts): its arrays, and each dictionary as JSON bytes or as the bytes of its texts. */
export interface TableMessage {
  type: 'table';
  job: number;
  /** the store's temporary file (BlobStore.putWritten) */
  file: string;
  rows: number;
  columns: ({ name: string; values: Float64Array } | { name: string; codes: Int32Array; dictJson: Uint8Array } | { name: string; codes: Int32Array; dict: DictBytes })[];
}

function writeTable(m: TableMessage): WorkerReply {
  try {
    const columns: BlobColumn[] = m.columns.map((c) => {
      if ('values' in c) return c;
      const dictJson = 'dictJson' in c ? c.dictJson : dictJsonFromBytes(c.dict);
      if (!dictJson) throw new Error(`the dictionary of ${c.name} is incomplete`);
      return { name: c.name, dictJson, codes: c.codes };
    });
    return { type: 'written', job: m.job, ...writeChunks(m.file, blobChunks(m.rows, columns)) };
  } catch (err) {
    // the main thread writes the table itself
    return { type: 'written', job: m.job, hash: null, size: 0, message: err instanceof Error ? err.message : String(err) };
  }
}

function readPieces(m: PiecesMessage, port: NonNullable<typeof parentPort>): void {
  const claims = new Int32Array(m.claims);
  mark('pieces start');
  const fd = fs.openSync(m.spec.file, 'r');
  try {
    const take = (i: number) => Atomics.compareExchange(claims, i, 0, 2) === 0;
    const read = (i: number) => {
      try {
        const result = readPiece(m.spec, fd, m.pieces[i][0], m.pieces[i][1]);
        port.postMessage({ type: 'piece', job: m.job, index: i, result } satisfies WorkerReply, transferables(result));
        mark(`piece ${i}`);
      } catch (err) {
        // the main thread reads this piece itself and finds (and explains) whatever stopped it here
        port.postMessage({ type: 'failed', job: m.job, index: i, message: err instanceof Error ? err.message : String(err) } satisfies WorkerReply);
      }
    };
    // on from the first piece, in file order (the main thread appends them as they come); then back from it
    for (let i = Math.max(1, m.first); i < m.pieces.length && take(i); i++) read(i);
    for (let i = m.first - 1; i >= 1 && take(i); i--) read(i);
  } finally {
    fs.closeSync(fd);
  }
  port.postMessage({ type: 'done', job: m.job } satisfies WorkerReply);
  mark('pieces done');
}

function summarise(m: SummariesMessage): void {
  const status = new Int32Array(m.status);
  const out = new Float64Array(m.out);
  const stop = new Int32Array(m.stop);
  mark('summaries start');
  for (let k = 0; k < m.columns.length && !Atomics.load(stop, 0); k++) {
    if (Atomics.compareExchange(status, k, 0, 1) !== 0) continue;
    try {
      encodeSummary(numericSummary(m.columns[k], scratch), out, k * SUMMARY_SLOT);
      Atomics.store(status, k, 2);
    } catch {
      Atomics.store(status, k, 3); // made where it is needed
    }
  }
  mark('summaries stopped');
}

/** this thread's work memory for summaries, reused from column to column (the thread lives for one import) */
const scratch = new Scratch();

const port = parentPort;
port?.on('message', (m: PiecesMessage | NumbersMessage | TableMessage | SummariesMessage) => {
  if (m.type === 'pieces') readPieces(m, port);
  else if (m.type === 'summaries') summarise(m);
  else if (m.type === 'table') {
    mark('table start');
    port.postMessage(writeTable(m) satisfies WorkerReply);
    mark('table written');
  } else if (m.type === 'numbers') {
    const counter = new Int32Array(m.counter);
    Atomics.store(counter, 1, 1);
    mark('numbers start');
    let results: [number, NumberTaskResult][] | null = null;
    try {
      results = [...takeTasks(m.work, counter, undefined, scratch)];
    } catch {
      // the main thread does this work itself
    }
    port.postMessage({ type: 'numbers', job: m.job, results } satisfies WorkerReply);
    mark('numbers done');
  }
});
