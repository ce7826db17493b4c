/**
 * The bench's models in PyTorch (`/usr/bin/python3` or `python3` with torch), for `npm run bench -- train`:
 * the MLP 64-256-256-10 and the cnn template (conv 16 + pool, conv 32 + pool, dense 64, no dropout), Adam
 * 1e-3, on random data of the same shapes, samples/s between the first and the last epoch's end.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

function python(): string {
  return fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

export function torchVersion(): { ok: true; version: string } | { ok: false; reason: string } {
  const probe = spawnSync(python(), ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) return { ok: false, reason: (probe.stderr || probe.error?.message || 'python3 not found').trim().split('\n').pop()! };
  return { ok: true, version: probe.stdout.trim() };
}

/**
 * PyTorch's best of all cores and one thread: on a machine other work keeps busy, torch's OpenMP threads
 * can wait on each other and run far below one thread's speed, which would flatter Ciclo's ratio.
 */
export function pytorchThroughput(kind: 'mlp' | 'cnn', rows: number, batchSize: number, epochs: number): Record<string, unknown> {
  const counts = [...new Set([os.cpus().length, 1])];
  const runs: Record<string, unknown>[] = counts.map((threads) => ({ threads, ...pytorchRun(kind, rows, batchSize, epochs, threads) }));
  const ok = runs.filter((r) => typeof r.samplesPerSecond === 'number') as { threads: number; samplesPerSecond: number; samplesPerCpuSecond: number }[];
  if (!ok.length) return runs[0];
  const best = ok.reduce((a, b) => (b.samplesPerSecond > a.samplesPerSecond ? b : a));
  return { ...best, byThreads: ok.map((r) => ({ threads: r.threads, samplesPerSecond: r.samplesPerSecond, samplesPerCpuSecond: r.samplesPerCpuSecond })) };
}

export function pytorchRun(kind: 'mlp' | 'cnn', rows: number, batchSize: number, epochs: number, threads: number): Record<string, unknown> {
  const v = torchVersion();
  if (!v.ok) return { available: false, reason: v.reason };
  const model =
    kind === 'mlp'
      ? 'nn.Sequential(nn.Linear(64,256), nn.ReLU(), nn.Linear(256,256), nn.ReLU(), nn.Linear(256,10))'
      : 'nn.Sequential(nn.Conv2d(1,16,3,padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16,32,3,padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(32*7*7,64), nn.ReLU(), nn.Linear(64,10))';
  const shape = kind === 'mlp' ? `${rows}, 64` : `${rows}, 1, 28, 28`;
  const script = `
import time, torch
from torch import nn
torch.manual_seed(0); torch.set_num_threads(${threads})
x = torch.rand(${shape}); y = torch.randint(0, 10, (${rows},))
m = ${model}
opt = torch.optim.Adam(m.parameters(), 1e-3); lossf = nn.CrossEntropyLoss()
ends = []; cpu = []
for e in range(${epochs}):
    p = torch.randperm(${rows})
    for i in range(0, ${rows}, ${batchSize}):
        idx = p[i:i+${batchSize}]; opt.zero_grad(); l = lossf(m(x[idx]), y[idx]); l.backward(); opt.step()
    ends.append(time.perf_counter()); cpu.append(time.process_time())
print(${rows} * (len(ends) - 1) / (ends[-1] - ends[0]), ${rows} * (len(cpu) - 1) / (cpu[-1] - cpu[0]))
`;
  const run = spawnSync(python(), ['-c', script], { encoding: 'utf8' });
  if (run.status !== 0) return { available: true, version: v.version, error: run.stderr.trim().split('\n').pop() };
  const [wall, cpu] = run.stdout.trim().split(/\s+/).map(Number);
  return { available: true, version: v.version, rows, batchSize, samplesPerSecond: round(wall), samplesPerCpuSecond: round(cpu) };
}
