import type { Migration } from './index.js';

/**
 * Per-day totals of the prediction log, kept by triggers so the Monitor timeline reads a few rows per day
 * instead of scanning every logged row (a million rows in milliseconds). One row per run, model name ('' for
 * none), source and UTC day: requests, rejected rows (no prediction), and the latency sum and count for
 * the mean. Every insert, delete (retention pruning) and update of prediction_logs keeps it exact, so no
 * cache can go stale; the migration fills it from the rows already logged.
 */
export const migration: Migration = {
  version: 14,
  name: 'log-days',
  sql: `
    CREATE TABLE prediction_log_days (
      run_id TEXT NOT NULL,
      model_name TEXT NOT NULL,
      source TEXT NOT NULL,
      day TEXT NOT NULL,
      requests INTEGER NOT NULL,
      errors INTEGER NOT NULL,
      latency_sum REAL NOT NULL,
      latency_n INTEGER NOT NULL,
      PRIMARY KEY (run_id, source, day, model_name)
    ) WITHOUT ROWID;
    CREATE INDEX prediction_log_days_model ON prediction_log_days (model_name, day);

    INSERT INTO prediction_log_days (run_id, model_name, source, day, requests, errors, latency_sum, latency_n)
      SELECT run_id, COALESCE(model_name, ''), source, substr(ts, 1, 10), COUNT(*), SUM(prediction IS NULL), COALESCE(SUM(latency_ms), 0), COUNT(latency_ms)
      FROM prediction_logs GROUP BY run_id, COALESCE(model_name, ''), source, substr(ts, 1, 10);

    CREATE TRIGGER prediction_log_days_insert AFTER INSERT ON prediction_logs BEGIN
      INSERT INTO prediction_log_days (run_id, model_name, source, day, requests, errors, latency_sum, latency_n)
        VALUES (NEW.run_id, COALESCE(NEW.model_name, ''), NEW.source, substr(NEW.ts, 1, 10), 1, NEW.prediction IS NULL, COALESCE(NEW.latency_ms, 0), NEW.latency_ms IS NOT NULL)
        ON CONFLICT (run_id, source, day, model_name) DO UPDATE SET
          requests = requests + 1, errors = errors + excluded.errors, latency_sum = latency_sum + excluded.latency_sum, latency_n = latency_n + excluded.latency_n;
    END;

    CREATE TRIGGER prediction_log_days_delete AFTER DELETE ON prediction_logs BEGIN
      UPDATE prediction_log_days SET
          requests = requests - 1, errors = errors - (OLD.prediction IS NULL), latency_sum = latency_sum - COALESCE(OLD.latency_ms, 0), latency_n = latency_n - (OLD.latency_ms IS NOT NULL)
        WHERE run_id = OLD.run_id AND source = OLD.source AND day = substr(OLD.ts, 1, 10) AND model_name = COALESCE(OLD.model_name, '');
      DELETE FROM prediction_log_days
        WHERE run_id = OLD.run_id AND source = OLD.source AND day = substr(OLD.ts, 1, 10) AND model_name = COALESCE(OLD.model_name, '') AND requests <= 0;
    END;

    CREATE TRIGGER prediction_log_days_update AFTER UPDATE OF run_id, model_name, source, ts, prediction, latency_ms ON prediction_logs BEGIN
      UPDATE prediction_log_days SET
          requests = requests - 1, errors = errors - (OLD.prediction IS NULL), latency_sum = latency_sum - COALESCE(OLD.latency_ms, 0), latency_n = latency_n - (OLD.latency_ms IS NOT NULL)
        WHERE run_id = OLD.run_id AND source = OLD.source AND day = substr(OLD.ts, 1, 10) AND model_name = COALESCE(OLD.model_name, '');
      DELETE FROM prediction_log_days
        WHERE run_id = OLD.run_id AND source = OLD.source AND day = substr(OLD.ts, 1, 10) AND model_name = COALESCE(OLD.model_name, '') AND requests <= 0;
      INSERT INTO prediction_log_days (run_id, model_name, source, day, requests, errors, latency_sum, latency_n)
        VALUES (NEW.run_id, COALESCE(NEW.model_name, ''), NEW.source, substr(NEW.ts, 1, 10), 1, NEW.prediction IS NULL, COALESCE(NEW.latency_ms, 0), NEW.latency_ms IS NOT NULL)
        ON CONFLICT (run_id, source, day, model_name) DO UPDATE SET
          requests = requests + 1, errors = errors + excluded.errors, latency_sum = latency_sum + excluded.latency_sum, latency_n = latency_n + excluded.latency_n;
    END;
  `,
};
