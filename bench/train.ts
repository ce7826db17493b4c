/**
 * `npm run bench -- train [--quick] [--epochs N] [--startup] [--speed] [--mlp]`: prints one JSON document
 * (`--speed`: only the training speed parts 1, 2 and 2b; `--mlp`: only the MLP's parts of 1, 2, 2a and 2b).
 *
 * 1. Ciclo's training job (worker process, batched metric writes, a checkpoint every epoch) against a raw
 *    tfjs model.fit on the same backend, model and rows, as a samples/s ratio (goal >= 0.97):
 *    an MLP 64-256-256-10 on 8,192 rows, batch 128, and a small CNN on 28x28x1 inputs. Both sides train
 *    and validate on the same number of rows; throughput is measured between the first and the last
 *    epoch's end (steady state), best of 2 alternated runs each; the raw side runs in its own process
 *    (bench/lib/raw-fit.ts) as Ciclo's worker does. The CNN uses the cnn template's batch size (32). Also samples per CPU-second (Ciclo: worker + parent),
 *    which other load on the machine disturbs less. The job's start-up (worker, tfjs import) is reported apart.
 * 2. The same MLP and CNN in PyTorch when python3 can import torch (else `available: false`), run right
 *    after Ciclo's jobs: `pytorch.ratioCicloToTorch` (MLP) and `pytorchCnn.ratioCicloToTorch` (CNN), and the
 *    epoch time of Fashion-MNIST's 42,000 training images at that speed.
 * 2a. `parallel`: data-parallel training on 1 and 2 threads (bench/lib/parallel-speed.ts), with its ratios to PyTorch.
 * 2b. Where an epoch goes: per-kernel timings of a model.fit epoch (bench/lib/profile-epoch.ts) with Ciclo's
 *    fast wasm kernels and with the backend's own (CICLO_WASM_FAST_KERNELS=0), of Ciclo's training loop on the
 *    MLP with its fused dense step and with model.fit (`profile.mlpTrainer`), and the CNN's throughput at
 *    batch sizes 32/64/128 (`profile`).
 * 3. The registry at scale: 10,000 runs and 5,000,000 metric points written into a workspace (ingest
 *    rate), a run-list query with sort and filter (goal < 100 ms), 10 long series downsampled to 1,000
 *    points (goal < 50 ms).
 * 4. The worker's start-up: from the fork to the worker asking for its backend (process up, code loaded;
 *    goal <= 300 ms) and to ready-to-train (plus the wasm backend's load), for the built worker
 *    (out/main/training-worker.js, what the app and the built CLI fork) and for worker.ts through tsx (what
 *    runs from the sources). `--startup` runs only this part.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { confPreferences } from '../electron/core/preferences/store.js';
import { createServices, type Services } from '../electron/core/services.js';
import { loadBackend } from '../electron/core/training/backend.js';
import { templateDesign } from '../electron/core/training/design.js';
import { mulberry32 } from '../electron/core/stats/random.js';
import { RunStore } from '../electron/core/store/run-store.js';
import { SeriesStore, type Point } from '../electron/core/store/series-store.js';
import { readSeries } from '../electron/core/training/views.js';
import type { ModelDesign } from '../shared/schemas/training.js';
import { parallelSpeed, vsTorch, writeCsv } from './lib/parallel-speed.js';
import { profiles } from './lib/profiles.js';
import { workerStartup } from './lib/worker-startup.js';
import { pytorchThroughput } from './lib/pytorch.js';
import { seededRun, seededStatuses } from './lib/synthetic-runs.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const epochsArg = args.indexOf('--epochs') >= 0 ? Number(args[args.indexOf('--epochs') + 1]) : undefined;
const log = (m: string) => process.stderr.write(`[bench train] ${m}\n`);
const round = (v: number, d = 3) => Math.round(v * 10 ** d) / 10 ** d;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function workspace(): { dir: string; s: Services } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ciclo-bench-train-'));
  return { dir, s: createServices({ dataDir: dir, preferences: confPreferences(path.join(dir, 'prefs')) }) };
}

interface Throughput {
  samplesPerSecond: number;
}

/** CPU seconds a process has used so far (Linux /proc), or null elsewhere. */
function procCpuSeconds(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Raw tfjs in its own process (bench/lib/raw-fit.ts), like Ciclo's worker. */
function rawFit(kind: 'mlp' | 'cnn', trainRows: number, valRows: number, epochs: number, batchSize: number): { samplesPerSecond: number; samplesPerCpuSecond: number } {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lib', 'raw-fit.ts');
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const out = spawnSync(process.execPath, ['--import', tsx, script, JSON.stringify({ kind, trainRows, valRows, epochs, batchSize })], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`raw model.fit failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!);
}

/**
 * Ciclo: a training job on an imported CSV. Wall time from the worker's epoch-end clock; CPU time is the
 * worker's (its sys/cpu_pct per epoch) plus this parent process's (store writes, checkpoints) over the
 * same epochs.
 */
async function cicloJob(s: Services, project: string, dataset: string, template: 'mlp' | 'cnn', design: ModelDesign, epochs: number, batchSize: number) {
  const ends: { wall: number; parentCpu: number; workerCpu: number | null }[] = [];
  let runId = '';
  const stop = s.events.subscribe((event, payload) => {
    // the worker's own clock: the parent may read the message a little later when it is busy writing
    const e = payload as { runId: string; endedAt?: number };
    if (event === 'training.epoch' && e.runId === runId) {
      const c = process.cpuUsage();
      const worker = s.training.workers.get(runId);
      ends.push({ wall: e.endedAt ?? Date.now(), parentCpu: (c.user + c.system) / 1e6, workerCpu: worker ? procCpuSeconds(worker.pid) : null });
    }
  });
  const t0 = Date.now();
  const run = (await s.call(
    'train.start',
    {
      project,
      dataset,
      template,
      design,
      backend: 'wasm',
      params: { epochs, batchSize, learningRate: 0.001, optimizer: 'adam' },
      split: { fractions: { train: 0.9, validation: 0.1, test: 0 } },
    },
    { door: 'bench' },
  )) as { id: string };
  runId = run.id;
  const done = await s.training.wait(run.id);
  stop();
  const split = s.datasets.getSplit(done.splitId);
  if (done.status !== 'succeeded') throw new Error(`the Ciclo run ended ${done.status}: ${done.error?.message}`);
  let workerCpu = 0;
  if (ends.every((e) => e.workerCpu !== null)) workerCpu = ends.at(-1)!.workerCpu! - ends[0].workerCpu!;
  else {
    // no /proc: from the worker's own CPU % per epoch
    const cpuPct = s.training.series.read(run.id, 'sys/cpu_pct').values;
    for (let k = 1; k < ends.length; k++) workerCpu += (cpuPct[k] / 100) * ((ends[k].wall - ends[k - 1].wall) / 1000);
  }
  const samples = split.train.length * (ends.length - 1);
  return {
    run: done,
    trainRows: split.train.length,
    valRows: split.validation.length,
    samplesPerSecond: samples / ((ends.at(-1)!.wall - ends[0].wall) / 1000),
    samplesPerCpuSecond: samples / (workerCpu + ends.at(-1)!.parentCpu - ends[0].parentCpu),
    startupSeconds: (ends[0].wall - t0) / 1000 - (ends[1].wall - ends[0].wall) / 1000,
  };
}

/** Ciclo's job and raw model.fit, alternated `repeats` times; the best of each (least disturbed by other load). */
async function compareJob(s: Services, dir: string, kind: 'mlp' | 'cnn') {
  const mlp = kind === 'mlp';
  const features = mlp ? 64 : 28 * 28;
  const trainTarget = mlp ? 8192 : quick ? 512 : 2048;
  const batchSize = mlp ? 128 : 32;
  const rows = Math.ceil(trainTarget / 0.9);
  const epochs = epochsArg ?? (mlp ? (quick ? 3 : 4) : quick ? 2 : 3);
  const repeats = quick ? 1 : 2;
  const csv = path.join(dir, `${kind}_bench.csv`);
  writeCsv(csv, rows, features, !mlp);
  const project = `bench-${kind}`;
  await s.call('project.create', { name: project, taskType: 'multiclass' }, { door: 'bench' });
  await s.datasets.importFile({ project, path: csv, target: 'label' } as never);
  const design: ModelDesign = mlp
    ? {
        inputKind: 'tabular',
        layers: [
          { type: 'dense', units: 256, activation: 'relu', l2: 0 },
          { type: 'dense', units: 256, activation: 'relu', l2: 0 },
        ],
      }
    : templateDesign('cnn', { dropout: 0 });
  const jobs = [];
  const raws = [];
  for (let i = 0; i < repeats; i++) {
    log(`${kind}: Ciclo job ${i + 1}/${repeats} (${epochs} epochs)`);
    const job = await cicloJob(s, project, path.basename(csv, '.csv'), mlp ? 'mlp' : 'cnn', design, epochs, batchSize);
    jobs.push(job);
    log(`${kind}: raw model.fit ${i + 1}/${repeats}`);
    raws.push(rawFit(kind, job.trainRows, job.valRows, epochs, batchSize));
  }
  const job = jobs.reduce((a, b) => (b.samplesPerSecond > a.samplesPerSecond ? b : a));
  const raw = Math.max(...raws.map((r) => r.samplesPerSecond));
  const cicloCpu = Math.max(...jobs.map((j) => j.samplesPerCpuSecond));
  const rawCpu = Math.max(...raws.map((r) => r.samplesPerCpuSecond));
  return {
    model: mlp ? 'MLP 64-256-256-10' : `CNN 28x28x1 (${design.layers.map((l) => l.type).join(', ')})`,
    params: job.run.paramCount,
    trainRows: job.trainRows,
    validationRows: job.valRows,
    batchSize,
    epochs,
    repeats,
    backend: job.run.backend,
    threads: { count: job.run.environment?.trainThreads ?? null, reason: job.run.environment?.trainThreadsReason ?? null },
    rawSamplesPerSecond: round(raw, 1),
    cicloSamplesPerSecond: round(job.samplesPerSecond, 1),
    ratio: round(job.samplesPerSecond / raw),
    goal: 0.97,
    /** Samples per CPU-second (Ciclo: worker + parent), less sensitive to other load on the machine. */
    cpuRatio: round(cicloCpu / rawCpu),
    allRuns: {
      ciclo: jobs.map((j) => round(j.samplesPerSecond, 1)),
      raw: raws.map((r) => round(r.samplesPerSecond, 1)),
      cicloPerCpuSecond: jobs.map((j) => round(j.samplesPerCpuSecond, 1)),
      rawPerCpuSecond: raws.map((r) => round(r.samplesPerCpuSecond, 1)),
    },
    cicloStartupSeconds: round(Math.min(...jobs.map((j) => j.startupSeconds)), 2),
  };
}

/** Samples per CPU-second, Ciclo's job (worker + parent) over PyTorch's: less disturbed by other load than wall time. */
function cpuRatio(job: { allRuns: { cicloPerCpuSecond: number[] } }, torch: Record<string, unknown>): number | null {
  return typeof torch.samplesPerCpuSecond === 'number' ? round(Math.max(...job.allRuns.cicloPerCpuSecond) / torch.samplesPerCpuSecond) : null;
}

/** Writes `runs` runs and `points` metric points, then times the queries a run table and a chart make. */
async function registry(s: Services, runCount: number, pointCount: number) {
  await s.call('project.create', { name: 'registry-scale', taskType: 'multiclass' }, { door: 'bench' });
  const projectId = s.projects.resolve('registry-scale').id;
  const runs = new RunStore(s.db);
  const series = new SeriesStore(s.db);
  const r = mulberry32(99);
  const long = 10;
  const longPoints = Math.floor((pointCount * 0.4) / long);
  const perShort = Math.floor((pointCount - long * longPoints) / (runCount - long));
  const ids: string[] = [];
  const t0 = performance.now();
  s.db.transaction(() => {
    for (let i = 0; i < runCount; i++) {
      const id = `run_bench${String(i).padStart(6, '0')}`;
      ids.push(id);
      runs.insert(
        seededRun(i, { id, projectId, name: `run ${i}`, datasetVersionId: 'dsv_x', datasetRef: `data@${1 + (i % 4)}`, splitId: 'spl_x' }),
        seededStatuses[i % seededStatuses.length],
      );
      runs.update(id, { metrics: JSON.stringify({ loss: r(), val_loss: r(), accuracy: r(), val_accuracy: r() }), duration_ms: Math.floor(r() * 1e6), epochs_done: 20 });
    }
  })();
  const runsSeconds = (performance.now() - t0) / 1000;
  // points as a live run writes them: a few hundred per flush
  let written = 0;
  const t1 = performance.now();
  const chunk = 500;
  const batch: Point[] = [];
  for (let i = 0; i < runCount; i++) {
    const n = i < long ? longPoints : perShort;
    const epochKeys = i < long ? 0 : Math.min(20, Math.floor(n / 10));
    const batchPoints = n - epochKeys * 4;
    for (let k = 0; k < batchPoints; k += chunk) {
      batch.length = 0;
      for (let j = k; j < Math.min(batchPoints, k + chunk); j++) batch.push({ key: 'batch/loss', step: j + 1, value: 2 * Math.exp(-j / 5000) + 0.1 * r() });
      series.append(ids[i], batch);
      written += batch.length;
    }
    if (epochKeys) {
      batch.length = 0;
      for (let e = 1; e <= epochKeys; e++) for (const key of ['loss', 'val_loss', 'accuracy', 'val_accuracy']) batch.push({ key, step: e, value: r() });
      series.append(ids[i], batch);
      written += batch.length;
    }
  }
  const ingestSeconds = (performance.now() - t1) / 1000;
  const listTimes: number[] = [];
  for (let k = 0; k < 15; k++) {
    const t = performance.now();
    const out = s.training.list({
      project: 'registry-scale',
      status: ['succeeded'],
      search: k % 2 ? 'run 1' : undefined,
      sort: 'metric:val_accuracy',
      order: 'desc',
      limit: 100,
      offset: 0,
    });
    listTimes.push(performance.now() - t);
    if (!out.items.length) throw new Error('the run list returned nothing');
  }
  const seriesTimes: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    let points = 0;
    for (const id of ids.slice(0, long)) points += readSeries(series, id, ['batch/loss'], 1000, 'lttb')[0].x.length;
    seriesTimes.push(performance.now() - t);
    if (points > long * 1000) throw new Error('downsampling returned too many points');
  }
  return {
    runs: runCount,
    points: written,
    longSeries: { count: long, pointsEach: longPoints },
    insertRunsSeconds: round(runsSeconds, 2),
    ingestSeconds: round(ingestSeconds, 2),
    ingestPointsPerSecond: Math.round(written / ingestSeconds),
    runListQueryMs: {
      median: round(median(listTimes), 1),
      max: round(Math.max(...listTimes), 1),
      goal: 100,
      query: 'status=succeeded (+ search) sorted by metric:val_accuracy, first 100',
    },
    downsample10SeriesMs: { median: round(median(seriesTimes), 1), max: round(Math.max(...seriesTimes), 1), goal: 50, pointsIn: long * longPoints, pointsOut: long * 1000 },
    workspaceMb: round(fs.statSync(path.join(s.dataDir, 'ciclo.db')).size / 2 ** 20, 1),
  };
}

function machine(tfjsVersion: string) {
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model?.trim(), node: process.version, tfjs: tfjsVersion, loadAverage: os.loadavg().map((v) => round(v, 2)) };
}

async function main() {
  const mlpOnly = args.includes('--mlp');
  if (args.includes('--startup')) {
    process.stdout.write(JSON.stringify({ benchmark: 'train', workerStartup: await workerStartup(quick ? 3 : 5, log) }, null, 2) + '\n');
    return;
  }
  const started = performance.now();
  const { backend, note, tfjsVersion } = await loadBackend('wasm');
  const { dir, s } = workspace();
  try {
    // PyTorch right after each of Ciclo's jobs, so both see about the same load on the machine
    const mlp = await compareJob(s, dir, 'mlp');
    log('pytorch mlp');
    const torch: Record<string, unknown> = { ...pytorchThroughput('mlp', 8192, 128, 5), loadAverage1m: round(os.loadavg()[0], 2) };
    if (typeof torch.samplesPerSecond === 'number')
      Object.assign(torch, { ratioCicloToTorch: round(mlp.cicloSamplesPerSecond / torch.samplesPerSecond), goal: 0.5, cpuRatioCicloToTorch: cpuRatio(mlp, torch) });
    const parallelMlp = vsTorch(parallelSpeed('mlp', quick, log), torch);
    if (mlpOnly) {
      const result = {
        benchmark: 'train',
        only: 'mlp',
        machine: machine(tfjsVersion),
        backend: { measured: backend, note },
        quick,
        jobVsRawFit: { mlp },
        pytorch: torch,
        parallel: { mlp: parallelMlp },
        profile: profiles(quick, true, log),
        seconds: round((performance.now() - started) / 1000, 1),
      };
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      return;
    }
    const cnn = await compareJob(s, dir, 'cnn');
    log('pytorch cnn');
    const torchCnn: Record<string, unknown> = { ...pytorchThroughput('cnn', quick ? 2048 : 4096, cnn.batchSize, 3), loadAverage1m: round(os.loadavg()[0], 2) };
    if (typeof torchCnn.samplesPerSecond === 'number')
      Object.assign(torchCnn, { ratioCicloToTorch: round(cnn.cicloSamplesPerSecond / torchCnn.samplesPerSecond), goal: 0.35, cpuRatioCicloToTorch: cpuRatio(cnn, torchCnn) });
    const parallelCnn = vsTorch(parallelSpeed('cnn', quick, log), torchCnn);
    const fashionMnistEpochSeconds = {
      note: 'an epoch of 42,000 28x28 images (the cnn template, batch 32) at the measured speeds; pixel values do not change the time',
      ciclo: round(42_000 / cnn.cicloSamplesPerSecond, 1),
      pytorch: typeof torchCnn.samplesPerSecond === 'number' ? round(42_000 / torchCnn.samplesPerSecond, 1) : null,
    };
    const profile = profiles(quick, false, log);
    const speedOnly = args.includes('--speed');
    if (!speedOnly) log('registry at scale');
    const reg = speedOnly ? null : await registry(s, quick ? 1000 : 10_000, quick ? 500_000 : 5_000_000);
    const startup = speedOnly ? null : await workerStartup(quick ? 3 : 5, log);
    const auto = await loadBackend('auto').catch(() => null);
    const result = {
      benchmark: 'train',
      machine: machine(tfjsVersion),
      backend: { measured: backend, autoWouldUse: auto?.backend ?? null, note: auto?.note || note || '' },
      quick,
      jobVsRawFit: { mlp, cnn },
      pytorch: torch,
      pytorchCnn: torchCnn,
      parallel: { mlp: parallelMlp, cnn: parallelCnn },
      fashionMnistEpochSeconds,
      profile,
      registry: reg,
      workerStartup: startup,
      seconds: round((performance.now() - started) / 1000, 1),
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } finally {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
