import crypto from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../../shared/contract/errors.js';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, ENTRY, ENTRY_ORDER, MANIFEST, SIGNATURE, manifestSchema, signatureSchema, type BundleLimits, type Manifest } from './format.js';
import { imageProblems } from './images.js';
import { fingerprintOf, verifySignature, type KeyStore } from './keys.js';
import { BundleRefused, readDirectory, streamEntries, type Problem, type ReadEntry } from './zip-read.js';

/** The outcome of checking a bundle completely, before anything is stored. */
export interface Verified {
  ok: boolean;
  problems: Problem[];
  manifest: Manifest | null;
  manifestHash: string | null;
  signer: { fingerprint: string; publicKey: string; trust: 'own' | 'trusted' | 'unknown' | 'revoked'; name: string | null } | null;
  files: { path: string; size: number; sha256: string; ok: boolean }[];
  /** Every entry except the model package, as read (only meaningful when ok). */
  documents: Map<string, Buffer>;
}

const KEEP_BYTES = 32 * 1024 * 1024;

function refusedResult(problems: Problem[]): Verified {
  return { ok: false, problems, manifest: null, manifestHash: null, signer: null, files: [], documents: new Map() };
}

export async function verifyBundle(
  file: string,
  keys: KeyStore,
  limits: BundleLimits,
  onChunk?: (name: string, chunk: Uint8Array, final: boolean) => void,
  pause?: () => Promise<void>,
): Promise<Verified> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new AppError('not_found', `There is no file at ${file}.`, { what: 'file', ref: file });
  }
  if (!stat.isFile()) throw new AppError('invalid_input', `${file} is not a file.`);
  let entries: ReadEntry[];
  let kept: Map<string, Buffer>;
  try {
    const directory = readDirectory(file, limits);
    const names = new Set(directory.map((e) => e.name));
    const structural: Problem[] = [];
    if (!names.has(MANIFEST)) structural.push({ check: 'manifest', file: MANIFEST, message: 'The bundle has no manifest.json: it is not a Ciclo bundle, or it was altered.' });
    if (!names.has(SIGNATURE)) structural.push({ check: 'signature', file: SIGNATURE, message: 'The bundle has no signature (manifest.sig): its origin cannot be checked.' });
    if (structural.length) return refusedResult(structural);
    ({ entries, kept } = await streamEntries(file, directory, { keep: (n) => n !== ENTRY.package, keepBytes: KEEP_BYTES, onChunk, pause }));
  } catch (err) {
    if (err instanceof BundleRefused) return refusedResult(err.problems);
    throw err;
  }
  const problems: Problem[] = [];
  const manifestBytes = kept.get(MANIFEST)!;
  const manifestHash = crypto.createHash('sha256').update(manifestBytes).digest('hex');
  let raw: unknown;
  try {
    raw = JSON.parse(manifestBytes.toString('utf8'));
  } catch {
    return refusedResult([{ check: 'manifest', file: MANIFEST, message: 'manifest.json is not valid JSON.' }]);
  }
  const head = (raw ?? {}) as { format?: unknown; formatVersion?: unknown };
  if (head.format !== BUNDLE_FORMAT)
    return refusedResult([{ check: 'manifest', file: MANIFEST, message: `manifest.json does not describe a Ciclo bundle (format "${String(head.format)}").` }]);
  if (typeof head.formatVersion === 'number' && head.formatVersion > BUNDLE_FORMAT_VERSION) {
    return refusedResult([
      {
        check: 'format',
        file: MANIFEST,
        message: `The bundle was made by a newer Ciclo (bundle format ${head.formatVersion}; this Ciclo reads up to ${BUNDLE_FORMAT_VERSION}). Update Ciclo to import it.`,
      },
    ]);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    return refusedResult(
      parsed.error.issues.map((i) => ({ check: 'manifest' as const, file: MANIFEST, message: `manifest.json: ${i.path.join('.') || 'document'}: ${i.message}` })),
    );
  }
  const manifest = parsed.data;

  // the signature: made with the key the manifest names, over the manifest's exact bytes
  let signer: Verified['signer'] = null;
  try {
    const sig = signatureSchema.parse(JSON.parse(kept.get(SIGNATURE)!.toString('utf8')));
    const fingerprint = fingerprintOf(manifest.signer.publicKey);
    if (sig.publicKey !== manifest.signer.publicKey || fingerprint !== manifest.signer.fingerprint) {
      problems.push({ check: 'signature', file: SIGNATURE, message: 'The signature was made with a key other than the one the manifest names.' });
    } else if (!verifySignature(sig.publicKey, manifestBytes, sig.signature)) {
      problems.push({
        check: 'signature',
        file: SIGNATURE,
        message: 'The signature does not match the manifest: the manifest was changed after signing, or the signature is forged.',
      });
    }
    signer = { ...keys.status(manifest.signer.publicKey), publicKey: manifest.signer.publicKey };
  } catch {
    problems.push({ check: 'signature', file: SIGNATURE, message: 'manifest.sig is not a readable Ed25519 signature.' });
  }

  // every listed file present with its size and hash; nothing else in the archive
  const byName = new Map(entries.map((e) => [e.name, e]));
  const listed = new Set<string>();
  const files: Verified['files'] = [];
  for (const f of manifest.files) {
    listed.add(f.path);
    const e = byName.get(f.path);
    if (!e) {
      problems.push({ check: 'files', file: f.path, message: `${f.path} is listed in the manifest but missing from the bundle.` });
      files.push({ ...f, ok: false });
    } else if (e.size !== f.size || e.sha256 !== f.sha256) {
      problems.push({
        check: 'hash',
        file: f.path,
        message: `${f.path} was changed after signing: its ${e.size !== f.size ? `size is ${e.size} bytes, the manifest says ${f.size}` : 'SHA-256 does not match the manifest'}.`,
      });
      files.push({ ...f, ok: false });
    } else files.push({ ...f, ok: true });
  }
  for (const e of entries) {
    if (e.name !== MANIFEST && e.name !== SIGNATURE && !listed.has(e.name))
      problems.push({ check: 'files', file: e.name, message: `${e.name} is in the bundle but not in its manifest (an extra file).` });
  }
  for (const required of ENTRY_ORDER) {
    if (!listed.has(required)) problems.push({ check: 'manifest', file: required, message: `The manifest does not list ${required}, which every bundle holds.` });
  }
  // an image model's example set: its index against the model's preprocessing, each image decodable at the model's size
  problems.push(...imageProblems(kept, listed));
  const pkg = byName.get(ENTRY.package);
  if (pkg && pkg.sha256 !== manifest.model.packageHash)
    problems.push({ check: 'manifest', file: ENTRY.package, message: 'The model package does not match the package hash the manifest names.' });
  if (signer?.trust === 'revoked')
    problems.push({ check: 'signer', message: `The bundle is signed by key ${signer.fingerprint}${signer.name ? ` ("${signer.name}")` : ''}, which this workspace revoked.` });
  return { ok: problems.length === 0, problems, manifest, manifestHash, signer, files, documents: kept };
}
