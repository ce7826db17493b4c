import type { Migration } from './index.js';

/**
 * Model bundles.
 * - trusted_keys: public keys (Ed25519) of other workspaces whose bundles this workspace accepts, by
 *   fingerprint; a revoked key stays listed (revoked_at set) so its bundles are refused for good.
 * - imported_bundles: one row per imported bundle, keyed by the SHA-256 of its manifest (the identity of
 *   the bundle), pointing at the model version it became; re-importing the same bundle finds this row
 *   and changes nothing (no foreign key: a hard-deleted version frees its bundle to be imported again). `files_blob` holds the bundle's small documents (charter, evaluation, card,
 *   lineage, audit) as they were signed, so the exporter's claims stay readable next to local results.
 */
export const migration: Migration = {
  version: 11,
  name: 'bundles',
  sql: `
    CREATE TABLE trusted_keys (
      fingerprint TEXT PRIMARY KEY,
      public_key TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      trusted_at TEXT NOT NULL,
      revoked_at TEXT,
      revoked_reason TEXT NOT NULL DEFAULT ''
    );

    CREATE TABLE imported_bundles (
      manifest_hash TEXT PRIMARY KEY,
      version_id TEXT NOT NULL,
      model_name TEXT NOT NULL,
      original_model TEXT NOT NULL,
      original_version INTEGER NOT NULL,
      signer_fingerprint TEXT NOT NULL,
      signer_public_key TEXT NOT NULL,
      trusted_how TEXT NOT NULL CHECK (trusted_how IN ('own','trusted','trust_signer')),
      file_sha256 TEXT NOT NULL,
      files_blob TEXT NOT NULL,
      imported_at TEXT NOT NULL,
      imported_by TEXT NOT NULL
    );
    CREATE INDEX imported_bundles_version ON imported_bundles (version_id);
  `,
};
