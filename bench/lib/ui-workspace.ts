/**
 * A seeded workspace for the UI benchmark, written through the core's own stores (RunStore, SeriesStore):
 * `runs` runs in one project and `points` metric points. The first ten runs are long: `longPoints`
 * batch/loss points each (about 40 % of all points) plus 20 epochs of loss, val_loss, accuracy and
 * val_accuracy with a best epoch kept; the others share the rest (batch/loss and up to 20 epochs).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { confPreferences } from '../../electron/core/preferences/store.js';
import { createServices } from '../../electron/core/services.js';
import { mulberry32 } from '../../electron/core/stats/random.js';
import { RunStore } from '../../electron/core/store/run-store.js';
import { SeriesStore, type Point } from '../../electron/core/store/series-store.js';
import { seededRun, seededStatuses } from './synthetic-runs.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface UiWorkspace {
  projectId: string;
  longIds: string[];
  runs: number;
  points: number;
  longPoints: number;
  seconds: number;
}

export async function seedUiWorkspace(dataDir: string, runCount: number, pointCount: number): Promise<UiWorkspace> {
  const t0 = performance.now();
  const s = createServices({ dataDir, preferences: confPreferences(path.join(dataDir, 'prefs')) });
  await s.call('project.create', { name: 'ui-bench', taskType: 'multiclass' }, { door: 'bench' });
  const projectId = s.projects.resolve('ui-bench').id;
  // a real data set version: the Train phase asks for one
  const imported = await s.datasets.importFile({ project: 'ui-bench', path: path.join(root, 'resources/datasets/iris.csv'), target: 'species' } as never);
  const version = imported.version;
  const runs = new RunStore(s.db);
  const series = new SeriesStore(s.db);
  const r = mulberry32(19);
  const long = Math.min(10, runCount);
  const longPoints = Math.floor((pointCount * 0.4) / long);
  const perShort = runCount > long ? Math.floor((pointCount - long * (longPoints + 80)) / (runCount - long)) : 0;
  const ids: string[] = [];
  // the long runs are the newest, so they head the table (sorted by creation, newest first)
  const created = (i: number) => new Date(Date.UTC(2026, 0, 1) + (runCount - i) * 60_000).toISOString();
  const epochs = (i: number, n: number) => {
    const out: Point[] = [];
    const floor = 0.3 + 0.4 * r();
    for (let e = 1; e <= n; e++) {
      const val = floor + 1.5 * Math.exp(-e / (3 + (i % 5))) + (e > 12 ? (e - 12) * 0.01 * (i % 3) : 0) + 0.02 * r();
      out.push(
        { key: 'loss', step: e, value: val * 0.9 },
        { key: 'val_loss', step: e, value: val },
        { key: 'accuracy', step: e, value: 1 - val / 3 },
        { key: 'val_accuracy', step: e, value: 1 - val / 2.8 },
      );
    }
    return out;
  };
  s.db.transaction(() => {
    for (let i = 0; i < runCount; i++) {
      const id = `run_ui${String(i).padStart(6, '0')}`;
      ids.push(id);
      runs.insert(
        seededRun(
          i,
          { id, projectId, name: i < long ? `long ${i + 1}` : `run ${i}`, datasetVersionId: version.id, datasetRef: `${version.name}@${version.version}`, splitId: 'spl_bench' },
          20,
        ),
        i < long ? 'succeeded' : seededStatuses[i % seededStatuses.length],
      );
      s.db.prepare('UPDATE runs SET created_at = ? WHERE id = ?').run(created(i), id);
    }
  })();
  let written = 0;
  const chunk = 500;
  const batch: Point[] = [];
  for (let i = 0; i < runCount; i++) {
    const n = i < long ? longPoints : perShort;
    const epochCount = i < long ? 20 : Math.min(20, Math.floor(n / 10));
    const batchPoints = i < long ? n : Math.max(0, n - epochCount * 4);
    const tau = 20_000 + 7_000 * (i % 10);
    for (let k = 0; k < batchPoints; k += chunk) {
      batch.length = 0;
      for (let j = k; j < Math.min(batchPoints, k + chunk); j++)
        batch.push({ key: 'batch/loss', step: j + 1, value: 0.3 + 2 * Math.exp(-j / tau) + 0.15 * r() + (r() < 0.0005 ? 1.5 : 0) });
      series.append(ids[i], batch);
      written += batch.length;
    }
    if (epochCount) {
      const points = epochs(i, epochCount);
      series.append(ids[i], points);
      written += points.length;
      const last = Object.fromEntries(points.slice(-4).map((p) => [p.key, p.value]));
      const val = points.filter((p) => p.key === 'val_loss');
      const best = val.reduce((a, b) => (b.value < a.value ? b : a));
      const bestMetrics = Object.fromEntries(points.filter((p) => p.step === best.step).map((p) => [p.key, p.value]));
      runs.update(ids[i], {
        metrics: JSON.stringify(last),
        best_metrics: JSON.stringify(bestMetrics),
        best_epoch: best.step,
        epochs: 20,
        epochs_done: epochCount,
        duration_ms: Math.floor(r() * 1e6),
      });
    }
  }
  await s.close();
  return { projectId, longIds: ids.slice(0, long), runs: runCount, points: written, longPoints, seconds: (performance.now() - t0) / 1000 };
}
