import fs from 'node:fs';
import { ColumnBuilder, type ColumnPart } from './columns.js';
import { PlainLines, type LineMode } from './plain-csv.js';

/**
 * A piece of a quote-free CSV file read on its own (by the import's second thread, see csv-threads.ts): the
 * bytes [start, end) begin at a line start and end after a line ending (or at the end of the file), and
 * go into fresh column builders made as the main thread made its own.
 */

export interface PieceSpec {
  file: string;
  delimiter: string;
  encoding: 'utf-8' | 'latin1';
  mode: LineMode;
  maxLineBytes: number;
  columns: { name: string; tokens: string[] | null; decimalComma: boolean }[];
  /** expected rows per byte, to size the builders' arrays once */
  rowsPerByte: number;
}

export interface PieceResult {
  rows: number;
  /** lines read, empty ones too (for line numbers after this piece) */
  lines: number;
  parts: ColumnPart[];
}

const CHUNK = 1 << 20;
/** every chunk is read into this one buffer (`feed` keeps nothing of it): no megabyte of garbage per chunk */
let buffer: Buffer | null = null;

/** Feeds bytes [start, end) of an open file to `feed`, in chunks read synchronously. */
export function readRange(fd: number, start: number, end: number, feed: (chunk: Buffer) => void): void {
  buffer ??= Buffer.allocUnsafe(CHUNK);
  for (let at = start; at < end;) {
    const chunk = buffer.subarray(0, Math.min(CHUNK, end - at));
    const n = fs.readSync(fd, chunk, 0, chunk.length, at);
    if (n <= 0) break;
    feed(n === chunk.length ? chunk : chunk.subarray(0, n));
    at += n;
  }
}

/**
 * Per reading (its spec), what each column held in the last piece read on this thread, scaled to one byte of
 * the file: the next piece's builders are sized from it (fresh memory costs a page fault per 4 KB on first
 * use, so growing arrays by doubling, or numbers arrays for a column of text, is not free).
 */
const hints = new WeakMap<PieceSpec, { text: boolean; distinct: number; bytes: number; every: boolean }[]>();

/** A column whose last piece had at least this share of new texts per row (an id) keeps every text (AsciiIndex.keepEvery). */
const EVERY_SHARE = 0.9;

/** Reads one piece; throws whatever the plain reader throws (the main thread then reads the piece itself). */
export function readPiece(spec: PieceSpec, fd: number, start: number, end: number): PieceResult {
  const size = end - start;
  const capacity = Math.ceil(size * spec.rowsPerByte * 1.05) + 1024;
  const last = hints.get(spec);
  const builders = spec.columns.map((c, k) => {
    const h = last?.[k];
    const hint = h?.text ? { text: true, distinct: Math.ceil(h.distinct * size * 1.05), bytes: Math.ceil(h.bytes * size * 1.05), every: h.every } : null;
    return new ColumnBuilder(c.name, capacity, c.decimalComma, c.tokens, false, hint);
  });
  const reader = new PlainLines('', { delimiter: spec.delimiter, encoding: spec.encoding, bom: false, maxLineBytes: spec.maxLineBytes }, { builders, mode: spec.mode });
  readRange(fd, start, end, (chunk) => reader.feed(chunk));
  reader.end();
  const parts = builders.map((b) => b.part());
  hints.set(
    spec,
    parts.map((p) => ({
      text: p.storage === 'dict',
      distinct: p.dictSize / Math.max(1, size),
      bytes: (p.texts?.bytes.length ?? 0) / Math.max(1, size),
      every: p.storage === 'dict' && p.length >= 1000 && p.dictSize >= EVERY_SHARE * p.length,
    })),
  );
  return { rows: reader.rows, lines: reader.lineNo, parts };
}

/** The buffers of a result's arrays, to transfer rather than copy. */
export function transferables(result: PieceResult): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const p of result.parts) {
    if (p.values.buffer instanceof ArrayBuffer && p.values.byteLength) out.add(p.values.buffer);
    if (p.codes.buffer instanceof ArrayBuffer && p.codes.byteLength) out.add(p.codes.buffer);
    if (p.texts) for (const a of [p.texts.bytes, p.texts.starts, p.texts.lengths, p.texts.codes]) if (a.buffer instanceof ArrayBuffer) out.add(a.buffer);
  }
  return [...out];
}
