import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aggregateByDay, logPredictions } from '../../electron/core/store/prediction-log-store.js';
import { LogWriter } from '../../electron/core/serving/log-writer.js';
import { openDb } from '../../electron/core/store/db.js';

// The timeline's per-day totals (prediction_log_days, kept by triggers) must equal a scan of the log
// after inserts from every writer, retention deletes and updates.
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function scan(db: ReturnType<typeof openDb>, runId: string) {
  return db
    .prepare(
      `SELECT substr(ts, 1, 10) AS day, COUNT(*) AS requests, SUM(prediction IS NULL) AS errors, AVG(latency_ms) AS latencyMeanMs
       FROM prediction_logs WHERE run_id = ? GROUP BY day ORDER BY day`,
    )
    .all(runId) as { day: string; requests: number; errors: number; latencyMeanMs: number | null }[];
}

function totals(db: ReturnType<typeof openDb>, runId: string) {
  return aggregateByDay(db, { runId }).map(({ day, requests, errors, latencyMeanMs }) => ({ day, requests, errors, latencyMeanMs }));
}

describe('per-day log totals', () => {
  it('match a scan of the log through inserts, deletes and updates, and a window still reads the log', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ciclo-logdays-'));
    dirs.push(dir);
    const db = openDb(path.join(dir, 'ciclo.db'));
    const target = { projectId: 'p', runId: 'run1', modelName: 'm', modelVersion: 1, source: 'simulation' as const };
    const day = (d: number, h: number) => new Date(Date.UTC(2026, 2, d, h)).toISOString();
    logPredictions(db, target, [
      { ts: day(1, 1), input: {}, output: {}, prediction: 'a', latencyMs: 2 },
      { ts: day(1, 5), input: {}, output: {}, prediction: null, latencyMs: null },
      { ts: day(2, 1), input: {}, output: {}, prediction: 'b', latencyMs: 4 },
      { ts: day(3, 23), input: {}, output: {}, prediction: 'b', latencyMs: 6 },
    ]);
    logPredictions(db, { ...target, runId: 'run2' }, [{ ts: day(2, 2), input: {}, output: {}, prediction: 'a', latencyMs: 1 }]);
    const writer = new LogWriter(db, { flushMs: 60_000 });
    writer.add([
      {
        requestId: 'srv-1',
        rowIndex: 0,
        ts: day(2, 3),
        projectId: 'p',
        modelName: 'm',
        modelVersion: 1,
        runId: 'run1',
        source: 'server',
        protocol: 'tfserving',
        deploymentId: null,
        input: {},
        output: {},
        prediction: 'a',
        latencyMs: 8,
        warnings: null,
      },
    ]);
    writer.flush();
    writer.close();
    expect(totals(db, 'run1')).toEqual(scan(db, 'run1'));
    expect(totals(db, 'run1').map((d) => d.requests)).toEqual([2, 2, 1]);
    expect(totals(db, 'run1')[0]).toMatchObject({ errors: 1, latencyMeanMs: 2 });
    // retention deletes a whole day and one row of another
    db.prepare('DELETE FROM prediction_logs WHERE ts < ?').run(day(2, 0));
    db.prepare("DELETE FROM prediction_logs WHERE request_id = 'srv-1'").run();
    expect(totals(db, 'run1')).toEqual(scan(db, 'run1'));
    expect(totals(db, 'run1').map((d) => d.day)).toEqual(['2026-03-02', '2026-03-03']);
    // an update that moves a row to another day
    db.prepare('UPDATE prediction_logs SET ts = ?, latency_ms = 10 WHERE run_id = ? AND ts = ?').run(day(3, 1), 'run1', day(2, 1));
    expect(totals(db, 'run1')).toEqual(scan(db, 'run1'));
    expect(totals(db, 'run1')).toEqual([{ day: '2026-03-03', requests: 2, errors: 0, latencyMeanMs: 8 }]);
    expect(aggregateByDay(db, { modelName: 'm' }).map((d) => d.requests)).toEqual([1, 2]);
    // a window reads the log itself
    expect(aggregateByDay(db, { runId: 'run1', since: day(3, 12) }).map((d) => d.requests)).toEqual([1]);
    db.close();
  });
});
