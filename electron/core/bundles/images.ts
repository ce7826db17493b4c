import { z } from 'zod';
import type { Column } from '../../../shared/schemas/dataset.js';
import type { RawImages } from '../datasets/blob-format.js';
import type { ReadData } from '../datasets/importer.js';
import { decodeImage, imagePng, profileImages } from '../datasets/images.js';
import type { LoadedImages } from '../datasets/types.js';
import type { Preprocessing } from '../training/preprocess.js';
import { ENTRY, IMAGE_EXAMPLE } from './format.js';
import type { Problem } from './zip-read.js';

/**
 * The image example set of a bundle whose model reads an image data set (format 2): a few images of the
 * training data as PNG files (exactly the stored pixels, at the model's size), and schema/image-example.json
 * saying what the model expects of an image (size, channels, the normalisation its preprocessing applies,
 * the class names) and which class each example image has. Every file is in the manifest like any other
 * (size, SHA-256, signed); verify checks the set against the model's preprocessing; an import turns it into
 * an image data set version, so the model can be evaluated and can predict in the receiving workspace.
 */

export const IMAGES_PER_CLASS = 3;
export const MAX_IMAGES = 40;
export const IMAGE_DIR = 'examples/images/';

const imageExampleDoc = z.object({
  height: z.number().int().min(1).max(4096),
  width: z.number().int().min(1).max(4096),
  channels: z.union([z.literal(1), z.literal(3)]),
  scale: z.number().positive(),
  normalisation: z.string(),
  classes: z.array(z.string()).min(2),
  images: z.array(z.object({ path: z.string(), label: z.string() })).min(1),
});
type ImageExample = z.infer<typeof imageExampleDoc>;

const json = (v: unknown) => Buffer.from(JSON.stringify(v, null, 2) + '\n', 'utf8');
const csvCell = (v: string) => (/[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v);

/** Does this model read an image data set (and so travel with an image example set)? */
export function readsImageSet(pre: { image?: { source?: string } | null } | null | undefined): boolean {
  return pre?.image?.source === 'images';
}

/** The example set's files (index, images and the input example listing them), in a fixed order. */
export function imageExampleFiles(pre: Preprocessing, images: LoadedImages): Map<string, Buffer> {
  const image = pre.image!;
  if (images.height !== image.height || images.width !== image.width || images.channels !== image.channels) {
    throw new Error(`The training images are ${images.height}x${images.width}x${images.channels}, the model reads ${image.height}x${image.width}x${image.channels}.`);
  }
  const taken = new Map<number, number>();
  const picked: number[] = [];
  for (let r = 0; r < images.rowCount && picked.length < MAX_IMAGES; r++) {
    const n = taken.get(images.labels[r]) ?? 0;
    if (n >= IMAGES_PER_CLASS) continue;
    taken.set(images.labels[r], n + 1);
    picked.push(r);
  }
  const files = new Map<string, Buffer>();
  const list = picked.map((r, i) => ({ path: `${IMAGE_DIR}${String(i + 1).padStart(3, '0')}.png`, label: images.classes[images.labels[r]], row: r }));
  const doc: ImageExample = {
    height: image.height,
    width: image.width,
    channels: image.channels as 1 | 3,
    scale: image.scale,
    normalisation: `each pixel value (0..255, row-major height x width x channels) / ${image.scale}`,
    classes: [...pre.target.classes!],
    images: list.map(({ path, label }) => ({ path, label })),
  };
  files.set(ENTRY.inputExample, Buffer.from(['image,label', ...list.map((e) => `${e.path},${csvCell(e.label)}`)].join('\n') + '\n', 'utf8'));
  files.set(IMAGE_EXAMPLE, json(doc));
  for (const e of list) files.set(e.path, imagePng(images, e.row));
  return files;
}

function parseJson(b: Buffer | undefined): unknown {
  try {
    return b ? (JSON.parse(b.toString('utf8')) as unknown) : null;
  } catch {
    return null;
  }
}

/** Reads and checks the example set: its index against the model's preprocessing, each image's file and size. */
function readExample(documents: Map<string, Buffer>, listed: Set<string>): { doc: ImageExample | null; problems: Problem[] } {
  const pre = parseJson(documents.get(ENTRY.preprocessing)) as Preprocessing | null;
  if (pre !== null && typeof pre !== 'object') return { doc: null, problems: [] };
  const examples = [...listed].filter((p) => p.startsWith(IMAGE_DIR));
  if (!readsImageSet(pre)) {
    const stray = [...examples, ...(listed.has(IMAGE_EXAMPLE) ? [IMAGE_EXAMPLE] : [])];
    return { doc: null, problems: stray.map((file) => ({ check: 'files', file, message: `${file} is an example image, but the model does not read images.` })) };
  }
  const file = IMAGE_EXAMPLE;
  if (!listed.has(file))
    return {
      doc: null,
      problems: [{ check: 'manifest', file, message: `The model reads images, but the manifest does not list ${file} (its example images and image preprocessing).` }],
    };
  const parsed = imageExampleDoc.safeParse(parseJson(documents.get(file)));
  if (!parsed.success)
    return {
      doc: null,
      problems: [{ check: 'manifest', file, message: `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'document'}: ${i.message}`).join('; ')}` }],
    };
  const doc = parsed.data;
  const image = pre!.image!;
  const problems: Problem[] = [];
  if (doc.height !== image.height || doc.width !== image.width || doc.channels !== image.channels || doc.scale !== image.scale) {
    problems.push({
      check: 'manifest',
      file,
      message: `${file} describes ${doc.height}x${doc.width}x${doc.channels} images scaled by ${doc.scale}, but the model reads ${image.height}x${image.width}x${image.channels} scaled by ${image.scale}.`,
    });
  }
  if (JSON.stringify(doc.classes) !== JSON.stringify(pre!.target.classes)) problems.push({ check: 'manifest', file, message: `${file} names classes other than the model's.` });
  const indexed = new Set<string>();
  for (const e of doc.images) {
    indexed.add(e.path);
    if (!e.path.startsWith(IMAGE_DIR) || !e.path.endsWith('.png') || !listed.has(e.path)) {
      problems.push({ check: 'files', file: e.path, message: `${file} lists ${e.path}, which is not an example image of the manifest.` });
      continue;
    }
    if (!doc.classes.includes(e.label)) problems.push({ check: 'manifest', file, message: `${e.path} is labelled "${e.label}", not a class of the model.` });
    const bytes = documents.get(e.path);
    if (!bytes) continue; // missing or changed: the file checks already say so
    try {
      const d = decodeImage(bytes, e.path);
      if (d.width !== doc.width || d.height !== doc.height)
        problems.push({ check: 'files', file: e.path, message: `${e.path} is ${d.width}x${d.height}; the model reads ${doc.width}x${doc.height}.` });
    } catch (err) {
      problems.push({ check: 'files', file: e.path, message: (err as Error).message });
    }
  }
  for (const p of examples) if (!indexed.has(p)) problems.push({ check: 'files', file: p, message: `${p} is not listed in ${file}.` });
  return { doc, problems };
}

/** What verify adds for the image example set (nothing for a table model without one). */
export function imageProblems(documents: Map<string, Buffer>, listed: Set<string>): Problem[] {
  return readExample(documents, listed).problems;
}

/** The example set as an image data set read (what a folder import would give), for a verified bundle. */
export function exampleImages(documents: Map<string, Buffer>): ReadData {
  const { doc } = readExample(documents, new Set(documents.keys()));
  if (!doc) throw new Error('The bundle has no image example set.');
  const frame = doc.height * doc.width * doc.channels;
  const pixels = new Uint8Array(doc.images.length * frame);
  const labels = new Int32Array(doc.images.length);
  doc.images.forEach((e, i) => {
    const d = decodeImage(documents.get(e.path)!, e.path);
    for (let p = 0; p < doc.height * doc.width; p++) {
      for (let c = 0; c < doc.channels; c++) pixels[i * frame + p * doc.channels + c] = d.data[p * 4 + c];
    }
    labels[i] = doc.classes.indexOf(e.label);
  });
  const images: RawImages = { rows: doc.images.length, height: doc.height, width: doc.width, channels: doc.channels, classes: doc.classes, pixels, labels };
  const columns: Column[] = [{ name: 'label', type: 'categorical', role: 'target', missing: 0 }];
  return { kind: 'images', images, columns, target: 'label', warnings: [], profile: profileImages(images, [{ width: doc.width, height: doc.height, count: doc.images.length }]) };
}
