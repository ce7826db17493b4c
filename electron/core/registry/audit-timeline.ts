import type { ParsedInput } from '../../../shared/contract/api.js';
import type { AuditNames } from '../../../shared/schemas/registry.js';
import type { AuditEvent } from '../../../shared/schemas/system.js';
import type { ProjectService } from '../projects/service.js';
import type { Db } from '../store/db.js';
import { AuditNameResolver } from './audit-names.js';
import { instant } from './service.js';

/**
 * The workspace audit trail for a timeline: every state change (projects, data, runs, evaluations,
 * registrations, promotions, rollbacks, deletions) with filters and a one-line summary per event.
 */

interface Row {
  id: number;
  at: string;
  action: string;
  project_id: string | null;
  subject_id: string | null;
  door: string;
  details: string;
  project_name: string | null;
}

const SUMMARY_FIELDS = ['name', 'model', 'version', 'run', 'alias', 'stage', 'dataset', 'id', 'project', 'archived', 'reason'] as const;

/**
 * "model.promote: model=churn version=2 alias=champion reason=…" from the call's recorded input, with the
 * names the core resolved (run name, data set name@N, model name and version) in place of ids.
 */
export function summarize(action: string, details: Record<string, unknown>, names: AuditNames = {}): string {
  const recorded = (details.input && typeof details.input === 'object' ? details.input : details) as Record<string, unknown>;
  const input: Record<string, unknown> = { ...recorded };
  for (const [k, v] of Object.entries(names)) if (v !== undefined) input[k] = v;
  if (names.model && typeof recorded.model === 'string') input.model = names.model;
  const parts: string[] = [];
  for (const key of SUMMARY_FIELDS) {
    const v = input[key];
    if (v === undefined || v === null || v === '' || typeof v === 'object') continue;
    const text = String(v);
    parts.push(`${key}=${text.length > 80 ? text.slice(0, 77) + '…' : text}`);
  }
  for (const [k, v] of Object.entries(details)) {
    if (k === 'input' || k === 'actor' || k === 'runId' || k === 'dataset' || typeof v === 'object' || v === undefined) continue;
    if (parts.length >= 8) break;
    parts.push(`${k}=${String(v)}`);
  }
  return parts.length ? `${action}: ${parts.join(' ')}` : action;
}

export function auditTimeline(db: Db, projects: ProjectService, input: ParsedInput<'audit.timeline'>) {
  const where: string[] = [];
  const args: unknown[] = [];
  if (input.project) (where.push('a.project_id = ?'), args.push(projects.idOf(input.project)));
  if (input.actions?.length) {
    where.push(`(${input.actions.map(() => '(a.action = ? OR a.action LIKE ?)').join(' OR ')})`);
    for (const x of input.actions) args.push(x, `${x}.%`);
  }
  if (input.since) (where.push('a.at >= ?'), args.push(instant(input.since.length === 10 ? `${input.since}T00:00:00Z` : input.since, 'since')));
  if (input.until) (where.push('a.at <= ?'), args.push(instant(input.until, 'until')));
  if (input.door) (where.push('a.door = ?'), args.push(input.door));
  if (input.before !== undefined) (where.push('a.id < ?'), args.push(input.before));
  if (input.search?.trim()) {
    const like = `%${input.search.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    where.push("(a.action LIKE ? ESCAPE '\\' OR a.subject_id LIKE ? ESCAPE '\\' OR a.details LIKE ? ESCAPE '\\')");
    args.push(like, like, like);
  }
  const rows = db
    .prepare(
      `SELECT a.*, p.name AS project_name FROM audit_events a LEFT JOIN projects p ON p.id = a.project_id
       ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY a.id DESC LIMIT ?`,
    )
    .all(...args, input.limit + 1) as Row[];
  const hasMore = rows.length > input.limit;
  const families = (db.prepare("SELECT DISTINCT CASE WHEN instr(action, '.') > 0 THEN substr(action, 1, instr(action, '.') - 1) ELSE action END AS f FROM audit_events ORDER BY f").all() as { f: string }[]).map((r) => r.f);
  const resolver = new AuditNameResolver(db);
  const events = rows.slice(0, input.limit).map((r) => {
    const details = JSON.parse(r.details) as Record<string, unknown>;
    const e: AuditEvent = { id: r.id, at: r.at, action: r.action, projectId: r.project_id, subjectId: r.subject_id, door: r.door, details };
    const names = resolver.namesOf(r.action, r.subject_id, details);
    // events written before the actor was recorded have none
    const actor = typeof details.actor === 'string' && details.actor ? details.actor : null;
    return { ...e, projectName: r.project_name, actor, names, summary: summarize(r.action, details, names) };
  });
  return { events, families, hasMore };
}
