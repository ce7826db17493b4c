import crypto from 'node:crypto';
import fs from 'node:fs';
import type { PendingTexts } from './cell-bytes.js';
import { mark } from './trace.js';

/**
 * The bytes of a stored table (the format is described in blob-format.ts), made from its columns' arrays
 * and dictionaries. Free of the contract's modules so the import's second thread can write a table
 * (csv-worker.ts) without loading them.
 */

export const TABLE_MAGIC = 'CICLOT01';

export interface TableHeader {
  rows: number;
  columns: { name: string; storage: 'f64' | 'dict'; dictBytes?: number }[];
}

export const pad8 = (n: number) => (8 - (n % 8)) % 8;

export function headerBytes(magic: string, header: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const lead = Buffer.alloc(12);
  lead.write(magic, 0, 'latin1');
  const fill = pad8(12 + json.length);
  lead.writeUInt32LE(json.length + fill, 8);
  return Buffer.concat([lead, json, Buffer.alloc(fill, 0x20)]);
}

export function view(arr: Float64Array | Int32Array | Uint8Array): Buffer {
  if (Buffer.isBuffer(arr)) return arr;
  return Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength);
}

/** A column as the blob stores it: numbers, or a dictionary (its JSON bytes, or a function making them when the first chunk is asked for) and codes. */
export type BlobColumn = { name: string; values: Float64Array } | { name: string; dictJson: Uint8Array | (() => Uint8Array); codes: Int32Array };

/** The blob's chunks in order. */
export function* blobChunks(rows: number, columns: readonly BlobColumn[]): Generator<Buffer> {
  mark('blob dictionaries start');
  const dicts = columns.map((c) => ('values' in c ? null : typeof c.dictJson === 'function' ? c.dictJson() : c.dictJson));
  mark('blob dictionaries done');
  const header: TableHeader = {
    rows,
    columns: columns.map((c, i) => ('values' in c ? { name: c.name, storage: 'f64' } : { name: c.name, storage: 'dict', dictBytes: dicts[i]!.length })),
  };
  yield headerBytes(TABLE_MAGIC, header);
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i];
    if ('values' in c) yield view(c.values);
    else {
      const d = dicts[i]!;
      yield view(d);
      if (pad8(d.length)) yield Buffer.alloc(pad8(d.length), 0x20);
      yield view(c.codes);
      if (pad8(c.codes.byteLength)) yield Buffer.alloc(pad8(c.codes.byteLength));
    }
  }
}

/** A dictionary's JSON (as JSON.stringify writes it) in UTF-8. */
export function dictJsonOf(dict: readonly string[]): Buffer {
  return Buffer.from(JSON.stringify(dict), 'utf8');
}

/**
 * A dictionary known by the bytes of its ASCII texts (those of `texts.codes`) and the strings of the others
 * (`known`, by code, ascending): what a column builder holds before it makes its strings (columns.ts).
 */
export interface DictBytes {
  size: number;
  texts: PendingTexts;
  known: [number, string][];
}

/** The bytes a finished column's ASCII texts were made from, by its dictionary (see takeDictBytes). */
const bytesOfDict = new WeakMap<readonly string[], PendingTexts>();

/** Keeps the bytes a finished column's ASCII texts were made from (ColumnBuilder.finish), for takeDictBytes. */
export function keepDictBytes(dict: readonly string[], texts: PendingTexts): void {
  bytesOfDict.set(dict, texts);
}

/**
 * A finished column's dictionary as the bytes its ASCII texts were made from and the strings of the others
 * (for its JSON without a string per text: table-chunks.ts dictJsonFromBytes), once: the bytes are let go.
 * Null for a dictionary not made by ColumnBuilder.finish, or already taken.
 */
export function takeDictBytes(dict: readonly string[]): DictBytes | null {
  const texts = bytesOfDict.get(dict);
  if (!texts) return null;
  bytesOfDict.delete(dict);
  const known: [number, string][] = [];
  const codes = texts.codes;
  for (let k = 0, j = 0; k < dict.length; k++) {
    if (j < codes.length && codes[j] === k) j++;
    else known.push([k, dict[k]]);
  }
  return { size: dict.length, texts, known };
}

/** Does the JSON of an ASCII text need an escape (a control character, a quote or a backslash)? */
function needsEscape(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (b < 0x20 || b === 0x22 || b === 0x5c) return true;
  }
  return false;
}

/**
 * The same bytes as dictJsonOf of the dictionary's strings, made from its bytes without making a string per
 * text (a million-value id column's JSON in a few copies of its bytes); null when `d` does not cover every code.
 */
export function dictJsonFromBytes(d: DictBytes): Buffer | null {
  const { bytes, starts, lengths, codes } = d.texts;
  if (codes.length + d.known.length !== d.size) return null;
  /** texts written through JSON.stringify: the known strings, and ASCII texts that need an escape */
  const special = new Map<number, Buffer>();
  for (const [k, s] of d.known) special.set(k, Buffer.from(JSON.stringify(s), 'utf8'));
  let size = 2 + Math.max(0, d.size - 1);
  for (let j = 0, last = -1; j < codes.length; j++) {
    const k = codes[j];
    if (k <= last || k >= d.size || special.has(k)) return null;
    last = k;
    const s = starts[k];
    if (needsEscape(bytes, s, s + lengths[k]))
      special.set(k, Buffer.from(JSON.stringify(Buffer.from(bytes.buffer, bytes.byteOffset + s, lengths[k]).toString('latin1')), 'latin1'));
    else size += lengths[k] + 2;
  }
  for (const b of special.values()) size += b.length;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  out[at++] = 0x5b;
  for (let k = 0, j = 0; k < d.size; k++) {
    if (k > 0) out[at++] = 0x2c;
    const own = special.size ? special.get(k) : undefined;
    if (j < codes.length && codes[j] === k) j++;
    if (own) {
      own.copy(out, at);
      at += own.length;
      continue;
    }
    out[at++] = 0x22;
    const s = starts[k];
    const e = s + lengths[k];
    for (let i = s; i < e; i++) out[at++] = bytes[i];
    out[at++] = 0x22;
  }
  out[at++] = 0x5d;
  return at === size ? out : null;
}

/**
 * Bytes written at a time, through one reused buffer. On the development machine (a 2-core VM) the kernel's
 * copy from memory it has not copied from before costs about as much as a page fault per 4 KB: 128 MB written
 * straight from the columns' arrays took 330-630 ms of system time, copied through a reused 512 KB buffer
 * 40-50 ms in all (a buffer of 4 MB was as slow as none).
 */
const WRITE_BYTES = 1 << 19;
let staging: Buffer | null = null;

/** Writes chunks to a new file, synchronously; returns their sha256 and size (the file is not flushed). */
export function writeChunks(file: string, chunks: Iterable<Buffer>): { hash: string; size: number } {
  const hasher = crypto.createHash('sha256');
  const stage = (staging ??= Buffer.allocUnsafe(WRITE_BYTES));
  let size = 0;
  const fd = fs.openSync(file, 'w');
  try {
    for (const c of chunks) {
      hasher.update(c);
      for (let from = 0; from < c.length;) {
        const n = c.copy(stage, 0, from, Math.min(c.length, from + WRITE_BYTES));
        for (let off = 0; off < n;) off += fs.writeSync(fd, stage, off, n - off);
        from += n;
      }
      size += c.length;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { hash: hasher.digest('hex'), size };
}
