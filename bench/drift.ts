/**
 * `npm run bench -- drift [--rows N] [--logged N]`: the Monitor phase's speed.
 * 1. Reference and current tables of 100,000 x 20 mixed columns (12 numeric, 8 categorical; the current
 *    one shifted in a few columns): the full drift report (every column with Evidently's default
 *    methods, effect sizes, explanations, plus the multivariate PCA check). Goal < 1 s.
 * 2. scipy's ks_2samp + wasserstein_distance over the same 20 columns (categories as codes), in the
 *    same run, as the reference figure (when a python3 with scipy is found).
 *    `ms` is the cold figure (reference columns never seen before); `warmMs` reuses them, as the Monitor
 *    phase does for a model's reference between reports.
 * 3. 1,000,000 logged rows in prediction_logs aggregated per day for the timeline (the per-day totals
 *    summed per batch by the inserts, migrations 0014 and 0016; `insertMs` includes their upkeep). Goal < 500 ms. `scanMs` is the
 *    same per-day aggregate computed from the log rows themselves, for comparison.
 * Peak memory (max RSS) is reported. Prints one JSON document.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { datasetDrift, type DriftColumn } from '../electron/core/monitoring/drift.js';
import { aggregateByDay } from '../electron/core/store/prediction-log-store.js';
import { DayTotals } from '../electron/core/store/log-day-totals.js';
import { mulberry32 } from '../electron/core/stats/random.js';
import { openDb } from '../electron/core/store/db.js';

const args = process.argv.slice(2);
const option = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const ROWS = option('--rows', 100_000);
const LOGGED = option('--logged', 1_000_000);

function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(r(), 1e-12))) * Math.cos(2 * Math.PI * r());
}

function makeTable(seed: number, shift: number) {
  const r = mulberry32(seed);
  const numeric = Array.from({ length: 12 }, (_, c) => Float64Array.from({ length: ROWS }, () => normal(r) * (c + 1) + (c < 3 ? shift * (c + 1) : 0)));
  const cats = Array.from({ length: 8 }, (_, c) => {
    const levels = 3 + c * 4;
    return Array.from({ length: ROWS }, () => `v${Math.min(levels - 1, Math.floor(r() ** (c === 0 ? 1 + shift : 1) * levels))}`);
  });
  return { numeric, cats };
}

const ref = makeTable(1, 0);
const cur = makeTable(2, 0.3);
const columns: DriftColumn[] = [
  ...ref.numeric.map((v, c) => ({ name: `x${c}`, kind: 'numeric' as const, reference: v, current: cur.numeric[c] })),
  ...ref.cats.map((v, c) => ({ name: `c${c}`, kind: 'categorical' as const, reference: v, current: cur.cats[c] })),
];

// cold: reference columns never seen before (fresh copies), so everything is derived from scratch;
// warm: the same reference arrays again, as the Monitor phase reuses a model's reference columns
// (monitoring/context.ts referenceColumn) and what the statistics derived from them (sorted values, counts)
const fresh = () => columns.map((c) => ({ ...c, reference: c.reference instanceof Float64Array ? c.reference.slice() : c.reference.slice() }));
const times: number[] = [];
let report = datasetDrift(fresh(), ROWS, ROWS);
for (let i = 0; i < 3; i++) {
  const cols = fresh();
  const t0 = performance.now();
  report = datasetDrift(cols, ROWS, ROWS);
  times.push(performance.now() - t0);
}
const driftMs = Math.min(...times);
const warmTimes: number[] = [];
for (let i = 0; i < 4; i++) {
  const t0 = performance.now();
  datasetDrift(columns, ROWS, ROWS);
  warmTimes.push(performance.now() - t0);
}
const warmMs = Math.min(...warmTimes.slice(1));

// scipy on the same columns (categories as integer codes)
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ciclo-bench-drift-'));
let scipy: Record<string, unknown> = { available: false };
try {
  const codes = (v: string[]) => Float64Array.from(v, (s) => Number(s.slice(1)));
  const write = (name: string, cols: Float64Array[]) => {
    const buf = Buffer.alloc(cols.length * ROWS * 8);
    cols.forEach((c, i) => Buffer.from(c.buffer).copy(buf, i * ROWS * 8));
    fs.writeFileSync(path.join(tmp, name), buf);
  };
  write('ref.bin', [...ref.numeric, ...ref.cats.map(codes)]);
  write('cur.bin', [...cur.numeric, ...cur.cats.map(codes)]);
  const py = `
import json, time, numpy as np
from scipy import stats
n=${ROWS}
a=np.fromfile('${tmp}/ref.bin').reshape(20, n); b=np.fromfile('${tmp}/cur.bin').reshape(20, n)
t=time.perf_counter()
for i in range(20): stats.ks_2samp(a[i], b[i])
ks=time.perf_counter()-t
t=time.perf_counter()
for i in range(20): stats.wasserstein_distance(a[i], b[i])
wd=time.perf_counter()-t
print(json.dumps({"ks_2samp_s": ks, "wasserstein_s": wd}))`;
  for (const bin of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(bin, ['-c', py], { encoding: 'utf8', timeout: 600_000 });
    if (r.status === 0) {
      scipy = { available: true, python: bin, ...JSON.parse(r.stdout.trim().split('\n').pop()!) };
      break;
    }
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

// 1,000,000 logged rows, aggregated per day
const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ciclo-bench-logs-'));
let aggregateMs = NaN;
let days = 0;
let insertMs = NaN;
let scanMs = NaN;
try {
  const db = openDb(path.join(dbDir, 'ciclo.db'));
  const insert = db.prepare(
    "INSERT INTO prediction_logs (request_id, row_index, ts, project_id, model_name, model_version, run_id, source, input, output, prediction, latency_ms) VALUES (?, 0, ?, 'p', 'm', 1, 'run', 'simulation', '{}', '{}', ?, ?)",
  );
  const r = mulberry32(9);
  const start = Date.UTC(2026, 0, 1);
  const t0 = performance.now();
  db.transaction(() => {
    const totals = new DayTotals(); // what the log's inserts keep (migration 0016)
    for (let i = 0; i < LOGGED; i++) {
      const ts = new Date(start + (i / LOGGED) * 90 * 86400e3).toISOString();
      const prediction = r() < 0.5 ? 'a' : 'b';
      const latency = r() * 5;
      insert.run(`r${i}`, ts, prediction, latency);
      totals.add('run', 'm', 'simulation', ts, prediction, latency);
    }
    totals.write(db);
  })();
  insertMs = performance.now() - t0;
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    days = aggregateByDay(db, { runId: 'run' }).length;
    runs.push(performance.now() - t);
  }
  aggregateMs = Math.min(...runs);
  const t = performance.now();
  db.prepare("SELECT substr(ts, 1, 10) AS day, COUNT(*), SUM(prediction IS NULL), AVG(latency_ms) FROM prediction_logs WHERE run_id = 'run' GROUP BY day").all();
  scanMs = performance.now() - t;
  db.close();
} finally {
  fs.rmSync(dbDir, { recursive: true, force: true });
}

const out = {
  benchmark: 'drift',
  machine: { cpus: os.cpus().length, loadavg: os.loadavg().map((v) => Number(v.toFixed(2))) },
  driftReport: {
    rows: { reference: ROWS, current: ROWS },
    columns: columns.length,
    ms: Number(driftMs.toFixed(1)),
    runsMs: times.map((t) => Number(t.toFixed(1))),
    warmMs: Number(warmMs.toFixed(1)),
    goalMs: 1000,
    pass: driftMs < 1000,
    driftedColumns: report.driftedColumns,
    multivariate: report.multivariate?.drifted ?? null,
  },
  scipy,
  timeline: {
    loggedRows: LOGGED,
    days,
    aggregateMs: Number(aggregateMs.toFixed(1)),
    scanMs: Number(scanMs.toFixed(0)),
    goalMs: 500,
    pass: aggregateMs < 500,
    insertMs: Number(insertMs.toFixed(0)),
  },
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
};
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
