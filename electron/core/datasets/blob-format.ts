import crypto from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { Column } from '../../../shared/schemas/dataset.js';
import { prepChoices } from '../../../shared/schemas/prep.js';
import type { RawColumn, RawTable } from './columns.js';

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

const TABLE_MAGIC = 'CICLOT01';
const IMAGE_MAGIC = 'CICLOI01';

interface TableHeader {
  rows: number;
  columns: { name: string; storage: 'f64' | 'dict'; dictBytes?: number }[];
}

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

const pad8 = (n: number) => (8 - (n % 8)) % 8;

function headerBytes(magic: string, header: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const lead = Buffer.alloc(12);
  lead.write(magic, 0, 'latin1');
  const fill = pad8(12 + json.length);
  lead.writeUInt32LE(json.length + fill, 8);
  return Buffer.concat([lead, json, Buffer.alloc(fill, 0x20)]);
}

function view(arr: Float64Array | Int32Array | Uint8Array): Buffer {
  return Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength);
}

function* tableChunks(table: RawTable): Generator<Buffer> {
  const dicts = table.columns.map((c) => (c.storage === 'dict' ? Buffer.from(JSON.stringify(c.dict), 'utf8') : null));
  const header: TableHeader = {
    rows: table.rows,
    columns: table.columns.map((c, i) => (c.storage === 'f64' ? { name: c.name, storage: 'f64' } : { name: c.name, storage: 'dict', dictBytes: dicts[i]!.length })),
  };
  yield headerBytes(TABLE_MAGIC, header);
  for (let i = 0; i < table.columns.length; i++) {
    const c = table.columns[i];
    if (c.storage === 'f64') yield view(c.values);
    else {
      const d = dicts[i]!;
      yield d;
      if (pad8(d.length)) yield Buffer.alloc(pad8(d.length), 0x20);
      yield view(c.codes);
      if (pad8(c.codes.byteLength)) yield Buffer.alloc(pad8(c.codes.byteLength));
    }
  }
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
