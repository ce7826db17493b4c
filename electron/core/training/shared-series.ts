import type { Series } from '../../../shared/schemas/training.js';
import { bucketAll, bucketCount } from '../stats/buckets.js';
import type { SeriesData, SeriesStore } from '../store/series-store.js';

/** The buckets one chart's series share (see stats/buckets.ts). */
export interface SharedGrid {
  key: string;
  from: number;
  to: number;
  count: number;
}

/**
 * A series read for bucketing: every point, or, when the series is stored in at least as many chunks as
 * there are buckets, its chunks' first, lowest, highest and last points (no point is read; the outline
 * still holds several candidates per bucket, every extreme among them).
 */
function readFor(store: SeriesStore, runId: string, key: string, buckets: number): { data: SeriesData; total: number } {
  const { points, chunks } = store.size(runId, key);
  const data = points > buckets * 4 && chunks >= buckets ? store.readExtremes(runId, key) : store.read(runId, key);
  return { data, total: points };
}

/**
 * The series of several runs for charts `width` pixels wide: per key, every run's series downsampled on one
 * grid (the same buckets over one common x range, two per pixel column), so every run has a point wherever
 * its data covers the axis. Series come in the order of `runIds`, per key in the order of `keys`.
 */
export function readSharedSeries(store: SeriesStore, runIds: string[], keys: string[], width: number): { series: Series[]; buckets: SharedGrid[] } {
  const count = bucketCount(width);
  const series: Series[] = [];
  const buckets: SharedGrid[] = [];
  const have = new Map(runIds.map((id) => [id, new Set(store.keys(id))]));
  for (const key of keys) {
    const ids = runIds.filter((id) => have.get(id)!.has(key));
    if (!ids.length) continue;
    const read = ids.map((id) => readFor(store, id, key, count));
    const out = bucketAll(
      read.map((r) => ({ x: r.data.steps, y: r.data.values })),
      count,
    );
    if (out.grid) buckets.push({ key, ...out.grid });
    out.series.forEach((s, i) =>
      series.push({ runId: ids[i], key, x: Array.from(s.x), y: Array.from(s.y), total: read[i].total, downsampled: s.downsampled, method: s.downsampled ? 'minmax-lttb' : 'none' }),
    );
  }
  return { series, buckets };
}
