import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { AppError } from '../../../shared/contract/errors.js';
import type { DataIssue, ImageProfile } from '../../../shared/schemas/dataset.js';
import type { RawImages } from './blob-format.js';
import { importError, warning } from './errors.js';
import type { ReadProgress } from './parse-csv.js';

const IMAGE_RE = /\.(png|jpe?g)$/i;

interface ImageFile {
  file: string;
  label: number;
  width: number;
  height: number;
}

/** Width and height from a PNG or JPEG header, without decoding the image; null when the header is not there. */
export function imageSize(buf: Buffer): { width: number; height: number } | null {
  if (buf.length >= 24 && buf.readUInt32BE(0) === 0x89504e47 && buf.toString('latin1', 12, 16) === 'IHDR') {
    return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
  }
  if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xd8) {
    let i = 2;
    while (i + 9 < buf.length) {
      if (buf[i] !== 0xff) return null;
      const marker = buf[i + 1];
      const len = buf.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
      }
      i += 2 + len;
    }
  }
  return null;
}

/** Decodes a PNG or JPEG into RGBA bytes; a damaged file is an error naming it. */
export function decodeImage(buf: Buffer, shown: string): { width: number; height: number; data: Uint8Array } {
  try {
    if (buf.length >= 8 && buf.readUInt32BE(0) === 0x89504e47) {
      const png = PNG.sync.read(buf);
      return { width: png.width, height: png.height, data: png.data };
    }
    if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xd8) {
      const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 256 });
      return { width: img.width, height: img.height, data: img.data };
    }
  } catch (err) {
    throw importError('import.bad_image', { file: shown, detail: (err as Error).message }, `${shown}: the image cannot be decoded (${(err as Error).message}).`);
  }
  throw importError('import.bad_image', { file: shown, detail: 'not PNG or JPEG' }, `${shown}: not a PNG or JPEG image, although its name says so.`);
}

/** Bilinear resize of RGBA to RGB (transparent pixels over white) at width x height. */
function toRgb(src: { width: number; height: number; data: Uint8Array }, width: number, height: number, out: Uint8Array, at: number): void {
  const sx = src.width / width;
  const sy = src.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(src.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(src.height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(src.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(src.width - 1, x0 + 1);
      const wx = fx - x0;
      const p = (yy: number, xx: number, c: number) => {
        const o = (yy * src.width + xx) * 4;
        const a = src.data[o + 3] / 255;
        return src.data[o + c] * a + 255 * (1 - a);
      };
      for (let c = 0; c < 3; c++) {
        const top = p(y0, x0, c) * (1 - wx) + p(y0, x1, c) * wx;
        const bottom = p(y1, x0, c) * (1 - wx) + p(y1, x1, c) * wx;
        out[at + (y * width + x) * 3 + c] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
}

function listImages(dir: string): { images: string[]; skipped: number } {
  const images: string[] = [];
  let skipped = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (IMAGE_RE.test(e.name)) images.push(full);
      else skipped++;
    }
  };
  walk(dir);
  return { images, skipped };
}

export interface ReadImages {
  images: RawImages;
  sizes: ImageProfile['sizes'];
  warnings: DataIssue[];
}

/**
 * Reads a folder with one sub-folder per class of PNG/JPEG images. Every image is brought to the most
 * common size (bilinear), transparent pixels over white; grey-scale when every image is grey.
 */
export async function readImageFolder(dir: string, report: ReadProgress = {}): Promise<ReadImages> {
  const name = path.basename(dir);
  const classes = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  if (classes.length === 0) {
    throw importError('import.images_no_classes', { folder: name }, `Folder ${name} has no sub-folders: put the images of each class in a sub-folder named after the class.`);
  }
  if (classes.length === 1) {
    throw importError(
      'import.images_one_class',
      { folder: name, class: classes[0] },
      `Folder ${name} has only one class sub-folder ("${classes[0]}"); classification needs at least 2 classes, one sub-folder per class.`,
    );
  }
  const warnings: DataIssue[] = [];
  const files: ImageFile[] = [];
  let skipped = 0;
  for (let label = 0; label < classes.length; label++) {
    const found = listImages(path.join(dir, classes[label]));
    skipped += found.skipped;
    if (found.images.length === 0) {
      throw importError('import.images_empty_class', { folder: name, class: classes[label] }, `Class folder ${name}/${classes[label]} has no PNG or JPEG images.`);
    }
    for (const file of found.images) {
      const fd = fs.openSync(file, 'r');
      const head = Buffer.alloc(64 * 1024);
      const n = fs.readSync(fd, head, 0, head.length, 0);
      fs.closeSync(fd);
      const size = imageSize(head.subarray(0, n));
      const shown = path.relative(path.dirname(dir), file);
      if (!size || size.width === 0 || size.height === 0) {
        throw importError('import.bad_image', { file: shown, detail: 'no image header' }, `${shown}: not a valid PNG or JPEG image (no image header found).`);
      }
      files.push({ file, label, ...size });
    }
  }
  if (skipped) {
    warnings.push(
      warning(
        'import.images_skipped',
        null,
        { folder: name, count: skipped },
        `${skipped} file${skipped === 1 ? '' : 's'} in ${name} ${skipped === 1 ? 'is' : 'are'} not PNG or JPEG and ${skipped === 1 ? 'was' : 'were'} skipped.`,
      ),
    );
  }
  const sizeCounts = new Map<string, { width: number; height: number; count: number }>();
  for (const f of files) {
    const key = `${f.width}x${f.height}`;
    const s = sizeCounts.get(key) ?? { width: f.width, height: f.height, count: 0 };
    s.count++;
    sizeCounts.set(key, s);
  }
  const sizes = [...sizeCounts.values()].sort((a, b) => b.count - a.count || b.width * b.height - a.width * a.height);
  const { width, height } = sizes[0];
  if (sizes.length > 1) {
    warnings.push(
      warning(
        'import.images_resized',
        null,
        { width, height, sizes: sizes.length },
        `The images come in ${sizes.length} sizes; all were resized to the most common one, ${width}x${height}.`,
      ),
    );
  }
  const frame = width * height * 3;
  const rgb = new Uint8Array(files.length * frame);
  const labels = new Int32Array(files.length);
  let grey = true;
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    const decoded = decodeImage(fs.readFileSync(f.file), path.relative(path.dirname(dir), f.file));
    toRgb(decoded, width, height, rgb, i * frame);
    labels[i] = f.label;
    if (grey) {
      for (let p = i * frame; p < (i + 1) * frame; p += 3) {
        if (rgb[p] !== rgb[p + 1] || rgb[p] !== rgb[p + 2]) {
          grey = false;
          break;
        }
      }
    }
    if ((i & 63) === 0) {
      if (report.signal?.aborted) throw new AppError('cancelled', 'The import was cancelled.');
      report.progress?.(i / files.length, `Read ${i} of ${files.length} images`);
      await new Promise((r) => setImmediate(r));
    }
  }
  let pixels = rgb;
  if (grey) {
    pixels = new Uint8Array(files.length * width * height);
    for (let p = 0; p < pixels.length; p++) pixels[p] = rgb[p * 3];
  }
  return { images: { rows: files.length, height, width, channels: grey ? 1 : 3, classes, pixels, labels }, sizes, warnings };
}

/** Images that are byte-for-byte copies of an earlier one. */
export function duplicateImages(images: RawImages): number {
  const frame = images.height * images.width * images.channels;
  const seen = new Set<string>();
  for (let i = 0; i < images.rows; i++) {
    seen.add(
      crypto
        .createHash('sha1')
        .update(images.pixels.subarray(i * frame, (i + 1) * frame))
        .digest('base64'),
    );
  }
  return images.rows - seen.size;
}

export function profileImages(images: RawImages, sizes: ImageProfile['sizes']): ImageProfile {
  const counts = new Array<number>(images.classes.length).fill(0);
  for (let i = 0; i < images.rows; i++) counts[images.labels[i]]++;
  return {
    kind: 'images',
    rows: images.rows,
    height: images.height,
    width: images.width,
    channels: images.channels,
    classes: images.classes.map((name, i) => ({ name, count: counts[i] })),
    sizes,
    duplicateRows: duplicateImages(images),
  };
}

/** One stored image as PNG bytes (opaque; grey images as equal R, G and B), exactly its stored pixels. */
export function imagePng(images: Pick<RawImages, 'width' | 'height' | 'channels' | 'pixels'>, index: number): Buffer {
  const { width, height, channels } = images;
  const png = new PNG({ width, height });
  const frame = width * height * channels;
  const src = images.pixels.subarray(index * frame, (index + 1) * frame);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) png.data[p * 4 + c] = src[p * channels + (channels === 1 ? 0 : c)];
    png.data[p * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** A PNG data URL of one stored image, for thumbnail grids. */
export function thumbnail(images: RawImages, index: number): string {
  return `data:image/png;base64,${imagePng(images, index).toString('base64')}`;
}
