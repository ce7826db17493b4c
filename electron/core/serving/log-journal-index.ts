/**
 * From the serving log's journal (log-journal.ts) into prediction_logs: each logged request's body is
 * parsed again by the protocols' own row unwrapping (request-rows.ts) and its rows go in through the same
 * insert as every served row (insertLogRecords: INSERT OR IGNORE on the request id and row index, day
 * totals counted for the rows inserted only), so indexing a file twice stores nothing twice.
 *
 * Files are named `<pid>-<rest>.journal` after the process that writes them. A file of a process that is
 * gone (a server killed with kill -9) is an orphan: the next server, or any reader of the log
 * (`indexOrphanJournals`), claims it by renaming it to its own pid (rename is atomic: of two processes
 * claiming one file, one gets it and the other an error), indexes it and deletes it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/db.js';
import { insertLogRecords, type LogRecord } from '../store/prediction-log-store.js';
import type { Preprocessing } from '../training/preprocess.js';
import { readRequest, readVersion, REQUEST, VERSION, walkRecords, type JournalVersion } from './log-journal.js';
import { bodyRows, PROTOCOLS } from './request-rows.js';

export const journalDir = (db: Db) => path.join(path.dirname(db.name), 'prediction-journal');

/** Turns the whole records of buf[from, to) into rows to insert; returns where they end and rows that could not be read. */
export function journalRows(buf: Buffer, from: number, to: number, versions: Map<number, JournalVersion>, out: LogRecord[]): { end: number; bad: number } {
  let bad = 0;
  const end = walkRecords(buf, from, to, (type, start, stop) => {
    if (type === VERSION) {
      const v = readVersion(buf, start, stop);
      versions.set(v.code, v);
      return;
    }
    if (type !== REQUEST) return;
    const h = readRequest(buf, start);
    const v = versions.get(h.version);
    const protocol = PROTOCOLS[h.protocol];
    let rows: Record<string, unknown>[];
    try {
      if (!v || !protocol) throw new Error('unknown version or protocol');
      rows = bodyRows(protocol, h.content, buf.toString('utf8', h.body[0], h.body[1]), v.pre as Preprocessing);
      if (rows.length !== h.rows) throw new Error('row count differs');
    } catch {
      bad += h.rows;
      return;
    }
    const warnings = h.warnings[1] > h.warnings[0] ? (JSON.parse(buf.toString('utf8', h.warnings[0], h.warnings[1])) as { row: number }[]) : null;
    const ts = new Date(h.time).toISOString();
    let at = h.outputs;
    for (let i = 0; i < h.rows; i++) {
      const len = buf.readUInt32LE(at);
      const output = buf.toString('utf8', at + 4, at + 4 + len);
      at += 4 + len;
      const o = JSON.parse(output) as { label?: string; value?: number | null };
      // as the server words it: the label, or the value as text (a value JSON writes as null was not finite)
      const prediction = o.label ?? (o.value === undefined ? null : o.value === null ? 'NaN' : String(o.value));
      const own = warnings?.filter((w) => w.row === i);
      out.push([
        h.requestId,
        i,
        ts,
        v!.projectId,
        v!.modelName,
        v!.modelVersion,
        v!.runId,
        'server',
        protocol,
        v!.deploymentId,
        JSON.stringify(rows[i]),
        output,
        prediction,
        h.latencyMs,
        own?.length ? JSON.stringify(own) : null,
      ]);
    }
  });
  return { end, bad };
}

/** Rows read per transaction when a file is indexed. */
const CHUNK = 1 << 20;

/**
 * Indexes one journal file from `from` to its end (whole records only; a torn last record is ignored):
 * returns the rows handed to the insert and the rows that could not be read.
 */
export function indexFile(db: Db, file: string, from = 0, versions = new Map<number, JournalVersion>()): { rows: number; bad: number; end: number } {
  const fd = fs.openSync(file, 'r');
  let rows = 0;
  let bad = 0;
  let at = from;
  try {
    const size = fs.fstatSync(fd).size;
    let buf = Buffer.alloc(CHUNK);
    while (at < size) {
      const want = Math.min(Math.max(CHUNK, buf.length), size - at);
      if (want > buf.length) buf = Buffer.alloc(want);
      const got = fs.readSync(fd, buf, 0, want, at);
      const out: LogRecord[] = [];
      const r = journalRows(buf, 0, got, versions, out);
      if (r.end === 0) {
        // a record longer than the buffer: read it whole, or stop at a torn end
        const len = got >= 4 ? buf.readUInt32LE(0) : 0;
        if (len <= buf.length || at + len > size) break;
        buf = Buffer.alloc(len);
        continue;
      }
      if (out.length) insertLogRecords(db, out);
      rows += out.length;
      bad += r.bad;
      at += r.end;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { rows, bad, end: at };
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims the journal files of processes that are gone: each renamed to this process's pid (atomic; a file
 * another process claimed first is skipped). Returns the claimed paths, oldest first.
 */
export function claimOrphans(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const claimed: string[] = [];
  for (const name of names.sort()) {
    const m = /^(\d+)-(.+\.journal)$/.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    const to = path.join(dir, `${process.pid}-c${m[2]}`);
    try {
      fs.renameSync(path.join(dir, name), to);
      claimed.push(to);
    } catch {
      // claimed by another process first
    }
  }
  return claimed;
}

/**
 * Indexes the journals a killed server left in this workspace (readers of the log call this first, so
 * a served-then-killed server's rows are there). Returns the rows indexed.
 */
export function indexOrphanJournals(db: Db): number {
  if (db.memory) return 0;
  let rows = 0;
  for (const file of claimOrphans(journalDir(db))) {
    try {
      rows += indexFile(db, file).rows;
      fs.rmSync(file, { force: true });
    } catch {
      // busy or failing: the file keeps this pid's name; once this process is gone it is an orphan again
    }
  }
  return rows;
}
