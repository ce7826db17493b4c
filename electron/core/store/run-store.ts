import { AppError } from '../../../shared/contract/errors.js';
import {
  hyperparametersSchema,
  type Environment,
  type Hyperparameters,
  type ModelDesign,
  type RunStatus,
  type RunSummary,
  type TemplateOptions,
} from '../../../shared/schemas/training.js';
import { nowIso } from '../ids.js';
import type { Db } from './db.js';
import { all, immediateTransaction, one, run } from './sql.js';

/** The runs table: rows in and out, and the run-list query (sort, filter, search, paging). */

export interface RunRow {
  id: string;
  project_id: string;
  name: string;
  status: RunStatus;
  job_id: string | null;
  task_type: string;
  template: string;
  dataset_version_id: string;
  dataset_ref: string;
  split_id: string;
  backend_requested: string;
  backend: string | null;
  backend_note: string;
  params: string;
  design: string;
  template_options: string;
  input_shape: string;
  classes: string | null;
  features: string;
  preprocessing_hash: string;
  param_count: number;
  epochs: number;
  epochs_done: number;
  best_epoch: number | null;
  metrics: string;
  best_metrics: string | null;
  environment: string | null;
  duration_ms: number;
  tags: string;
  notes: string;
  error: string | null;
  checkpoint_epoch: number | null;
  package_hash: string | null;
  resume_count: number;
  worker_pid: number | null;
  generation: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

export interface NewRun {
  id: string;
  projectId: string;
  name: string;
  jobId: string | null;
  taskType: string;
  template: string;
  datasetVersionId: string;
  datasetRef: string;
  splitId: string;
  backendRequested: string;
  params: Hyperparameters;
  design: ModelDesign;
  templateOptions: TemplateOptions;
  inputShape: number[];
  classes: string[] | null;
  features: string[];
  preprocessingHash: string;
  paramCount: number;
  tags: string[];
  notes: string;
}

/**
 * Which epoch's weights a run's model holds: the best epoch's when early stopping restores them (the
 * trainer keeps them then), else the last one's. The same rule in SQL is HELD_METRICS_SQL.
 */
export function heldMetrics(params: Hyperparameters, r: Pick<RunRow, 'metrics' | 'best_metrics' | 'best_epoch' | 'epochs_done'>) {
  const last = JSON.parse(r.metrics) as Record<string, number>;
  const restores = params.earlyStopping.enabled && params.earlyStopping.restoreBestWeights;
  if (restores && r.best_epoch !== null && r.best_metrics) {
    return { metrics: JSON.parse(r.best_metrics) as Record<string, number>, metricsEpoch: r.best_epoch, metricsFrom: 'best' as const, lastMetrics: last };
  }
  return { metrics: last, metricsEpoch: r.epochs_done > 0 ? r.epochs_done : null, metricsFrom: 'last' as const, lastMetrics: last };
}

/** Whether a run's model holds its best epoch's weights (SQL; the rule of heldMetrics). */
export const HELD_BEST_SQL = `(best_metrics IS NOT NULL AND best_epoch IS NOT NULL
  AND json_extract(params, '$.earlyStopping.enabled') = 1 AND json_extract(params, '$.earlyStopping.restoreBestWeights') = 1)`;
export const HELD_METRICS_SQL = `(CASE WHEN ${HELD_BEST_SQL} THEN best_metrics ELSE metrics END)`;

export function toSummary(r: RunRow): RunSummary {
  const params = hyperparametersSchema.parse(JSON.parse(r.params));
  return {
    id: r.id,
    projectId: r.project_id,
    name: r.name,
    status: r.status,
    taskType: r.task_type,
    template: r.template,
    datasetVersionId: r.dataset_version_id,
    datasetRef: r.dataset_ref,
    backend: r.backend,
    params,
    ...heldMetrics(params, r),
    paramCount: r.param_count,
    epochs: r.epochs,
    epochsDone: r.epochs_done,
    bestEpoch: r.best_epoch,
    durationMs: r.duration_ms,
    tags: JSON.parse(r.tags),
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

const SORT_COLUMNS: Record<string, string> = {
  createdAt: 'created_at',
  name: 'name COLLATE NOCASE',
  status: 'status',
  durationMs: 'duration_ms',
  paramCount: 'param_count',
  epochsDone: 'epochs_done',
  template: 'template',
  backend: 'backend',
};

export interface RunQuery {
  projectId?: string;
  status?: RunStatus[];
  template?: string;
  backend?: string;
  tag?: string;
  search?: string;
  sort: string;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/**
 * A write by an owner that no longer holds the run (its generation was superseded: another job took
 * the run over, or its job was judged dead and the run ended). Nothing was written.
 */
export class SupersededError extends AppError {
  constructor(runId: string, generation: number) {
    super('conflict', `Run ${runId} was taken over by another process (this one held generation ${generation}); it writes nothing more.`, { runId, generation, superseded: true });
  }
}

export class RunStore {
  constructor(private readonly db: Db) {}

  insert(r: NewRun, status: RunStatus): void {
    const now = nowIso();
    run(
      this.db,
      `INSERT INTO runs (id, project_id, name, status, job_id, task_type, template, dataset_version_id, dataset_ref, split_id,
          backend_requested, params, design, template_options, input_shape, classes, features, preprocessing_hash, param_count, epochs,
          tags, notes, created_at, started_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      r.id,
      r.projectId,
      r.name,
      status,
      r.jobId,
      r.taskType,
      r.template,
      r.datasetVersionId,
      r.datasetRef,
      r.splitId,
      r.backendRequested,
      JSON.stringify(r.params),
      JSON.stringify(r.design),
      JSON.stringify(r.templateOptions),
      JSON.stringify(r.inputShape),
      r.classes ? JSON.stringify(r.classes) : null,
      JSON.stringify(r.features),
      r.preprocessingHash,
      r.paramCount,
      r.params.epochs,
      JSON.stringify(r.tags),
      r.notes,
      now,
      now,
      now,
    );
  }

  row(id: string): RunRow {
    const row = one<RunRow>(this.db, 'SELECT * FROM runs WHERE id = ?', id);
    if (!row) throw new AppError('not_found', `No run with id "${id}" exists in this workspace.`, { what: 'run', ref: id });
    return row;
  }

  maybeRow(id: string): RunRow | undefined {
    return one<RunRow>(this.db, 'SELECT * FROM runs WHERE id = ?', id);
  }

  byJob(jobId: string): RunRow | undefined {
    return one<RunRow>(this.db, 'SELECT * FROM runs WHERE job_id = ?', jobId);
  }

  /**
   * Updates some columns (snake_case names) and updated_at. With `generation` (the fencing token of the
   * job that owns the run) the write happens only while the run still has that generation and is
   * running, and a SupersededError says it did not.
   */
  update(id: string, fields: Partial<Record<keyof RunRow, unknown>>, generation?: number): void {
    const keys = Object.keys(fields);
    const sets = [...keys.map((k) => `${k} = ?`), 'updated_at = ?'].join(', ');
    const values = [...keys.map((k) => (fields as Record<string, unknown>)[k]), nowIso(), id];
    if (generation === undefined) {
      run(this.db, `UPDATE runs SET ${sets} WHERE id = ?`, ...values);
      return;
    }
    const res = run(this.db, `UPDATE runs SET ${sets} WHERE id = ? AND generation = ? AND status IN ('running','queued')`, ...values, generation);
    if (res.changes === 0) throw new SupersededError(id, generation);
  }

  /** Whether the run is still running under this generation. */
  holds(id: string, generation: number): boolean {
    return Boolean(one(this.db, "SELECT 1 FROM runs WHERE id = ? AND generation = ? AND status IN ('running','queued')", id, generation));
  }

  /**
   * Takes a run over for a new job: raises its generation (the fencing token every later write of the
   * run names) and sets it running, only if its status is one of `from`. The new generation, or null
   * when the run was not in such a status (another process got there first).
   */
  claim(id: string, from: RunStatus[], fields: Partial<Record<keyof RunRow, unknown>> = {}): number | null {
    const keys = Object.keys(fields);
    const sets = ["status = 'running'", 'generation = generation + 1', ...keys.map((k) => `${k} = ?`), 'updated_at = ?'].join(', ');
    const res = run(
      this.db,
      `UPDATE runs SET ${sets} WHERE id = ? AND status IN (${from.map(() => '?').join(',')})`,
      ...keys.map((k) => (fields as Record<string, unknown>)[k]),
      nowIso(),
      id,
      ...from,
    );
    if (res.changes === 0) return null;
    return this.row(id).generation;
  }

  /**
   * Ends a run that is still active, the write guarded by that expected status (and the generation, when
   * given); returns false when it had already ended or was taken over.
   */
  finish(id: string, status: RunStatus, fields: Partial<Record<keyof RunRow, unknown>> = {}, generation?: number): boolean {
    const row = this.maybeRow(id);
    if (!row || (row.status !== 'running' && row.status !== 'queued')) return false;
    if (generation !== undefined && row.generation !== generation) return false;
    const started = row.started_at ? Date.parse(row.started_at) : Date.now();
    const all: Record<string, unknown> = { status, finished_at: nowIso(), duration_ms: row.duration_ms + Math.max(0, Date.now() - started), worker_pid: null, ...fields };
    const keys = Object.keys(all);
    const res = run(
      this.db,
      `UPDATE runs SET ${keys.map((k) => `${k} = ?`).join(', ')}, updated_at = ? WHERE id = ? AND generation = ? AND status IN ('running','queued')`,
      ...keys.map((k) => all[k]),
      nowIso(),
      id,
      row.generation,
    );
    return res.changes > 0;
  }

  setEnvironment(id: string, backend: string, note: string, env: Environment): void {
    this.update(id, { backend, backend_note: note, environment: JSON.stringify(env) });
  }

  /** A run's status and model package (null until it succeeded). */
  packageOf(id: string): { id: string; status: RunStatus; package_hash: string | null } | undefined {
    return one(this.db, 'SELECT id, status, package_hash FROM runs WHERE id = ?', id);
  }

  /** A run's name and the data set version it trained on. */
  nameOf(id: string): { name: string; datasetVersionId: string } | undefined {
    return one(this.db, 'SELECT name, dataset_version_id AS datasetVersionId FROM runs WHERE id = ?', id);
  }

  /** Whether a project has a run that finished with a model. */
  hasSucceeded(projectId: string): boolean {
    return Boolean(one(this.db, "SELECT 1 FROM runs WHERE project_id = ? AND status = 'succeeded' LIMIT 1", projectId));
  }

  /** The best epoch of each of a project's succeeded runs (null when a run kept none). */
  succeededBestEpochs(projectId: string): (number | null)[] {
    return all<{ best_epoch: number | null }>(this.db, "SELECT best_epoch FROM runs WHERE project_id = ? AND status = 'succeeded'", projectId).map((r) => r.best_epoch);
  }

  /** The id of a project's newest succeeded run. */
  newestSucceededId(projectId: string): string | undefined {
    return one<{ id: string }>(this.db, "SELECT id FROM runs WHERE project_id = ? AND status = 'succeeded' ORDER BY created_at DESC LIMIT 1", projectId)?.id;
  }

  /** The project's newest succeeded baseline (or linear) run on a data set version, one on the given split first. */
  newestBaseline(projectId: string, datasetVersionId: string, splitId: string): RunRow | undefined {
    return one<RunRow>(
      this.db,
      `SELECT * FROM runs WHERE project_id = ? AND dataset_version_id = ? AND template IN ('baseline', 'linear') AND status = 'succeeded'
       ORDER BY (split_id = ?) DESC, created_at DESC LIMIT 1`,
      projectId,
      datasetVersionId,
      splitId,
    );
  }

  /** Runs a function in one write transaction (BEGIN IMMEDIATE), for writes to runs and their series together. */
  tx<T>(fn: () => T): T {
    return immediateTransaction(this.db, fn);
  }

  /** Runs still marked active: used by recovery. */
  active(): RunRow[] {
    return all<RunRow>(this.db, "SELECT * FROM runs WHERE status IN ('queued','running')");
  }

  list(q: RunQuery): { total: number; items: RunSummary[] } {
    const { total, rows } = this.page<RunRow>(q, '*');
    return { total, items: rows.map(toSummary) };
  }

  /** One page of the run-list query, `columns` of each row (SQL select list; HELD_METRICS_SQL names the held metrics). */
  page<T>(q: RunQuery, columns: string): { total: number; rows: T[] } {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.projectId) (where.push('project_id = ?'), args.push(q.projectId));
    if (q.status?.length) (where.push(`status IN (${q.status.map(() => '?').join(',')})`), args.push(...q.status));
    if (q.template) (where.push('template = ?'), args.push(q.template));
    if (q.backend) (where.push('backend = ?'), args.push(q.backend));
    if (q.tag) (where.push('EXISTS (SELECT 1 FROM json_each(runs.tags) WHERE value = ?)'), args.push(q.tag));
    if (q.search?.trim()) {
      const like = `%${q.search.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      where.push("(id LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\' OR notes LIKE ? ESCAPE '\\' OR tags LIKE ? ESCAPE '\\' OR dataset_ref LIKE ? ESCAPE '\\')");
      args.push(like, like, like, like, like);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    let orderBy: string;
    const sortArgs: unknown[] = [];
    if (q.sort.startsWith('metric:')) {
      // runs without the metric sort last, whatever the direction
      orderBy = `json_extract(${HELD_METRICS_SQL}, ?) IS NULL, json_extract(${HELD_METRICS_SQL}, ?) ${q.order}`;
      const path = `$."${q.sort.slice(7).replace(/"/g, '')}"`;
      sortArgs.push(path, path);
    } else {
      const col = SORT_COLUMNS[q.sort];
      if (!col)
        throw new AppError('invalid_input', `Cannot sort runs by "${q.sort}"; use one of ${Object.keys(SORT_COLUMNS).join(', ')} or metric:NAME.`, {
          issues: [
            {
              path: ['sort'],
              key: 'train:issue.bad_sort',
              params: { sort: q.sort, allowed: Object.keys(SORT_COLUMNS).join(', ') },
              message: `Cannot sort runs by "${q.sort}"; use one of ${Object.keys(SORT_COLUMNS).join(', ')} or metric:NAME.`,
            },
          ],
        });
      orderBy = `${col} ${q.order}`;
    }
    const total = one<{ n: number }>(this.db, `SELECT COUNT(*) AS n FROM runs ${clause}`, ...args)!.n;
    const rows = all<T>(this.db, `SELECT ${columns} FROM runs ${clause} ORDER BY ${orderBy}, id ${q.order} LIMIT ? OFFSET ?`, ...args, ...sortArgs, q.limit, q.offset);
    return { total, rows };
  }
}
