import type { Migration } from './index.js';

/**
 * Issue 12 (model side):
 * - projects.positive_class: the charter's positive class of a binary task (null: not chosen yet, and
 *   for multiclass and regression projects). Metrics, curves, gates and cards use it.
 * - evaluations.gate_status: 'passed', 'failed' or 'no_criteria' (a charter without acceptance criteria
 *   is never reported as passed). Rows written before this migration had only gate_passed: failed ones
 *   are 'failed'; passed ones stay NULL and are told apart (passed / no criteria) from their stored
 *   result when read.
 * - model_events.gate_status also takes 'no_criteria' (the table is rebuilt: SQLite cannot change a CHECK).
 */
export const migration: Migration = {
  version: 9,
  name: 'positive-class-gate-status',
  sql: `
    ALTER TABLE projects ADD COLUMN positive_class TEXT;
    ALTER TABLE evaluations ADD COLUMN gate_status TEXT CHECK (gate_status IN ('passed', 'failed', 'no_criteria'));
    UPDATE evaluations SET gate_status = 'failed' WHERE gate_passed = 0;

    CREATE TABLE model_events_new (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      model_id TEXT NOT NULL REFERENCES registered_models(id),
      at TEXT NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('registered','alias_set','alias_removed','rollback','stage_changed','version_updated','card_edited','archived','restored','version_deleted')),
      alias TEXT,
      from_stage TEXT,
      to_stage TEXT,
      from_version INTEGER,
      to_version INTEGER,
      gate_status TEXT CHECK (gate_status IN ('passed','failed','missing','no_criteria')),
      evaluation_id TEXT REFERENCES evaluations(id),
      failed_criteria TEXT NOT NULL DEFAULT '[]',
      override INTEGER NOT NULL DEFAULT 0 CHECK (override IN (0, 1)),
      reason TEXT NOT NULL DEFAULT '',
      actor TEXT NOT NULL,
      door TEXT NOT NULL,
      CHECK (override = 0 OR length(trim(reason)) > 0)
    );
    INSERT INTO model_events_new SELECT * FROM model_events;
    DROP TABLE model_events;
    ALTER TABLE model_events_new RENAME TO model_events;
    CREATE INDEX model_events_model ON model_events (model_id, at);
  `,
};
