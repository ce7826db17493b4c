import { AppError } from '../../../shared/contract/errors.js';
import type { CardEdits, ModelEvent, ModelEventAction, ModelStage } from '../../../shared/schemas/registry.js';
import type { Db } from '../store/db.js';

/** The registry tables: rows in and out. No rules here (see rules.ts and service.ts). */

export interface ModelRow {
  id: string;
  project_id: string;
  name: string;
  description: string;
  archived: number;
  created_at: string;
  updated_at: string;
}

export interface VersionRow {
  id: string;
  model_id: string;
  project_id: string;
  version: number;
  run_id: string;
  dataset_version_id: string;
  package_hash: string;
  evaluation_id: string | null;
  gate_passed: number | null;
  stage: ModelStage;
  description: string;
  tags: string;
  created_at: string;
  updated_at: string;
}

interface EventRow {
  id: number;
  model_id: string;
  at: string;
  action: ModelEventAction;
  alias: string | null;
  from_stage: ModelStage | null;
  to_stage: ModelStage | null;
  from_version: number | null;
  to_version: number | null;
  gate_status: 'passed' | 'failed' | 'missing' | null;
  evaluation_id: string | null;
  failed_criteria: string;
  override: number;
  reason: string;
  actor: string;
  door: string;
}

export type NewEvent = Omit<ModelEvent, 'id' | 'modelId' | 'at' | 'alias' | 'fromStage' | 'toStage' | 'fromVersion' | 'toVersion' | 'gateStatus' | 'evaluationId' | 'failedCriteria' | 'override' | 'reason'> &
  Partial<Pick<ModelEvent, 'alias' | 'fromStage' | 'toStage' | 'fromVersion' | 'toVersion' | 'gateStatus' | 'evaluationId' | 'failedCriteria' | 'override' | 'reason'>>;

function toEvent(r: EventRow): ModelEvent {
  return {
    id: r.id,
    modelId: r.model_id,
    at: r.at,
    action: r.action,
    alias: r.alias,
    fromStage: r.from_stage,
    toStage: r.to_stage,
    fromVersion: r.from_version,
    toVersion: r.to_version,
    gateStatus: r.gate_status,
    evaluationId: r.evaluation_id,
    failedCriteria: JSON.parse(r.failed_criteria) as string[],
    override: r.override === 1,
    reason: r.reason,
    actor: r.actor,
    door: r.door,
  };
}

export class RegistryStore {
  constructor(readonly db: Db) {}

  modelByRef(ref: string): ModelRow | undefined {
    return (this.db.prepare('SELECT * FROM registered_models WHERE id = ?').get(ref) ??
      this.db.prepare('SELECT * FROM registered_models WHERE name = ? COLLATE NOCASE').get(ref)) as ModelRow | undefined;
  }

  models(filter: { projectId?: string; includeArchived: boolean }): ModelRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.projectId) (where.push('project_id = ?'), args.push(filter.projectId));
    if (!filter.includeArchived) where.push('archived = 0');
    return this.db
      .prepare(`SELECT * FROM registered_models ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY updated_at DESC, id DESC`)
      .all(...args) as ModelRow[];
  }

  insertModel(r: ModelRow): void {
    this.db
      .prepare('INSERT INTO registered_models (id, project_id, name, description, archived, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(r.id, r.project_id, r.name, r.description, r.archived, r.created_at, r.updated_at);
  }

  updateModel(id: string, fields: Partial<Pick<ModelRow, 'description' | 'archived' | 'updated_at'>>): void {
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    if (!keys.length) return;
    this.db.prepare(`UPDATE registered_models SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`).run(...keys.map((k) => fields[k]), id);
  }

  versions(modelId: string): VersionRow[] {
    return this.db.prepare('SELECT * FROM model_versions WHERE model_id = ? ORDER BY version DESC').all(modelId) as VersionRow[];
  }

  version(modelId: string, version: number): VersionRow | undefined {
    return this.db.prepare('SELECT * FROM model_versions WHERE model_id = ? AND version = ?').get(modelId, version) as VersionRow | undefined;
  }

  versionById(id: string): VersionRow | undefined {
    return this.db.prepare('SELECT * FROM model_versions WHERE id = ?').get(id) as VersionRow | undefined;
  }

  latestVersion(modelId: string): VersionRow | undefined {
    return this.db.prepare('SELECT * FROM model_versions WHERE model_id = ? ORDER BY version DESC LIMIT 1').get(modelId) as VersionRow | undefined;
  }

  versionOfRun(modelId: string, runId: string): VersionRow | undefined {
    return this.db.prepare('SELECT * FROM model_versions WHERE model_id = ? AND run_id = ?').get(modelId, runId) as VersionRow | undefined;
  }

  versionsOfRun(runId: string): VersionRow[] {
    return this.db.prepare('SELECT * FROM model_versions WHERE run_id = ? ORDER BY created_at').all(runId) as VersionRow[];
  }

  /** The next version number: one more than the highest ever used (numbers of deleted versions are not reused). */
  nextVersion(modelId: string): number {
    const row = this.db
      .prepare(
        `SELECT MAX(v) AS v FROM (SELECT MAX(version) AS v FROM model_versions WHERE model_id = ?
           UNION ALL SELECT MAX(to_version) FROM model_events WHERE model_id = ? AND action = 'registered')`,
      )
      .get(modelId, modelId) as { v: number | null };
    return (row.v ?? 0) + 1;
  }

  insertVersion(r: VersionRow): void {
    this.db
      .prepare(
        `INSERT INTO model_versions (id, model_id, project_id, version, run_id, dataset_version_id, package_hash, evaluation_id, gate_passed,
           stage, description, tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.id, r.model_id, r.project_id, r.version, r.run_id, r.dataset_version_id, r.package_hash, r.evaluation_id, r.gate_passed, r.stage, r.description, r.tags, r.created_at, r.updated_at);
  }

  updateVersion(id: string, fields: Partial<Pick<VersionRow, 'stage' | 'description' | 'tags' | 'updated_at'>>): void {
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    if (!keys.length) return;
    this.db.prepare(`UPDATE model_versions SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`).run(...keys.map((k) => fields[k]), id);
  }

  productionVersion(modelId: string): VersionRow | undefined {
    return this.db.prepare("SELECT * FROM model_versions WHERE model_id = ? AND stage = 'production'").get(modelId) as VersionRow | undefined;
  }

  /** alias -> version number, for one model. */
  aliases(modelId: string): Record<string, number> {
    const rows = this.db
      .prepare('SELECT a.alias, v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id WHERE a.model_id = ? ORDER BY a.alias')
      .all(modelId) as { alias: string; version: number }[];
    return Object.fromEntries(rows.map((r) => [r.alias, r.version]));
  }

  aliasHolder(modelId: string, alias: string): VersionRow | undefined {
    return this.db
      .prepare('SELECT v.* FROM model_aliases a JOIN model_versions v ON v.id = a.version_id WHERE a.model_id = ? AND a.alias = ?')
      .get(modelId, alias) as VersionRow | undefined;
  }

  /** Gives the alias to a version; the unique index on (model, alias) keeps one holder. */
  setAlias(modelId: string, alias: string, versionId: string, at: string): void {
    this.db
      .prepare(
        `INSERT INTO model_aliases (model_id, alias, version_id, set_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (model_id, alias) DO UPDATE SET version_id = excluded.version_id, set_at = excluded.set_at`,
      )
      .run(modelId, alias, versionId, at);
  }

  removeAlias(modelId: string, alias: string): void {
    this.db.prepare('DELETE FROM model_aliases WHERE model_id = ? AND alias = ?').run(modelId, alias);
  }

  aliasesOfVersion(versionId: string): string[] {
    return (this.db.prepare('SELECT alias FROM model_aliases WHERE version_id = ? ORDER BY alias').all(versionId) as { alias: string }[]).map((r) => r.alias);
  }

  appendEvent(modelId: string, at: string, e: NewEvent): ModelEvent {
    const info = this.db
      .prepare(
        `INSERT INTO model_events (model_id, at, action, alias, from_stage, to_stage, from_version, to_version, gate_status, evaluation_id,
           failed_criteria, override, reason, actor, door) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        modelId, at, e.action, e.alias ?? null, e.fromStage ?? null, e.toStage ?? null, e.fromVersion ?? null, e.toVersion ?? null,
        e.gateStatus ?? null, e.evaluationId ?? null, JSON.stringify(e.failedCriteria ?? []), e.override ? 1 : 0, e.reason ?? '', e.actor, e.door,
      );
    return toEvent(this.db.prepare('SELECT * FROM model_events WHERE id = ?').get(info.lastInsertRowid) as EventRow);
  }

  /** The history, oldest first (the order replays need). */
  events(modelId: string): ModelEvent[] {
    return (this.db.prepare('SELECT * FROM model_events WHERE model_id = ? ORDER BY at, id').all(modelId) as EventRow[]).map(toEvent);
  }

  cardEdits(versionId: string): CardEdits {
    const r = this.db.prepare('SELECT * FROM model_card_edits WHERE version_id = ?').get(versionId) as
      | { limitations: string; ethical_considerations: string; updated_at: string; updated_by: string }
      | undefined;
    return r
      ? { limitations: r.limitations, ethicalConsiderations: r.ethical_considerations, updatedAt: r.updated_at, updatedBy: r.updated_by }
      : { limitations: '', ethicalConsiderations: '', updatedAt: null, updatedBy: null };
  }

  saveCardEdits(versionId: string, e: { limitations: string; ethicalConsiderations: string }, at: string, by: string): void {
    this.db
      .prepare(
        `INSERT INTO model_card_edits (version_id, limitations, ethical_considerations, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (version_id) DO UPDATE SET limitations = excluded.limitations, ethical_considerations = excluded.ethical_considerations,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(versionId, e.limitations, e.ethicalConsiderations, at, by);
  }

  /** Every run of the project that is a model version, with that version (oldest first). */
  registeredRuns(projectId: string): { runId: string; modelName: string; version: number }[] {
    return this.db
      .prepare('SELECT v.run_id AS runId, m.name AS modelName, v.version FROM model_versions v JOIN registered_models m ON m.id = v.model_id WHERE v.project_id = ? ORDER BY v.created_at, m.name, v.version')
      .all(projectId) as { runId: string; modelName: string; version: number }[];
  }

  hasRegistered(projectId: string): boolean {
    return this.db.prepare('SELECT 1 FROM model_versions WHERE project_id = ? LIMIT 1').get(projectId) !== undefined;
  }

  /** Runs a function in one write transaction; a UNIQUE failure on the alias index becomes a conflict. */
  tx<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      if (err instanceof Error && /UNIQUE constraint failed: model_aliases/.test(err.message)) {
        throw new AppError('conflict', 'Another change gave this alias to a version at the same moment; look at the model again and retry.');
      }
      throw err;
    }
  }
}
