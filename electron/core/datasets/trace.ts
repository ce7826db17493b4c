import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

/**
 * A timeline of the import's phases on both threads, for the import bench (`--timeline`): when
 * CICLO_IMPORT_TRACE names a file, each mark appends "thread, label, epoch ms, the main event loop's idle
 * ms so far, this thread's CPU ms so far (Linux: /proc/thread-self)" to it; otherwise a mark costs one check.
 */
const file = process.env.CICLO_IMPORT_TRACE;
const who = isMainThread ? 'main' : 'second';

function threadCpuMs(): number {
  try {
    const stat = fs.readFileSync('/proc/thread-self/stat', 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
}

export function mark(label: string): void {
  if (!file) return;
  const idle = isMainThread ? performance.eventLoopUtilization().idle : NaN;
  fs.appendFileSync(file, `${who}\t${label}\t${(performance.timeOrigin + performance.now()).toFixed(2)}\t${idle.toFixed(1)}\t${threadCpuMs()}\n`);
}
