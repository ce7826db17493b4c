import { AppError } from '../../../shared/contract/errors.js';
import type { CardEdits, ModelEvent, ModelEventAction, ModelStage } from '../../../shared/schemas/registry.js';
import type { Db } from './db.js';
import { all, immediateTransaction, one, run } from './sql.js';

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

export type NewEvent = Omit<
  ModelEvent,
  'id' | 'modelId' | 'at' | 'alias' | 'fromStage' | 'toStage' | 'fromVersion' | 'toVersion' | 'gateStatus' | 'evaluationId' | 'failedCriteria' | 'override' | 'reason'
> &
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
    return (one(this.db, 'SELECT * FROM registered_models WHERE id = ?', ref) ?? one(this.db, 'SELECT * FROM registered_models WHERE name = ? COLLATE NOCASE', ref)) as
      ModelRow | undefined;
  }

  models(filter: { projectId?: string; includeArchived: boolean }): ModelRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.projectId) (where.push('project_id = ?'), args.push(filter.projectId));
    if (!filter.includeArchived) where.push('archived = 0');
    return all<ModelRow>(this.db, `SELECT * FROM registered_models ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY updated_at DESC, id DESC`, ...args);
  }

  /** A project's models (archived ones too), oldest first. */
  modelsByAge(projectId: string): ModelRow[] {
    return all<ModelRow>(this.db, 'SELECT * FROM registered_models WHERE project_id = ? ORDER BY created_at', projectId);
  }

  /** Every model name in the workspace (archived ones too). */
  modelNames(): string[] {
    return all<{ name: string }>(this.db, 'SELECT name FROM registered_models').map((r) => r.name);
  }

  insertModel(r: ModelRow): void {
    run(
      this.db,
      'INSERT INTO registered_models (id, project_id, name, description, archived, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      r.id,
      r.project_id,
      r.name,
      r.description,
      r.archived,
      r.created_at,
      r.updated_at,
    );
  }

  updateModel(id: string, fields: Partial<Pick<ModelRow, 'description' | 'archived' | 'updated_at'>>): void {
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    if (!keys.length) return;
    run(this.db, `UPDATE registered_models SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`, ...keys.map((k) => fields[k]), id);
  }

  versions(modelId: string): VersionRow[] {
    return all<VersionRow>(this.db, 'SELECT * FROM model_versions WHERE model_id = ? ORDER BY version DESC', modelId);
  }

  version(modelId: string, version: number): VersionRow | undefined {
    return one<VersionRow>(this.db, 'SELECT * FROM model_versions WHERE model_id = ? AND version = ?', modelId, version);
  }

  versionById(id: string): VersionRow | undefined {
    return one<VersionRow>(this.db, 'SELECT * FROM model_versions WHERE id = ?', id);
  }

  latestVersion(modelId: string): VersionRow | undefined {
    return one<VersionRow>(this.db, 'SELECT * FROM model_versions WHERE model_id = ? ORDER BY version DESC LIMIT 1', modelId);
  }

  versionOfRun(modelId: string, runId: string): VersionRow | undefined {
    return one<VersionRow>(this.db, 'SELECT * FROM model_versions WHERE model_id = ? AND run_id = ?', modelId, runId);
  }

  versionsOfRun(runId: string): VersionRow[] {
    return all<VersionRow>(this.db, 'SELECT * FROM model_versions WHERE run_id = ? ORDER BY created_at', runId);
  }

  /** The next version number: one more than the highest ever used (numbers of deleted versions are not reused). */
  nextVersion(modelId: string): number {
    const row = one<{ v: number | null }>(
      this.db,
      `SELECT MAX(v) AS v FROM (SELECT MAX(version) AS v FROM model_versions WHERE model_id = ?
           UNION ALL SELECT MAX(to_version) FROM model_events WHERE model_id = ? AND action = 'registered')`,
      modelId,
      modelId,
    )!;
    return (row.v ?? 0) + 1;
  }

  insertVersion(r: VersionRow): void {
    run(
      this.db,
      `INSERT INTO model_versions (id, model_id, project_id, version, run_id, dataset_version_id, package_hash, evaluation_id, gate_passed,
           stage, description, tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      r.id,
      r.model_id,
      r.project_id,
      r.version,
      r.run_id,
      r.dataset_version_id,
      r.package_hash,
      r.evaluation_id,
      r.gate_passed,
      r.stage,
      r.description,
      r.tags,
      r.created_at,
      r.updated_at,
    );
  }

  updateVersion(id: string, fields: Partial<Pick<VersionRow, 'stage' | 'description' | 'tags' | 'updated_at'>>): void {
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    if (!keys.length) return;
    run(this.db, `UPDATE model_versions SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`, ...keys.map((k) => fields[k]), id);
  }

  productionVersion(modelId: string): VersionRow | undefined {
    return one<VersionRow>(this.db, "SELECT * FROM model_versions WHERE model_id = ? AND stage = 'production'", modelId);
  }

  /** alias -> version number, for one model. */
  aliases(modelId: string): Record<string, number> {
    const rows = all(this.db, 'SELECT a.alias, v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id WHERE a.model_id = ? ORDER BY a.alias', modelId) as {
      alias: string;
      version: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.alias, r.version]));
  }

  aliasHolder(modelId: string, alias: string): VersionRow | undefined {
    return one<VersionRow>(this.db, 'SELECT v.* FROM model_aliases a JOIN model_versions v ON v.id = a.version_id WHERE a.model_id = ? AND a.alias = ?', modelId, alias);
  }

  /** Gives the alias to a version; the unique index on (model, alias) keeps one holder. */
  setAlias(modelId: string, alias: string, versionId: string, at: string): void {
    run(
      this.db,
      `INSERT INTO model_aliases (model_id, alias, version_id, set_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (model_id, alias) DO UPDATE SET version_id = excluded.version_id, set_at = excluded.set_at`,
      modelId,
      alias,
      versionId,
      at,
    );
  }

  removeAlias(modelId: string, alias: string): void {
    run(this.db, 'DELETE FROM model_aliases WHERE model_id = ? AND alias = ?', modelId, alias);
  }

  aliasesOfVersion(versionId: string): string[] {
    return all<{ alias: string }>(this.db, 'SELECT alias FROM model_aliases WHERE version_id = ? ORDER BY alias', versionId).map((r) => r.alias);
  }

  appendEvent(modelId: string, at: string, e: NewEvent): ModelEvent {
    const info = run(
      this.db,
      `INSERT INTO model_events (model_id, at, action, alias, from_stage, to_stage, from_version, to_version, gate_status, evaluation_id,
           failed_criteria, override, reason, actor, door) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      modelId,
      at,
      e.action,
      e.alias ?? null,
      e.fromStage ?? null,
      e.toStage ?? null,
      e.fromVersion ?? null,
      e.toVersion ?? null,
      e.gateStatus ?? null,
      e.evaluationId ?? null,
      JSON.stringify(e.failedCriteria ?? []),
      e.override ? 1 : 0,
      e.reason ?? '',
      e.actor,
      e.door,
    );
    return toEvent(one<EventRow>(this.db, 'SELECT * FROM model_events WHERE id = ?', info.lastInsertRowid)!);
  }

  /** The history, oldest first (the order replays need). */
  events(modelId: string): ModelEvent[] {
    return all<EventRow>(this.db, 'SELECT * FROM model_events WHERE model_id = ? ORDER BY at, id', modelId).map(toEvent);
  }

  cardEdits(versionId: string): CardEdits {
    const r = one(this.db, 'SELECT * FROM model_card_edits WHERE version_id = ?', versionId) as
      { limitations: string; ethical_considerations: string; updated_at: string; updated_by: string } | undefined;
    return r
      ? { limitations: r.limitations, ethicalConsiderations: r.ethical_considerations, updatedAt: r.updated_at, updatedBy: r.updated_by }
      : { limitations: '', ethicalConsiderations: '', updatedAt: null, updatedBy: null };
  }

  saveCardEdits(versionId: string, e: { limitations: string; ethicalConsiderations: string }, at: string, by: string): void {
    run(
      this.db,
      `INSERT INTO model_card_edits (version_id, limitations, ethical_considerations, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (version_id) DO UPDATE SET limitations = excluded.limitations, ethical_considerations = excluded.ethical_considerations,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      versionId,
      e.limitations,
      e.ethicalConsiderations,
      at,
      by,
    );
  }

  /** Every run of the project that is a model version, with that version (oldest first). */
  registeredRuns(projectId: string): { runId: string; modelName: string; version: number }[] {
    return all(
      this.db,
      'SELECT v.run_id AS runId, m.name AS modelName, v.version FROM model_versions v JOIN registered_models m ON m.id = v.model_id WHERE v.project_id = ? ORDER BY v.created_at, m.name, v.version',
      projectId,
    ) as { runId: string; modelName: string; version: number }[];
  }

  hasRegistered(projectId: string): boolean {
    return one(this.db, 'SELECT 1 FROM model_versions WHERE project_id = ? LIMIT 1', projectId) !== undefined;
  }

  /** Versions (with their model's name) whose column `column` is `value`: what depends on a run, a data set version or an evaluation. */
  versionsCiting(column: 'run_id' | 'dataset_version_id' | 'evaluation_id', value: string): { id: string; version: number; name: string }[] {
    return all(this.db, `SELECT v.id, v.version, m.name FROM model_versions v JOIN registered_models m ON m.id = v.model_id WHERE v.${column} = ?`, value);
  }

  /** Names of the models whose history cites an evaluation as the gate of a move. */
  modelsWhoseHistoryCites(evaluationId: string): { name: string }[] {
    return all(this.db, 'SELECT DISTINCT m.name FROM model_events e JOIN registered_models m ON m.id = e.model_id WHERE e.evaluation_id = ?', evaluationId);
  }

  /** Deletes a version's card edits; whether there were any. */
  deleteCardEdits(versionId: string): boolean {
    return run(this.db, 'DELETE FROM model_card_edits WHERE version_id = ?', versionId).changes > 0;
  }

  deleteVersion(versionId: string): void {
    run(this.db, 'DELETE FROM model_versions WHERE id = ?', versionId);
  }

  /** Deletes a model's aliases, versions, history and the model itself (card edits first, by the caller); the number of history entries removed. */
  deleteModelRows(modelId: string): { events: number } {
    run(this.db, 'DELETE FROM model_aliases WHERE model_id = ?', modelId);
    run(this.db, 'DELETE FROM model_versions WHERE model_id = ?', modelId);
    const events = run(this.db, 'DELETE FROM model_events WHERE model_id = ?', modelId).changes;
    run(this.db, 'DELETE FROM registered_models WHERE id = ?', modelId);
    return { events };
  }

  /** A model version id as its model's name and number. */
  versionName(versionId: string): { model: string; version: number } | undefined {
    return one(this.db, 'SELECT m.name AS model, v.version FROM model_versions v JOIN registered_models m ON m.id = v.model_id WHERE v.id = ?', versionId);
  }

  /** A version of a model (by name) with that number and package, if this workspace has it. */
  versionWithPackage(modelName: string, version: number, packageHash: string): { name: string; version: number } | undefined {
    return one(
      this.db,
      'SELECT m.name, mv.version FROM model_versions mv JOIN registered_models m ON m.id = mv.model_id WHERE m.name = ? COLLATE NOCASE AND mv.version = ? AND mv.package_hash = ?',
      modelName,
      version,
      packageHash,
    );
  }

  /** The number of the version a run was registered as under a model (by name). */
  versionNumberOfRun(modelName: string, runId: string): number | undefined {
    return one<{ version: number }>(
      this.db,
      'SELECT v.version FROM model_versions v JOIN registered_models m ON m.id = v.model_id WHERE m.name = ? COLLATE NOCASE AND v.run_id = ?',
      modelName,
      runId,
    )?.version;
  }

  /** Runs a function in one write transaction; a UNIQUE failure on the alias index becomes a conflict. */
  tx<T>(fn: () => T): T {
    try {
      return immediateTransaction(this.db, fn);
    } catch (err) {
      if (err instanceof Error && /UNIQUE constraint failed: model_aliases/.test(err.message)) {
        throw new AppError('conflict', 'Another change gave this alias to a version at the same moment; look at the model again and retry.');
      }
      throw err;
    }
  }
}
