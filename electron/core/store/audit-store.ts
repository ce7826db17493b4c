import type { Db } from './db.js';
import { all, run } from './sql.js';

/** The audit_events table: the append-only log of every state change. */

export interface AuditRow {
  id: number;
  at: string;
  action: string;
  project_id: string | null;
  subject_id: string | null;
  door: string;
  details: string;
}

export function insertAuditEvent(db: Db, r: Omit<AuditRow, 'id'>): void {
  run(db, 'INSERT INTO audit_events (at, action, project_id, subject_id, door, details) VALUES (?, ?, ?, ?, ?, ?)', r.at, r.action, r.project_id, r.subject_id, r.door, r.details);
}

/** Newest first; `action` matches itself and its sub-actions (`model` matches `model.promote`). */
export function auditEvents(db: Db, filter: { projectId?: string; action?: string; since?: string; limit: number }): AuditRow[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.projectId) {
    where.push('project_id = ?');
    args.push(filter.projectId);
  }
  if (filter.action) {
    where.push('(action = ? OR action LIKE ?)');
    args.push(filter.action, `${filter.action}.%`);
  }
  if (filter.since) {
    where.push('at >= ?');
    args.push(filter.since);
  }
  const sql = `SELECT * FROM audit_events ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`;
  return all<AuditRow>(db, sql, ...args, filter.limit);
}
