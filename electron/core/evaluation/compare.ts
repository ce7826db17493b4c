import type { ComparisonRow, Evaluation, EvaluationComparison, MetricInterval, MetricValues } from '../../../shared/schemas/evaluation.js';
import { metricByName, metrics as catalogue } from '../../../shared/metrics.js';

/** Which of two values is better for a metric, by the catalogue's direction; null when not comparable. */
export function betterOf(metric: string, a: number | null | undefined, b: number | null | undefined): ComparisonRow['better'] {
  const info = metricByName.get(metric);
  if (!info || a === null || a === undefined || b === null || b === undefined) return null;
  if (a === b) return 'equal';
  const higher = info.better === 'higher';
  return (higher ? b > a : b < a) ? 'b' : 'a';
}

/** Metric by metric, in catalogue order, the metrics either side has; with their intervals when known. */
export function compareMetrics(a: MetricValues, b: MetricValues, ia: Record<string, MetricInterval> = {}, ib: Record<string, MetricInterval> = {}): ComparisonRow[] {
  const names = catalogue.map((m) => m.name).filter((n) => n in a || n in b);
  return names.map((metric) => {
    const va = a[metric] ?? null;
    const vb = b[metric] ?? null;
    const aInterval = ia[metric] ?? null;
    const bInterval = ib[metric] ?? null;
    const overlap = aInterval && bInterval ? aInterval.lower <= bInterval.upper && bInterval.lower <= aInterval.upper : null;
    return { metric, a: va, b: vb, delta: va === null || vb === null ? null : vb - va, better: betterOf(metric, va, vb), aInterval, bInterval, overlap };
  });
}

export function compareEvaluations(a: Evaluation, b: Evaluation): EvaluationComparison {
  const rows = compareMetrics(a.metrics, b.metrics, a.intervals, b.intervals);
  const strip = (e: Evaluation) => ({
    id: e.id,
    projectId: e.projectId,
    runId: e.runId,
    runName: e.runName,
    datasetVersionId: e.datasetVersionId,
    datasetRef: e.datasetRef,
    subset: e.subset,
    rows: e.rows,
    taskType: e.taskType,
    gatePassed: e.gatePassed,
    gateStatus: e.gateStatus,
    metrics: e.metrics,
    createdAt: e.createdAt,
  });
  return {
    a: strip(a),
    b: strip(b),
    rows,
    wins: {
      a: rows.filter((r) => r.better === 'a').length,
      b: rows.filter((r) => r.better === 'b').length,
      equal: rows.filter((r) => r.better === 'equal').length,
    },
    gates: { a: a.gate, b: b.gate },
    sameData: a.datasetVersionId === b.datasetVersionId && a.subset === b.subset && a.splitId === b.splitId && a.rows === b.rows,
  };
}
