import type { Migration } from './index.js';

/**
 * Monitor phase storage.
 * - monitoring_alerts: alerts fired by `monitor check` (or the UI), one open row per model and rule
 *   until a check finds the rule quiet again (then resolved_at is set).
 * - monitoring_cache: results computed once per model version and reference (the reference's
 *   predictions, permutation importance), keyed by run and reference; `payload` is JSON.
 */
export const migration: Migration = {
  version: 12,
  name: 'monitoring',
  sql: `
    CREATE TABLE monitoring_alerts (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL,
      model_ref TEXT NOT NULL,
      run_id TEXT NOT NULL,
      rule TEXT NOT NULL,
      severity TEXT NOT NULL CHECK (severity IN ('warning','critical')),
      message TEXT NOT NULL,
      text TEXT NOT NULL,
      details TEXT NOT NULL DEFAULT '{}',
      status TEXT NOT NULL CHECK (status IN ('open','resolved')),
      fired_at TEXT NOT NULL,
      resolved_at TEXT
    );
    CREATE INDEX monitoring_alerts_open ON monitoring_alerts (status, project_id, fired_at);
    CREATE INDEX monitoring_alerts_run ON monitoring_alerts (run_id, rule, status);

    CREATE TABLE monitoring_cache (
      run_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      reference TEXT NOT NULL,
      payload TEXT NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (run_id, kind, reference)
    );
    CREATE INDEX prediction_logs_ts ON prediction_logs (ts);
    -- the timeline's per-day counts of one model version read this index alone
    CREATE INDEX prediction_logs_run_day ON prediction_logs (run_id, ts, source, prediction, latency_ms);
  `,
};
