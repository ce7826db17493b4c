// Preloaded into a prediction server by `npm run bench -- serve-ab` (node --import): the serving thread's
// event-loop delay (perf_hooks.monitorEventLoopDelay, 1 ms resolution), its GC pauses by kind and its own CPU
// time. SIGUSR2 appends what was seen since the last SIGUSR2 to $PROBE_OUT as one JSON line, then resets.
import fs from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

if (isMainThread && process.env.PROBE_OUT) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const kinds = { 1: 'scavenge', 2: 'markCompact', 4: 'incremental', 8: 'weakCallbacks' };
  let gc = {};
  let since = performance.now();
  let cpu0 = process.cpuUsage();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const k = kinds[e.detail?.kind] ?? String(e.detail?.kind);
      const g = (gc[k] ??= { n: 0, ms: 0, maxMs: 0 });
      g.n++;
      g.ms += e.duration;
      g.maxMs = Math.max(g.maxMs, e.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('SIGUSR2', () => {
    const now = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const ms = (v) => Math.round(v / 1e4) / 100;
    const out = {
      from: since,
      to: now,
      threadCpuMs: (cpu.user + cpu.system) / 1000,
      loopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
      gc,
    };
    fs.appendFileSync(process.env.PROBE_OUT, JSON.stringify(out) + '\n');
    delay.reset();
    gc = {};
    since = now;
    cpu0 = process.cpuUsage();
  });
}
