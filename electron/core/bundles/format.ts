import { z } from 'zod';

/**
 * The .ciclo bundle format: a zip holding `manifest.json` (every other file with its size and SHA-256),
 * `manifest.sig` (an Ed25519 signature of the manifest's exact bytes) and the files the manifest lists.
 * The identity of a bundle is the SHA-256 of its manifest.
 */

export const BUNDLE_FORMAT = 'ciclo-bundle';
/**
 * 1: the files of ENTRY. 2: also, for a model that reads an image data set, its image example set
 * (IMAGE_EXAMPLE and the PNG files under examples/images/, see images.ts). Bundles of format 1 are still read.
 */
export const BUNDLE_FORMAT_VERSION = 2;
export const MANIFEST = 'manifest.json';
export const SIGNATURE = 'manifest.sig';

/**
 * Fixed timestamp of every zip entry, so exporting the same version twice gives the same bytes. Zip times
 * are local wall-clock fields, so it is made from local fields: the same bytes in every time zone.
 */
export const zipMtime = () => new Date(1980, 0, 2, 0, 0, 0);

/** The files of a bundle, in the order they are written. */
export const ENTRY = {
  package: 'model/package.bin',
  preprocessing: 'model/preprocessing.json',
  inputSchema: 'schema/input-schema.json',
  inputExample: 'schema/input-example.csv',
  charter: 'charter.json',
  evaluation: 'evaluation.json',
  lineage: 'lineage.json',
  audit: 'audit.json',
  cardEnMd: 'card/model-card.en.md',
  cardEnHtml: 'card/model-card.en.html',
  cardEsMd: 'card/model-card.es.md',
  cardEsHtml: 'card/model-card.es.html',
} as const;
/** The files every bundle holds (in this order). */
export const ENTRY_ORDER: string[] = Object.values(ENTRY);
/** Format 2, image models only: the image preprocessing and the index of the example images (after the cards, then the images). */
export const IMAGE_EXAMPLE = 'schema/image-example.json';

/** What a bundle may hold before it is even read: zip bombs and absurd archives are refused on these. */
export interface BundleLimits {
  /** Largest uncompressed file. */
  maxFileBytes: number;
  /** Largest sum of uncompressed files. */
  maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio of a file bigger than ratioFloorBytes. */
  maxRatio: number;
  ratioFloorBytes: number;
  maxEntries: number;
  /** Largest manifest or signature (they are read into memory). */
  maxManifestBytes: number;
}

export const DEFAULT_LIMITS: BundleLimits = {
  maxFileBytes: 2 * 1024 ** 3,
  maxTotalBytes: 3 * 1024 ** 3,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  maxEntries: 64,
  maxManifestBytes: 1024 * 1024,
};

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex');

export const manifestFileSchema = z.object({
  path: z.string().min(1).max(200),
  size: z.number().int().min(0),
  sha256,
});

export const manifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.number().int().min(1),
  createdWith: z.string(),
  model: z.object({
    name: z.string().min(1).max(200),
    version: z.number().int().min(1),
    description: z.string(),
    tags: z.array(z.string()),
    task: z.enum(['binary', 'multiclass', 'regression']),
    packageHash: sha256,
  }),
  signer: z.object({ publicKey: z.string().min(1), fingerprint: z.string().min(1) }),
  files: z.array(manifestFileSchema).min(1),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const signatureSchema = z.object({
  algorithm: z.literal('ed25519'),
  publicKey: z.string().min(1),
  signature: z.string().min(1),
});
export type SignatureDoc = z.infer<typeof signatureSchema>;

/** Why an entry name is unsafe to take from an archive (zip-slip), or null when it is fine. */
export function unsafeName(name: string): string | null {
  if (name.length === 0) return 'an empty name';
  if (name.includes('\0')) return 'a NUL character';
  if (name.includes('\\')) return 'a backslash';
  if (/^[A-Za-z]:/.test(name)) return 'a drive letter';
  if (name.startsWith('/')) return 'an absolute path';
  if (name.split('/').some((part) => part === '..')) return 'a ".." segment';
  if (name.split('/').some((part) => part === '' || part === '.')) return 'an empty or "." segment';
  return null;
}
