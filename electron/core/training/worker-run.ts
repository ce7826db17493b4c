import os from 'node:os';
import { CICLO_VERSION } from '../version.js';
import { loadBackend } from './backend.js';
import type { MetricPoint, StartMessage, WorkerMessage } from './protocol.js';
import { chooseThreads } from './threads.js';
import { train } from './trainer.js';

/**
 * What the training worker does with its start message: loads tfjs with the chosen backend, trains, and
 * sends batch points, epoch metrics, checkpoints and the result through `send`. The worker process
 * (worker.ts) runs it with the fork channel; an in-process worker (in-process.ts) with direct calls.
 */
export async function runTraining(m: StartMessage, send: (message: WorkerMessage) => Promise<void>, isCancelled: () => boolean): Promise<void> {
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
        void send({
          type: 'epoch',
          epoch: r.epoch,
          step: r.step,
          metrics: r.metrics,
          learningRate: r.learningRate,
          bestEpoch: r.bestEpoch,
          bestMetrics: r.bestMetrics,
          endedAt: Date.now(),
          points,
          checkpoint: r.checkpoint,
        });
      },
      shouldStop: isCancelled,
    },
    m.checkpoint,
    { threads: threads.threads },
  );
  await flush();
  await send({ type: 'done', ...result });
}
