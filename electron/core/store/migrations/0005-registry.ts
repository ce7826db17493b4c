import type { Migration } from './index.js';

/**
 * The model registry. Integrity is kept by SQLite itself, not hoped for:
 * - a version points at its run, training data and registration-time evaluation with foreign keys, so
 *   none of them can be deleted while a version depends on it;
 * - a version belongs to its model's project (composite key), an alias points at a version of its own
 *   model (composite key);
 * - one holder per alias (unique index on model + alias) and at most one version in production per
 *   model (partial unique index).
 * model_events is the history: every alias and stage move with when, from, to, gate, reason, who and door.
 * Version numbers in the history are facts about the past, not references, so they outlive a deletion.
 */
export const migration: Migration = {
  version: 5,
  name: 'registry',
  sql: `
    CREATE TABLE registered_models (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL REFERENCES projects(id),
      name TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (id, project_id)
    );
    CREATE UNIQUE INDEX registered_models_name ON registered_models (name COLLATE NOCASE);
    CREATE INDEX registered_models_project ON registered_models (project_id);

    CREATE TABLE model_versions (
      id TEXT PRIMARY KEY,
      model_id TEXT NOT NULL,
      project_id TEXT NOT NULL,
      version INTEGER NOT NULL CHECK (version >= 1),
      run_id TEXT NOT NULL REFERENCES runs(id),
      dataset_version_id TEXT NOT NULL REFERENCES dataset_versions(id),
      package_hash TEXT NOT NULL,
      evaluation_id TEXT REFERENCES evaluations(id),
      gate_passed INTEGER CHECK (gate_passed IN (0, 1)),
      stage TEXT NOT NULL DEFAULT 'none' CHECK (stage IN ('none','staging','production','archived')),
      description TEXT NOT NULL DEFAULT '',
      tags TEXT NOT NULL DEFAULT '[]',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      FOREIGN KEY (model_id, project_id) REFERENCES registered_models(id, project_id),
      UNIQUE (model_id, version),
      UNIQUE (model_id, run_id),
      UNIQUE (id, model_id)
    );
    CREATE UNIQUE INDEX model_versions_one_production ON model_versions (model_id) WHERE stage = 'production';
    CREATE INDEX model_versions_run ON model_versions (run_id);
    CREATE INDEX model_versions_dataset ON model_versions (dataset_version_id);

    CREATE TABLE model_aliases (
      model_id TEXT NOT NULL REFERENCES registered_models(id),
      alias TEXT NOT NULL,
      version_id TEXT NOT NULL,
      set_at TEXT NOT NULL,
      FOREIGN KEY (version_id, model_id) REFERENCES model_versions(id, model_id)
    );
    CREATE UNIQUE INDEX model_aliases_one_holder ON model_aliases (model_id, alias);
    CREATE INDEX model_aliases_version ON model_aliases (version_id);

    CREATE TABLE model_events (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      model_id TEXT NOT NULL REFERENCES registered_models(id),
      at TEXT NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('registered','alias_set','alias_removed','rollback','stage_changed','version_updated','card_edited','archived','restored','version_deleted')),
      alias TEXT,
      from_stage TEXT,
      to_stage TEXT,
      from_version INTEGER,
      to_version INTEGER,
      gate_status TEXT CHECK (gate_status IN ('passed','failed','missing')),
      evaluation_id TEXT REFERENCES evaluations(id),
      failed_criteria TEXT NOT NULL DEFAULT '[]',
      override INTEGER NOT NULL DEFAULT 0 CHECK (override IN (0, 1)),
      reason TEXT NOT NULL DEFAULT '',
      actor TEXT NOT NULL,
      door TEXT NOT NULL,
      CHECK (override = 0 OR length(trim(reason)) > 0)
    );
    CREATE INDEX model_events_model ON model_events (model_id, at);

    CREATE TABLE model_card_edits (
      version_id TEXT PRIMARY KEY REFERENCES model_versions(id),
      limitations TEXT NOT NULL DEFAULT '',
      ethical_considerations TEXT NOT NULL DEFAULT '',
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL
    );
  `,
};
