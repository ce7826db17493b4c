/**
 * `npm run bench -- serve-log [--rows 8000] [--rounds 8] [--commit 800]`: prints one JSON document. The
 * prediction log writer's cost per served row, as its thread pays it: `insertLogRecords` of MLP-like rows
 * (64 numeric inputs, ten class probabilities) committed `--commit` rows at a time into workspaces that
 * already hold `--prefill` rows, alternated commit by commit (ABBA): `trigger` (schema up to migration 0015:
 * the per-day totals kept by a trigger per row, the rows inserted as before), `batch` (every migration: the
 * totals summed per batch in JS, store/log-day-totals.ts), both with random (v4) request ids, and
 * `batch-v7` with time-ordered (v7) request ids, `batch-v7-128` the same committed 128 rows at a time.
 * `--variants a,b` runs some of them. Per round: CPU time per row (process.cpuUsage: this process has one busy thread)
 * and wall time per row; the totals of both are checked against a scan of the log at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../electron/core/store/db.js';
import { migrations } from '../electron/core/store/migrations/index.js';
import { insertLogRecords, logRecord, type LogRecord } from '../electron/core/store/prediction-log-store.js';
import { statement, transaction } from '../electron/core/store/sql.js';

const args = process.argv.slice(2);
const option = (k: string, d: number) => (args.indexOf(k) >= 0 ? Number(args[args.indexOf(k) + 1]) : d);
const ROWS = option('--rows', 8000);
const ROUNDS = option('--rounds', 8);
const COMMIT = option('--commit', 800);
const PREFILL = option('--prefill', 100_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ciclo-bench-serve-log-'));
const input = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`px${i}`, (i * 7) % 17]));
const output = JSON.stringify({ label: '3', probabilities: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i), i === 3 ? 0.91 : 0.01])) });
let seq = 0;
/** A time-ordered UUID (version 7: 48 bits of milliseconds, then random bits), as the server makes them. */
function uuid7(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  const ms = Date.now();
  for (let i = 0; i < 6; i++) b[i] = Math.floor(ms / 2 ** (8 * (5 - i))) & 255;
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
function records(n: number, ids: () => string): LogRecord[] {
  const out: LogRecord[] = [];
  const t0 = Date.UTC(2026, 11, 1, 23, 59, 59, 0);
  for (let i = 0; i < n; i++, seq++)
    out.push(
      logRecord(
        {
          requestId: ids(),
          rowIndex: 0,
          ts: new Date(t0 + seq).toISOString(),
          projectId: 'p',
          modelName: 'mlp',
          modelVersion: 1,
          runId: 'run',
          source: 'server',
          protocol: 'tfserving',
          deploymentId: 'd',
          input,
          output: null,
          prediction: '3',
          latencyMs: 1 + (seq % 7) / 4,
          warnings: null,
        },
        output,
      ),
    );
  return out;
}

/** The insert as it was up to migration 0015: the rows only, the trigger adds each to its day. */
const OLD_GROUP = 32;
const VALUES = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
const OLD_SQL = `INSERT OR IGNORE INTO prediction_logs (request_id, row_index, ts, project_id, model_name, model_version, run_id, source, protocol, deployment_id, input, output, prediction, latency_ms, warnings) VALUES `;
function insertOld(db: Db, rs: LogRecord[]): void {
  const single = statement(db, OLD_SQL + VALUES);
  const grouped = statement(db, OLD_SQL + Array<string>(OLD_GROUP).fill(VALUES).join(', '));
  transaction(db, () => {
    let i = 0;
    for (; i + OLD_GROUP <= rs.length; i += OLD_GROUP) grouped.run(rs.slice(i, i + OLD_GROUP).flat());
    for (; i < rs.length; i++) single.run(rs[i]);
  });
}

const variants = [
  { name: 'trigger', db: openDb(path.join(dir, 'trigger.db'), { migrations: migrations.filter((m) => m.version <= 15) }), insert: insertOld, ids: () => crypto.randomUUID() },
  { name: 'batch', db: openDb(path.join(dir, 'batch.db')), insert: insertLogRecords, ids: () => crypto.randomUUID() },
  { name: 'batch-v7', db: openDb(path.join(dir, 'batch-v7.db')), insert: insertLogRecords, ids: uuid7 },
  // the same rows committed 128 at a time (one commit per hand-over from the serving thread)
  {
    name: 'batch-v7-128',
    db: openDb(path.join(dir, 'batch-v7-128.db')),
    insert: (db: Db, rs: LogRecord[]) => {
      for (let i = 0; i < rs.length; i += 128) insertLogRecords(db, rs.slice(i, i + 128));
    },
    ids: uuid7,
  },
].filter((v) => !args.includes('--variants') || args[args.indexOf('--variants') + 1].split(',').includes(v.name));
// a log that has served a while (its request index no longer fits a few pages)
for (const v of variants) for (let i = 0; i < PREFILL; i += 5000) v.insert(v.db, records(Math.min(5000, PREFILL - i), v.ids));
const points: { round: number; variant: string; cpuUsPerRow: number; wallUsPerRow: number }[] = [];
const loadStart = os.loadavg().map((v) => Number(v.toFixed(1)));
try {
  for (let r = 0; r < ROUNDS; r++) {
    // each commit alternated between the variants (ABBA), so both see the same moments of the machine
    const acc = variants.map(() => ({ cpu: 0, wall: 0, n: 0 }));
    for (let b = 0; b < Math.ceil(ROWS / COMMIT); b++) {
      const order = variants.map((_, k) => k);
      for (const k of (b + r) % 2 ? order.reverse() : order) {
        const batch = records(COMMIT, variants[k].ids);
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        variants[k].insert(variants[k].db, batch);
        acc[k].wall += performance.now() - t0;
        const c = process.cpuUsage(c0);
        acc[k].cpu += c.user + c.system;
        acc[k].n += COMMIT;
      }
    }
    variants.forEach((v, k) =>
      points.push({ round: r, variant: v.name, cpuUsPerRow: Number((acc[k].cpu / acc[k].n).toFixed(1)), wallUsPerRow: Number(((acc[k].wall * 1000) / acc[k].n).toFixed(1)) }),
    );
  }
  const agree = variants.map((v) => {
    const days = v.db.prepare("SELECT day, requests, latency_n AS n, round(latency_sum, 6) AS s FROM prediction_log_days WHERE run_id = 'run' ORDER BY day").all();
    const scan = v.db
      .prepare(
        "SELECT substr(ts, 1, 10) AS day, COUNT(*) AS requests, COUNT(latency_ms) AS n, round(SUM(latency_ms), 6) AS s FROM prediction_logs WHERE run_id = 'run' GROUP BY day ORDER BY day",
      )
      .all();
    return { variant: v.name, totalsEqualScan: JSON.stringify(days) === JSON.stringify(scan), days: days.length };
  });
  const median = (name: string, k: 'cpuUsPerRow' | 'wallUsPerRow') => {
    const s = points
      .filter((p) => p.variant === name)
      .map((p) => p[k])
      .sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
  };
  const summary = Object.fromEntries(variants.map((v) => [v.name, { cpuUsPerRowMedian: median(v.name, 'cpuUsPerRow'), wallUsPerRowMedian: median(v.name, 'wallUsPerRow') }]));
  process.stdout.write(
    JSON.stringify(
      {
        bench: 'serve-log',
        prefill: PREFILL,
        rowsPerRound: ROWS,
        commitRows: COMMIT,
        machine: { cpus: os.cpus().length, loadavgStart: loadStart, loadavgEnd: os.loadavg() },
        summary,
        agree,
        points,
      },
      null,
      2,
    ) + '\n',
  );
} finally {
  for (const v of variants) v.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
