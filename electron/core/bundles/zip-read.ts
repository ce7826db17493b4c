import crypto from 'node:crypto';
import fs from 'node:fs';
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import type { BundleLimits } from './format.js';
import { unsafeName } from './format.js';

/**
 * Reads a bundle's zip without trusting it. Content is decoded by fflate's streaming Unzip, fed in 1 MB
 * chunks, so memory does not grow with the bundle; fflate does not expose the central directory's
 * attributes, so the directory records (names, declared sizes, file modes) are read here to refuse
 * symlinks, duplicate names, unsafe paths and zip bombs before any content is inflated.
 */

export interface Problem {
  check: 'zip' | 'entry' | 'size' | 'manifest' | 'signature' | 'files' | 'hash' | 'format' | 'signer';
  file?: string;
  message: string;
}

export class BundleRefused extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => p.message).join('\n'));
  }
}

export interface DirectoryEntry {
  name: string;
  compression: number;
  compressedSize: number;
  size: number;
  mode: number;
  flags: number;
}

export interface ReadEntry {
  name: string;
  size: number;
  sha256: string;
}

const EOCD_SIG = 0x06054b50;
const CD_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const CHUNK = 1024 * 1024;

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = fs.readSync(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}

/** The central directory of the zip at `file`, checked against the limits; throws BundleRefused. */
export function readDirectory(file: string, limits: BundleLimits): DirectoryEntry[] {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const head = readAt(fd, 0, 4);
    const looksZip = head.length === 4 && head.readUInt32LE(0) === LOCAL_SIG;
    if (!looksZip) {
      throw new BundleRefused([
        { check: 'zip', message: size === 0 ? 'The file is empty: it is not a Ciclo bundle.' : 'The file is not a zip archive, so it is not a Ciclo bundle.' },
      ]);
    }
    const tailLength = Math.min(size, 22 + 65535);
    const tail = readAt(fd, size - tailLength, tailLength);
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIG && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
        at = i;
        break;
      }
    }
    if (at < 0) throw new BundleRefused([{ check: 'zip', message: 'The bundle is truncated: the end of its zip directory is missing (the file was cut short while copying?).' }]);
    const count = tail.readUInt16LE(at + 10);
    const cdSize = tail.readUInt32LE(at + 12);
    const cdOffset = tail.readUInt32LE(at + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      throw new BundleRefused([{ check: 'zip', message: 'The bundle uses ZIP64 records, which Ciclo bundles never use.' }]);
    }
    if (count > limits.maxEntries) throw new BundleRefused([{ check: 'size', message: `The bundle holds ${count} entries; a Ciclo bundle holds at most ${limits.maxEntries}.` }]);
    if (cdOffset + cdSize > size - tailLength + at)
      throw new BundleRefused([{ check: 'zip', message: 'The bundle is truncated: its zip directory points past the end of the file.' }]);
    const cd = readAt(fd, cdOffset, cdSize);
    const entries: DirectoryEntry[] = [];
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CD_SIG) throw new BundleRefused([{ check: 'zip', message: 'The zip directory of the bundle is damaged.' }]);
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      const madeBy = cd.readUInt16LE(p + 4) >> 8;
      const external = cd.readUInt32LE(p + 38);
      entries.push({
        flags: cd.readUInt16LE(p + 8),
        compression: cd.readUInt16LE(p + 10),
        compressedSize: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        name: cd.subarray(p + 46, p + 46 + nameLength).toString('utf8'),
        mode: madeBy === 3 ? external >>> 16 : 0,
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    checkDirectory(entries, limits);
    return entries;
  } finally {
    fs.closeSync(fd);
  }
}

function checkDirectory(entries: DirectoryEntry[], limits: BundleLimits): void {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const e of entries) {
    const unsafe = unsafeName(e.name);
    if (unsafe) problems.push({ check: 'entry', file: e.name, message: `Entry "${e.name}" has an unsafe path (${unsafe}); a bundle never writes outside its own folder.` });
    const key = e.name.toLowerCase();
    if (seen.has(key)) problems.push({ check: 'entry', file: e.name, message: `Entry "${e.name}" appears more than once in the bundle.` });
    seen.add(key);
    if ((e.mode & 0o170000) === 0o120000) problems.push({ check: 'entry', file: e.name, message: `Entry "${e.name}" is a symbolic link; bundles hold only regular files.` });
    else if ((e.mode & 0o170000) === 0o040000 || e.name.endsWith('/'))
      problems.push({ check: 'entry', file: e.name, message: `Entry "${e.name}" is a folder; bundles hold only regular files.` });
    if (e.flags & 1) problems.push({ check: 'entry', file: e.name, message: `Entry "${e.name}" is encrypted; bundles are signed, not encrypted.` });
    if (e.compression !== 0 && e.compression !== 8)
      problems.push({ check: 'entry', file: e.name, message: `Entry "${e.name}" uses compression method ${e.compression}; bundles use only stored or deflate.` });
    if (e.size > limits.maxFileBytes)
      problems.push({ check: 'size', file: e.name, message: `Entry "${e.name}" would inflate to ${e.size} bytes, over the limit of ${limits.maxFileBytes} bytes per file.` });
    const ratio = e.size / Math.max(1, e.compressedSize);
    if (e.size > limits.ratioFloorBytes && ratio > limits.maxRatio) {
      problems.push({
        check: 'size',
        file: e.name,
        message: `Entry "${e.name}" inflates ${Math.round(ratio)} times (${e.compressedSize} to ${e.size} bytes), over the limit of ${limits.maxRatio}: a zip bomb.`,
      });
    }
    total += e.size;
  }
  if (total > limits.maxTotalBytes)
    problems.push({ check: 'size', message: `The bundle would inflate to ${total} bytes in all, over the limit of ${limits.maxTotalBytes} bytes.` });
  if (problems.length) throw new BundleRefused(problems);
}

export interface StreamOptions {
  /** Entries kept in memory (the manifest, the signature, small documents), by name, up to `keepBytes` each. */
  keep: (name: string) => boolean;
  keepBytes: number;
  /** Receives every decoded chunk (import writes the package to the blob store from here). */
  onChunk?: (name: string, chunk: Uint8Array, final: boolean) => void;
  /** Awaited between file chunks (lets a writer drain). */
  pause?: () => Promise<void>;
}

/**
 * Streams the zip's content through fflate, hashing each entry and checking its real size against the
 * directory's declared size as it inflates. Entries come in file order and must match the directory.
 */
export async function streamEntries(file: string, directory: DirectoryEntry[], options: StreamOptions): Promise<{ entries: ReadEntry[]; kept: Map<string, Buffer> }> {
  const entries: ReadEntry[] = [];
  const kept = new Map<string, Buffer>();
  let failure: Problem | null = null;
  const fail = (p: Problem) => {
    failure ??= p;
    throw new BundleRefused([p]);
  };
  const unzip = new Unzip((f: UnzipFile) => {
    const index = entries.length + open;
    const declared = directory[index];
    if (!declared || declared.name !== f.name)
      fail({ check: 'entry', file: f.name, message: `Entry "${f.name}" is hidden from the zip directory (or out of order): the archive was altered.` });
    open++;
    const hash = crypto.createHash('sha256');
    const parts: Buffer[] = [];
    let size = 0;
    const keep = options.keep(f.name);
    f.ondata = (err, chunk, final) => {
      // fflate hands a throw from inside this callback back as `err`: keep the first problem as found
      if (err && failure) throw new BundleRefused([failure]);
      if (err) fail({ check: 'zip', file: f.name, message: `Entry "${f.name}" cannot be decompressed: ${err.message}.` });
      size += chunk.length;
      if (size > declared.size) fail({ check: 'size', file: f.name, message: `Entry "${f.name}" inflates past the ${declared.size} bytes its directory declares: a zip bomb.` });
      hash.update(chunk);
      if (keep) {
        if (size > options.keepBytes) fail({ check: 'size', file: f.name, message: `Entry "${f.name}" is larger than ${options.keepBytes} bytes.` });
        parts.push(Buffer.from(chunk));
      }
      options.onChunk?.(f.name, chunk, final);
      if (final) {
        open--;
        if (size !== declared.size) fail({ check: 'size', file: f.name, message: `Entry "${f.name}" holds ${size} bytes but its directory declares ${declared.size}.` });
        entries.push({ name: f.name, size, sha256: hash.digest('hex') });
        if (keep) kept.set(f.name, Buffer.concat(parts));
      }
    };
    f.start();
  });
  let open = 0;
  unzip.register(UnzipInflate);
  const stream = fs.createReadStream(file, { highWaterMark: CHUNK });
  try {
    for await (const chunk of stream) {
      unzip.push(chunk as Buffer);
      if (options.pause) await options.pause();
    }
    unzip.push(new Uint8Array(0), true);
  } catch (err) {
    stream.destroy();
    if (err instanceof BundleRefused) throw err;
    if (failure) throw new BundleRefused([failure]);
    throw new BundleRefused([{ check: 'zip', message: `The bundle's zip data is damaged: ${(err as Error).message}.` }]);
  }
  if (entries.length !== directory.length) {
    const missing = directory.slice(entries.length).map((e) => e.name);
    throw new BundleRefused([
      {
        check: 'zip',
        file: missing[0],
        message: `The bundle is truncated or damaged: ${missing.length} entr${missing.length === 1 ? 'y' : 'ies'} listed in its directory (${missing.join(', ')}) could not be read.`,
      },
    ]);
  }
  return { entries, kept };
}
