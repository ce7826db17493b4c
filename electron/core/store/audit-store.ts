import type { Db } from './db.js';
import { all, one, run } from './sql.js';

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

export interface TimelineRow extends AuditRow {
  project_name: string | null;
}

/** One page of the timeline, newest first (`limit` rows; ask one more to know whether there are more). */
export function timelineRows(
  db: Db,
  f: { projectId?: string; actions?: string[]; since?: string; until?: string; door?: string; before?: number; search?: string; limit: number },
): TimelineRow[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.projectId) (where.push('a.project_id = ?'), args.push(f.projectId));
  if (f.actions?.length) {
    where.push(`(${f.actions.map(() => '(a.action = ? OR a.action LIKE ?)').join(' OR ')})`);
    for (const x of f.actions) args.push(x, `${x}.%`);
  }
  if (f.since) (where.push('a.at >= ?'), args.push(f.since));
  if (f.until) (where.push('a.at <= ?'), args.push(f.until));
  if (f.door) (where.push('a.door = ?'), args.push(f.door));
  if (f.before !== undefined) (where.push('a.id < ?'), args.push(f.before));
  if (f.search?.trim()) {
    const like = `%${f.search.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    where.push("(a.action LIKE ? ESCAPE '\\' OR a.subject_id LIKE ? ESCAPE '\\' OR a.details LIKE ? ESCAPE '\\')");
    args.push(like, like, like);
  }
  return all<TimelineRow>(
    db,
    `SELECT a.*, p.name AS project_name FROM audit_events a LEFT JOIN projects p ON p.id = a.project_id
       ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY a.id DESC LIMIT ?`,
    ...args,
    f.limit,
  );
}

/** The action families in the log ("model" for model.promote), sorted. */
export function auditFamilies(db: Db): string[] {
  return all<{ f: string }>(
    db,
    "SELECT DISTINCT CASE WHEN instr(action, '.') > 0 THEN substr(action, 1, instr(action, '.') - 1) ELSE action END AS f FROM audit_events ORDER BY f",
  ).map((r) => r.f);
}

/** The entries about three subjects (a run, a model version, a model), oldest first. */
export function auditOfSubjects(db: Db, ids: [string, string, string]): { at: string; action: string; door: string; details: string }[] {
  return all(db, 'SELECT at, action, door, details FROM audit_events WHERE subject_id IN (?, ?, ?) ORDER BY id', ...ids);
}

/** The details (JSON) of every entry of exactly this action, oldest first. */
export function auditDetailsOf(db: Db, action: string): string[] {
  return all<{ details: string }>(db, 'SELECT details FROM audit_events WHERE action = ? ORDER BY id', action).map((r) => r.details);
}

/** How many entries of exactly this action a project has. */
export function countAuditOf(db: Db, action: string, projectId: string): number {
  return one<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM audit_events WHERE action = ? AND project_id = ?', action, projectId)!.n;
}

/**
 * The whole log oldest first; with a scope, a project's entries and the unscoped ones (project_id NULL,
 * such as a bundle export) from `since` on.
 */
export function auditInOrder(db: Db, scope?: { projectId: string; since: string }): AuditRow[] {
  return scope
    ? all<AuditRow>(db, 'SELECT * FROM audit_events WHERE project_id = ? OR (project_id IS NULL AND at >= ?) ORDER BY id', scope.projectId, scope.since)
    : all<AuditRow>(db, 'SELECT * FROM audit_events ORDER BY id');
}
