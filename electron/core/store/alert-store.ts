import type { Alert, Text } from '../../../shared/schemas/monitoring.js';
import { newId } from '../ids.js';
import type { Db } from './db.js';
import { all, one, run, transaction } from './sql.js';

/** The monitoring tables: alerts (monitoring_alerts) and computed reports kept per run (monitoring_cache). */

export interface AlertRow {
  id: string;
  project_id: string;
  model_ref: string;
  run_id: string;
  rule: string;
  severity: 'warning' | 'critical';
  message: string;
  text: string;
  details: string;
  status: 'open' | 'resolved';
  fired_at: string;
  resolved_at: string | null;
}

export function alertView(r: AlertRow): Alert {
  return {
    id: r.id,
    projectId: r.project_id,
    modelRef: r.model_ref,
    runId: r.run_id,
    rule: r.rule,
    severity: r.severity,
    message: r.message,
    text: JSON.parse(r.text),
    details: JSON.parse(r.details),
    status: r.status,
    firedAt: r.fired_at,
    resolvedAt: r.resolved_at,
  };
}

/**
 * In one transaction: an open alert per fired rule (an open one of the same rule is updated, not
 * repeated), open alerts of quiet rules resolved. Returns the fired alerts as stored.
 */
export function recordAlerts(
  db: Db,
  target: { projectId: string; modelRef: string; runId: string },
  rules: { rule: string; fired: boolean; severity: 'warning' | 'critical'; text: Text; details: Record<string, unknown> }[],
  now: string,
): Alert[] {
  const alerts: Alert[] = [];
  transaction(db, () => {
    for (const r of rules) {
      const open = one<AlertRow>(db, "SELECT * FROM monitoring_alerts WHERE run_id = ? AND rule = ? AND status = 'open'", target.runId, r.rule);
      if (r.fired) {
        const id = open?.id ?? newId('alr');
        if (open) run(db, 'UPDATE monitoring_alerts SET message = ?, text = ?, details = ? WHERE id = ?', r.text.message, JSON.stringify(r.text), JSON.stringify(r.details), id);
        else
          run(
            db,
            "INSERT INTO monitoring_alerts (id, project_id, model_ref, run_id, rule, severity, message, text, details, status, fired_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)",
            id,
            target.projectId,
            target.modelRef,
            target.runId,
            r.rule,
            r.severity,
            r.text.message,
            JSON.stringify(r.text),
            JSON.stringify(r.details),
            now,
          );
        alerts.push(alertView(one<AlertRow>(db, 'SELECT * FROM monitoring_alerts WHERE id = ?', id)!));
      } else if (open) run(db, "UPDATE monitoring_alerts SET status = 'resolved', resolved_at = ? WHERE id = ?", now, open.id);
    }
  });
  return alerts;
}

export function listAlerts(db: Db, filter: { projectId?: string; runId?: string; status?: 'open' | 'resolved'; limit?: number }): Alert[] {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.projectId) (parts.push('project_id = ?'), params.push(filter.projectId));
  if (filter.runId) (parts.push('run_id = ?'), params.push(filter.runId));
  if (filter.status) (parts.push('status = ?'), params.push(filter.status));
  const rows = all<AlertRow>(
    db,
    `SELECT * FROM monitoring_alerts ${parts.length ? 'WHERE ' + parts.join(' AND ') : ''} ORDER BY fired_at DESC LIMIT ?`,
    ...params,
    filter.limit ?? 200,
  );
  return rows.map(alertView);
}

/** How many alerts of a run fired on each day (UTC date of fired_at). */
export function alertsPerDay(db: Db, runId: string): { day: string; n: number }[] {
  return all(db, 'SELECT substr(fired_at, 1, 10) AS day, COUNT(*) AS n FROM monitoring_alerts WHERE run_id = ? GROUP BY day', runId);
}

/** How many alerts of a run are in a status. */
export function countAlerts(db: Db, runId: string, status: 'open' | 'resolved'): number {
  return one<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM monitoring_alerts WHERE run_id = ? AND status = ?', runId, status)!.n;
}

/** How many alerts a project has had (open or resolved). */
export function countProjectAlerts(db: Db, projectId: string): number {
  return one<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM monitoring_alerts WHERE project_id = ?', projectId)!.n;
}

/** A report kept for a run (JSON), by kind and reference. */
export function cachedReport(db: Db, runId: string, kind: string, reference: string): string | undefined {
  return one<{ payload: string }>(db, 'SELECT payload FROM monitoring_cache WHERE run_id = ? AND kind = ? AND reference = ?', runId, kind, reference)?.payload;
}

export function keepReport(db: Db, runId: string, kind: string, reference: string, payload: string, at: string): void {
  run(db, 'INSERT OR REPLACE INTO monitoring_cache (run_id, kind, reference, payload, created_at) VALUES (?, ?, ?, ?, ?)', runId, kind, reference, payload, at);
}
