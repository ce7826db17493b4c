import type { Migration } from './index.js';

/**
 * Deployment phase storage shared by serving and monitoring.
 * - deployments: one row per started server (or served model inside one server process), what it served
 *   and how it went; the owner's pid/host let a later process tell a live server from a dead one.
 * - prediction_logs: one row per scored input row, whatever produced it (the REST server, a batch
 *   prediction, the drift simulator, a shadow challenger). `request_id` + `row_index` identify it, so
 *   ground truth can be joined later; `ts` is an ISO time (simulated times allowed); `input` is the raw
 *   row as JSON, `output` the prediction as JSON ({ label | value, probabilities? }), `prediction` the
 *   label or value as text for aggregation.
 * - prediction_feedback: ground-truth labels joined to logged rows by request id (last one given wins).
 */
export const migration: Migration = {
  version: 7,
  name: 'serving-logs',
  sql: `
    CREATE TABLE deployments (
      id TEXT PRIMARY KEY,
      project_id TEXT,
      model_name TEXT NOT NULL,
      ref TEXT NOT NULL,
      alias TEXT,
      version INTEGER,
      run_id TEXT,
      host TEXT NOT NULL,
      port INTEGER,
      runtime TEXT,
      owner_pid INTEGER,
      owner_host TEXT,
      status TEXT NOT NULL CHECK (status IN ('running','stopped','failed')),
      settings TEXT NOT NULL DEFAULT '{}',
      requests INTEGER NOT NULL DEFAULT 0,
      errors INTEGER NOT NULL DEFAULT 0,
      p50_ms REAL,
      p99_ms REAL,
      swaps TEXT NOT NULL DEFAULT '[]',
      started_at TEXT NOT NULL,
      stopped_at TEXT,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX deployments_model ON deployments (model_name, started_at);

    CREATE TABLE prediction_logs (
      id INTEGER PRIMARY KEY,
      request_id TEXT NOT NULL,
      row_index INTEGER NOT NULL DEFAULT 0,
      ts TEXT NOT NULL,
      project_id TEXT NOT NULL,
      model_name TEXT,
      model_version INTEGER,
      run_id TEXT NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('server','batch','simulation','shadow')),
      protocol TEXT,
      deployment_id TEXT,
      input TEXT NOT NULL,
      output TEXT NOT NULL,
      prediction TEXT,
      latency_ms REAL,
      warnings TEXT
    );
    CREATE UNIQUE INDEX prediction_logs_request ON prediction_logs (request_id, row_index, source);
    CREATE INDEX prediction_logs_model_ts ON prediction_logs (model_name, ts);
    CREATE INDEX prediction_logs_run_ts ON prediction_logs (run_id, ts);

    CREATE TABLE prediction_feedback (
      request_id TEXT NOT NULL,
      row_index INTEGER NOT NULL DEFAULT 0,
      label TEXT NOT NULL,
      received_at TEXT NOT NULL,
      PRIMARY KEY (request_id, row_index)
    );
  `,
};
