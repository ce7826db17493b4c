import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogWriter, type LogRow } from '../../electron/core/serving/log-writer.js';
import Database from 'better-sqlite3';
import { openDb } from '../../electron/core/store/db.js';
import { tempDir } from '../helpers/workspace.js';

const row = (id: string, i: number): LogRow => ({
  requestId: id,
  rowIndex: i,
  ts: new Date().toISOString(),
  projectId: 'p',
  modelName: 'm',
  modelVersion: 1,
  runId: 'run',
  source: 'server',
  protocol: 'tfserving',
  deploymentId: 'd',
  input: { a: 1, b: 'x' },
  output: { label: 'yes', probabilities: { no: 0.25, yes: 0.75 } },
  prediction: 'yes',
  latencyMs: 1.5,
  warnings: i === 1 ? [{ row: 1, field: 'b', message: 'unknown category' }] : null,
});

describe('prediction log writer', () => {
  for (const thread of [false, true]) {
    it(`${thread ? 'on a writer thread' : 'on the calling thread'}: rows are stored as given once flush() returns, and close() writes the rest`, async () => {
      const db = openDb(path.join(tempDir(), 'ciclo.db'));
      const w = new LogWriter(db, { thread, flushMs: 60_000 });
      for (let i = 0; i < 50 && thread && !(w as unknown as { ready: boolean }).ready; i++) await new Promise((r) => setTimeout(r, 100));
      if (thread) expect((w as unknown as { ready: boolean }).ready).toBe(true); // the thread started: the rows go through it
      w.add([row('a', 0), row('a', 1), row('b', 0)]);
      expect(w.flush()).toBe(3);
      const stored = db.prepare('SELECT request_id AS id, row_index AS i, input, output, warnings, latency_ms AS ms FROM prediction_logs ORDER BY id, i').all() as any[];
      expect(stored.map((r) => `${r.id}#${r.i}`)).toEqual(['a#0', 'a#1', 'b#0']);
      expect(JSON.parse(stored[0].input)).toEqual({ a: 1, b: 'x' });
      expect(JSON.parse(stored[0].output)).toEqual({ label: 'yes', probabilities: { no: 0.25, yes: 0.75 } });
      expect(stored[0].warnings).toBeNull();
      expect(JSON.parse(stored[1].warnings)).toEqual([{ row: 1, field: 'b', message: 'unknown category' }]);
      expect(stored[0].ms).toBe(1.5);
      w.add([row('c', 0), row('a', 0)]); // a#0 again: ignored, never a duplicate
      w.close();
      expect((db.prepare('SELECT COUNT(*) AS n FROM prediction_logs').get() as { n: number }).n).toBe(4);
      expect(w.written).toBe(5); // rows handed to SQLite (INSERT OR IGNORE skips the duplicate)
      w.add([row('d', 0)]); // after close: nothing
      expect((db.prepare('SELECT COUNT(*) AS n FROM prediction_logs').get() as { n: number }).n).toBe(4);
      db.close();
    });
  }

  it('on a writer thread: a full batch of rows added one by one goes over at once, the rest at the next flush', async () => {
    const db = openDb(path.join(tempDir(), 'ciclo.db'));
    const w = new LogWriter(db, { thread: true, flushMs: 60_000, postAt: 10 });
    for (let i = 0; i < 50 && !(w as unknown as { ready: boolean }).ready; i++) await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 25; i++) w.addOne(row(`q${i}`, 0), '{"label":"yes"}');
    for (let i = 0; i < 50 && w.written < 20; i++) await new Promise((r) => setTimeout(r, 50));
    expect(w.written).toBe(20); // two batches of 10 committed without a flush; 5 still queued
    expect(w.flush()).toBe(5);
    expect((db.prepare('SELECT COUNT(*) AS n FROM prediction_logs').get() as { n: number }).n).toBe(25);
    w.close();
    db.close();
  });

  for (const thread of [false, true]) {
    it(`${thread ? 'on a writer thread' : 'on the calling thread'}: many rows (written in groups) are all stored once, duplicates ignored`, async () => {
      const db = openDb(path.join(tempDir(), 'ciclo.db'));
      const w = new LogWriter(db, { thread, flushMs: 60_000 });
      for (let i = 0; i < 50 && thread && !(w as unknown as { ready: boolean }).ready; i++) await new Promise((r) => setTimeout(r, 100));
      const rows = Array.from({ length: 70 }, (_, i) => row(`r${i}`, 0));
      rows.push(row('r3', 0), row('r40', 0)); // already in this batch: ignored
      w.add(rows);
      w.flush();
      const stored = db.prepare('SELECT request_id AS id, input, output FROM prediction_logs').all() as any[];
      expect(stored).toHaveLength(70);
      expect(new Set(stored.map((r) => r.id)).size).toBe(70);
      expect(stored.every((r) => JSON.parse(r.input).a === 1 && JSON.parse(r.output).label === 'yes')).toBe(true);
      w.close();
      db.close();
    });
  }

  it('a full buffer drops and counts new rows instead of growing', () => {
    const db = openDb(path.join(tempDir(), 'ciclo.db'));
    const w = new LogWriter(db, { maxPending: 2, flushMs: 60_000 });
    w.add([row('a', 0), row('b', 0), row('c', 0)]);
    expect(w.dropped).toBe(1);
    w.close();
    expect((db.prepare('SELECT COUNT(*) AS n FROM prediction_logs').get() as { n: number }).n).toBe(2);
    db.close();
  });

  it('on the calling thread: a busy database keeps the rows for the next flush; any other failure loses them, counted, never retried', () => {
    const file = path.join(tempDir(), 'ciclo.db');
    const db = openDb(file);
    db.pragma('busy_timeout = 20'); // the test's own wait, not the workspace's 10 s
    const w = new LogWriter(db, { flushMs: 60_000 });
    const other = new Database(file);
    other.prepare('BEGIN IMMEDIATE').run(); // another process holds the write lock
    w.add([row('a', 0), row('b', 0)]);
    expect(w.flush()).toBe(0);
    other.prepare('COMMIT').run();
    other.close();
    expect(w.flush()).toBe(2); // kept, written once the lock is gone
    db.exec("CREATE TEMP TRIGGER refuse BEFORE INSERT ON prediction_logs BEGIN SELECT RAISE(ABORT, 'refused'); END");
    w.add([row('c', 0)]);
    expect(w.flush()).toBe(0);
    expect(w.lost).toBe(1);
    db.exec('DROP TRIGGER refuse');
    expect(w.flush()).toBe(0); // nothing left to retry
    w.close();
    expect((db.prepare('SELECT request_id AS id FROM prediction_logs ORDER BY id').all() as { id: string }[]).map((r) => r.id)).toEqual(['a', 'b']);
    db.close();
  });
});
