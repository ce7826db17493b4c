import os from 'node:os';
import type { AuditEvent } from '../../shared/schemas/system.js';
import type { Db } from './store/db.js';
import { nowIso } from './ids.js';

export interface AuditEntry {
  action: string;
  projectId?: string | null;
  subjectId?: string | null;
  door?: string;
  details?: Record<string, unknown>;
}

interface AuditRow {
  id: number;
  at: string;
  action: string;
  project_id: string | null;
  subject_id: string | null;
  door: string;
  details: string;
}

/** The operating-system user acting in this process ("unknown" when the system cannot say). */
export function osUser(): string {
  try {
    return os.userInfo().username || process.env.USER || 'unknown';
  } catch {
    return process.env.USER || process.env.USERNAME || 'unknown';
  }
}

/** Append-only log of every state change in the workspace. */
export class AuditLog {
  /** `actor`: who is acting, recorded as `details.actor` on every entry that does not name one. */
  constructor(
    private readonly db: Db,
    private readonly actor: () => string = osUser,
  ) {}

  append(entry: AuditEntry): void {
    const details = { ...(entry.details ?? {}) };
    if (typeof details.actor !== 'string' || !details.actor) details.actor = this.actor();
    this.db
      .prepare('INSERT INTO audit_events (at, action, project_id, subject_id, door, details) VALUES (?, ?, ?, ?, ?, ?)')
      .run(nowIso(), entry.action, entry.projectId ?? null, entry.subjectId ?? null, entry.door ?? 'core', JSON.stringify(details));
  }

  list(filter: { projectId?: string; action?: string; since?: string; limit: number }): AuditEvent[] {
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
    const rows = this.db.prepare(sql).all(...args, filter.limit) as AuditRow[];
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      action: r.action,
      projectId: r.project_id,
      subjectId: r.subject_id,
      door: r.door,
      details: JSON.parse(r.details) as Record<string, unknown>,
    }));
  }
}
