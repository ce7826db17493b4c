/**
 * The writing end of the serving log's journal (log-journal.ts), run by the log writer thread: appends the
 * bytes drained from the ring to this process's current journal file (a plain write: once written, a
 * kill -9 cannot lose them), starts a new file every ROTATE_BYTES (beginning with the model versions seen
 * so far) and indexes the files into prediction_logs in slices (`index(deadline)`), deleting each file
 * once it is indexed and no longer written. Journal bytes not yet indexed are bounded by `budgetBytes`:
 * past it, requests are dropped and their rows counted, never written.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/db.js';
import { insertLogRecords, type LogRecord } from '../store/prediction-log-store.js';
import { countRows, readVersion, VERSION, walkRecords, type JournalVersion } from './log-journal.js';
import { journalRows } from './log-journal-index.js';

/** A new file after this many bytes (a file is deleted once indexed, so disk use falls as indexing goes). */
export const ROTATE_BYTES = 16 << 20;
/** Journal bytes not yet indexed, at most (about 800,000 requests of an MLP with 64 inputs). */
export const BUDGET_BYTES = 1 << 30;
/** Bytes read back and indexed per transaction. */
const SLICE_BYTES = 256 << 10;

interface JournalFile {
  path: string;
  size: number;
  /** Bytes indexed so far (whole records). */
  indexed: number;
  versions: Map<number, JournalVersion>;
}

export class JournalWriter {
  private readonly files: JournalFile[] = [];
  private current: JournalFile | null = null;
  private fd = -1;
  private seq = 0;
  /** VERSION records seen, by code: every new file starts with them. */
  private readonly versions = new Map<number, Buffer>();
  /** Names this writer's files apart from another writer's in the same process (two servers). */
  private readonly stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  private buf = Buffer.alloc(SLICE_BYTES);
  /** Rows dropped (the budget was full), rows that could not be read back (counted as lost), rows indexed. */
  dropped = 0;
  bad = 0;
  indexed = 0;

  constructor(
    private readonly dir: string,
    private readonly budgetBytes = BUDGET_BYTES,
    private readonly rotateBytes = ROTATE_BYTES,
  ) {
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Files of other (dead) processes this writer indexes too, before its own. */
  adopt(files: string[]): void {
    for (const f of files) this.files.unshift({ path: f, size: fs.statSync(f).size, indexed: 0, versions: new Map() });
  }

  /** Journal bytes written and not yet indexed. */
  get pending(): number {
    let n = 0;
    for (const f of this.files) n += f.size - f.indexed;
    return n;
  }

  /** Appends drained ring bytes (whole records); returns the requests they hold. */
  append(bytes: Buffer): number {
    let requests = 0;
    walkRecords(bytes, 0, bytes.length, (type, start, end) => {
      if (type === VERSION) this.versions.set(readVersion(bytes, start, end).code, Buffer.from(bytes.subarray(start, end)));
      else requests++;
    });
    if (this.pending + bytes.length > this.budgetBytes) {
      this.dropped += countRows(bytes, 0, bytes.length).rows;
      // the versions must still reach a file (opening one writes them): a later request of theirs may fit
      if (!this.current) this.open();
      return requests;
    }
    if (!this.current || this.current.size >= this.rotateBytes) this.open();
    this.write(bytes);
    return requests;
  }

  private write(bytes: Buffer): void {
    if (!this.current) this.open();
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(this.fd, bytes, off, bytes.length - off);
    this.current!.size += bytes.length;
  }

  private open(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    const file = path.join(this.dir, `${process.pid}-${this.stamp}-${String(this.seq++).padStart(6, '0')}.journal`);
    this.fd = fs.openSync(file, 'a+'); // appended to, and read back by the indexer
    this.current = { path: file, size: 0, indexed: 0, versions: new Map() };
    this.files.push(this.current);
    for (const v of this.versions.values()) this.write(v);
  }

  /** Makes what was written durable against a power loss too (a kill -9 loses nothing written anyway). */
  sync(): void {
    if (this.fd >= 0) fs.fdatasyncSync(this.fd);
  }

  /**
   * Indexes journal bytes until `deadline` (performance.now()) or until all is indexed; returns true when
   * nothing is left. A busy database throws (the caller tries again later; nothing is skipped).
   */
  index(db: Db, deadline: number): boolean {
    while (this.files.length) {
      const f = this.files[0];
      if (f.indexed >= f.size) {
        if (f === this.current) return true;
        fs.rmSync(f.path, { force: true });
        this.files.shift();
        continue;
      }
      if (performance.now() >= deadline) return false;
      this.sliceOf(db, f);
    }
    return true;
  }

  private sliceOf(db: Db, f: JournalFile): void {
    const want = Math.min(Math.max(SLICE_BYTES, this.buf.length), f.size - f.indexed);
    if (want > this.buf.length) this.buf = Buffer.alloc(want);
    const fd = f === this.current ? this.fd : fs.openSync(f.path, 'r');
    let got: number;
    try {
      got = fs.readSync(fd, this.buf, 0, want, f.indexed);
    } finally {
      if (fd !== this.fd) fs.closeSync(fd);
    }
    const out: LogRecord[] = [];
    const r = journalRows(this.buf, 0, got, f.versions, out);
    if (r.end === 0) {
      const len = got >= 4 ? this.buf.readUInt32LE(0) : 0;
      // a record longer than the buffer: read it whole next time; a torn end (a dead writer's file): done
      if (len > this.buf.length && f.indexed + len <= f.size) this.buf = Buffer.alloc(len);
      else f.indexed = f.size;
      return;
    }
    if (out.length) insertLogRecords(db, out);
    this.indexed += out.length;
    this.bad += r.bad;
    f.indexed += r.end;
  }

  /**
   * Closes the current file; it is deleted if everything in it was indexed (otherwise it is indexed and
   * deleted later, like a rotated file). The next append opens a new one.
   */
  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
    const f = this.current;
    this.current = null;
    if (f && f.indexed >= f.size) {
      fs.rmSync(f.path, { force: true });
      this.files.splice(this.files.indexOf(f), 1);
    }
  }
}
