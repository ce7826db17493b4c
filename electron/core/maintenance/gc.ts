import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/db.js';
import { referencedHashes } from '../store/blob-refs.js';
import { hasLiveJob, oldestLiveJobStart } from '../store/job-store.js';
import { RunStore } from '../store/run-store.js';

/**
 * Collection of what killed or crashed work leaves behind: temporary files, blobs nothing refers to, the
 * folders of uploads never imported, checkpoints of runs that finished or no longer exist.
 *
 * Never touched: a temporary file whose writer (the pid in its name) is alive; a blob or upload younger
 * than the grace period, referenced or not (an import may have stored it and not yet written the row
 * that points at it); a blob written after the oldest job still running started. A blob is removed by
 * renaming it aside first and checking it was not touched meanwhile (BlobStore.put touches a blob it
 * finds already stored), so a concurrent writer of the same content either sees it gone and writes it
 * again, or the blob is put back.
 */

export interface Orphan {
  kind: 'temp' | 'blob' | 'upload' | 'checkpoint';
  path: string;
  bytes: number;
}

export interface GcResult {
  orphans: number;
  bytes: number;
  removed: number;
  items: Orphan[];
}

export interface GcOptions {
  /** Report only. */
  dryRun?: boolean;
  /** How old an unreferenced blob or upload must be before it is collected. */
  graceMs?: number;
  /** Look at these blob hashes only (a deletion releasing what it referred to). */
  only?: Iterable<string>;
}

export const DEFAULT_GRACE_MS = 60 * 60_000;
const HASH_RE = /^[0-9a-f]{64}$/;
/** writeFileAtomic's temp names: `<file>.<pid>.<hex>.tmp`; putStream's: `blobs/tmp/<pid>-<hex>`. */
const ATOMIC_TMP = /\.(\d+)\.[0-9a-f]+\.tmp$/;
const STREAM_TMP = /^(\d+)-[0-9a-f]+$/;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lstat(file: string): fs.Stats | null {
  try {
    return fs.lstatSync(file);
  } catch {
    return null;
  }
}

function* walk(dir: string): Generator<string> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(full);
    else if (e.isFile()) yield full;
  }
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const f of walk(dir)) n += lstat(f)?.size ?? 0;
  return n;
}

export class Collector {
  constructor(
    private readonly dataDir: string,
    private readonly db: Db,
  ) {}

  private get blobRoot(): string {
    return path.join(this.dataDir, 'blobs');
  }

  /** Files written after this moment may belong to a job still running (in any process). */
  private liveSince(): number {
    const t = oldestLiveJobStart(this.db);
    return t ? Date.parse(t) - 60_000 : Infinity;
  }

  private hasLiveJob(kind: string): boolean {
    return hasLiveJob(this.db, kind);
  }

  /** What would be collected now. */
  find(options: GcOptions = {}): Orphan[] {
    const grace = options.graceMs ?? DEFAULT_GRACE_MS;
    const now = Date.now();
    const oldEnough = (st: fs.Stats) => now - st.mtimeMs >= grace && st.mtimeMs < this.liveSince();
    const out: Orphan[] = [];
    if (options.only) {
      const refs = referencedHashes(this.db);
      for (const h of new Set(options.only)) {
        if (!HASH_RE.test(h) || refs.has(h)) continue;
        const file = path.join(this.blobRoot, h.slice(0, 2), h.slice(2));
        const st = lstat(file);
        if (st && st.mtimeMs < this.liveSince()) out.push({ kind: 'blob', path: file, bytes: st.size });
      }
      return out;
    }
    // temporary files of writers that are gone (anywhere in the workspace)
    for (const file of walk(this.dataDir)) {
      const base = path.basename(file);
      const inStreamTmp = path.dirname(file) === path.join(this.blobRoot, 'tmp');
      const m = ATOMIC_TMP.exec(base) ?? (inStreamTmp ? STREAM_TMP.exec(base) : null);
      const isTemp = m || base.endsWith('.tmp') || inStreamTmp;
      if (!isTemp) continue;
      const st = lstat(file);
      if (!st) continue;
      const pid = m ? Number(m[1]) : null;
      if (pid !== null ? pidAlive(pid) : !oldEnough(st)) continue;
      out.push({ kind: 'temp', path: file, bytes: st.size });
    }
    // blobs nothing refers to
    const refs = referencedHashes(this.db);
    for (const prefix of safeList(this.blobRoot)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const rest of safeList(path.join(this.blobRoot, prefix))) {
        const hash = prefix + rest;
        if (!HASH_RE.test(hash) || refs.has(hash)) continue;
        const file = path.join(this.blobRoot, prefix, rest);
        const st = lstat(file);
        if (st?.isFile() && oldEnough(st)) out.push({ kind: 'blob', path: file, bytes: st.size });
      }
    }
    // uploads never imported (an import removes its upload when it ends, however it ends)
    const uploads = path.join(this.dataDir, 'uploads');
    if (!this.hasLiveJob('dataset.import')) {
      for (const name of safeList(uploads)) {
        const dir = path.join(uploads, name);
        const st = lstat(dir);
        if (st && oldEnough(st)) out.push({ kind: 'upload', path: dir, bytes: dirBytes(dir) });
      }
    }
    // checkpoints of runs that succeeded (the checkpoint is removed right after) or do not exist
    const ckpts = path.join(this.dataDir, 'checkpoints');
    const runs = new RunStore(this.db);
    for (const name of safeList(ckpts)) {
      if (!name.endsWith('.ckpt')) continue;
      const row = runs.packageOf(name.slice(0, -5));
      if (row && row.status !== 'succeeded') continue;
      const st = lstat(path.join(ckpts, name));
      if (st && (row || oldEnough(st))) out.push({ kind: 'checkpoint', path: path.join(ckpts, name), bytes: st.size });
    }
    return out;
  }

  /** Finds and (unless dryRun) removes; what could not be removed is still counted as an orphan. */
  collect(options: GcOptions = {}): GcResult {
    const items = this.find(options);
    let removed = 0;
    if (!options.dryRun) {
      for (const o of items) if (this.remove(o)) removed++;
    }
    return { orphans: items.length, bytes: items.reduce((a, o) => a + o.bytes, 0), removed, items };
  }

  private remove(o: Orphan): boolean {
    try {
      if (o.kind === 'upload') {
        fs.rmSync(o.path, { recursive: true, force: true });
        return true;
      }
      if (o.kind !== 'blob') {
        fs.rmSync(o.path, { force: true });
        return true;
      }
      const seen = lstat(o.path);
      if (!seen) return false;
      const aside = `${o.path}.gc.${process.pid}.tmp`;
      fs.renameSync(o.path, aside);
      const after = lstat(aside);
      if (after && after.mtimeMs !== seen.mtimeMs) {
        // touched meanwhile: someone stores the same content now; put it back unless they rewrote it
        if (!fs.existsSync(o.path)) fs.renameSync(aside, o.path);
        else fs.rmSync(aside, { force: true });
        return false;
      }
      fs.rmSync(aside, { force: true });
      return true;
    } catch {
      return false;
    }
  }
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
