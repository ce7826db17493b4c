/**
 * The import bench's measured process (bench/import.ts builds this file with the core, as the app's build
 * does, and runs the built JavaScript: no TypeScript compiler at run time, the import's second thread the
 * built csv-worker entry next to it). `node import-child.js FILE`: one import of FILE through services.call
 * and the job runner, timed, with this process's CPU time (all threads), the main thread's idle time and peak RSS. Prints one JSON line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../../electron/core/services.js';
import { confPreferences } from '../../electron/core/preferences/store.js';
import { mark } from '../../electron/core/datasets/trace.js';

/** This thread's CPU seconds so far (Linux: /proc/thread-self/stat, 10 ms steps); NaN elsewhere. */
function mainThreadCpu(): number {
  try {
    const stat = fs.readFileSync('/proc/thread-self/stat', 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

async function child(file: string): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ciclo-bench-ws-'));
  const s = createServices({ dataDir, preferences: confPreferences(path.join(dataDir, 'prefs')) });
  try {
    await s.call('project.create', { name: 'bench', taskType: 'binary' }, { door: 'bench' });
    const t0 = performance.now();
    mark('job start');
    const cpu0 = process.cpuUsage();
    const loop0 = performance.eventLoopUtilization();
    const main0 = mainThreadCpu();
    const job = (await s.call('dataset.import', { project: 'bench', path: file, target: 'churned' }, { door: 'bench' })) as { id: string };
    const done = await s.jobs.wait(job.id);
    const seconds = (performance.now() - t0) / 1000;
    mark('job end');
    const cpu = process.cpuUsage(cpu0);
    // the main thread's time with nothing to run: waiting for the second thread or the disk
    const idleSeconds = performance.eventLoopUtilization(loop0).idle / 1000;
    const mainCpuSeconds = mainThreadCpu() - main0;
    if (done.status !== 'succeeded') throw new Error(`import ${done.status}: ${done.error?.message}`);
    const result = done.result as { version: { rows: number; columns: { name: string; type: string }[] } };
    process.stdout.write(
      JSON.stringify({
        seconds,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        idleSeconds,
        mainCpuSeconds,
        rows: result.version.rows,
        columns: result.version.columns.length,
        types: Object.fromEntries(result.version.columns.map((c) => [c.name, c.type])),
        peakRssMB: process.resourceUsage().maxRSS / 1024,
      }) + '\n',
    );
  } finally {
    await s.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await child(process.argv[2]);
