import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { uuid7 } from '../../electron/core/ids.js';
import { openDb, type Db } from '../../electron/core/store/db.js';
import { insertLogRecords, logPredictions, logRecord, type LogRecord } from '../../electron/core/store/prediction-log-store.js';
import { tempDir } from '../helpers/workspace.js';

// The per-day totals of the prediction log are summed by the inserts themselves (migration 0016 dropped the
// per-row trigger): after any mix of batches, days, models, sources, duplicates and a failed batch they
// must equal a scan of the rows.

type Key = { run_id: string; model_name: string; source: string; day: string };
function days(db: Db) {
  return db
    .prepare('SELECT run_id, model_name, source, day, requests, errors, latency_n, latency_sum FROM prediction_log_days ORDER BY run_id, model_name, source, day')
    .all() as (Key & {
    requests: number;
    errors: number;
    latency_n: number;
    latency_sum: number;
  })[];
}
function scan(db: Db) {
  return db
    .prepare(
      `SELECT run_id, COALESCE(model_name, '') AS model_name, source, substr(ts, 1, 10) AS day, COUNT(*) AS requests, SUM(prediction IS NULL) AS errors,
         COUNT(latency_ms) AS latency_n, COALESCE(SUM(latency_ms), 0) AS latency_sum
       FROM prediction_logs GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    )
    .all() as ReturnType<typeof days>;
}
function expectTotalsEqualRows(db: Db) {
  const d = days(db);
  const s = scan(db);
  expect(d.map(({ latency_sum, ...k }) => k)).toEqual(s.map(({ latency_sum, ...k }) => k));
  d.forEach((row, i) => expect(row.latency_sum).toBeCloseTo(s[i].latency_sum, 9));
}

const base = Date.UTC(2026, 2, 1, 23, 59, 59, 500); // half a second before midnight UTC
let n = 0;
function served(id: string, over: { ms?: number; model?: string | null; run?: string; prediction?: string | null; latency?: number | null } = {}): LogRecord {
  return logRecord(
    {
      requestId: id,
      rowIndex: 0,
      ts: new Date(base + (over.ms ?? n++)).toISOString(),
      projectId: 'p',
      modelName: over.model === undefined ? 'm' : over.model,
      modelVersion: 1,
      runId: over.run ?? 'run1',
      source: 'server',
      protocol: 'tfserving',
      deploymentId: 'd',
      input: { a: 1 },
      output: { label: 'x' },
      prediction: over.prediction === undefined ? 'x' : over.prediction,
      latencyMs: over.latency === undefined ? 0.25 + (n % 7) * 0.1 : over.latency,
      warnings: null,
    },
    '{"label":"x"}',
  );
}

describe('per-day totals kept by the log inserts', () => {
  it('the insert trigger is gone; the delete and update triggers remain', () => {
    const db = openDb(path.join(tempDir(), 'ciclo.db'));
    const triggers = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'prediction_logs' ORDER BY name").all() as { name: string }[]).map(
      (t) => t.name,
    );
    expect(triggers).toEqual(['prediction_log_days_delete', 'prediction_log_days_update']);
    db.close();
  });

  it('equal the rows after batches of every size, across a day boundary, models, runs, rejected rows and duplicates', () => {
    const db = openDb(path.join(tempDir(), 'ciclo.db'));
    n = 0;
    const first = Array.from({ length: 70 }, (_, i) =>
      served(`a${i}`, { ms: i * 10, model: i % 5 === 0 ? null : 'm', run: i % 3 ? 'run1' : 'run2', prediction: i % 4 ? 'x' : null, latency: i % 6 ? i / 3 : null }),
    );
    insertLogRecords(db, first); // 32 + 32 + 6 single: both statements, rows on both sides of midnight
    expectTotalsEqualRows(db);
    expect(new Set(days(db).map((d) => d.day))).toEqual(new Set(['2026-03-01', '2026-03-02']));
    // a later batch repeating logged rows (a client's own X-Request-Id sent twice) and one row twice in itself
    const again = [...first.slice(0, 10), ...Array.from({ length: 20 }, (_, i) => served(`b${i}`)), first[40], served('c0'), served('c0'), ...first.slice(60)];
    insertLogRecords(db, again);
    expectTotalsEqualRows(db);
    expect((db.prepare('SELECT COUNT(*) AS n FROM prediction_logs').get() as { n: number }).n).toBe(70 + 20 + 1);
    for (const size of [1, 31, 32, 33, 100])
      insertLogRecords(
        db,
        Array.from({ length: size }, (_, i) => served(`s${size}-${i}`, { ms: 300 + i * 7 })),
      );
    expectTotalsEqualRows(db);
    // batch scoring and the simulator insert through logPredictions, into the same totals
    logPredictions(db, { projectId: 'p', runId: 'run1', modelName: 'm', modelVersion: 1, source: 'batch' }, [
      { ts: new Date(base).toISOString(), input: {}, output: {}, prediction: 'x', latencyMs: 3 },
      { ts: new Date(base + 1000).toISOString(), input: {}, output: {}, prediction: null, latencyMs: null },
    ]);
    expectTotalsEqualRows(db);
    // retention (the delete trigger) keeps them equal too
    db.prepare('DELETE FROM prediction_logs WHERE ts < ?').run('2026-03-02');
    expectTotalsEqualRows(db);
    db.close();
  });

  it('a batch that fails half-way leaves neither its rows nor its totals (one transaction)', () => {
    const db = openDb(path.join(tempDir(), 'ciclo.db'));
    insertLogRecords(
      db,
      Array.from({ length: 40 }, (_, i) => served(`ok${i}`)),
    );
    const before = days(db);
    db.exec("CREATE TEMP TRIGGER refuse BEFORE INSERT ON prediction_logs WHEN NEW.request_id = 'bad' BEGIN SELECT RAISE(ABORT, 'refused'); END");
    // the failing row comes after a full group of 32 was inserted and counted
    const batch = [...Array.from({ length: 33 }, (_, i) => served(`later${i}`)), served('bad'), served('after')];
    expect(() => insertLogRecords(db, batch)).toThrow(/refused/);
    expect(days(db)).toEqual(before);
    expectTotalsEqualRows(db);
    db.exec('DROP TRIGGER refuse');
    insertLogRecords(db, batch);
    expectTotalsEqualRows(db);
    db.close();
  });

  it('served request ids are time-ordered UUIDs (version 7), unique', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(uuid7(), uuid7());
      await new Promise((r) => setTimeout(r, 3));
    }
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    const t = (id: string) => parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    expect(Math.abs(t(ids[0]) - Date.now())).toBeLessThan(5000);
    for (let i = 2; i < ids.length; i += 2) expect(t(ids[i])).toBeGreaterThan(t(ids[i - 2]));
  });
});
