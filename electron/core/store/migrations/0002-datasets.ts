import type { Migration } from './index.js';

/**
 * Data sets, their immutable versions and their splits. Content (the canonical table or images, the
 * profile, the split index lists) lives in the blob store; these rows point at it by hash.
 */
export const migration: Migration = {
  version: 2,
  name: 'datasets',
  sql: `
    CREATE TABLE datasets (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL REFERENCES projects(id),
      name TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('table','images')),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX datasets_project_name ON datasets (project_id, name COLLATE NOCASE);

    CREATE TABLE dataset_versions (
      id TEXT PRIMARY KEY,
      dataset_id TEXT NOT NULL REFERENCES datasets(id),
      project_id TEXT NOT NULL REFERENCES projects(id),
      version INTEGER NOT NULL,
      hash TEXT NOT NULL,
      data_blob TEXT NOT NULL,
      profile_blob TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('table','images')),
      rows INTEGER NOT NULL,
      columns TEXT NOT NULL,
      target TEXT,
      source TEXT NOT NULL,
      warnings TEXT NOT NULL DEFAULT '[]',
      diff TEXT,
      created_at TEXT NOT NULL,
      UNIQUE (dataset_id, version),
      UNIQUE (dataset_id, hash)
    );
    CREATE INDEX dataset_versions_project ON dataset_versions (project_id, created_at);

    CREATE TABLE dataset_splits (
      id TEXT PRIMARY KEY,
      version_id TEXT NOT NULL REFERENCES dataset_versions(id),
      seed INTEGER NOT NULL,
      stratified INTEGER NOT NULL,
      fractions TEXT NOT NULL,
      counts TEXT NOT NULL,
      excluded INTEGER NOT NULL DEFAULT 0,
      indices_blob TEXT NOT NULL,
      created_at TEXT NOT NULL,
      UNIQUE (version_id, seed, stratified, fractions)
    );
  `,
};
