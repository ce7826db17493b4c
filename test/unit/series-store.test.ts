import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../electron/core/store/db.js';
import { SeriesStore } from '../../electron/core/store/series-store.js';
import { readSeries } from '../../electron/core/training/views.js';
import { tempDir } from '../helpers/workspace.js';

function store() {
  const db = openDb(path.join(tempDir(), 'ciclo.db'));
  db.prepare("INSERT INTO projects (id, name, task_type, created_at, updated_at) VALUES ('p', 'p', 'binary', '', '')").run();
  db.prepare(
    `INSERT INTO runs (id, project_id, name, status, task_type, template, dataset_version_id, dataset_ref, split_id, backend_requested, params, design, input_shape, features, preprocessing_hash, param_count, epochs, created_at, updated_at)
     VALUES ('r', 'p', 'r', 'running', 'binary', 'mlp', 'd', 'd@1', 's', 'auto', '{}', '{}', '[]', '[]', 'h', 1, 1, '', '')`,
  ).run();
  return { db, s: new SeriesStore(db) };
}

describe('metric series store', () => {
  it('writes points in chunks and reads them back in order, per key', () => {
    const { db, s } = store();
    s.append('r', [
      { key: 'batch/loss', step: 1, value: 0.9 },
      { key: 'batch/loss', step: 2, value: 0.8 },
      { key: 'loss', step: 1, value: 0.85 },
    ]);
    s.append('r', [{ key: 'batch/loss', step: 3, value: NaN }]);
    expect((db.prepare('SELECT COUNT(*) AS n FROM run_series').get() as { n: number }).n).toBe(3);
    expect(s.keys('r')).toEqual(['batch/loss', 'loss']);
    const b = s.read('r', 'batch/loss');
    expect(Array.from(b.steps)).toEqual([1, 2, 3]);
    expect(Array.from(b.values.slice(0, 2))).toEqual([0.9, 0.8]);
    expect(Number.isNaN(b.values[2])).toBe(true);
    expect(s.count('r')).toBe(4);
  });

  it('truncates after a checkpoint: batch points after the step, epoch points after the epoch', () => {
    const { s } = store();
    s.append(
      'r',
      Array.from({ length: 10 }, (_, i) => ({ key: 'batch/loss', step: i + 1, value: i })),
    );
    s.append(
      'r',
      Array.from({ length: 10 }, (_, i) => ({ key: 'batch/loss', step: i + 11, value: i + 10 })),
    );
    s.append(
      'r',
      [1, 2, 3, 4].map((e) => ({ key: 'val_loss', step: e, value: 1 / e })),
    );
    s.truncate('r', 12, 2);
    expect(Array.from(s.read('r', 'batch/loss').steps)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(Array.from(s.read('r', 'val_loss').steps)).toEqual([1, 2]);
    const outline = s.readExtremes('r', 'batch/loss');
    expect(outline.steps.at(-1)).toBe(12);
    expect(Math.max(...outline.values)).toBe(11);
  });

  it('draws a long series from its chunk extremes, keeping every spike, within maxPoints', () => {
    const { s } = store();
    for (let c = 0; c < 400; c++) {
      s.append(
        'r',
        Array.from({ length: 250 }, (_, j) => {
          const step = c * 250 + j + 1;
          return { key: 'batch/loss', step, value: step === 31_337 ? 42 : step === 77_777 ? -5 : 1 + Math.sin(step / 1000) };
        }),
      );
    }
    const [lttb] = readSeries(s, 'r', ['batch/loss'], 1000, 'lttb');
    expect(lttb.total).toBe(100_000);
    expect(lttb.downsampled).toBe(true);
    expect(lttb.x.length).toBeLessThanOrEqual(1000);
    expect(lttb.x[0]).toBe(1);
    expect(lttb.x.at(-1)).toBe(100_000);
    expect(Math.max(...lttb.y)).toBe(42);
    expect(Math.min(...lttb.y)).toBe(-5);
    const [again] = readSeries(s, 'r', ['batch/loss'], 1000, 'lttb');
    expect(again).toEqual(lttb);
    const [short] = readSeries(s, 'r', ['batch/loss'], 100_000, 'lttb');
    expect(short).toMatchObject({ downsampled: false, method: 'none' });
    expect(short.x).toHaveLength(100_000);
  });
});
