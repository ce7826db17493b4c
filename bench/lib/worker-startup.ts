/** The training worker's start-up for `npm run bench -- train` (its --startup part). */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { templateDesign } from '../../electron/core/training/design.js';
import type { TrainSpec } from '../../electron/core/training/trainer.js';
import { forkTrainingWorker, workerEntry } from '../../electron/core/training/worker-host.js';
import { hyperparametersSchema } from '../../shared/schemas/training.js';

const round = (v: number, d = 3) => Math.round(v * 10 ** d) / 10 ** d;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Fork to 'loading' (the worker is up with its code) and to 'ready' (backend loaded), median of `n`; a bare
 * `node -e 0` in the same run shows how loaded the machine is.
 */
export async function workerStartup(n: number, log: (m: string) => void) {
  const startupSpec: TrainSpec = {
    design: templateDesign('mlp', { hidden: [256, 256], dropout: 0 }),
    inputShape: [64],
    outputUnits: 10,
    regression: false,
    targetStd: 1,
    params: hyperparametersSchema.parse({ epochs: 1, batchSize: 128 }),
    classWeights: null,
  };
  const builtFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'out', 'main', 'training-worker.js');
  const once = (entry: { file: string; execArgv: string[] }) =>
    new Promise<{ loading: number; ready: number }>((resolve, reject) => {
      const t0 = performance.now();
      const w = forkTrainingWorker(entry);
      let loading = 0;
      w.onMessage((m) => {
        if (m.type === 'loading' && !loading) loading = performance.now() - t0;
        if (m.type === 'ready') {
          resolve({ loading, ready: performance.now() - t0 });
          w.kill();
        }
        if (m.type === 'failed') reject(new Error(m.message));
      });
      // the spec is read before 'ready' (the thread choice counts its FLOPs); the data only after, when the worker is stopped
      w.send({ type: 'start', runId: 'bench', backend: 'wasm', spec: startupSpec, data: {} as never, checkpoint: null, flushMs: 500 });
      void w.exited.then((e) => reject(new Error(`the worker exited before it was ready: ${e.stderr}`)));
    });
  const measure = async (entry: { file: string; execArgv: string[] }) => {
    const xs = [];
    for (let i = 0; i < n; i++) xs.push(await once(entry));
    const forkToLoading = median(xs.map((x) => x.loading));
    const forkToReady = median(xs.map((x) => x.ready));
    return { forkToLoadingMs: round(forkToLoading, 0), backendLoadMs: round(median(xs.map((x) => x.ready - x.loading)), 0), forkToReadyMs: round(forkToReady, 0) };
  };
  log('worker start-up');
  const bare: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    bare.push(performance.now() - t);
  }
  const built = fs.existsSync(builtFile)
    ? { ...(await measure({ file: builtFile, execArgv: [] })), goalForkToLoadingMs: 300 }
    : { available: false, reason: 'not built: run "npm run build"' };
  const source = await measure(workerEntry());
  return { nodeE0Ms: round(median(bare), 0), built, fromSourcesThroughTsx: source };
}
