/**
 * The per-day totals of the prediction log (prediction_log_days, migration 0014) as the inserts keep them.
 * Until migration 0016 a trigger added every inserted row to its day (about 2 us of a logged row, measured
 * alternated: 18.2 -> 16.1 us); now each insert of the log (insertLogRecords, logPredictions) sums its rows in JS per run, source,
 * UTC day and model name and adds each group once, in the same transaction as the rows, so a rolled-back
 * batch or a kill -9 never leaves the totals and the rows disagreeing. Deletes (retention, batch clean-up)
 * and updates still go through the triggers of 0014.
 */
import type { Db } from './db.js';
import { allRaw, statement } from './sql.js';

interface DayGroup {
  runId: string;
  modelName: string;
  source: string;
  day: string;
  requests: number;
  errors: number;
  latencySum: number;
  latencyN: number;
}

const ADD = `INSERT INTO prediction_log_days (run_id, model_name, source, day, requests, errors, latency_sum, latency_n)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (run_id, source, day, model_name) DO UPDATE SET
    requests = requests + excluded.requests, errors = errors + excluded.errors,
    latency_sum = latency_sum + excluded.latency_sum, latency_n = latency_n + excluded.latency_n`;

/** The rows one statement inserted, read back (only when an INSERT OR IGNORE skipped some of its rows). */
const INSERTED = 'SELECT run_id, model_name, source, ts, prediction, latency_ms FROM prediction_logs WHERE id > ? AND id <= ?';

/** Sums rows per (run, source, day, model name); `write` adds each group to prediction_log_days once. */
export class DayTotals {
  private readonly groups = new Map<string, DayGroup>();

  add(runId: string, modelName: string | null, source: string, ts: string, prediction: string | null, latencyMs: number | null): void {
    const day = ts.slice(0, 10);
    const model = modelName ?? '';
    const key = `${runId}\u0000${source}\u0000${day}\u0000${model}`;
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { runId, modelName: model, source, day, requests: 0, errors: 0, latencySum: 0, latencyN: 0 }));
    g.requests++;
    if (prediction === null) g.errors++;
    if (latencyMs !== null && latencyMs !== undefined) {
      g.latencySum += latencyMs;
      g.latencyN++;
    }
  }

  /**
   * Adds the rows of prediction_logs whose ids are in (`after`, `last`]: those one INSERT statement just
   * made (SQLite gives a statement's rows consecutive ids above every existing one, and the caller holds the
   * write lock), read back because an INSERT OR IGNORE does not say which of its rows it skipped.
   */
  addInserted(db: Db, after: number | bigint, last: number | bigint): void {
    const rows = allRaw<[string, string | null, string, string, string | null, number | null]>(db, INSERTED, after, last);
    for (const r of rows) this.add(r[0], r[1], r[2], r[3], r[4], r[5]);
  }

  /** Adds every group to prediction_log_days; call inside the transaction that inserted the rows. */
  write(db: Db): void {
    if (!this.groups.size) return;
    const add = statement(db, ADD);
    for (const g of this.groups.values()) add.run(g.runId, g.modelName, g.source, g.day, g.requests, g.errors, g.latencySum, g.latencyN);
    this.groups.clear();
  }
}
