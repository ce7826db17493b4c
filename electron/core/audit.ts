import os from 'node:os';
import type { AuditEvent } from '../../shared/schemas/system.js';
import type { Db } from './store/db.js';
import { auditEvents, insertAuditEvent } from './store/audit-store.js';
import { nowIso } from './ids.js';

export interface AuditEntry {
  action: string;
  projectId?: string | null;
  subjectId?: string | null;
  door?: string;
  details?: Record<string, unknown>;
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
    insertAuditEvent(this.db, {
      at: nowIso(),
      action: entry.action,
      project_id: entry.projectId ?? null,
      subject_id: entry.subjectId ?? null,
      door: entry.door ?? 'core',
      details: JSON.stringify(details),
    });
  }

  list(filter: { projectId?: string; action?: string; since?: string; limit: number }): AuditEvent[] {
    const rows = auditEvents(this.db, filter);
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
