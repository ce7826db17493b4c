import Database from 'better-sqlite3';
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Services } from '../../electron/core/services.js';
import { journalDir } from '../../electron/core/serving/log-journal-index.js';
import { servingWorkspace, spawnServe } from '../helpers/serving.js';

// A server killed with kill -9 leaves requests in its journal that it had not indexed yet (here: another
// process holds the database's write lock all along, so nothing can be indexed): the next reader of the log
// (the monitor) claims and indexes them, so every request answered up to the last flush (<= 1 s before the
// kill) is in prediction_logs, and the per-day totals agree.
let s: Services;
beforeAll(async () => {
  s = await servingWorkspace();
}, 240_000);
afterAll(async () => {
  await s?.close();
});

const iris = { sepal_length_cm: 5.1, sepal_width_cm: 3.5, petal_length_cm: 1.4, petal_width_cm: 0.2 };

it('a served-then-killed server: its journal is indexed by the next reader', async () => {
  const { child, info } = await spawnServe(s, ['iris@1']);
  const other = new Database(s.db.name);
  other.prepare('BEGIN IMMEDIATE').run(); // the write lock: the server's writer thread cannot index
  const answered: { id: string; at: number }[] = [];
  let burst = true;
  let k = 0;
  const clients = Array.from({ length: 16 }, async () => {
    while (burst) {
      const id = `jk-${k++}`;
      const r = await fetch(info.url + '/invocations', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Request-Id': id },
        body: JSON.stringify({ instances: [iris] }),
      }).catch(() => null);
      if (!r) break;
      if (r.status === 200) answered.push({ id, at: Date.now() });
      await r.text();
    }
  });
  await new Promise((r) => setTimeout(r, 2500));
  const killedAt = Date.now();
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  burst = false;
  await Promise.all(clients);
  other.prepare('COMMIT').run();
  other.close();
  const count = () => (s.db.prepare("SELECT COUNT(*) AS n FROM prediction_logs WHERE request_id LIKE 'jk-%'").get() as { n: number }).n;
  const before = count();
  await s.call('monitor.performance', { model: 'iris@1' }, { door: 'test' }).catch(() => undefined); // a reader: indexes orphans first
  const after = count();
  expect(before).toBe(0);
  const early = answered.filter((a) => a.at < killedAt - 1000).map((a) => a.id);
  expect(early.length).toBeGreaterThan(0);
  const logged = new Set((s.db.prepare("SELECT request_id AS id FROM prediction_logs WHERE request_id LIKE 'jk-%'").all() as { id: string }[]).map((r) => r.id));
  expect(early.filter((id) => !logged.has(id))).toEqual([]);
  // a request scored (and logged) just before the kill may never have had its answer delivered: the log holds at
  // most the requests sent, never one twice
  expect(after).toBeLessThanOrEqual(k);
  expect(logged.size).toBe(after);
  expect(fs.readdirSync(journalDir(s.db)).filter((f) => f.endsWith('.journal'))).toEqual([]);
  const totals = s.db.prepare("SELECT SUM(requests) AS n FROM prediction_log_days WHERE model_name = 'iris' AND source = 'server'").get() as { n: number };
  const rows = s.db.prepare("SELECT COUNT(*) AS n FROM prediction_logs WHERE model_name = 'iris' AND source = 'server'").get() as { n: number };
  expect(totals.n).toBe(rows.n);
}, 120_000);
