/**
 * `npm run bench -- serve [--quick] [--seconds N]`: prints one JSON document.
 *
 * The prediction server (`ciclo serve`, its own process) under autocannon on loopback: 1, 16 and 64
 * concurrent clients, one row per request, against an MLP 64-256-256-10 and the digits CNN (both trained
 * one epoch on digits_8x8), micro-batching on (--max-batch 64 --max-delay-ms 2) and off (--max-delay-ms 0),
 * tfjs (wasm here) and ONNX Runtime. Reported: requests/s, rows/s, p50/p99 latency, errors, and the raw
 * in-process batched predict rate (loadPredictor(...).predictRows, batch 64 and batch 1) of the same model
 * and runtime as the physical reference. Goals (issue 10): MLP p99 <= 25 ms at 64 clients; throughput at 64
 * clients >= 50 % of the raw batched predict rate; batching >= 2x unbatched for the CNN at 64 clients.
 * Prediction logging is on (the default) so the figures include it; `--no-log` turns it off for the
 * logging-overhead comparison that is also printed (MLP, onnx, batching on, 64 clients).
 *
 * Two references say what the machine itself allows: `httpCeiling`, a trivial Node HTTP server (its own
 * process, one thread) that reads the same request body, parses it and answers a constant JSON of the
 * same size, under the same autocannon load; and each point's `serverCpuUsPerReq`, the server process's
 * CPU time (all its threads, from /proc; null where there is none) per answered request, which is far
 * less noisy than latency on a shared machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Services } from '../electron/core/services.js';
import { loadServingPredictor } from '../electron/core/serving/model-host.js';
import { digitsRow, root, servedUrl, servingBenchWorkspace } from './lib/serve-workspace.js';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<any>;
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const seconds = args.indexOf('--seconds') >= 0 ? Number(args[args.indexOf('--seconds') + 1]) : quick ? 1 : 3;
const log = (m: string) => process.stderr.write(`[bench serve] ${m}\n`);
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

async function rawRate(s: Services, model: string, runtime: 'tfjs' | 'onnx', row: Record<string, number>, batch: number): Promise<number> {
  const { predictor } = await loadServingPredictor(s, s.registry.resolve(model).packageHash!, runtime);
  const rows = new Array(batch).fill(row);
  for (let i = 0; i < 20; i++) await predictor.predictRows(rows);
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 1000 * Math.min(seconds, 2)) {
    await predictor.predictRows(rows);
    n += batch;
  }
  const rate = n / ((performance.now() - t0) / 1000);
  predictor.dispose();
  return rate;
}

async function startServer(dir: string, runtime: string, batching: boolean, logOn: boolean): Promise<{ child: ChildProcess; url: string }> {
  const argv = [path.join(root, 'bin/ciclo.mjs'), 'serve', 'mlp@1', 'cnn@1', '--port', '0', '--json', '--runtime', runtime, '--max-delay-ms', batching ? '2' : '0'];
  if (!logOn) argv.push('--no-log');
  const child = spawn(process.execPath, argv, { env: { ...process.env, CICLO_HOME: dir, CICLO_PREFS_DIR: path.join(dir, 'prefs') }, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await servedUrl(child);
  return { child, url };
}

/** CPU time (ms, user + system, every thread) a process has used so far; null without /proc. */
function cpuMs(pid: number | undefined): number | null {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // clock ticks (USER_HZ 100)
  } catch {
    return null;
  }
}

async function load(url: string, model: string, row: unknown, connections: number, pid?: number) {
  const cpu0 = cpuMs(pid);
  const r = await autocannon({
    url: `${url}/v1/models/${model}:predict`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ instances: [row] }),
    connections,
    duration: seconds,
  });
  const cpu1 = cpuMs(pid);
  const serverCpuUsPerReq = cpu0 !== null && cpu1 !== null && r.requests.total ? round(((cpu1 - cpu0) * 1000) / r.requests.total, 0) : null;
  return {
    clients: connections,
    reqPerS: round(r.requests.average),
    rowsPerS: round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.errors + r.non2xx,
    requests: r.requests.total,
    serverCpuUsPerReq,
  };
}

// The HTTP ceiling: what a Node HTTP server that does nothing but read, parse and answer can take here.
const CEILING_SERVER = `
const http = require('node:http');
const answer = process.argv[1];
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(answer) });
    res.end(answer);
  });
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

async function httpCeiling(row: unknown, clients: number) {
  const answer = JSON.stringify({
    predictions: [{ label: '0', probabilities: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i), 0.1])) }],
    model_name: 'mlp',
    model_version: '1',
    request_id: crypto.randomUUID(),
  });
  const child = spawn(process.execPath, ['-e', CEILING_SERVER, answer], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
    const url = `http://127.0.0.1:${port}`;
    await load(url, 'mlp', row, 4);
    return await load(url, 'mlp', row, clients, child.pid);
  } finally {
    child.kill('SIGTERM');
  }
}

async function main() {
  const loadBefore = os.loadavg().map((v) => round(v, 2));
  const { dir, s } = await servingBenchWorkspace(['mlp', 'cnn'], log);
  const row = digitsRow();
  const raw: Record<string, Record<string, { batch64: number; batch1: number }>> = {};
  for (const model of ['mlp', 'cnn']) {
    raw[model] = {};
    for (const runtime of ['tfjs', 'onnx'] as const) {
      raw[model][runtime] = { batch64: round(await rawRate(s, model, runtime, row, 64), 0), batch1: round(await rawRate(s, model, runtime, row, 1), 0) };
      log(`raw ${model} ${runtime}: ${JSON.stringify(raw[model][runtime])} rows/s`);
    }
  }
  const results: any[] = [];
  for (const runtime of ['tfjs', 'onnx']) {
    for (const batching of [true, false]) {
      const { child, url } = await startServer(dir, runtime, batching, true);
      try {
        for (const model of ['mlp', 'cnn']) {
          await load(url, model, row, 4); // warm-up
          for (const clients of [1, 16, 64]) {
            const r = await load(url, model, row, clients, child.pid);
            results.push({ model, runtime, batching, ...r });
            log(JSON.stringify(results.at(-1)));
          }
        }
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    }
  }
  // logging overhead: MLP, onnx, batching on, 64 clients, logging off vs on (alternated)
  const overhead: Record<string, number[]> = { on: [], off: [] };
  const overheadCpu: Record<string, number[]> = { on: [], off: [] };
  const overheadP99: Record<string, number[]> = { on: [], off: [] };
  for (const logOn of [false, true, false, true]) {
    const { child, url } = await startServer(dir, 'onnx', true, logOn);
    await load(url, 'mlp', row, 4);
    const r = await load(url, 'mlp', row, 64, child.pid);
    overhead[logOn ? 'on' : 'off'].push(r.reqPerS);
    overheadP99[logOn ? 'on' : 'off'].push(r.p99Ms);
    if (r.serverCpuUsPerReq !== null) overheadCpu[logOn ? 'on' : 'off'].push(r.serverCpuUsPerReq);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  // the HTTP ceiling, twice (best kept), at 64 clients
  const ceilings = [await httpCeiling(row, 64), await httpCeiling(row, 64)];
  const ceiling = ceilings.reduce((a, b) => (b.reqPerS > a.reqPerS ? b : a));
  log(`HTTP ceiling: ${JSON.stringify(ceiling)}`);
  const best = (xs: number[]) => Math.max(...xs);
  const least = (xs: number[]) => (xs.length ? Math.min(...xs) : null);
  const find = (model: string, runtime: string, batching: boolean, clients: number) =>
    results.find((r) => r.model === model && r.runtime === runtime && r.batching === batching && r.clients === clients);
  const goals = ['tfjs', 'onnx'].flatMap((rt) => {
    const mlp64 = find('mlp', rt, true, 64);
    const cnnOn = find('cnn', rt, true, 64);
    const cnnOff = find('cnn', rt, false, 64);
    return [
      { goal: `MLP p99 <= 25 ms at 64 clients (${rt}, batching on)`, measured: mlp64.p99Ms, met: mlp64.p99Ms <= 25 },
      // with the HTTP ceiling's own share of the raw rate: the goal is out of reach when even that is below 50 %
      {
        goal: `MLP throughput at 64 clients >= 50% of raw batched predict (${rt})`,
        measured: round(mlp64.rowsPerS / raw.mlp[rt].batch64, 3),
        met: mlp64.rowsPerS >= 0.5 * raw.mlp[rt].batch64,
        httpCeilingShare: round(ceiling.reqPerS / raw.mlp[rt].batch64, 3),
        shareOfHttpCeiling: round(mlp64.reqPerS / ceiling.reqPerS, 3),
      },
      {
        goal: `CNN throughput at 64 clients >= 50% of raw batched predict (${rt})`,
        measured: round(cnnOn.rowsPerS / raw.cnn[rt].batch64, 3),
        met: cnnOn.rowsPerS >= 0.5 * raw.cnn[rt].batch64,
        httpCeilingShare: round(ceiling.reqPerS / raw.cnn[rt].batch64, 3),
        shareOfHttpCeiling: round(cnnOn.reqPerS / ceiling.reqPerS, 3),
      },
      { goal: `CNN micro-batching >= 2x unbatched at 64 clients (${rt})`, measured: round(cnnOn.reqPerS / cnnOff.reqPerS, 2), met: cnnOn.reqPerS >= 2 * cnnOff.reqPerS },
    ];
  });
  const out = {
    bench: 'serve',
    // the machine's load (1, 5, 15 min averages) when the run started and when it ended: on a shared machine the figures scale with it
    machine: { cpus: os.cpus().length, node: process.version, loadavgStart: loadBefore, loadavgEnd: os.loadavg().map((v) => round(v, 2)) },
    secondsPerPoint: seconds,
    requestRows: 1,
    rawPredictRowsPerS: raw,
    server: results,
    logging: {
      reqPerSOff: best(overhead.off),
      reqPerSOn: best(overhead.on),
      overheadPct: round((1 - best(overhead.on) / best(overhead.off)) * 100, 1),
      cpuUsPerReqOff: least(overheadCpu.off),
      cpuUsPerReqOn: least(overheadCpu.on),
      // whether the log writer (its thread's commits compete for the 2 cores) makes the onnx MLP's tail
      p99MsOff: least(overheadP99.off),
      p99MsOn: least(overheadP99.on),
    },
    // a trivial Node HTTP server (read, JSON.parse, constant answer) under the same load: the most this machine's HTTP can do
    httpCeiling: ceiling,
    goals,
  };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  await s.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
