/**
 * Part 2b of `npm run bench -- train`: per-kernel profiles of an epoch (bench/lib/profile-epoch.ts, each in
 * its own process) of the MLP and the CNN with Ciclo's wasm kernels and the backend's own, of Ciclo's
 * training loop on the MLP with the fused dense step and with model.fit, and the CNN at other batch sizes.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const round = (v: number, d = 3) => Math.round(v * 10 ** d) / 10 ** d;

/** Per-kernel profile of an epoch in its own process (bench/lib/profile-epoch.ts); fast = false: the backend's own kernels. */
function profileEpoch(kind: 'mlp' | 'cnn', rows: number, batchSize: number, fast: boolean, trainer?: { fused: boolean }) {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'profile-epoch.ts');
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const env = { ...process.env, CICLO_WASM_FAST_KERNELS: fast ? '1' : '0', CICLO_FUSED_DENSE: trainer?.fused === false ? '0' : '1' };
  const out = spawnSync(process.execPath, ['--import', tsx, script, JSON.stringify({ kind, rows, batchSize, trainer: !!trainer })], { encoding: 'utf8', env });
  if (out.status !== 0) throw new Error(`the epoch profile failed: ${out.stderr}`);
  const r = JSON.parse(out.stdout.trim().split('\n').pop()!) as { samplesPerSecond: number; profile: unknown };
  return { rows, batchSize, samplesPerSecond: round(r.samplesPerSecond, 1), profile: r.profile };
}

const speedup = (x: { fastKernels: { samplesPerSecond: number }; backendKernels: { samplesPerSecond: number } }) =>
  round(x.fastKernels.samplesPerSecond / x.backendKernels.samplesPerSecond, 2);
const PROFILE_NOTE =
  "epochs on random data after a warm-up epoch; selfMs excludes kernels a kernel runs itself; outsideKernelsMs is JavaScript (tfjs-layers, tape, optimizer; in mlpTrainer.fusedStep the fused step's element-wise loops and Adam). mlp: a plain model.fit; mlpTrainer: Ciclo's training loop (trainer.ts) with the fused dense step and with model.fit (CICLO_FUSED_DENSE=0).";

/** Where an epoch goes, with Ciclo's wasm kernels and without (the "before"), and the CNN at other batch sizes. */
export function profiles(quick: boolean, mlpOnly: boolean, log: (m: string) => void) {
  log('profiles (per-kernel timings)');
  const mlp = { fastKernels: profileEpoch('mlp', quick ? 2048 : 4096, 128, true), backendKernels: profileEpoch('mlp', quick ? 1024 : 2048, 128, false) };
  // Ciclo's training loop: the fused dense step (dense-fit.ts) against model.fit with the same kernels
  const trainer = {
    fusedStep: profileEpoch('mlp', quick ? 4096 : 8192, 128, true, { fused: true }),
    modelFit: profileEpoch('mlp', quick ? 2048 : 4096, 128, true, { fused: false }),
  };
  const mlpTrainer = { ...trainer, speedup: round(trainer.fusedStep.samplesPerSecond / trainer.modelFit.samplesPerSecond, 2), loadAverage1m: round(os.loadavg()[0], 2) };
  if (mlpOnly) return { note: PROFILE_NOTE, mlp: { ...mlp, speedup: speedup(mlp) }, mlpTrainer };
  const cnn = { fastKernels: profileEpoch('cnn', quick ? 512 : 1024, 32, true), backendKernels: profileEpoch('cnn', quick ? 128 : 256, 32, false) };
  const cnnBatchSizes = [64, 128].map((b) => {
    const p = profileEpoch('cnn', quick ? 512 : 1024, b, true);
    return { batchSize: b, samplesPerSecond: p.samplesPerSecond };
  });
  return {
    note: PROFILE_NOTE,
    mlp: { ...mlp, speedup: speedup(mlp) },
    mlpTrainer,
    cnn: { ...cnn, speedup: speedup(cnn) },
    cnnBatchSizes: [{ batchSize: 32, samplesPerSecond: cnn.fastKernels.samplesPerSecond }, ...cnnBatchSizes],
  };
}
