import type { Migration } from './index.js';

/**
 * Training runs and their metric series. A run row holds what lists, sorting and comparisons need
 * (params, final metrics as JSON, status, backend); series are stored in chunks (one row per key per
 * flush, steps and values as little-endian float64 blobs, plus the chunk's extremes), so points are written
 * in batches, never one transaction each, and a chart of a 1,000,000-point series reads only the extremes.
 */
export const migration: Migration = {
  version: 3,
  name: 'training',
  sql: `
    CREATE TABLE runs (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL REFERENCES projects(id),
      name TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('queued','running','succeeded','failed','cancelled','interrupted')),
      job_id TEXT,
      task_type TEXT NOT NULL,
      template TEXT NOT NULL,
      dataset_version_id TEXT NOT NULL,
      dataset_ref TEXT NOT NULL,
      split_id TEXT NOT NULL,
      backend_requested TEXT NOT NULL,
      backend TEXT,
      backend_note TEXT NOT NULL DEFAULT '',
      params TEXT NOT NULL,
      design TEXT NOT NULL,
      template_options TEXT NOT NULL DEFAULT '{}',
      input_shape TEXT NOT NULL,
      classes TEXT,
      features TEXT NOT NULL,
      preprocessing_hash TEXT NOT NULL,
      param_count INTEGER NOT NULL,
      epochs INTEGER NOT NULL,
      epochs_done INTEGER NOT NULL DEFAULT 0,
      best_epoch INTEGER,
      metrics TEXT NOT NULL DEFAULT '{}',
      best_metrics TEXT,
      environment TEXT,
      duration_ms INTEGER NOT NULL DEFAULT 0,
      tags TEXT NOT NULL DEFAULT '[]',
      notes TEXT NOT NULL DEFAULT '',
      error TEXT,
      checkpoint_epoch INTEGER,
      package_hash TEXT,
      resume_count INTEGER NOT NULL DEFAULT 0,
      worker_pid INTEGER,
      created_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX runs_project ON runs (project_id, created_at);
    CREATE INDEX runs_created ON runs (created_at);
    CREATE INDEX runs_status ON runs (status);
    CREATE INDEX runs_job ON runs (job_id);

    CREATE TABLE run_series (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      key TEXT NOT NULL,
      seq INTEGER NOT NULL,
      first_step REAL NOT NULL,
      last_step REAL NOT NULL,
      n INTEGER NOT NULL,
      -- the chunk's first, lowest, highest and last points (NULL when it has no finite value): long series
      -- are drawn from these without reading every point
      first_value REAL,
      last_value REAL,
      min_step REAL,
      min_value REAL,
      max_step REAL,
      max_value REAL,
      steps BLOB NOT NULL,
      vals BLOB NOT NULL,
      PRIMARY KEY (run_id, key, seq)
    ) WITHOUT ROWID;
    -- covers the outline query (chunk extremes) so drawing a long series never touches the point blobs
    CREATE INDEX run_series_outline ON run_series (run_id, key, seq, n, first_step, last_step, first_value, last_value, min_step, min_value, max_step, max_value);
  `,
};
