/**
 * `npm run bench -- serve-stall`: prints one JSON document.
 *
 * How long the prediction server's once-a-second update of its deployment row holds the serving thread
 * while the log writer thread commits served rows (about 7,700 rows/s, the MLP's rate on the idle
 * machine), waiting on a busy database (as before) and not waiting (`wait: false`, what the server does),
 * alternated, 40 updates each. A stall of the serving thread delays every request in flight.
 */
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { LogWriter } from '../electron/core/serving/log-writer.js';
import { DeploymentStore } from '../electron/core/store/deployment-store.js';
import { openDb } from '../electron/core/store/db.js';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stall-'));
const db = openDb(path.join(dir, 'ciclo.db'));
const w = new LogWriter(db, { thread: true });
while (!(w as unknown as { ready: boolean }).ready) await new Promise((r) => setTimeout(r, 50));
const store = new DeploymentStore(db);
store.start({ id: 'd', projectId: 'p', modelName: 'm', ref: 'm@1', alias: null, version: 1, runId: 'r', host: '127.0.0.1', port: 1, runtime: 'onnx', settings: {} });
const input = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`px${i}`, i % 16]));
let k = 0;
// ~7,700 rows/s as at the idle machine's rate: 77 rows every 10 ms
const feed = setInterval(() => {
  for (let i = 0; i < 77; i++)
    w.addOne(
      {
        requestId: `r${k++}`,
        rowIndex: 0,
        ts: new Date().toISOString(),
        projectId: 'p',
        modelName: 'm',
        modelVersion: 1,
        runId: 'r',
        source: 'server',
        protocol: 'tfserving',
        deploymentId: 'd',
        input,
        output: null,
        prediction: '0',
        latencyMs: 1,
        warnings: null,
      },
      '{"label":"0"}',
    );
}, 10);
const totals = { version: 1, runId: 'r', runtime: 'onnx', requests: 1, errors: 0, p50Ms: 1, p99Ms: 2, swaps: [] };
const runs: unknown[] = [];
const loadavgStart = os.loadavg().map((v) => Math.round(v * 100) / 100);
for (const wait of [true, false, true, false]) {
  const ms: number[] = [];
  let failed = 0;
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 47));
    const t0 = performance.now();
    if (!store.update('d', totals, { wait })) failed++;
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const r2 = (v: number) => Math.round(v * 100) / 100;
  runs.push({ wait, medianMs: r2(ms[20]), p90Ms: r2(ms[36]), maxMs: r2(ms[39]), skippedBusy: failed });
  process.stderr.write(`[bench serve-stall] ${JSON.stringify(runs.at(-1))}\n`);
}
clearInterval(feed);
w.close();
db.close();
fs.rmSync(dir, { recursive: true, force: true });
process.stdout.write(
  JSON.stringify(
    { bench: 'serve-stall', machine: { cpus: os.cpus().length, loadavgStart, loadavgEnd: os.loadavg().map((v) => Math.round(v * 100) / 100) }, rowsPerS: 7700, updates: runs },
    null,
    2,
  ) + '\n',
);
