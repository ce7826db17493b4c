import os from 'node:os';
import { isMainThread, workerData } from 'node:worker_threads';
import { CICLO_VERSION } from '../version.js';
import { loadBackend } from './backend.js';
import type { MetricPoint, ParentMessage, StartMessage, WorkerMessage } from './protocol.js';
import { isGradThread, runGradThread } from './grad-thread.js';
import { chooseThreads } from './threads.js';
import { train } from './trainer.js';

/**
 * The training worker: a child process forked by the core for one run. It loads tfjs with the chosen
 * backend, trains, and streams batch points, epoch metrics and checkpoints to the parent, which owns the
 * store. It never touches the workspace itself. If the parent goes away it exits. The same file is the
 * entry of the gradient threads of data-parallel training (grad-thread.ts), started inside this process.
 */

let cancelled = false;
let started = false;

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected) return resolve();
    process.send!(message, undefined, {}, () => resolve());
  });
}

async function run(m: StartMessage): Promise<void> {
  const loaded = await loadBackend(m.backend, (name) => void send({ type: 'loading', backend: name }));
  const cpus = os.cpus();
  const threads = chooseThreads(loaded.tf, m.spec, loaded.backend);
  await send({
    type: 'ready',
    backend: loaded.backend,
    backendNote: loaded.note,
    environment: {
      cicloVersion: CICLO_VERSION,
      tfjsVersion: loaded.tfjsVersion,
      backend: loaded.backend,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
      cpuCount: cpus.length,
      totalMemoryMb: Math.round(os.totalmem() / 2 ** 20),
      nodeVersion: process.version,
      ...(loaded.detail ? { backendDetail: loaded.detail } : {}),
      ...(loaded.noteKey ? { backendNoteKey: loaded.noteKey } : {}),
      trainThreads: threads.threads,
      trainThreadsReason: threads.reason,
    },
  });
  let pending: MetricPoint[] = [];
  let lastFlush = Date.now();
  let lastStep = 0;
  let lastEpoch = 0;
  const flush = async () => {
    if (!pending.length) return;
    const points = pending;
    pending = [];
    lastFlush = Date.now();
    await send({ type: 'points', epoch: lastEpoch, step: lastStep, points });
  };
  let cpuMark = process.cpuUsage();
  let wallMark = performance.now();
  const result = await train(
    loaded.tf,
    m.spec,
    m.data,
    {
      onBatch(step, epoch, loss) {
        lastStep = step;
        lastEpoch = epoch;
        pending.push({ key: 'batch/loss', step, value: loss });
        if (Date.now() - lastFlush >= m.flushMs) void flush();
      },
      async onEpoch(r) {
        await flush();
        const cpu = process.cpuUsage(cpuMark);
        const wall = performance.now() - wallMark;
        cpuMark = process.cpuUsage();
        wallMark = performance.now();
        const points: MetricPoint[] = Object.entries(r.metrics).map(([key, value]) => ({ key, step: r.epoch, value }));
        points.push(
          { key: 'lr', step: r.epoch, value: r.learningRate },
          { key: 'sys/cpu_pct', step: r.epoch, value: wall > 0 ? ((cpu.user + cpu.system) / 1000 / wall) * 100 : 0 },
          { key: 'sys/rss_mb', step: r.epoch, value: process.memoryUsage().rss / 2 ** 20 },
          { key: 'sys/samples_per_s', step: r.epoch, value: r.samplesPerSecond },
        );
        // not awaited: training goes on while the parent writes the checkpoint (the channel keeps the order)
        void send({ type: 'epoch', epoch: r.epoch, step: r.step, metrics: r.metrics, learningRate: r.learningRate, bestEpoch: r.bestEpoch, bestMetrics: r.bestMetrics, endedAt: Date.now(), points, checkpoint: r.checkpoint });
      },
      shouldStop: () => cancelled,
    },
    m.checkpoint,
    { threads: threads.threads },
  );
  await flush();
  await send({ type: 'done', ...result });
}

if (!isMainThread && isGradThread(workerData)) void runGradThread();
else {
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'cancel') {
      cancelled = true;
      return;
    }
    if (message.type === 'start' && !started) {
      started = true;
      void run(message)
        .catch(async (err: unknown) => {
          const code = err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : 'internal';
          await send({ type: 'failed', code, message: err instanceof Error ? err.message : String(err) });
        })
        .finally(() => process.exit(0));
    }
  });
}
