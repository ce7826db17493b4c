import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bucketAll, bucketCount, bucketOf, bucketSeries, commonGrid } from '../../electron/core/stats/buckets.js';
import { mulberry32 } from '../../electron/core/stats/random.js';
import { openDb } from '../../electron/core/store/db.js';
import { SeriesStore } from '../../electron/core/store/series-store.js';
import { readSharedSeries } from '../../electron/core/training/shared-series.js';
import { tempDir } from '../helpers/workspace.js';

/** A noisy falling loss of n points from step `start`, with a spike at `spikeAt`. */
function loss(n: number, seed: number, start = 1, spikeAt = -1) {
  const r = mulberry32(seed);
  const x = Float64Array.from({ length: n }, (_, i) => start + i);
  const y = Float64Array.from({ length: n }, (_, i) => (i === spikeAt ? 50 : 2 * Math.exp(-i / 3000) + 0.2 * r()));
  return { x, y };
}

describe('shared buckets for compared series', () => {
  it('asks for two buckets per pixel column', () => {
    expect(bucketCount(600)).toBe(1200);
    expect(bucketCount(3)).toBe(20);
    expect(bucketCount(1e6)).toBe(20_000);
  });

  it('spans one x range over every series and puts each x in its bucket', () => {
    const grid = commonGrid([Float64Array.of(5, 6, 7), Float64Array.of(NaN, 1, 3), Float64Array.of(2, 105)], 52)!;
    expect(grid).toEqual({ from: 1, to: 105, count: 52 });
    expect(bucketOf(grid, 1)).toBe(0);
    expect(bucketOf(grid, 2.99)).toBe(0);
    expect(bucketOf(grid, 3)).toBe(1);
    expect(bucketOf(grid, 105)).toBe(51);
    expect(bucketOf(grid, -10)).toBe(0);
    expect(commonGrid([Float64Array.of(4), Float64Array.of(4)], 10)).toEqual({ from: 4, to: 4, count: 1 });
    expect(commonGrid([new Float64Array(0)], 10)).toBeNull();
  });

  it('gives every run exactly one point in every bucket its data covers, so a hovered bucket lists all runs', () => {
    // ten runs of different lengths and starts (one starts late, one is short)
    const runs = Array.from({ length: 10 }, (_, i) => loss(i === 3 ? 5_000 : 20_000 - i * 100, i, i === 7 ? 2_001 : 1));
    const { grid, series } = bucketAll(runs, 600);
    expect(grid).toEqual({ from: 1, to: 21_300, count: 600 }); // run 7 starts at 2,001 and has 19,300 points
    series.forEach((s, i) => {
      expect(s.downsampled).toBe(true);
      const inner = Array.from(s.x.slice(1, -1), (x) => bucketOf(grid!, x));
      // one point per bucket, in order (plus the first and last points)
      expect(inner.every((b, k) => k === 0 || b === inner[k - 1] + 1)).toBe(true);
      // every bucket from the run's first to its last has a point
      const all = new Set(Array.from(s.x, (x) => bucketOf(grid!, x)));
      const first = bucketOf(grid!, runs[i].x[0]);
      const last = bucketOf(grid!, runs[i].x[runs[i].x.length - 1]);
      expect(all.size).toBe(last - first + 1);
      // first and last points kept
      expect(s.x[0]).toBe(runs[i].x[0]);
      expect(s.x.at(-1)).toBe(runs[i].x.at(-1));
      expect(s.x.length).toBeLessThanOrEqual(602);
    });
    // at a hovered bucket inside every run's range, all ten runs have a point
    const b = bucketOf(grid!, 4_000);
    expect(series.filter((s) => Array.from(s.x).some((x) => bucketOf(grid!, x) === b)).length).toBe(10);
  });

  it('picks real points, each a bucket extreme, and keeps a spike', () => {
    const run = loss(100_000, 1, 1, 61_234);
    const out = bucketSeries(run.x, run.y, { from: 1, to: 100_000, count: 500 });
    expect(out.y.includes(50)).toBe(true);
    expect(out.x[out.y.indexOf(50)]).toBe(61_235);
    const grid = { from: 1, to: 100_000, count: 500 };
    const lo = new Array(500).fill(Infinity);
    const hi = new Array(500).fill(-Infinity);
    for (let j = 1; j < run.y.length - 1; j++) {
      const b = bucketOf(grid, run.x[j]);
      lo[b] = Math.min(lo[b], run.y[j]);
      hi[b] = Math.max(hi[b], run.y[j]);
    }
    const picks = Array.from(out.x.slice(1, -1), (x, k) => ({ x, y: out.y[k + 1], b: bucketOf(grid, x) }));
    expect(picks.filter((p) => p.y !== run.y[p.x - 1] || (p.y !== lo[p.b] && p.y !== hi[p.b]))).toEqual([]);
  });

  it('is deterministic, drops NaN, sorts stray out-of-order points and keeps short series whole', () => {
    const run = loss(20_000, 3);
    const a = bucketSeries(run.x, run.y, { from: 1, to: 20_000, count: 300 });
    const b = bucketSeries(run.x, run.y, { from: 1, to: 20_000, count: 300 });
    expect(Array.from(a.y)).toEqual(Array.from(b.y));
    const short = bucketSeries([3, 1, 2, 4], [0.3, 0.1, NaN, 0.4], { from: 1, to: 4, count: 300 });
    expect(short).toEqual({ x: Float64Array.of(1, 3, 4), y: Float64Array.of(0.1, 0.3, 0.4), downsampled: false });
  });

  it('reads compared runs from the store on one grid per key', () => {
    const db = openDb(path.join(tempDir(), 'ciclo.db'));
    db.prepare("INSERT INTO projects (id, name, task_type, created_at, updated_at) VALUES ('p', 'p', 'binary', '', '')").run();
    const store = new SeriesStore(db);
    for (const id of ['a', 'b']) {
      db.prepare(
        `INSERT INTO runs (id, project_id, name, status, task_type, template, dataset_version_id, dataset_ref, split_id, backend_requested, params, design, input_shape, features, preprocessing_hash, param_count, epochs, created_at, updated_at)
         VALUES (?, 'p', ?, 'succeeded', 'binary', 'mlp', 'd', 'd@1', 's', 'auto', '{}', '{}', '[]', '[]', 'h', 1, 1, '', '')`,
      ).run(id, id);
      const n = id === 'a' ? 5000 : 3000;
      for (let k = 0; k < n; k += 500)
        store.append(
          id,
          Array.from({ length: 500 }, (_, j) => ({ key: 'batch/loss', step: k + j + 1, value: 1 / (k + j + 1) })),
        );
      store.append(
        id,
        [1, 2, 3].map((e) => ({ key: 'val_loss', step: e, value: 1 / e })),
      );
    }
    const { series, buckets } = readSharedSeries(store, ['b', 'a'], ['batch/loss', 'val_loss', 'accuracy'], 200);
    expect(buckets).toEqual([
      { key: 'batch/loss', from: 1, to: 5000, count: 400 },
      { key: 'val_loss', from: 1, to: 3, count: 400 },
    ]);
    expect(series.map((s) => `${s.runId}:${s.key}:${s.method}`)).toEqual(['b:batch/loss:minmax-lttb', 'a:batch/loss:minmax-lttb', 'b:val_loss:none', 'a:val_loss:none']);
    expect(series[0].total).toBe(3000);
    expect(series[1].x.length).toBeLessThanOrEqual(402);
  });
});
