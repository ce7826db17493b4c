import type { RunRowSummary } from '../../../shared/schemas/training.js';
import type { Db } from './db.js';
import { HELD_BEST_SQL, HELD_METRICS_SQL, RunStore, type RunQuery } from './run-store.js';

interface Row {
  id: string;
  name: string;
  status: RunRowSummary['status'];
  template: string;
  dataset_ref: string;
  backend: string | null;
  held: string;
  from_best: number;
  best_epoch: number | null;
  epochs: number;
  epochs_done: number;
  duration_ms: number;
  created_at: string;
}

/** The same choice as heldMetrics: the best epoch's metrics when early stopping restores its weights. */
const COLUMNS = `id, name, status, template, dataset_ref, backend, epochs, epochs_done, duration_ms, created_at, best_epoch,
  ${HELD_METRICS_SQL} AS held, ${HELD_BEST_SQL} AS from_best`;

/**
 * The runs table's rows: one page of the run-list query with only the columns the table shows and only the
 * `metrics` it asks for (a page is a fraction of run.list's size; no hyperparameters are parsed).
 */
export function runRows(db: Db, q: RunQuery, metrics: string[]): { total: number; items: RunRowSummary[] } {
  const { total, rows } = new RunStore(db).page<Row>(q, COLUMNS);
  const items = rows.map((r): RunRowSummary => {
    const all = JSON.parse(r.held) as Record<string, number>;
    const picked: Record<string, number> = {};
    for (const m of metrics) if (typeof all[m] === 'number') picked[m] = all[m];
    const best = r.from_best === 1;
    return {
      id: r.id,
      name: r.name,
      status: r.status,
      template: r.template,
      datasetRef: r.dataset_ref,
      backend: r.backend,
      metrics: picked,
      metricsEpoch: best ? r.best_epoch : r.epochs_done > 0 ? r.epochs_done : null,
      metricsFrom: best ? 'best' : 'last',
      epochs: r.epochs,
      epochsDone: r.epochs_done,
      durationMs: r.duration_ms,
      createdAt: r.created_at,
    };
  });
  return { total, items };
}
