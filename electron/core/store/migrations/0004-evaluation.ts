import type { Migration } from './index.js';

/**
 * Evaluations: one row per finished evaluation of a run on some data. The headline metrics and the gate
 * outcome sit in the row (for lists and comparisons); the full result (curves, per-class rows, slices)
 * and the predictions (for slicing later) are blobs.
 */
export const migration: Migration = {
  version: 4,
  name: 'evaluation',
  sql: `
    CREATE TABLE evaluations (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL REFERENCES projects(id),
      run_id TEXT NOT NULL,
      run_name TEXT NOT NULL,
      dataset_version_id TEXT NOT NULL,
      dataset_ref TEXT NOT NULL,
      subset TEXT NOT NULL CHECK (subset IN ('test','all')),
      split_id TEXT,
      job_id TEXT,
      task_type TEXT NOT NULL,
      rows INTEGER NOT NULL,
      gate_passed INTEGER NOT NULL,
      metrics TEXT NOT NULL,
      result_hash TEXT NOT NULL,
      predictions_hash TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX evaluations_project ON evaluations (project_id, created_at);
    CREATE INDEX evaluations_run ON evaluations (run_id, created_at);
  `,
};
