import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { ImageProfile } from '../../../shared/schemas/dataset.js';
import type { RawImages } from './blob-format.js';
import { importError } from './errors.js';
import type { ReadProgress } from './parse-csv.js';

const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** Reads a whole (possibly gzipped) IDX file by streaming it through gunzip. */
async function readIdxBytes(file: string, report: ReadProgress, share: [number, number]): Promise<Buffer> {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r');
  const magic = Buffer.alloc(2);
  fs.readSync(fd, magic, 0, 2, 0);
  fs.closeSync(fd);
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  let read = 0;
  raw.on('data', (c) => {
    read += c.length;
    report.progress?.(share[0] + (share[1] - share[0]) * (read / size), `Reading ${path.basename(file)}`);
  });
  const source = magic[0] === 0x1f && magic[1] === 0x8b ? raw.pipe(zlib.createGunzip()) : raw;
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of source) chunks.push(chunk as Buffer);
  } catch (err) {
    throw importError(
      'import.idx_bad',
      { file: path.basename(file), detail: (err as Error).message },
      `${path.basename(file)}: cannot be read as a gzipped IDX file (${(err as Error).message}).`,
    );
  } finally {
    raw.destroy();
  }
  return Buffer.concat(chunks);
}

function header(buf: Buffer, file: string): { dims: number[]; offset: number } {
  const name = path.basename(file);
  if (buf.length < 8 || buf[0] !== 0 || buf[1] !== 0 || buf[2] !== 0x08) {
    throw importError('import.idx_bad', { file: name, detail: 'magic' }, `${name}: not an IDX file of unsigned bytes (the MNIST format): wrong magic number.`);
  }
  const ndim = buf[3];
  const dims: number[] = [];
  for (let i = 0; i < ndim; i++) dims.push(buf.readUInt32BE(4 + i * 4));
  const offset = 4 + ndim * 4;
  const expected = dims.reduce((a, b) => a * b, 1);
  if (buf.length - offset < expected) {
    throw importError(
      'import.idx_bad',
      { file: name, detail: 'short' },
      `${name}: the file is shorter than its header says (${buf.length - offset} of ${expected} bytes); it may be cut off.`,
    );
  }
  return { dims, offset };
}

/** The other file of an images/labels pair, by the usual MNIST naming. */
function partner(file: string): { images: string; labels: string } {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const isLabels = /labels?-idx1/.test(base);
  const other = isLabels ? base.replace(/labels?-idx1/, 'images-idx3') : base.replace(/images?-idx3/, 'labels-idx1');
  const candidates = [other, other.endsWith('.gz') ? other.slice(0, -3) : `${other}.gz`].map((b) => path.join(dir, b));
  const found = candidates.find((c) => c !== file && fs.existsSync(c));
  if (!found) {
    throw importError(
      'import.idx_no_partner',
      { file: base, expected: other },
      `${base}: the matching ${isLabels ? 'images' : 'labels'} file ${other} was not found next to it; IDX data needs both files.`,
    );
  }
  return isLabels ? { images: found, labels: file } : { images: file, labels: found };
}

/** Reads an IDX pair (MNIST / Fashion-MNIST format, gzipped or not) given either file. */
export async function readIdx(file: string, report: ReadProgress = {}): Promise<{ images: RawImages; sizes: ImageProfile['sizes'] }> {
  const pair = partner(file);
  const imgBuf = await readIdxBytes(pair.images, report, [0, 0.8]);
  const labBuf = await readIdxBytes(pair.labels, report, [0.8, 0.9]);
  const img = header(imgBuf, pair.images);
  const lab = header(labBuf, pair.labels);
  const imgName = path.basename(pair.images);
  if (img.dims.length !== 3 && !(img.dims.length === 4 && (img.dims[3] === 1 || img.dims[3] === 3))) {
    throw importError('import.idx_bad', { file: imgName, detail: 'dims' }, `${imgName}: expected images of shape (count, height, width) but found (${img.dims.join(', ')}).`);
  }
  if (lab.dims.length !== 1 || lab.dims[0] !== img.dims[0]) {
    throw importError(
      'import.idx_count_mismatch',
      { images: img.dims[0], labels: lab.dims[0] ?? 0 },
      `${path.basename(pair.labels)} holds ${lab.dims[0] ?? 0} labels but ${imgName} holds ${img.dims[0]} images; they must match.`,
    );
  }
  const [rows, height, width] = img.dims;
  const channels = img.dims[3] ?? 1;
  const rawLabels = labBuf.subarray(lab.offset, lab.offset + rows);
  const values = [...new Set(rawLabels)].sort((a, b) => a - b);
  const fashion = /fashion/i.test(pair.images) && values.every((v) => v < 10);
  const classes = values.map((v) => (fashion ? FASHION_CLASSES[v] : String(v)));
  const index = new Map(values.map((v, i) => [v, i]));
  const labels = Int32Array.from(rawLabels, (v) => index.get(v)!);
  const pixels = new Uint8Array(rows * height * width * channels);
  pixels.set(imgBuf.subarray(img.offset, img.offset + pixels.length));
  return { images: { rows, height, width, channels, classes, pixels, labels }, sizes: [{ width, height, count: rows }] };
}
