import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../electron/core/store/db.js';
import { tempDir } from '../helpers/workspace.js';

// Every served row is inserted into prediction_logs and each of its indexes (on the log writer's thread, for
// every request the server answers), so an index must buy a query: none may be a prefix of another.
describe('prediction log indexes', () => {
  it('has no index whose columns lead another index, and the run queries still read an index', () => {
    const db = openDb(path.join(tempDir(), 'ciclo.db'));
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'prediction_logs' AND sql IS NOT NULL").all() as { name: string }[]).map(
      (r) => ({ name: r.name, columns: (db.prepare(`PRAGMA index_info(${JSON.stringify(r.name)})`).all() as { name: string }[]).map((c) => c.name) }),
    );
    expect(indexes.length).toBeGreaterThan(0);
    for (const a of indexes)
      for (const b of indexes)
        if (a !== b && a.columns.length <= b.columns.length) expect(b.columns.slice(0, a.columns.length), `${a.name} is a prefix of ${b.name}`).not.toEqual(a.columns);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
    for (const sql of [
      "SELECT id, ts FROM prediction_logs WHERE run_id = 'r' AND ts >= '2026-01-01' AND ts < '2026-02-01' ORDER BY ts",
      "SELECT MAX(ts) FROM prediction_logs WHERE run_id = 'r'",
      "SELECT ts FROM prediction_logs WHERE run_id = 'r' AND source != 'shadow' ORDER BY ts DESC LIMIT 1",
    ])
      expect(plan(sql)).toMatch(/USING (COVERING )?INDEX prediction_logs_run_day/);
    db.close();
  });
});
