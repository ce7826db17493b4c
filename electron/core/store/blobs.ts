import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { fsyncDir, writeFileAtomic } from './files.js';
import { mark } from '../datasets/trace.js';

const HASH_RE = /^[0-9a-f]{64}$/;

/**
 * Marks a stored blob as just used (its mtime), so the collector leaves it alone while the row that will
 * refer to it is being written; false when it is not stored (then the caller writes it).
 */
function touch(file: string): boolean {
  const now = new Date();
  try {
    fs.utimesSync(file, now, now);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    // a read-only workspace: the blob is there, it only cannot be marked
    return fs.existsSync(file);
  }
}

/**
 * Content-addressed store: a blob's name is the sha256 of its bytes, so identical content is stored once
 * and a stored blob never changes. Writes are atomic (temp file, fsync, rename).
 */
export class BlobStore {
  constructor(readonly root: string) {
    fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  }

  pathOf(hash: string): string {
    if (!HASH_RE.test(hash)) throw new Error(`Not a blob hash: ${hash}`);
    return path.join(this.root, hash.slice(0, 2), hash.slice(2));
  }

  has(hash: string): boolean {
    return fs.existsSync(this.pathOf(hash));
  }

  put(data: string | Uint8Array): string {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    const hash = crypto.createHash('sha256').update(bytes).digest('hex');
    const target = this.pathOf(hash);
    if (!touch(target)) writeFileAtomic(target, bytes);
    return hash;
  }

  /** Streams into the store without holding the content in memory. */
  async putStream(source: Readable): Promise<{ hash: string; size: number }> {
    const tmp = this.tempPath();
    const hasher = crypto.createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hasher.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, tap, fs.createWriteStream(tmp));
      mark('blob written');
      return await this.adopt(tmp, hasher.digest('hex'), size);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
  }

  /**
   * As putStream, for content written elsewhere (another thread): `write` writes the whole blob to the temporary
   * file it is given and returns the sha256 and size of what it wrote, or null when it did not write it (then
   * nothing is stored and this returns null).
   */
  async putWritten(write: (tmp: string) => Promise<{ hash: string; size: number } | null>): Promise<{ hash: string; size: number } | null> {
    const tmp = this.tempPath();
    try {
      const written = await write(tmp);
      mark('blob written');
      if (!written || !HASH_RE.test(written.hash)) {
        fs.rmSync(tmp, { force: true });
        return null;
      }
      return await this.adopt(tmp, written.hash, written.size);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
  }

  private tempPath(): string {
    return path.join(this.root, 'tmp', `${process.pid}-${crypto.randomBytes(8).toString('hex')}`);
  }

  /** Flushes a written temporary file and moves it to its content's name (or drops it when that is stored). */
  private async adopt(tmp: string, hash: string, size: number): Promise<{ hash: string; size: number }> {
    // flushed off the event loop: the caller may be computing meanwhile (an import's profile)
    const fh = await fs.promises.open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    mark('blob synced');
    const target = this.pathOf(hash);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (touch(target)) fs.rmSync(tmp);
    else {
      fs.renameSync(tmp, target);
      fsyncDir(path.dirname(target));
    }
    return { hash, size };
  }

  read(hash: string): Buffer {
    return fs.readFileSync(this.pathOf(hash));
  }

  readText(hash: string): string {
    return fs.readFileSync(this.pathOf(hash), 'utf8');
  }

  createReadStream(hash: string): fs.ReadStream {
    return fs.createReadStream(this.pathOf(hash));
  }

  putJson(value: unknown): string {
    return this.put(JSON.stringify(value));
  }

  readJson<T = unknown>(hash: string): T {
    return JSON.parse(this.readText(hash)) as T;
  }
}
