import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract/errors.js';
import type { ReadProgress } from './parse-csv.js';
import { readPiece as readPieceOf, type PieceResult, type PieceSpec } from './csv-piece.js';
import type { PiecesMessage } from './csv-worker.js';
import type { ImportThread } from './import-thread.js';
import { lineModeOf, NeedsFullParser, PlainLines, readPlainCsv, type PlainCsvOptions, type PlainCsvResult } from './plain-csv.js';
import { mark } from './trace.js';

/**
 * The plain-CSV fast path on two threads. The file is cut into pieces at line ends; the main thread reads
 * pieces from the start into its column builders, a worker thread (csv-worker.ts) reads pieces from the
 * end, each into fresh builders, and each piece is claimed in a shared array so every piece is read once
 * and the split follows whichever thread is faster. The worker's pieces are then appended in file order
 * when that provably gives what reading them here would (ColumnBuilder.canAppend); any other piece (one
 * the worker could not read or append: a quote, a ragged row, a column that turns to text) is read by
 * the main thread in its turn, so results, errors and their line numbers are those of one thread.
 */

export interface ThreadTuning {
  /** bytes per piece (default: the file in about 48 pieces, at least 4 MB each) */
  pieceBytes?: number;
  /** smaller files are read on one thread (default 16 MB) */
  minBytes?: number;
  /** the main thread takes at most this many pieces, the worker the rest (tests: every piece but the first to the worker) */
  mainPieces?: number;
  /** counts the worker's pieces appended, and those the main thread read again instead (tests) */
  stats?: { appended: number; readAgain: number };
}

/** Pieces [start, end) of about `pieceBytes`, each ending just after a line feed (or at the end of the file). */
export function pieceBounds(fd: number, size: number, pieceBytes: number): [number, number][] {
  const out: [number, number][] = [];
  const probe = Buffer.allocUnsafe(1 << 16);
  let start = 0;
  for (let nominal = pieceBytes; nominal < size; nominal += pieceBytes) {
    if (nominal <= start) continue;
    const n = fs.readSync(fd, probe, 0, probe.length, nominal - 1);
    const lf = probe.subarray(0, n).indexOf(0x0a);
    if (lf < 0) continue; // a very long line: this piece grows
    const cut = nominal + lf;
    if (cut >= size) break;
    out.push([start, cut]);
    start = cut;
  }
  out.push([start, size]);
  return out;
}

let jobs = 0;

/** The share of the pieces the main thread reads from the start before it appends the worker's (see readPieces). */
const MAIN_SHARE = 0.4;

const cancelled = () => new AppError('cancelled', 'The import was cancelled.');

export async function readPlainThreaded(
  file: string,
  options: PlainCsvOptions & { expectedRows: number },
  report: ReadProgress,
  onBytes: (n: number) => void,
  onRows: (rows: number) => void,
  thread: ImportThread | null,
  tuning: ThreadTuning = {},
): Promise<PlainCsvResult | null> {
  const size = fs.statSync(file).size;
  const single = () => readPlainCsv(file, options, report, onBytes, onRows);
  if (!thread?.alive || size < (tuning.minBytes ?? 16 << 20)) return single();
  const fh = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, 1 << 16));
    await fh.read(head, 0, head.length, 0);
    const mode = lineModeOf(head.subarray(options.bom ? 3 : 0));
    const pieces = pieceBounds(fh.fd, size, tuning.pieceBytes ?? Math.max(4 << 20, Math.ceil(size / 48)));
    if (!mode || pieces.length < 2) return await single();
    return await readPieces(file, fh, thread, pieces, mode, options, report, onBytes, onRows, tuning);
  } catch (err) {
    if (err instanceof NeedsFullParser) return null;
    throw err;
  } finally {
    await fh.close();
  }
}

async function readPieces(
  file: string,
  fh: fs.promises.FileHandle,
  thread: ImportThread,
  pieces: [number, number][],
  mode: 1 | 2,
  options: PlainCsvOptions & { expectedRows: number },
  report: ReadProgress,
  onBytes: (n: number) => void,
  onRows: (rows: number) => void,
  { stats, mainPieces = Infinity }: ThreadTuning,
): Promise<PlainCsvResult> {
  const size = pieces[pieces.length - 1][1];
  const claims = new Int32Array(new SharedArrayBuffer(4 * pieces.length));
  const results = new Map<number, PieceResult | null>();
  let finished = false;
  let wake: (() => void) | null = null;
  const settle = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const job = ++jobs;
  const unlisten = thread.listen((m) => {
    if (m.type !== 'ended' && m.job !== job) return;
    if (m.type === 'piece') results.set(m.index, m.result);
    else if (m.type === 'failed') results.set(m.index, null);
    else if (m.type === 'done' || m.type === 'ended') finished = true;
    settle();
  });
  /** the worker's result for piece i; null when the main thread must read it */
  const resultOf = (i: number) =>
    new Promise<PieceResult | null>((resolve) => {
      const check = () => (results.has(i) ? resolve(results.get(i)!) : finished ? resolve(null) : (wake = check));
      check();
    });

  // the worker starts at piece `first` and reads on towards the end, so the main thread, once done with the pieces
  // before it, appends the worker's pieces in file order while the worker still reads the later ones
  const steal = mainPieces === Infinity;
  const first = steal ? Math.max(1, Math.min(pieces.length - 1, Math.round(pieces.length * MAIN_SHARE))) : Math.max(1, Math.min(pieces.length - 1, mainPieces));
  let spec: PieceSpec | null = null;
  const start: PlainCsvOptions['start'] = (cells) => {
    const started = options.start(cells);
    spec = {
      file,
      delimiter: options.delimiter,
      encoding: options.encoding,
      mode,
      maxLineBytes: options.maxLineBytes,
      columns: started.builders.map((b) => ({ name: b.name, tokens: b.tokens ? [...b.tokens] : null, decimalComma: b.decimalComma })),
      rowsPerByte: options.expectedRows / size,
    };
    thread.post({ type: 'pieces', job, spec, pieces, first, claims: claims.buffer as SharedArrayBuffer } satisfies PiecesMessage);
    return started;
  };
  const reader = new PlainLines(path.basename(file), { ...options, start });
  let reported = 0;
  const tick = () => {
    if (reader.rows - reported < 0x10000) return;
    reported = reader.rows;
    onRows(reader.rows);
  };
  // one buffer for every chunk read here (the reader keeps nothing of a chunk): no megabyte of garbage per chunk
  const buffer = Buffer.allocUnsafe(1 << 20);
  const readHere = async ([from, to]: [number, number]) => {
    for (let at = from; at < to;) {
      if (report.signal?.aborted) throw cancelled();
      const chunk = buffer.subarray(0, Math.min(buffer.length, to - at));
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, at);
      if (bytesRead <= 0) break;
      onBytes(bytesRead);
      reader.feed(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
      at += bytesRead;
      tick();
    }
  };

  /** Pieces taken from the end while the worker's next one is not in yet, read as the worker reads its own. */
  const taken = new Map<number, PieceResult | null>();
  const takeFromEnd = (): boolean => {
    for (let k = pieces.length - 1; k >= 1 && spec; k--) {
      const claim = Atomics.compareExchange(claims, k, 0, 1);
      if (claim === 1) continue; // taken here already
      if (claim === 2) return false; // the worker's: so is everything between it and its start
      try {
        taken.set(k, readPieceOf(spec, fh.fd, pieces[k][0], pieces[k][1]));
      } catch {
        taken.set(k, null); // read again in its turn, where whatever stopped it is explained
      }
      mark(`took piece ${k}`);
      return true;
    }
    return false;
  };

  try {
    return await readInOrder();
  } finally {
    unlisten();
    // pieces the worker has not reached are no longer its to take
    for (let k = 0; k < pieces.length; k++) Atomics.compareExchange(claims, k, 0, 1);
  }

  /** The main thread's pieces from the start, then the worker's (appended, or read here) in file order. */
  async function readInOrder(): Promise<PlainCsvResult> {
    let i = 0;
    mark('read start');
    for (; i < Math.min(pieces.length, mainPieces) && Atomics.compareExchange(claims, i, 0, 1) === 0; i++) await readHere(pieces[i]);
    mark(`own pieces done (${i})`);
    for (; i < pieces.length; i++) {
      // rather than wait for the worker's piece (once the replies already sent are in), read one from the end
      // (appended in its turn)
      if (steal && !results.has(i) && !taken.has(i)) await new Promise<void>((resolve) => setImmediate(resolve));
      while (steal && !results.has(i) && !taken.has(i) && !finished && takeFromEnd()) if (report.signal?.aborted) throw cancelled();
      const r = taken.has(i) ? taken.get(i)! : await resultOf(i);
      mark(`got piece ${i}`);
      if (report.signal?.aborted) throw cancelled();
      const builders = reader.builders;
      if (r && builders && r.parts.length === builders.length && builders.every((b, k) => b.canAppend(r.parts[k]))) {
        builders.forEach((b, k) => b.appendPart(r.parts[k]));
        reader.rows += r.rows;
        reader.lineNo += r.lines;
        onBytes(pieces[i][1] - pieces[i][0]);
        tick();
        if (stats) stats.appended++;
      } else {
        await readHere(pieces[i]);
        if (stats) stats.readAgain++;
      }
    }
    reader.end();
    mark('appended all');
    // the columns of numbers are complete: the second thread, done with its pieces, summarises them while this
    // one ends the read and decides the schema (the profile takes those summaries: profile-numbers.ts ReadySummaries)
    thread.summariseAhead((reader.builders ?? []).filter((b) => b.storage === 'f64').map((b) => b.values.subarray(0, b.length)));
    return { builders: reader.builders ?? [], rows: reader.rows };
  }
}
