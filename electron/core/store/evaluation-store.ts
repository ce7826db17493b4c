import { notFound } from '../../../shared/contract/errors.js';
import { gateStatusOf, type Evaluation, type EvaluationSummary, type GateStatus, type MetricValues } from '../../../shared/schemas/evaluation.js';
import type { TaskType } from '../../../shared/metrics.js';
import type { BlobStore } from './blobs.js';
import type { Db } from './db.js';
import { all, one, run } from './sql.js';

interface EvaluationRow {
  id: string;
  project_id: string;
  run_id: string;
  run_name: string;
  dataset_version_id: string;
  dataset_ref: string;
  subset: 'test' | 'all';
  split_id: string | null;
  job_id: string | null;
  task_type: TaskType;
  rows: number;
  gate_passed: number;
  /** NULL only for passed rows written before migration 0009 (see resolveStatus). */
  gate_status: GateStatus | null;
  metrics: string;
  result_hash: string;
  predictions_hash: string;
  created_at: string;
}

/** The predictions an evaluation was computed from, kept so slices can be computed later. */
export interface StoredPredictions {
  /** Row index in the data set version of each evaluated row. */
  rows: number[];
  /** Classification: class index; regression: true value. */
  yTrue: number[];
  /** Classification: row-major n x K probabilities; regression: predicted values. */
  output: number[];
  classes: string[] | null;
}

/** The part of an evaluation kept in its result blob (everything but the summary columns). */
export type EvaluationBody = Omit<Evaluation, keyof EvaluationSummary | 'jobId' | 'splitId'>;

function summary(r: EvaluationRow, status: GateStatus): EvaluationSummary {
  return {
    id: r.id,
    projectId: r.project_id,
    runId: r.run_id,
    runName: r.run_name,
    datasetVersionId: r.dataset_version_id,
    datasetRef: r.dataset_ref,
    subset: r.subset,
    rows: r.rows,
    taskType: r.task_type,
    gatePassed: status === 'passed',
    gateStatus: status,
    metrics: JSON.parse(r.metrics) as MetricValues,
    createdAt: r.created_at,
  };
}

/**
 * A project's evaluations by gate: passed, and failed (rows from before migration 0009 with no status
 * failed when gate_passed is 0; the others passed, told apart only by their stored result, count in neither).
 */
export function gateCounts(db: Db, projectId: string): { total: number; passed: number; failed: number } {
  return one<{ total: number; passed: number; failed: number }>(
    db,
    `SELECT COUNT(*) AS total, COALESCE(SUM(gate_status = 'passed'), 0) AS passed,
            COALESCE(SUM(gate_status = 'failed' OR (gate_status IS NULL AND gate_passed = 0)), 0) AS failed
       FROM evaluations WHERE project_id = ?`,
    projectId,
  )!;
}

export class EvaluationStore {
  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
  ) {}

  /** The gate status of a row; rows from before migration 0009 that passed are told apart by their stored result. */
  private status(r: EvaluationRow): GateStatus {
    if (r.gate_status) return r.gate_status;
    if (r.gate_passed === 0) return 'failed';
    try {
      return gateStatusOf(this.blobs.readJson<EvaluationBody>(r.result_hash).gate);
    } catch {
      return 'passed';
    }
  }

  private summary(r: EvaluationRow): EvaluationSummary {
    return summary(r, this.status(r));
  }

  insert(e: Evaluation, predictions: StoredPredictions): void {
    const { id, projectId, runId, runName, datasetVersionId, datasetRef, subset, rows, taskType, gatePassed, gateStatus, metrics, createdAt, jobId, splitId, ...body } = e;
    const resultHash = this.blobs.putJson(body satisfies EvaluationBody);
    const predictionsHash = this.blobs.putJson(predictions);
    run(
      this.db,
      `INSERT INTO evaluations (id, project_id, run_id, run_name, dataset_version_id, dataset_ref, subset, split_id, job_id, task_type, rows,
           gate_passed, gate_status, metrics, result_hash, predictions_hash, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      projectId,
      runId,
      runName,
      datasetVersionId,
      datasetRef,
      subset,
      splitId,
      jobId,
      taskType,
      rows,
      gatePassed ? 1 : 0,
      gateStatus,
      JSON.stringify(metrics),
      resultHash,
      predictionsHash,
      createdAt,
    );
  }

  private row(id: string): EvaluationRow {
    const r = one<EvaluationRow>(this.db, 'SELECT * FROM evaluations WHERE id = ?', id);
    if (!r) throw notFound('evaluation', id);
    return r;
  }

  getSummary(id: string): EvaluationSummary {
    return this.summary(this.row(id));
  }

  get(id: string): Evaluation {
    const r = this.row(id);
    const body = this.blobs.readJson<EvaluationBody>(r.result_hash);
    return { ...this.summary(r), jobId: r.job_id, splitId: r.split_id, ...body };
  }

  predictions(id: string): StoredPredictions {
    return this.blobs.readJson<StoredPredictions>(this.row(id).predictions_hash);
  }

  list(filter: { projectId?: string; runId?: string; limit: number }): EvaluationSummary[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.projectId) (where.push('project_id = ?'), args.push(filter.projectId));
    if (filter.runId) (where.push('run_id = ?'), args.push(filter.runId));
    const sql = `SELECT * FROM evaluations ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY created_at DESC, id DESC LIMIT ?`;
    return all<EvaluationRow>(this.db, sql, ...args, filter.limit).map((r) => this.summary(r));
  }

  hasAny(projectId: string): boolean {
    return one(this.db, 'SELECT 1 FROM evaluations WHERE project_id = ? LIMIT 1', projectId) !== undefined;
  }
}
