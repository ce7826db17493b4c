import type { ParsedInput } from '../../../shared/contract/api.js';
import type { AuditNames } from '../../../shared/schemas/registry.js';
import type { AuditEvent } from '../../../shared/schemas/system.js';
import type { ProjectService } from '../projects/service.js';
import { auditFamilies, timelineRows } from '../store/audit-store.js';
import type { Db } from '../store/db.js';
import { AuditNameResolver } from './audit-names.js';
import { instant } from './refs.js';

/**
 * The workspace audit trail for a timeline: every state change (projects, data, runs, evaluations,
 * registrations, promotions, rollbacks, deletions) with filters and a one-line summary per event.
 */

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
  const rows = timelineRows(db, {
    projectId: input.project ? projects.idOf(input.project) : undefined,
    actions: input.actions,
    since: input.since ? instant(input.since.length === 10 ? `${input.since}T00:00:00Z` : input.since, 'since') : undefined,
    until: input.until ? instant(input.until, 'until') : undefined,
    door: input.door,
    before: input.before,
    search: input.search,
    limit: input.limit + 1,
  });
  const hasMore = rows.length > input.limit;
  const families = auditFamilies(db);
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
