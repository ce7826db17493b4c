/**
 * The serving log's journal: what a prediction server logs, as bytes, appended to files in the workspace
 * (`prediction-journal/` next to the database) before it is indexed into prediction_logs
 * (log-journal-index.ts). A file is a sequence of records, each `u32 length` (the whole record,
 * little-endian) then `u8 type`:
 *
 * - VERSION (2): a served model version, as JSON text after 4 bytes (`JournalVersion`): what every row of
 *   its requests is stored with, and the preprocessing fields the protocols' row unwrapping reads. Each
 *   file starts with the versions its requests name (a file can be indexed alone).
 * - REQUEST (1): one logged request. Header (REQUEST_HEADER bytes): u8 type, u8 protocol code
 *   (request-rows.ts PROTOCOLS), u8 content code, u8 request id length, f64 time (ms since the epoch),
 *   f64 latency ms, u32 version code, u32 body length, u32 warnings length, u32 rows; then the request id
 *   (latin1), the request body's bytes as received, the warnings as JSON text (or nothing), then per row
 *   `u32 length` and its output's JSON text (the answer's own text).
 *
 * The serving thread writes these records into a shared ring (log-ring.ts) with copies only: no object, no
 * JSON text is made per row on the request path. A record cut short by a kill -9 at the file's end is
 * ignored when read.
 */
import type { Preprocessing } from '../training/preprocess.js';

export const REQUEST = 1;
export const VERSION = 2;
export const REQUEST_HEADER = 40;

export interface JournalVersion {
  code: number;
  projectId: string;
  modelName: string;
  modelVersion: number;
  runId: string;
  deploymentId: string | null;
  /** What request-rows.ts reads of the model's preprocessing. */
  pre: Pick<Preprocessing, 'featureNames' | 'inputShape'> & { image: { source: string } | null };
}

/** A VERSION record's bytes. */
export function versionRecord(v: JournalVersion): Buffer {
  const text = Buffer.from(JSON.stringify(v), 'utf8');
  const b = Buffer.alloc(8 + text.length);
  b.writeUInt32LE(b.length, 0);
  b[4] = VERSION;
  text.copy(b, 8);
  return b;
}

export function readVersion(buf: Buffer, at: number, end: number): JournalVersion {
  return JSON.parse(buf.toString('utf8', at + 8, end)) as JournalVersion;
}

/**
 * Walks the whole records in buf[from, to): calls `each(type, start, end)` for each one and returns where
 * the last whole record ends (a record cut short is left for later, or ignored at a file's end).
 */
export function walkRecords(buf: Buffer, from: number, to: number, each: (type: number, start: number, end: number) => void): number {
  let at = from;
  while (at + 5 <= to) {
    const len = buf.readUInt32LE(at);
    if (len < 5 || at + len > to) break;
    each(buf[at + 4], at, at + len);
    at += len;
  }
  return at;
}

/** A REQUEST record's header fields. */
export interface RequestHeader {
  protocol: number;
  content: number;
  time: number;
  latencyMs: number;
  version: number;
  requestId: string;
  body: [number, number];
  warnings: [number, number];
  rows: number;
  /** Where the first row's output (its u32 length) starts. */
  outputs: number;
}

export function readRequest(buf: Buffer, at: number): RequestHeader {
  const idLen = buf[at + 7];
  const bodyLen = buf.readUInt32LE(at + 28);
  const warnLen = buf.readUInt32LE(at + 32);
  const id = at + REQUEST_HEADER;
  const body = id + idLen;
  return {
    protocol: buf[at + 5],
    content: buf[at + 6],
    time: buf.readDoubleLE(at + 8),
    latencyMs: buf.readDoubleLE(at + 16),
    version: buf.readUInt32LE(at + 24),
    requestId: buf.toString('latin1', id, body),
    body: [body, body + bodyLen],
    warnings: [body + bodyLen, body + bodyLen + warnLen],
    rows: buf.readUInt32LE(at + 36),
    outputs: body + bodyLen + warnLen,
  };
}

/** The number of rows of the REQUEST records in buf[from, to). */
export function countRows(buf: Buffer, from: number, to: number): { requests: number; rows: number } {
  let requests = 0;
  let rows = 0;
  walkRecords(buf, from, to, (type, start) => {
    if (type !== REQUEST) return;
    requests++;
    rows += buf.readUInt32LE(start + 36);
  });
  return { requests, rows };
}
