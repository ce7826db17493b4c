import type { Db } from './db.js';
import { all, one, run } from './sql.js';

/** The bundle tables: imported bundles (imported_bundles) and the signers this workspace trusts (trusted_keys). */

export interface ImportRow {
  manifest_hash: string;
  version_id: string;
  model_name: string;
  original_model: string;
  original_version: number;
  signer_fingerprint: string;
  signer_public_key: string;
  trusted_how: 'own' | 'trusted' | 'trust_signer';
  file_sha256: string;
  files_blob: string;
  imported_at: string;
  imported_by: string;
}

export function importByManifest(db: Db, manifestHash: string): ImportRow | undefined {
  return one<ImportRow>(db, 'SELECT * FROM imported_bundles WHERE manifest_hash = ?', manifestHash);
}

export function importOfVersion(db: Db, versionId: string): ImportRow | undefined {
  return one<ImportRow>(db, 'SELECT * FROM imported_bundles WHERE version_id = ?', versionId);
}

/** How many bundles of these models (their names where they were exported, any case) a workspace imported. */
export function importsOfModels(db: Db, names: string[]): number {
  if (!names.length) return 0;
  const marks = names.map(() => '?').join(',');
  return one<{ n: number }>(db, `SELECT COUNT(*) AS n FROM imported_bundles WHERE lower(original_model) IN (${marks})`, ...names.map((n) => n.toLowerCase()))?.n ?? 0;
}

export function insertImport(db: Db, r: ImportRow): void {
  run(
    db,
    `INSERT INTO imported_bundles (manifest_hash, version_id, model_name, original_model, original_version, signer_fingerprint, signer_public_key, trusted_how, file_sha256, files_blob, imported_at, imported_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    r.manifest_hash,
    r.version_id,
    r.model_name,
    r.original_model,
    r.original_version,
    r.signer_fingerprint,
    r.signer_public_key,
    r.trusted_how,
    r.file_sha256,
    r.files_blob,
    r.imported_at,
    r.imported_by,
  );
}

export interface KeyRow {
  fingerprint: string;
  public_key: string;
  name: string;
  trusted_at: string;
  revoked_at: string | null;
  revoked_reason: string;
}

export function keyByFingerprint(db: Db, fingerprint: string): KeyRow | undefined {
  return one<KeyRow>(db, 'SELECT * FROM trusted_keys WHERE fingerprint = ?', fingerprint);
}

export function keyByName(db: Db, name: string): KeyRow | undefined {
  return one<KeyRow>(db, 'SELECT * FROM trusted_keys WHERE name = ? COLLATE NOCASE', name);
}

/** Every key, oldest trusted first. */
export function keysByTrust(db: Db): KeyRow[] {
  return all<KeyRow>(db, 'SELECT * FROM trusted_keys ORDER BY trusted_at, fingerprint');
}

export function allKeys(db: Db): KeyRow[] {
  return all<KeyRow>(db, 'SELECT * FROM trusted_keys');
}

export function renameKey(db: Db, fingerprint: string, name: string): void {
  run(db, 'UPDATE trusted_keys SET name = ? WHERE fingerprint = ?', name, fingerprint);
}

export function insertKey(db: Db, fingerprint: string, publicKey: string, name: string, at: string): void {
  run(db, 'INSERT INTO trusted_keys (fingerprint, public_key, name, trusted_at) VALUES (?, ?, ?, ?)', fingerprint, publicKey, name, at);
}

/** Records a key (unless known) so it can be revoked. */
export function insertKeyIfNew(db: Db, fingerprint: string, publicKey: string, name: string, at: string): void {
  run(db, 'INSERT OR IGNORE INTO trusted_keys (fingerprint, public_key, name, trusted_at) VALUES (?, ?, ?, ?)', fingerprint, publicKey, name, at);
}

export function revokeKey(db: Db, fingerprint: string, at: string, reason: string): void {
  run(db, 'UPDATE trusted_keys SET revoked_at = ?, revoked_reason = ? WHERE fingerprint = ?', at, reason, fingerprint);
}
