/**
 * The prediction log (table prediction_logs, shared with serving) as monitoring reads and writes it:
 * logPredictions inserts scored rows from batch scoring, the drift simulator or a shadow model; the
 * queries select a model's rows in a time window and join the ground truth of prediction_feedback.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/db.js';

export type LogSource = 'batch' | 'simulation' | 'shadow';

export interface LogEntry {
  requestId?: string;
  rowIndex?: number;
  /** ISO time; default now (the simulator passes simulated times). */
  ts?: string;
  input: Record<string, unknown>;
  /** { label, probabilities? } for classification, { value } for regression, { error } for a rejected row. */
  output: Record<string, unknown>;
  prediction: string | null;
  latencyMs?: number | null;
  warnings?: string[];
}

export interface LogTarget {
  projectId: string;
  runId: string;
  modelName: string | null;
  modelVersion: number | null;
  source: LogSource;
}

/** Inserts scored rows in one transaction; returns the request ids (one per row unless given). */
export function logPredictions(db: Db, target: LogTarget, entries: LogEntry[]): string[] {
  const insert = db.prepare(
    `INSERT INTO prediction_logs (request_id, row_index, ts, project_id, model_name, model_version, run_id, source, protocol, deployment_id, input, output, prediction, latency_ms, warnings)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?)`,
  );
  const now = new Date().toISOString();
  const ids: string[] = [];
  db.transaction(() => {
    for (const e of entries) {
      const id = e.requestId ?? randomUUID();
      ids.push(id);
      insert.run(
        id,
        e.rowIndex ?? 0,
        e.ts ?? now,
        target.projectId,
        target.modelName,
        target.modelVersion,
        target.runId,
        target.source,
        JSON.stringify(e.input),
        JSON.stringify(e.output),
        e.prediction,
        e.latencyMs ?? null,
        e.warnings?.length ? JSON.stringify(e.warnings) : null,
      );
    }
  })();
  return ids;
}

/** Which logged rows: by run (a model version) or every version of a model name, in a time window. */
export interface LogFilter {
  runId?: string;
  modelName?: string;
  since?: string;
  until?: string;
  /** The newest N rows of the window. */
  last?: number;
  /** Default: every source except 'shadow' (a shadow challenger's rows are asked for by its run). */
  sources?: string[];
}

export interface LoggedRow {
  id: number;
  requestId: string;
  rowIndex: number;
  ts: string;
  input: string;
  output: string;
  prediction: string | null;
  latencyMs: number | null;
  label: string | null;
  runId: string;
  source: string;
}

function where(f: LogFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (f.runId) parts.push('l.run_id = ?'), params.push(f.runId);
  if (f.modelName) parts.push('l.model_name = ?'), params.push(f.modelName);
  if (f.since) parts.push('l.ts >= ?'), params.push(f.since);
  if (f.until) parts.push('l.ts < ?'), params.push(f.until);
  const sources = f.sources ?? (f.runId ? ['server', 'batch', 'simulation', 'shadow'] : ['server', 'batch', 'simulation']);
  parts.push(`l.source IN (${sources.map(() => '?').join(',')})`);
  params.push(...sources);
  return { sql: parts.join(' AND '), params };
}

export function selectRows(db: Db, f: LogFilter): LoggedRow[] {
  const w = where(f);
  const inner = `SELECT l.id, l.request_id AS requestId, l.row_index AS rowIndex, l.ts, l.input, l.output, l.prediction, l.latency_ms AS latencyMs, f.label, l.run_id AS runId, l.source
    FROM prediction_logs l LEFT JOIN prediction_feedback f ON f.request_id = l.request_id AND f.row_index = l.row_index
    WHERE ${w.sql}`;
  if (f.last) return db.prepare(`SELECT * FROM (${inner} ORDER BY l.ts DESC, l.id DESC LIMIT ?) ORDER BY ts, id`).all(...w.params, f.last) as LoggedRow[];
  return db.prepare(`${inner} ORDER BY l.ts, l.id`).all(...w.params) as LoggedRow[];
}

export interface DayAggregate {
  day: string;
  requests: number;
  errors: number;
  labelled: number;
  correct: number;
  latencyMeanMs: number | null;
}

/**
 * Per day: requests, rejected rows, labelled rows and those predicted right (classification), mean
 * latency. Without a time window the log's totals come from prediction_log_days (kept exact by triggers,
 * migration 0014: a few rows per day whatever the traffic); with one, from the log itself (an index-only
 * scan for a run, migration 0012). The labels come from the rows that have feedback only, so a million
 * unlabelled rows never pay for the join (CROSS JOIN keeps SQLite from
 * walking the log and probing the feedback instead).
 */
export function aggregateByDay(db: Db, f: LogFilter): DayAggregate[] {
  const w = where(f);
  const windowed = f.since !== undefined || f.until !== undefined || f.last !== undefined;
  const days = windowed
    ? (db
        .prepare(
          `SELECT substr(l.ts, 1, 10) AS day, COUNT(*) AS requests, SUM(l.prediction IS NULL) AS errors, AVG(l.latency_ms) AS latencyMeanMs
           FROM prediction_logs l WHERE ${w.sql} GROUP BY day ORDER BY day`,
        )
        .all(...w.params) as { day: string; requests: number; errors: number; latencyMeanMs: number | null }[])
    : dayTotals(db, f);
  const labels = db
    .prepare(
      `SELECT substr(l.ts, 1, 10) AS day, COUNT(*) AS labelled, SUM(fb.label = l.prediction) AS correct
       FROM prediction_feedback fb CROSS JOIN prediction_logs l ON l.request_id = fb.request_id AND l.row_index = fb.row_index
       WHERE ${w.sql} GROUP BY day`,
    )
    .all(...w.params) as { day: string; labelled: number; correct: number }[];
  const byDay = new Map(labels.map((l) => [l.day, l]));
  return days.map((d) => ({ ...d, labelled: byDay.get(d.day)?.labelled ?? 0, correct: byDay.get(d.day)?.correct ?? 0 }));
}

/** The per-day totals of a run or model name over the whole log, from prediction_log_days. */
function dayTotals(db: Db, f: LogFilter): { day: string; requests: number; errors: number; latencyMeanMs: number | null }[] {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (f.runId) parts.push('run_id = ?'), params.push(f.runId);
  if (f.modelName) parts.push('model_name = ?'), params.push(f.modelName);
  const sources = f.sources ?? (f.runId ? ['server', 'batch', 'simulation', 'shadow'] : ['server', 'batch', 'simulation']);
  parts.push(`source IN (${sources.map(() => '?').join(',')})`);
  params.push(...sources);
  return db
    .prepare(
      `SELECT day, SUM(requests) AS requests, SUM(errors) AS errors, CASE WHEN SUM(latency_n) > 0 THEN SUM(latency_sum) / SUM(latency_n) END AS latencyMeanMs
       FROM prediction_log_days WHERE ${parts.join(' AND ')} GROUP BY day HAVING SUM(requests) > 0 ORDER BY day`,
    )
    .all(...params) as { day: string; requests: number; errors: number; latencyMeanMs: number | null }[];
}

/** Labels given for requests: the row_index defaults to 0 (one row per request, as batch scoring logs them). */
export function storeFeedback(db: Db, labels: { requestId: string; rowIndex: number; label: string }[]): { stored: number; replaced: number } {
  const exists = db.prepare('SELECT 1 FROM prediction_feedback WHERE request_id = ? AND row_index = ?');
  const upsert = db.prepare(
    'INSERT INTO prediction_feedback (request_id, row_index, label, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (request_id, row_index) DO UPDATE SET label = excluded.label, received_at = excluded.received_at',
  );
  const now = new Date().toISOString();
  let replaced = 0;
  db.transaction(() => {
    for (const l of labels) {
      if (exists.get(l.requestId, l.rowIndex)) replaced++;
      upsert.run(l.requestId, l.rowIndex, l.label, now);
    }
  })();
  return { stored: labels.length, replaced };
}

/** Which of these request ids (with row index) are in the log. */
export function knownRequests(db: Db, keys: { requestId: string; rowIndex: number }[]): Set<string> {
  const q = db.prepare('SELECT 1 FROM prediction_logs WHERE request_id = ? AND row_index = ? LIMIT 1');
  const out = new Set<string>();
  for (const k of keys) if (q.get(k.requestId, k.rowIndex)) out.add(`${k.requestId}#${k.rowIndex}`);
  return out;
}
