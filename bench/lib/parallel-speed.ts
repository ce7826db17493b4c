/**
 * Part `parallel` of `npm run bench -- train`: data-parallel training (electron/core/training/parallel.ts)
 * on 1 and 2 threads, for the bench's MLP (batch 128) and CNN (batch 32), each run in its own process
 * (bench/lib/parallel-fit.ts), alternated: samples/s (wall clock) and samples per CPU-second of the
 * process (all its threads), with the load average around each, since other work on a shared machine
 * changes what a second thread can gain.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../electron/core/stats/random.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

interface Fit {
  samplesPerSecond: number;
  samplesPerCpuSecond: number;
  loadAverage1m: number;
}

function fit(kind: 'mlp' | 'cnn', threads: number, rows: number, epochs: number): Fit | { error: string } {
  const load = os.loadavg()[0];
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'parallel-fit.ts'), kind, String(threads), String(rows), String(epochs)], {
    encoding: 'utf8',
    env: { ...process.env, CICLO_TRAIN_THREADS: '' },
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) return { error: (r.stderr || 'no output').trim().split('\n').pop()! };
  const out = JSON.parse(line) as { samplesPerSecond: number; samplesPerCpuSecond: number };
  return { samplesPerSecond: round(out.samplesPerSecond), samplesPerCpuSecond: round(out.samplesPerCpuSecond), loadAverage1m: round((load + os.loadavg()[0]) / 2, 2) };
}

export function parallelSpeed(kind: 'mlp' | 'cnn', quick: boolean, log: (m: string) => void): Record<string, unknown> {
  const rows = kind === 'mlp' ? 8192 : quick ? 1536 : 3072;
  const epochs = 3;
  const repeats = quick ? 1 : 2;
  const runs: { threads: number; fit: Fit | { error: string } }[] = [];
  for (let i = 0; i < repeats; i++)
    for (const threads of [1, 2]) {
      log(`parallel ${kind}: ${threads} thread(s), run ${i + 1}/${repeats}`);
      runs.push({ threads, fit: fit(kind, threads, rows, epochs) });
    }
  const best = (threads: number) => {
    const ok = runs.filter((r) => r.threads === threads && 'samplesPerSecond' in r.fit).map((r) => r.fit as Fit);
    return ok.length ? ok.reduce((a, b) => (b.samplesPerSecond > a.samplesPerSecond ? b : a)) : null;
  };
  const one = best(1);
  const two = best(2);
  return {
    rows,
    epochs,
    oneThread: one,
    twoThreads: two,
    /** Wall-clock speed-up of 2 threads over 1 (> 1: the second thread pays). */
    speedup: one && two ? round(two.samplesPerSecond / one.samplesPerSecond, 2) : null,
    /** Samples per CPU-second, 2 threads over 1 (< 1: what splitting the batch costs in work). */
    cpuEfficiency: one && two ? round(two.samplesPerCpuSecond / one.samplesPerCpuSecond, 2) : null,
    allRuns: runs.map((r) => ({ threads: r.threads, ...r.fit })),
  };
}

/** A parallel part with Ciclo-to-PyTorch ratios of its 1- and 2-thread speeds (wall clock and per CPU-second). */
export function vsTorch(p: Record<string, unknown>, torch: Record<string, unknown>): Record<string, unknown> {
  const t = torch as { samplesPerSecond?: number; samplesPerCpuSecond?: number };
  const r = (f: unknown, k: 'samplesPerSecond' | 'samplesPerCpuSecond') => (f && typeof t[k] === 'number' ? round((f as Record<string, number>)[k] / t[k]) : null);
  return {
    ...p,
    ratioToTorch: { oneThread: r(p.oneThread, 'samplesPerSecond'), twoThreads: r(p.twoThreads, 'samplesPerSecond') },
    cpuRatioToTorch: { oneThread: r(p.oneThread, 'samplesPerCpuSecond'), twoThreads: r(p.twoThreads, 'samplesPerCpuSecond') },
  };
}

/** A CSV of `rows` rows: `features` numeric columns (standard normal-ish, or 0..255 pixels) and a 10-class label. */
export function writeCsv(file: string, rows: number, features: number, pixels: boolean): void {
  const r = mulberry32(2024);
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, [...Array.from({ length: features }, (_, i) => `f${i}`), 'label'].join(',') + '\n');
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const cells = Array.from({ length: features }, () => (pixels ? String(Math.floor(r() * 256)) : ((r() + r() + r() - 1.5) * 2).toFixed(4)));
    cells.push(`c${Math.floor(r() * 10)}`);
    buf += cells.join(',') + '\n';
    if (buf.length > 1 << 20) (fs.writeSync(out, buf), (buf = ''));
  }
  fs.writeSync(out, buf);
  fs.closeSync(out);
}
