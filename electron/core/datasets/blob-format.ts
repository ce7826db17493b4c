import crypto from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { Column } from '../../../shared/schemas/dataset.js';
import { prepChoices } from '../../../shared/schemas/prep.js';
import type { BlobStore } from '../store/blobs.js';
import type { ImportThread } from './import-thread.js';
import type { RawColumn, RawTable } from './columns.js';
import { blobChunks, dictJsonFromBytes, dictJsonOf, headerBytes, pad8, TABLE_MAGIC, takeDictBytes, view, type TableHeader } from './table-chunks.js';

/**
 * The canonical stored form of a data set's content, one blob in the content-addressed store:
 *
 *   magic (8 bytes: "CICLOT01" for tables, "CICLOI01" for images), u32 LE header length, header JSON,
 *   spaces up to a multiple of 8 bytes, then the data sections, each padded to a multiple of 8 bytes.
 *
 * Tables: per column either float64 values (NaN = missing) or a dictionary (JSON array of strings)
 * followed by int32 codes (-1 = missing). Images: uint8 pixels (row, y, x, channel) then int32 labels.
 * Numbers are little-endian. The same content always gives the same bytes, so the same hash.
 */

const IMAGE_MAGIC = 'CICLOI01';

export interface RawImages {
  rows: number;
  height: number;
  width: number;
  channels: number;
  classes: string[];
  pixels: Uint8Array;
  labels: Int32Array;
}

interface ImageHeader {
  rows: number;
  height: number;
  width: number;
  channels: number;
  classes: string[];
}

/** A finished column's dictionary JSON: from its texts' bytes when they are known (see takeDictBytes), else from its strings. */
export function dictJsonOfColumn(dict: readonly string[]): Buffer {
  const bytes = takeDictBytes(dict);
  return (bytes && dictJsonFromBytes(bytes)) ?? dictJsonOf(dict);
}

function tableChunks(table: RawTable): Generator<Buffer> {
  return blobChunks(
    table.rows,
    table.columns.map((c) => (c.storage === 'f64' ? { name: c.name, values: c.values } : { name: c.name, dictJson: () => dictJsonOfColumn(c.dict), codes: c.codes })),
  );
}

function* imageChunks(images: RawImages): Generator<Buffer> {
  const header: ImageHeader = { rows: images.rows, height: images.height, width: images.width, channels: images.channels, classes: images.classes };
  yield headerBytes(IMAGE_MAGIC, header);
  yield view(images.pixels);
  if (pad8(images.pixels.byteLength)) yield Buffer.alloc(pad8(images.pixels.byteLength));
  yield view(images.labels);
  if (pad8(images.labels.byteLength)) yield Buffer.alloc(pad8(images.labels.byteLength));
}

export function tableStream(table: RawTable): Readable {
  return Readable.from(tableChunks(table), { objectMode: false });
}

/**
 * Stores a read table's data blob: written by the import's second thread when there is one (it is idle while
 * the table is typed and profiled: import-thread.ts writeTable), else streamed from this thread.
 */
export async function storeTable(blobs: BlobStore, table: RawTable, thread: ImportThread | null): Promise<{ hash: string; size: number }> {
  if (thread?.alive) {
    const written = await blobs.putWritten((tmp) => thread.writeTable(table, tmp));
    if (written) return written;
  }
  return blobs.putStream(tableStream(table));
}

export function imageStream(images: RawImages): Readable {
  return Readable.from(imageChunks(images), { objectMode: false });
}

/** sha256 of what the blob would hold, without writing it. */
export function contentHash(chunks: Iterable<Buffer>): string {
  const h = crypto.createHash('sha256');
  for (const c of chunks) h.update(c);
  return h.digest('hex');
}

export function tableContentHash(table: RawTable): string {
  return contentHash(tableChunks(table));
}

export function imageContentHash(images: RawImages): string {
  return contentHash(imageChunks(images));
}

function aligned(buf: Buffer): Buffer {
  if (buf.byteOffset % 8 === 0) return buf;
  const copy = Buffer.alloc(buf.length);
  buf.copy(copy);
  return copy;
}

function readHeader<T>(buf: Buffer, magic: string, file: string): { header: T; offset: number } {
  if (buf.length < 12 || buf.toString('latin1', 0, 8) !== magic) throw new Error(`Stored data set ${file} is damaged (bad magic number).`);
  const len = buf.readUInt32LE(8);
  return { header: JSON.parse(buf.toString('utf8', 12, 12 + len)) as T, offset: 12 + len };
}

/** Reads a stored table; the typed arrays are views on one buffer read from disk. */
export function readTableBlob(file: string): RawTable {
  const buf = aligned(fs.readFileSync(file));
  const { header, offset: start } = readHeader<TableHeader>(buf, TABLE_MAGIC, file);
  let offset = start;
  const rows = header.rows;
  const columns: RawColumn[] = header.columns.map((c) => {
    if (c.storage === 'f64') {
      const values = new Float64Array(buf.buffer, buf.byteOffset + offset, rows);
      offset += rows * 8;
      return { name: c.name, storage: 'f64', values };
    }
    const dictBytes = c.dictBytes ?? 0;
    const dict = JSON.parse(buf.toString('utf8', offset, offset + dictBytes)) as string[];
    offset += dictBytes + pad8(dictBytes);
    const codes = new Int32Array(buf.buffer, buf.byteOffset + offset, rows);
    offset += rows * 4 + pad8(rows * 4);
    return { name: c.name, storage: 'dict', dict, codes };
  });
  return { rows, columns };
}

export function readImageBlob(file: string): RawImages {
  const buf = aligned(fs.readFileSync(file));
  const { header, offset } = readHeader<ImageHeader>(buf, IMAGE_MAGIC, file);
  const size = header.rows * header.height * header.width * header.channels;
  const pixels = new Uint8Array(buf.buffer, buf.byteOffset + offset, size);
  const labelsAt = offset + size + pad8(size);
  const labels = new Int32Array(buf.buffer, buf.byteOffset + labelsAt, header.rows);
  return { ...header, pixels, labels };
}

/**
 * The version hash: sha256 over the canonical content, that is the stored data (by its own sha256) and
 * the schema the model will see (column names, types, roles and the target).
 */
export function versionHash(dataHash: string, columns: Column[], target: string | null): string {
  // preparation settings count only when they differ from the defaults, so versions made before they existed keep their hash
  const schema = columns.map((c) => {
    const prep = prepChoices(c);
    return prep ? [c.name, c.type, c.role, prep] : [c.name, c.type, c.role];
  });
  return crypto
    .createHash('sha256')
    .update(JSON.stringify({ data: dataHash, schema, target }))
    .digest('hex');
}
