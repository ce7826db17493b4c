/**
 * `npm run bench -- bundle [--mb 50] [--large 200]`: signed bundles of a model version whose package is
 * --mb megabytes (default 50; real weights of a wide MLP, random values), and of a --large one (default 200):
 * export, verify, and import+verify time and peak memory, each step in its own process so its peak RSS is
 * its own. Verify streams the file in 1 MB chunks: its peak memory should not grow with the bundle (the
 * report gives the growth between the two sizes). Prints one JSON document.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const round = (x: number) => Math.round(x * 100) / 100;
const bench = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'bench.mjs');
const ctx = { door: 'bench' };

async function services(dir: string) {
  const { createServices } = await import('../electron/core/services.js');
  const { confPreferences } = await import('../electron/core/preferences/store.js');
  return createServices({ dataDir: dir, preferences: confPreferences(path.join(dir, 'prefs')) });
}

/** Child: a workspace with one registered version per size, each with a package of that many megabytes. */
async function setup(dir: string, sizes: number[]): Promise<void> {
  const s = await services(dir);
  const call = <T = any>(m: string, i: unknown) => s.call(m, i, ctx) as Promise<T>;
  const { loadBackend } = await import('../electron/core/training/backend.js');
  const { buildModel } = await import('../electron/core/training/model.js');
  const { decodePackage, encodePackage } = await import('../electron/core/training/package.js');
  const { mulberry32 } = await import('../electron/core/stats/random.js');
  const { tf } = await loadBackend('cpu');
  const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
  await call('project.create', { name: 'bench', taskType: 'multiclass' });
  await s.datasets.importFile({ project: 'bench', path: path.join(repo, 'resources/datasets/iris.csv'), target: 'species' } as never);
  for (const mb of sizes) {
    const run = await call<any>('train.start', { project: 'bench', dataset: 'iris', params: { epochs: 1 } });
    const done = await s.training.wait(run.id);
    const meta = decodePackage(s.blobs.read(done.packageHash!)).meta;
    // n square dense layers of `units` (at most 4096, the contract's limit) hold about mb megabytes
    const floats = (mb * 1024 * 1024) / 4;
    const square = Math.max(1, Math.ceil(floats / 4096 ** 2));
    const units = Math.round(Math.sqrt(floats / square));
    const dense = { type: 'dense' as const, units, activation: 'relu' as const, l2: 0 };
    const design = { inputKind: meta.design.inputKind, layers: Array.from({ length: square + 1 }, () => dense) };
    const model = buildModel(tf, design, meta.inputShape, meta.outputUnits, false);
    const r = mulberry32(mb);
    const weights = model.weights.map((w) => ({
      name: w.originalName,
      shape: w.shape as number[],
      data: Float32Array.from({ length: (w.shape as number[]).reduce((a, b) => a * b, 1) }, () => (r() - 0.5) * 0.02),
    }));
    model.dispose();
    const hash = s.blobs.put(encodePackage({ runId: run.id, design, preprocessing: meta.preprocessing, outputUnits: meta.outputUnits }, weights));
    s.db.prepare('UPDATE runs SET package_hash = ?, design = ? WHERE id = ?').run(hash, JSON.stringify(design), run.id);
    await call('model.register', { run: run.id, name: `big-${mb}mb` });
  }
  await s.close();
}

/** Child: one step, timed, with this process's peak RSS. */
async function step(kind: string, dir: string, arg: string): Promise<void> {
  const s = await services(dir);
  const call = <T = any>(m: string, i: unknown) => s.call(m, i, ctx) as Promise<T>;
  await call('keys.show', {});
  const baseline = process.resourceUsage().maxRSS / 1024;
  const t = performance.now();
  let out: any;
  if (kind === 'export') out = await call('bundle.export', { model: arg.split('|')[0], output: arg.split('|')[1] });
  else if (kind === 'verify') out = await call('bundle.verify', { path: arg });
  else out = await call('bundle.import', { path: arg, trustSigner: true });
  const seconds = (performance.now() - t) / 1000;
  if (kind === 'verify' && !out.ok) throw new Error(`verify failed: ${JSON.stringify(out.problems)}`);
  await s.close();
  process.stdout.write(JSON.stringify({ seconds, peakRssMB: process.resourceUsage().maxRSS / 1024, baselineRssMB: baseline }) + '\n');
}

function child(...a: string[]): { seconds: number; peakRssMB: number; baselineRssMB: number } {
  const r = spawnSync(process.execPath, [bench, 'bundle', ...a], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${a[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() || '{}');
}

async function main(): Promise<void> {
  if (args[0] === '--setup') return setup(args[1], args[2].split(',').map(Number));
  if (args[0] === '--step') return step(args[1], args[2], args[3]);
  const sizes = [option('--mb', 50), option('--large', 200)];
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ciclo-bench-bundle-'));
  try {
    const a = path.join(root, 'a');
    const t = performance.now();
    child('--setup', a, sizes.join(','));
    const setupSeconds = (performance.now() - t) / 1000;
    const results = sizes.map((mb) => {
      const file = path.join(root, `big-${mb}mb.ciclo`);
      const b = path.join(root, `b-${mb}`);
      const exp = child('--step', 'export', a, `big-${mb}mb@1|${file}`);
      const ver = child('--step', 'verify', b, file);
      const imp = child('--step', 'import', b, file);
      const bytes = fs.statSync(file).size;
      const step = (x: typeof exp) => ({
        seconds: round(x.seconds),
        peakRssMB: round(x.peakRssMB),
        growthOverOpenWorkspaceMB: round(x.peakRssMB - x.baselineRssMB),
        mbPerSecond: round(bytes / 1048576 / x.seconds),
      });
      return { packageMB: mb, bundleMB: round(bytes / 1048576), export: step(exp), verify: step(ver), importAndVerify: step(imp) };
    });
    const [small, big] = results;
    // verify's extra memory for the larger bundle: streaming keeps it near zero whatever the size
    const verifyGrowth = round(big.verify.growthOverOpenWorkspaceMB - small.verify.growthOverOpenWorkspaceMB);
    const report = {
      bench: 'bundle',
      setupSeconds: round(setupSeconds),
      results,
      verifyMemoryGrowthMB: verifyGrowth,
      verifyStreams: verifyGrowth < (big.bundleMB - small.bundleMB) / 4,
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', loadAverage: os.loadavg().map(round), node: process.version },
    };
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

await main();
