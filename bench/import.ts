/**
 * `npm run bench -- import [--rows N] [--keep] [--timeline]`: import + profile of a generated CSV (default 1,000,000 rows x
 * 20 mixed columns) through the real job path, in a child process so its peak RSS is the import's alone.
 * The child is the built JavaScript (bench/lib/import-child.ts bundled with the core by esbuild, the import's
 * csv-worker entry beside it, as electron-vite builds out/main), so what is timed is what ships: no
 * TypeScript compiled at run time in either thread.
 * When a python3 with pandas is found, times pandas.read_csv + describe() on the same file (what a pandas user
 * runs to load and summarise it) and reports the ratio. Prints one JSON document. Goal: no slower than pandas
 * (ratio at most 1), peak memory at most 1 GB. The machine's load average is printed: on a busy machine
 * compare the ratio, not the seconds. `--timeline` adds each thread's phases (time, CPU, idle) to the report.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Esbuild from 'esbuild';
import { mulberry32 as random } from '../electron/core/stats/random.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

const GENERATOR_VERSION = 1;
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

/** Writes the CSV: 10 decimals (two with 3% missing), 3 integers, 3 categories (5, 20, 50 levels), a boolean, a date, an id and a label. */
async function generate(file: string, rows: number): Promise<void> {
  const r = random(12345);
  const out = fs.createWriteStream(file);
  const header = [...Array.from({ length: 10 }, (_, i) => `x${i}`), 'n0', 'n1', 'n2', 'colour', 'region', 'city', 'member', 'signup', 'customer_id', 'churned'];
  const colours = ['red', 'green', 'blue', 'black', 'white'];
  const regions = Array.from({ length: 20 }, (_, i) => `region_${i}`);
  const cities = Array.from({ length: 50 }, (_, i) => `city_${i}`);
  const day0 = Date.UTC(2020, 0, 1);
  let buf = header.join(',') + '\n';
  for (let i = 0; i < rows; i++) {
    const cells: string[] = [];
    let score = 0;
    for (let k = 0; k < 10; k++) {
      const v = (r() + r() + r() - 1.5) * (k + 1) * 10;
      if (k === 0) score = v;
      cells.push((k === 2 || k === 5) && r() < 0.03 ? '' : v.toFixed(4));
    }
    cells.push(String(Math.floor(r() * 1000)), String(Math.floor(r() * 100)), String(Math.floor(r() * 10)));
    cells.push(colours[Math.floor(r() * 5)], regions[Math.floor(r() * 20)], cities[Math.floor(r() * 50)]);
    cells.push(r() < 0.4 ? 'true' : 'false');
    cells.push(new Date(day0 + Math.floor(r() * 1500) * 86_400_000).toISOString().slice(0, 10));
    cells.push(`cust-${String(i).padStart(7, '0')}`);
    cells.push(score + (r() - 0.5) * 10 > 2 ? 'yes' : 'no');
    buf += cells.join(',') + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((res) => out.once('drain', () => res()));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise<void>((res, rej) => {
    out.on('error', rej);
    out.end(() => res());
  });
}

/**
 * Builds the measured child and the import's worker entry into out/bench-import (beside out/main, so paths
 * the core finds from its own file resolve the same way, and packages load from node_modules). Returns the
 * child's path and the build's seconds (not timed as import).
 */
async function buildChild(): Promise<{ entry: string; seconds: number }> {
  const t = performance.now();
  const esbuild = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'))('esbuild') as typeof Esbuild;
  const outdir = path.join(root, 'out', 'bench-import');
  fs.rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: { 'import-child': path.join(root, 'bench', 'lib', 'import-child.ts'), 'csv-worker': path.join(root, 'electron', 'core', 'datasets', 'csv-worker.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.js' },
    logLevel: 'silent',
  });
  return { entry: path.join(outdir, 'import-child.js'), seconds: (performance.now() - t) / 1000 };
}

function findPandas(): string | null {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', 'import pandas'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return null;
}

interface PandasTimes {
  /** read_csv alone */
  seconds: number;
  cpuSeconds: number;
  /** read_csv + describe(): what a pandas user runs to load and summarise a file */
  describeSeconds: number;
  describeCpuSeconds: number;
  peakRssMB: number;
  version: string;
}

function timePandas(py: string, file: string): PandasTimes {
  const code = [
    'import json, resource, sys, time, pandas',
    'cpu = lambda: (lambda r: r.ru_utime + r.ru_stime)(resource.getrusage(resource.RUSAGE_SELF))',
    't, c = time.perf_counter(), cpu()',
    'df = pandas.read_csv(sys.argv[1])',
    's, cs = time.perf_counter() - t, cpu() - c',
    'summary = df.describe()',
    'd, cd = time.perf_counter() - t, cpu() - c',
    'print(json.dumps({"seconds": s, "cpuSeconds": cs, "describeSeconds": d, "describeCpuSeconds": cd, "rows": len(df), "described": len(summary.columns), "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "version": pandas.__version__}))',
  ].join('\n');
  const r = spawnSync(py, ['-c', code, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`pandas failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function main(): Promise<void> {
  const rows = Number(option('--rows') ?? 1_000_000);
  const dir = path.join(os.tmpdir(), 'ciclo-bench');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `import-${rows}-v${GENERATOR_VERSION}.csv`);
  let generateSeconds = 0;
  if (!fs.existsSync(file)) {
    const t = performance.now();
    await generate(`${file}.tmp`, rows);
    fs.renameSync(`${file}.tmp`, file);
    generateSeconds = (performance.now() - t) / 1000;
  }
  const built = await buildChild();
  const loadBefore = os.loadavg().map(round);
  // --timeline: both threads mark their phases (electron/core/datasets/trace.ts)
  const traceFile = args.includes('--timeline') ? path.join(dir, `timeline-${process.pid}.tsv`) : null;
  const run = spawnSync(process.execPath, [built.entry, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    env: traceFile ? { ...process.env, CICLO_IMPORT_TRACE: traceFile } : process.env,
  });
  if (run.status !== 0) throw new Error(`import run failed: ${run.stderr}`);
  const ours = JSON.parse(run.stdout.trim().split('\n').pop()!);
  const py = findPandas();
  const pandas = py ? timePandas(py, file) : null;
  const ratio = pandas ? ours.seconds / pandas.describeSeconds : null;
  const report = {
    bench: 'import',
    file: { rows, columns: ours.columns, megabytes: Math.round(fs.statSync(file).size / 1e4) / 100, generatedInSeconds: generateSeconds || null },
    ciclo: {
      importAndProfileSeconds: round(ours.seconds),
      cpuSeconds: round(ours.cpuSeconds),
      /** the main thread's event loop idle during the import: waiting for the second thread or the disk */
      mainThreadIdleSeconds: round(ours.idleSeconds),
      /** the main thread's own CPU (Linux), the rest of cpuSeconds being the second thread's and Node's helpers': on an idle machine the main thread is the longer path */
      mainThreadCpuSeconds: round(ours.mainCpuSeconds),
      peakRssMB: round(ours.peakRssMB),
      rowsPerSecond: Math.round(rows / ours.seconds),
      types: ours.types,
      runtime: 'built JavaScript (esbuild bundle of the core and its csv-worker entry), no TypeScript at run time',
      buildSeconds: round(built.seconds),
    },
    pandas: pandas
      ? {
          readCsvSeconds: round(pandas.seconds),
          readCsvAndDescribeSeconds: round(pandas.describeSeconds),
          cpuSeconds: round(pandas.describeCpuSeconds),
          peakRssMB: round(pandas.peakRssMB),
          version: pandas.version,
          python: py,
        }
      : null,
    /** Ciclo's import + profile over pandas' read_csv + describe(), in the same run (the goal) */
    ratioToPandas: ratio === null ? null : round(ratio),
    /** over read_csv alone (the earlier goal's measure) */
    ratioToReadCsv: pandas ? round(ours.seconds / pandas.seconds) : null,
    /** the ratio in CPU time (Ciclo's both threads): steadier than wall time on a machine busy with other work */
    cpuRatioToPandas: pandas ? round(ours.cpuSeconds / pandas.describeCpuSeconds) : null,
    goals: { maxRatioToPandas: 1, maxPeakRssMB: 1024 },
    met: { ratio: ratio === null ? null : ratio <= 1, memory: ours.peakRssMB <= 1024 },
    timeline: traceFile ? timeline(traceFile) : undefined,
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', loadAverageBefore: loadBefore, loadAverage: os.loadavg().map(round), node: process.version },
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  if (!args.includes('--keep') && rows !== 1_000_000) fs.rmSync(file, { force: true });
}

const round = (x: number) => Math.round(x * 100) / 100;

/**
 * The phases each thread marked, in time order: per phase (from the thread's previous mark to this one) when
 * it ended (seconds from the job's start), its seconds, that thread's CPU seconds in it (Linux, 10 ms steps)
 * and, on the main thread, the event loop's idle seconds in it.
 */
function timeline(file: string): Record<string, string[]> {
  const rows = fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t'))
    .map(([thread, label, at, idle, cpu]) => ({ thread, label, at: Number(at), idle: Number(idle), cpu: Number(cpu) }))
    .sort((a, b) => a.at - b.at);
  fs.rmSync(file, { force: true });
  const t0 = rows.find((r) => r.label === 'job start')?.at ?? rows[0]?.at ?? 0;
  const out: Record<string, string[]> = {};
  const last = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const p = last.get(r.thread);
    last.set(r.thread, r);
    if (!p) continue;
    const s = (x: number) => (x / 1000).toFixed(3);
    const idle = r.thread === 'main' ? ` idle ${s(r.idle - p.idle)}` : '';
    (out[r.thread] ??= []).push(`${s(r.at - t0)} ${r.label}: ${s(r.at - p.at)} s, cpu ${s(r.cpu - p.cpu)}${idle}`);
  }
  return out;
}

await main();
