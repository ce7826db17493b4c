/**
 * `npm run bench -- serve-ab [options]`: prints one JSON document. Not a goal bench: a tool to compare
 * variants of the prediction server under the same autocannon load, alternated round by round (ABBA...),
 * which on a shared machine is the only comparison that means something.
 *
 *   --variants 'NAME=KEY=VAL|KEY=VAL;NAME2=...'   per variant: environment variables for the server, plus
 *        NODE=...  node flags (e.g. --max-semi-space-size=64), ARGS=...  extra `ciclo serve` arguments
 *        (e.g. --max-delay-ms 0), CLI=...  another built cli.js (a copy of out/ inside the checkout), GCLOG=1
 *        V8's --trace-gc-nvp (KB allocated and promoted per request)
 *   --model mlp|cnn  --runtime tfjs|onnx  --clients 64  --seconds 4  --rounds 3  --ws DIR (kept between runs)
 *
 * Each point: requests/s, p50/p99, CPU time per request of every thread of the server (from /proc: the
 * serving thread apart from the others, which on a loaded machine is far steadier than latency), and from a
 * preloaded probe (lib/serve-probe.mjs) the serving thread's event-loop delay and GC pauses.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { digitsRow, root, servedUrl, servingBenchWorkspace } from './lib/serve-workspace.js';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<any>;
const args = process.argv.slice(2);
const arg = (k: string, d: string) => (args.indexOf(`--${k}`) >= 0 ? args[args.indexOf(`--${k}`) + 1] : d);
const ws = arg('ws', path.join(os.tmpdir(), 'ciclo-bench-serve-ab'));
const model = arg('model', 'mlp');
const runtime = arg('runtime', 'onnx');
const clients = Number(arg('clients', '64'));
const seconds = Number(arg('seconds', '4'));
const rounds = Number(arg('rounds', '3'));
const variants = arg('variants', 'base=')
  .split(';')
  .map((v) => {
    const env: Record<string, string> = {};
    for (const kv of v
      .slice(v.indexOf('=') + 1)
      .split('|')
      .filter(Boolean))
      env[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
    return { name: v.slice(0, v.indexOf('=')), env };
  });
const log = (m: string) => process.stderr.write(`[bench serve-ab] ${m}\n`);
const probeFile = path.join(root, 'bench/lib/serve-probe.mjs');

if (!fs.existsSync(path.join(ws, 'ready'))) {
  fs.mkdirSync(ws, { recursive: true });
  const { s } = await servingBenchWorkspace(['mlp', 'cnn'], log, ws);
  await s.close();
  fs.writeFileSync(path.join(ws, 'ready'), '');
}

/** CPU time (ms) of each thread of a process so far, the serving (main) thread as 'main', the others summed by name. */
function threadCpu(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const st = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = tid === String(pid) ? 'main' : `other:${st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'))}`;
      const f = st.slice(st.lastIndexOf(') ') + 2).split(' ');
      out[name] = (out[name] ?? 0) + (Number(f[11]) + Number(f[12])) * 10; // clock ticks (USER_HZ 100)
    }
  } catch {
    // no /proc: no CPU figures
  }
  return out;
}

async function start(env: Record<string, string>, files: { probe: string; gc: string }): Promise<{ child: ChildProcess; url: string }> {
  const cli = env.CLI ?? path.join(root, 'bin/ciclo.mjs');
  const serveArgs = ['serve', 'mlp@1', 'cnn@1', '--port', '0', '--json', '--runtime', runtime, ...(env.ARGS ? env.ARGS.split(' ') : [])];
  const node = [...(env.NODE ? env.NODE.split(' ') : []), ...(env.GCLOG ? ['--trace-gc-nvp'] : []), '--import', probeFile];
  const penv = { ...process.env, CICLO_HOME: ws, CICLO_PREFS_DIR: path.join(ws, 'prefs'), PROBE_OUT: files.probe, ...env };
  const child = spawn(process.execPath, [...node, cli, ...serveArgs], { env: penv, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await servedUrl(child, env.GCLOG ? (chunk) => fs.appendFileSync(files.gc, chunk) : undefined);
  return { child, url };
}

/** KB allocated and promoted per request, from --trace-gc-nvp lines inside the load window. */
function gcPerRequest(file: string, from: number, to: number, requests: number) {
  let allocated = 0;
  let promoted = 0;
  let collections = 0;
  for (const line of fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : []) {
    const m = /\s(\d+) ms: (.*)/.exec(line);
    if (!m || !line.includes(' gc=') || Number(m[1]) < from || Number(m[1]) > to) continue;
    collections++;
    allocated += Number(/allocated=(\d+)/.exec(m[2])?.[1] ?? 0);
    promoted += Number(/promoted=(\d+)/.exec(m[2])?.[1] ?? 0);
  }
  const kb = (v: number) => Math.round(v / requests / 102.4) / 10;
  return { collections, allocatedKB: kb(allocated), promotedKB: kb(promoted) };
}

const row = digitsRow();
const points: unknown[] = [];
const loadStart = os.loadavg().map((v) => Math.round(v * 10) / 10);
for (let r = 0; r < rounds; r++) {
  for (const v of r % 2 ? [...variants].reverse() : variants) {
    const files = { probe: path.join(ws, `probe-${process.pid}-${v.name}-${r}.jsonl`), gc: path.join(ws, `gc-${process.pid}-${v.name}-${r}.log`) };
    const { child, url } = await start(v.env, files);
    try {
      const opts = { url: `${url}/v1/models/${model}:predict`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ instances: [row] }) };
      await autocannon({ ...opts, connections: 4, duration: 1 }); // warm-up
      child.kill('SIGUSR2'); // the probe starts counting
      const load = Math.round(os.loadavg()[0] * 10) / 10;
      const cpu0 = threadCpu(child.pid!);
      const res = await autocannon({ ...opts, connections: clients, duration: seconds });
      const cpu1 = threadCpu(child.pid!);
      child.kill('SIGUSR2');
      await new Promise((ok) => setTimeout(ok, 300));
      const probe = JSON.parse(fs.readFileSync(files.probe, 'utf8').trim().split('\n').at(-1)!);
      const cpuUsPerRequest: Record<string, number> = {};
      for (const k of Object.keys(cpu1)) cpuUsPerRequest[k] = Math.round(((cpu1[k] - (cpu0[k] ?? 0)) * 1000) / res.requests.total);
      const point = {
        round: r,
        variant: v.name,
        load,
        reqPerS: Math.round(res.requests.average),
        p50Ms: res.latency.p50,
        p99Ms: res.latency.p99,
        errors: res.errors + res.non2xx,
        cpuUsPerRequest,
        loopDelayMs: probe.loopDelayMs,
        gcPauses: probe.gc,
        gc: v.env.GCLOG ? gcPerRequest(files.gc, probe.from, probe.to, res.requests.total) : undefined,
      };
      points.push(point);
      log(JSON.stringify(point));
    } finally {
      child.kill('SIGTERM');
      await new Promise((ok) => child.once('exit', ok));
      for (const f of Object.values(files)) fs.rmSync(f, { force: true });
    }
  }
}
process.stdout.write(
  JSON.stringify({ bench: 'serve-ab', model, runtime, clients, seconds, machine: { cpus: os.cpus().length, loadavgStart: loadStart, loadavgEnd: os.loadavg() }, points }, null, 2) +
    '\n',
);
