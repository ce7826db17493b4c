/**
 * The prediction log (table prediction_logs, shared with serving): insertLogRecords writes the rows a
 * prediction server logged (serving/log-writer.ts, on its writer thread's own connection or on the
 * calling thread); logPredictions inserts scored rows from batch scoring, the drift simulator or a shadow
 * model; the queries select a model's rows in a time window and join the ground truth of prediction_feedback.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from './db.js';
import { DayTotals } from './log-day-totals.js';
import { all, one, run, statement, transaction } from './sql.js';

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

/** A row a prediction server scored, as the serving log writer takes it. */
export interface LogRow {
  requestId: string;
  rowIndex: number;
  ts: string;
  projectId: string;
  modelName: string | null;
  modelVersion: number | null;
  runId: string;
  source: 'server' | 'batch' | 'shadow';
  protocol: string | null;
  deploymentId: string | null;
  input: unknown;
  output: unknown;
  prediction: string | null;
  latencyMs: number | null;
  warnings: unknown[] | null;
}

/**
 * A served row flat, in the INSERT's column order, input, output and warnings already JSON text: made once
 * when the row is logged, it crosses to the writer thread as a cheap structured clone and is bound as it is.
 */
export type LogRecord = (string | number | null)[];

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

/** The row as the INSERT binds it. `outputJson`: the output's JSON text when the caller has it already. */
export const logRecord = (r: LogRow, outputJson?: string): LogRecord => [
  r.requestId,
  r.rowIndex,
  r.ts,
  r.projectId,
  r.modelName,
  r.modelVersion,
  r.runId,
  r.source,
  r.protocol,
  r.deploymentId,
  json(r.input),
  outputJson ?? json(r.output),
  r.prediction,
  r.latencyMs,
  r.warnings?.length ? JSON.stringify(r.warnings) : null,
];

const SERVED_INSERT = `INSERT OR IGNORE INTO prediction_logs (request_id, row_index, ts, project_id, model_name, model_version, run_id, source, protocol, deployment_id, input, output, prediction, latency_ms, warnings)
       VALUES `;
const VALUES = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
/**
 * Rows go GROUP at a time through one INSERT with GROUP value lists (the same statement, each row ignored on
 * its own when already logged): measured here at 18-30 us per row against 54-81 us one row per statement.
 */
const GROUP = 32;
const INSERT_ONE = SERVED_INSERT + VALUES;
const INSERT_GROUP = SERVED_INSERT + Array<string>(GROUP).fill(VALUES).join(', ');

/**
 * Inserts served rows in one transaction, GROUP per statement (both statements prepared once per
 * connection); a row already logged (same request id and row index) is ignored.
 */
export function insertLogRecords(db: Db, records: LogRecord[]): void {
  const single = statement(db, INSERT_ONE);
  const grouped = statement(db, INSERT_GROUP);
  const days = new DayTotals();
  const count = (r: LogRecord) => days.add(r[6] as string, r[4] as string | null, r[7] as string, r[2] as string, r[12] as string | null, r[13] as number | null);
  transaction(db, () => {
    let i = 0;
    for (; i + GROUP <= records.length; i += GROUP) {
      const group = records.slice(i, i + GROUP);
      const done = grouped.run(group.flat());
      if (done.changes === GROUP) group.forEach(count);
      else days.addInserted(db, BigInt(done.lastInsertRowid) - BigInt(done.changes), done.lastInsertRowid); // some were already logged
    }
    for (; i < records.length; i++) if (single.run(records[i]).changes) count(records[i]);
    days.write(db);
  });
}

/** Deletes the rows of a source logged before a time (the retention of the serving log). */
export function pruneLogs(db: Db, source: string, before: string): void {
  run(db, 'DELETE FROM prediction_logs WHERE source = ? AND ts < ?', source, before);
}

/** Inserts scored rows in one transaction; returns the request ids (one per row unless given). */
export function logPredictions(db: Db, target: LogTarget, entries: LogEntry[]): string[] {
  const insert = statement(
    db,
    `INSERT INTO prediction_logs (request_id, row_index, ts, project_id, model_name, model_version, run_id, source, protocol, deployment_id, input, output, prediction, latency_ms, warnings)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?)`,
  );
  const now = new Date().toISOString();
  const ids: string[] = [];
  const days = new DayTotals();
  transaction(db, () => {
    for (const e of entries) {
      const id = e.requestId ?? randomUUID();
      ids.push(id);
      days.add(target.runId, target.modelName, target.source, e.ts ?? now, e.prediction, e.latencyMs ?? null);
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
    days.write(db);
  });
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
  if (f.runId) (parts.push('l.run_id = ?'), params.push(f.runId));
  if (f.modelName) (parts.push('l.model_name = ?'), params.push(f.modelName));
  if (f.since) (parts.push('l.ts >= ?'), params.push(f.since));
  if (f.until) (parts.push('l.ts < ?'), params.push(f.until));
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
  if (f.last) return all<LoggedRow>(db, `SELECT * FROM (${inner} ORDER BY l.ts DESC, l.id DESC LIMIT ?) ORDER BY ts, id`, ...w.params, f.last);
  return all<LoggedRow>(db, `${inner} ORDER BY l.ts, l.id`, ...w.params);
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
 * latency. Without a time window the log's totals come from prediction_log_days (kept exact by the inserts,
 * migration 0014: a few rows per day whatever the traffic); with one, from the log itself (an index-only
 * scan for a run, migration 0012). The labels come from the rows that have feedback only, so a million
 * unlabelled rows never pay for the join (CROSS JOIN keeps SQLite from
 * walking the log and probing the feedback instead).
 */
export function aggregateByDay(db: Db, f: LogFilter): DayAggregate[] {
  const w = where(f);
  const windowed = f.since !== undefined || f.until !== undefined || f.last !== undefined;
  const days = windowed
    ? all<{ day: string; requests: number; errors: number; latencyMeanMs: number | null }>(
        db,
        `SELECT substr(l.ts, 1, 10) AS day, COUNT(*) AS requests, SUM(l.prediction IS NULL) AS errors, AVG(l.latency_ms) AS latencyMeanMs
           FROM prediction_logs l WHERE ${w.sql} GROUP BY day ORDER BY day`,
        ...w.params,
      )
    : dayTotals(db, f);
  const labels = all<{ day: string; labelled: number; correct: number }>(
    db,
    `SELECT substr(l.ts, 1, 10) AS day, COUNT(*) AS labelled, SUM(fb.label = l.prediction) AS correct
       FROM prediction_feedback fb CROSS JOIN prediction_logs l ON l.request_id = fb.request_id AND l.row_index = fb.row_index
       WHERE ${w.sql} GROUP BY day`,
    ...w.params,
  );
  const byDay = new Map(labels.map((l) => [l.day, l]));
  return days.map((d) => ({ ...d, labelled: byDay.get(d.day)?.labelled ?? 0, correct: byDay.get(d.day)?.correct ?? 0 }));
}

/** The per-day totals of a run or model name over the whole log, from prediction_log_days. */
function dayTotals(db: Db, f: LogFilter): { day: string; requests: number; errors: number; latencyMeanMs: number | null }[] {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (f.runId) (parts.push('run_id = ?'), params.push(f.runId));
  if (f.modelName) (parts.push('model_name = ?'), params.push(f.modelName));
  const sources = f.sources ?? (f.runId ? ['server', 'batch', 'simulation', 'shadow'] : ['server', 'batch', 'simulation']);
  parts.push(`source IN (${sources.map(() => '?').join(',')})`);
  params.push(...sources);
  return all<{ day: string; requests: number; errors: number; latencyMeanMs: number | null }>(
    db,
    `SELECT day, SUM(requests) AS requests, SUM(errors) AS errors, CASE WHEN SUM(latency_n) > 0 THEN SUM(latency_sum) / SUM(latency_n) END AS latencyMeanMs
       FROM prediction_log_days WHERE ${parts.join(' AND ')} GROUP BY day HAVING SUM(requests) > 0 ORDER BY day`,
    ...params,
  );
}

/** Labels given for requests: the row_index defaults to 0 (one row per request, as batch scoring logs them). */
export function storeFeedback(db: Db, labels: { requestId: string; rowIndex: number; label: string }[]): { stored: number; replaced: number } {
  const exists = statement(db, 'SELECT 1 FROM prediction_feedback WHERE request_id = ? AND row_index = ?');
  const upsert = statement(
    db,
    'INSERT INTO prediction_feedback (request_id, row_index, label, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (request_id, row_index) DO UPDATE SET label = excluded.label, received_at = excluded.received_at',
  );
  const now = new Date().toISOString();
  let replaced = 0;
  transaction(db, () => {
    for (const l of labels) {
      if (exists.get(l.requestId, l.rowIndex)) replaced++;
      upsert.run(l.requestId, l.rowIndex, l.label, now);
    }
  });
  return { stored: labels.length, replaced };
}

/** Which of these request ids (with row index) are in the log. */
export function knownRequests(db: Db, keys: { requestId: string; rowIndex: number }[]): Set<string> {
  const q = statement(db, 'SELECT 1 FROM prediction_logs WHERE request_id = ? AND row_index = ? LIMIT 1');
  const out = new Set<string>();
  for (const k of keys) if (q.get(k.requestId, k.rowIndex)) out.add(`${k.requestId}#${k.rowIndex}`);
  return out;
}

/** The newest logged time of a run (`run_id`) or a model name (`model_name`). */
export function newestLogTs(db: Db, column: 'run_id' | 'model_name', value: string | undefined): string | null {
  return one<{ ts: string | null }>(db, `SELECT MAX(ts) AS ts FROM prediction_logs WHERE ${column} = ?`, value)!.ts;
}

/** Removes the rows a batch scoring logged under a request prefix (`prefix-…`). */
export function deleteBatchRows(db: Db, requestPrefix: string): void {
  run(db, "DELETE FROM prediction_logs WHERE source = 'batch' AND request_id >= ? AND request_id < ?", `${requestPrefix}-`, `${requestPrefix}.`);
}

/** Rows both runs scored (the champion answering, the challenger in shadow), oldest first, in [since, until). */
export function shadowRows(
  db: Db,
  championRunId: string,
  challengerRunId: string,
  window: { since?: string; until?: string },
): { requestId: string; rowIndex: number; ts: string; a: string; b: string; pa: string; pb: string; label: string | null }[] {
  const params: unknown[] = [championRunId, challengerRunId];
  let extra = '';
  if (window.since) ((extra += ' AND c.ts >= ?'), params.push(window.since));
  if (window.until) ((extra += ' AND c.ts < ?'), params.push(window.until));
  return all(
    db,
    `SELECT c.request_id AS requestId, c.row_index AS rowIndex, c.ts, c.output AS a, s.output AS b, c.prediction AS pa, s.prediction AS pb, f.label
       FROM prediction_logs s
       JOIN prediction_logs c ON c.request_id = s.request_id AND c.row_index = s.row_index AND c.source = 'server' AND c.run_id = ?
       LEFT JOIN prediction_feedback f ON f.request_id = c.request_id AND f.row_index = c.row_index
       WHERE s.source = 'shadow' AND s.run_id = ? AND s.prediction IS NOT NULL AND c.prediction IS NOT NULL${extra}
       ORDER BY c.ts, c.id`,
    ...params,
  );
}

/** Every run with logged (non-shadow) requests: its model name and row count, from the per-day totals. */
export function loggedRuns(db: Db): { runId: string; name: string | null; rows: number }[] {
  return all(
    db,
    "SELECT run_id AS runId, MAX(NULLIF(model_name, '')) AS name, SUM(requests) AS rows FROM prediction_log_days WHERE source != 'shadow' GROUP BY run_id HAVING SUM(requests) > 0",
  );
}

/** Labelled (non-shadow) rows per run. */
export function labelledPerRun(db: Db): { runId: string; n: number }[] {
  return all(
    db,
    "SELECT l.run_id AS runId, COUNT(*) AS n FROM prediction_feedback f JOIN prediction_logs l ON l.request_id = f.request_id AND l.row_index = f.row_index WHERE l.source != 'shadow' GROUP BY l.run_id",
  );
}

/** The oldest or newest (non-shadow) logged row of a run. */
export function edgeLogRow(db: Db, runId: string, order: 'ASC' | 'DESC'): { ts: string; projectId: string; version: number | null } | undefined {
  return one(db, `SELECT ts, project_id AS projectId, model_version AS version FROM prediction_logs WHERE run_id = ? AND source != 'shadow' ORDER BY ts ${order} LIMIT 1`, runId);
}

/** A project's logged rows: served, simulated, and those with a label (ground truth) given. */
export function projectLogCounts(db: Db, projectId: string): { server: number; simulation: number; labelled: number } {
  return one<{ server: number; simulation: number; labelled: number }>(
    db,
    `SELECT (SELECT COUNT(*) FROM prediction_logs WHERE project_id = @project AND source = 'server') AS server,
            (SELECT COUNT(*) FROM prediction_logs WHERE project_id = @project AND source = 'simulation') AS simulation,
            (SELECT COUNT(*) FROM prediction_feedback f WHERE EXISTS
               (SELECT 1 FROM prediction_logs l WHERE l.request_id = f.request_id AND l.row_index = f.row_index AND l.project_id = @project)) AS labelled`,
    { project: projectId },
  )!;
}
