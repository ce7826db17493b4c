import { AppError, invalid } from '../../../shared/contract/errors.js';
import type { JobRunner } from '../jobs/runner.js';
import { hyperparametersSchema, type Hyperparameters, type Run, type TemplateId } from '../../../shared/schemas/training.js';
import type { BlobStore } from '../store/blobs.js';
import type { Db } from '../store/db.js';
import type { TaskType } from '../../../shared/metrics.js';
import { templateParams, templates } from './design.js';
import { epochMetricNames } from './prepare.js';
import { SKEWED, type Preprocessing } from './preprocess.js';
import { RunStore, toSummary, type RunRow } from '../store/run-store.js';
import { runSplit } from './run-split.js';

/** Pieces of the training service that need no state of their own: hyperparameters, a run's target, its baseline, whether it may resume. */

function deepMerge(base: Record<string, unknown>, patch: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch ?? {})) {
    if (v === undefined) continue;
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)
        ? deepMerge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/** The template's hyperparameters with the request's changes, checked (an unknown monitor for early stopping is refused). */
export function resolveParams(template: TemplateId, patch: Record<string, unknown> | undefined, task: string): Hyperparameters {
  const parsed = hyperparametersSchema.safeParse(deepMerge(templateParams(template) as unknown as Record<string, unknown>, patch as Record<string, unknown>));
  if (!parsed.success) {
    throw invalid(
      parsed.error.issues.map((i) => ({
        path: ['params', ...i.path.map(String)],
        key: 'train:issue.bad_param',
        params: { param: i.path.join('.'), detail: i.message },
        message: `params.${i.path.join('.')}: ${i.message}`,
      })),
    );
  }
  const p = parsed.data;
  const known = [...epochMetricNames(task as never)];
  if (p.earlyStopping.enabled && !known.includes(p.earlyStopping.monitor)) {
    throw invalid([
      {
        path: ['params', 'earlyStopping', 'monitor'],
        key: 'train:issue.bad_monitor',
        params: { monitor: p.earlyStopping.monitor, known: known.join(', ') },
        message: `Early stopping cannot watch "${p.earlyStopping.monitor}"; use one of ${known.join(', ')}.`,
      },
    ]);
  }
  return p;
}

/** What the run learnt about its target, from its saved preprocessing. */
export function targetOf(blobs: BlobStore, r: RunRow): Run['target'] {
  let t: Preprocessing['target'];
  try {
    t = blobs.readJson<Preprocessing>(r.preprocessing_hash).target;
  } catch {
    return null;
  }
  const skewness = t.task === 'regression' ? (t.skewness ?? null) : null;
  return {
    name: t.name,
    positiveClass: t.task === 'binary' ? (t.positiveClass ?? t.classes?.[1] ?? null) : null,
    transform: t.transform === 'log1p' ? 'log1p' : 'none',
    skewness,
    skewed: skewness !== null && skewness > SKEWED,
  };
}

/**
 * The baseline the runs are judged against: a compared baseline run, else the project's newest succeeded
 * baseline on the same data set version (the same split preferred).
 */
export function baselineFor(db: Db, rows: RunRow[]): { row: RunRow; sameSplit: boolean } | null {
  const isBaseline = (r: RunRow) => r.template === 'baseline' || r.template === 'linear';
  const inside = rows.find((r) => isBaseline(r) && r.status === 'succeeded');
  const first = rows.find((r) => !isBaseline(r)) ?? rows[0];
  if (inside) return { row: inside, sameSplit: rows.every((r) => r.split_id === inside.split_id) };
  const found = new RunStore(db).newestBaseline(first.project_id, first.dataset_version_id, first.split_id);
  return found ? { row: found, sameSplit: rows.every((r) => r.split_id === found.split_id) } : null;
}

/** Refuses to resume a run whose owner still works on it, or that has finished. */
export function checkResumable(jobs: Pick<JobRunner, 'owner'>, row: RunRow): void {
  if (row.status === 'running' || row.status === 'queued') {
    const owner = row.job_id ? jobs.owner(row.job_id) : null;
    if (owner && owner.liveness !== 'dead') {
      const where = owner.liveness === 'alive' ? `process ${owner.pid} on this computer` : `process ${owner.pid ?? '?'} on ${owner.host ?? 'another computer'}`;
      const beat =
        owner.heartbeatAgeMs === null
          ? ''
          : ` (its last sign of life was ${Math.round(owner.heartbeatAgeMs / 1000)} s ago${owner.liveness === 'alive' ? ', but the process is still there, perhaps stopped or busy' : ''})`;
      throw new AppError(
        'conflict',
        `Run ${row.id} is still being trained by ${where}${beat}. Resuming it now would train it twice: wait for it, or cancel it first (ciclo runs cancel ${row.id}).`,
        { status: row.status, ownerPid: owner.pid, ownerHost: owner.host, ownerAlive: owner.liveness === 'alive' },
      );
    }
  }
  if (!['interrupted', 'cancelled', 'failed'].includes(row.status)) {
    throw new AppError('conflict', `Run ${row.id} is ${row.status}; only an interrupted, cancelled or failed run can be resumed.`, { status: row.status });
  }
}

/** A run as the contract gives it: its stored row read back, with its split, target and the keys of its series. */
export function toRun(r: RunRow, db: Db, blobs: BlobStore, seriesKeys: string[]): Run {
  return {
    ...toSummary(r),
    jobId: r.job_id,
    splitId: r.split_id,
    split: runSplit(db, r.split_id),
    target: targetOf(blobs, r),
    backendRequested: r.backend_requested as Run['backendRequested'],
    backendNote: r.backend_note,
    backendNoteKey: (r.environment ? (JSON.parse(r.environment) as Run['environment'])?.backendNoteKey : undefined) ?? null,
    design: JSON.parse(r.design),
    templateOptions: JSON.parse(r.template_options),
    inputShape: JSON.parse(r.input_shape),
    classes: r.classes ? JSON.parse(r.classes) : null,
    features: JSON.parse(r.features),
    bestMetrics: r.best_metrics ? JSON.parse(r.best_metrics) : null,
    environment: r.environment ? JSON.parse(r.environment) : null,
    notes: r.notes,
    error: r.error ? JSON.parse(r.error) : null,
    checkpointEpoch: r.checkpoint_epoch,
    packageHash: r.package_hash,
    resumeCount: r.resume_count,
    seriesKeys,
    startedAt: r.started_at,
    updatedAt: r.updated_at,
  };
}

/** Refuses a template that does not suit the project's task, naming the ones that do. */
export function checkTemplateSuits(template: TemplateId, task: TaskType): void {
  if (!templates[template].taskTypes.includes(task)) {
    const suited = Object.values(templates)
      .filter((t) => t.taskTypes.includes(task))
      .map((t) => t.id)
      .join(' or ');
    throw invalid([
      {
        path: ['template'],
        key: 'train:issue.template_task',
        params: { template, task, suited },
        message: `The ${template} template does not suit a ${task} project; use ${suited}.`,
      },
    ]);
  }
}

/** A log transform of the target is for regression only. */
export function checkTargetTransform(transform: string | undefined | null, task: string): void {
  if (transform === 'log1p' && task !== 'regression') {
    throw invalid([
      { path: ['targetTransform'], key: 'train:issue.transform_needs_regression', message: `A log transform of the target is for regression projects; this one is ${task}.` },
    ]);
  }
}
