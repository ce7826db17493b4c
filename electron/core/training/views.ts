import type { RunSummary, Series } from '../../../shared/schemas/training.js';
import { downsample, type DownsampleMethod } from '../stats/downsample.js';
import { toSummary, type RunRow } from '../store/run-store.js';
import { readSharedSeries } from './shared-series.js';
import type { SeriesStore } from '../store/series-store.js';

/** Read models for charts and comparisons: downsampled series, parameter diffs, metric tables. */

/**
 * Series for charts, at most `maxPoints` each. Short series come whole. A long series stored in many
 * chunks is drawn from its chunks' first, lowest, highest and last points (no point is read; every
 * extreme is kept) and, if that outline is still too long, downsampled with `method`. Otherwise every
 * point is read and downsampled with `method`. `method` in the answer says what was done.
 */
export function readSeries(store: SeriesStore, runId: string, keys: string[], maxPoints: number, method: DownsampleMethod): Series[] {
  return keys.map((key) => {
    const { points, chunks } = store.size(runId, key);
    let data;
    let used: Series['method'];
    if (points > maxPoints && chunks >= maxPoints / 4) {
      const outline = store.readExtremes(runId, key);
      const d = downsample(outline.steps, outline.values, maxPoints, method);
      data = { ...d, downsampled: true };
      used = d.downsampled ? method : 'minmax';
    } else {
      const { steps, values } = store.read(runId, key);
      data = downsample(steps, values, maxPoints, method);
      used = data.downsampled ? method : 'none';
    }
    return { runId, key, x: Array.from(data.x), y: Array.from(data.y), total: points, downsampled: data.downsampled, method: used };
  });
}

/** A run's series for its page: on shared buckets for a chart `width` pixels wide, else to maxPoints. */
export function runSeries(store: SeriesStore, runId: string, keys: string[], opts: { maxPoints: number; method: DownsampleMethod; width?: number }): Series[] {
  return opts.width ? readSharedSeries(store, [runId], keys, opts.width).series : readSeries(store, runId, keys, opts.maxPoints, opts.method);
}

function flatten(value: unknown, prefix: string, out: Record<string, string>): void {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out[prefix] = Array.isArray(value) ? value.join(', ') : String(value);
}

function describeLayers(row: RunRow): string {
  const design = JSON.parse(row.design) as { layers: { type: string; units?: number; filters?: number; rate?: number }[] };
  return (
    design.layers.map((l) => (l.units ? `dense(${l.units})` : l.filters ? `conv2d(${l.filters})` : l.rate !== undefined ? `dropout(${l.rate})` : l.type)).join(' > ') ||
    '(output only)'
  );
}

/** What differs between runs: hyperparameters, template, design, data, backend. */
function paramTable(rows: RunRow[]) {
  const flat = rows.map((r) => {
    const out: Record<string, string> = {};
    flatten(JSON.parse(r.params), 'params', out);
    flatten(JSON.parse(r.template_options), 'template', out);
    out['template.id'] = r.template;
    out['design.layers'] = describeLayers(r);
    out['design.paramCount'] = String(r.param_count);
    out['data.dataset'] = r.dataset_ref;
    out['data.split'] = r.split_id;
    out['backend'] = r.backend ?? '';
    return out;
  });
  const names = [...new Set(flat.flatMap((f) => Object.keys(f)))].sort();
  return names.map((name) => {
    const values = flat.map((f) => (name in f ? f[name] : null));
    return { name, values, differs: new Set(values).size > 1 };
  });
}

/**
 * Each run against the project's baseline (logistic / linear regression on the same data): on validation
 * loss (classification) or RMSE (regression) of the weights each model holds; null where not comparable.
 */
function againstBaseline(summaries: RunSummary[], baseline: RunRow | null, sameSplit: boolean) {
  if (!baseline) return null;
  const b = toSummary(baseline);
  const metric = b.taskType === 'regression' ? 'val_rmse' : 'val_loss';
  const ref = b.metrics[metric];
  const beats = summaries.map((s) =>
    s.id === b.id || ref === undefined || s.metrics[metric] === undefined || s.datasetVersionId !== b.datasetVersionId ? null : s.metrics[metric] < ref,
  );
  return { run: b, metric, sameSplit, beats };
}

/** Compared runs; with `width` (the plot's pixels) their series share buckets (see shared-series.ts). */
export function compareRuns(
  store: SeriesStore,
  rows: RunRow[],
  keys: string[] | undefined,
  maxPoints: number,
  method: DownsampleMethod,
  baseline: { row: RunRow; sameSplit: boolean } | null = null,
  width?: number,
) {
  const summaries = rows.map(toSummary);
  const metricNames = [...new Set(summaries.flatMap((s) => Object.keys(s.metrics)))].sort();
  const metrics = metricNames.map((name) => ({ name, values: summaries.map((s) => (name in s.metrics ? s.metrics[name] : null)) }));
  const defaultKeys = ['batch/loss', 'loss', 'val_loss', 'accuracy', 'val_accuracy', 'mae', 'val_mae', 'rmse', 'val_rmse'];
  const wanted = keys ?? defaultKeys;
  const shared = width
    ? readSharedSeries(
        store,
        rows.map((r) => r.id),
        wanted,
        width,
      )
    : null;
  const series =
    shared?.series ??
    rows.flatMap((r) => {
      const have = new Set(store.keys(r.id));
      return readSeries(
        store,
        r.id,
        wanted.filter((k) => have.has(k)),
        maxPoints,
        method,
      );
    });
  return {
    runs: summaries,
    params: paramTable(rows),
    metrics,
    series,
    buckets: shared?.buckets ?? [],
    baseline: againstBaseline(summaries, baseline?.row ?? null, baseline?.sameSplit ?? false),
  };
}
