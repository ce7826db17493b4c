/**
 * `npm run bench -- defaults [--quick] [--speed] [--out FILE.md]`: the experiment the training defaults were chosen
 * from (issue 12, item 3). Prints one JSON document; with --out also writes the Markdown table.
 * --speed (issue 18): the mlp template's defaults (lr 0.003, early stopping, at most 100 epochs) at batch sizes
 * 32, 64 and 128 on the same data sets and seeds: test scores, seconds per run, and the share of a run's time
 * outside the training steps (set-up, validation and checkpoint every epoch).
 *
 * Every public data set Ciclo ships or tests with (resources/datasets and test/fixtures/data-prep: iris,
 * wine, breast_cancer, diabetes, breast_cancer_recurrence, labor_negotiations, cars) is imported through
 * Ciclo's own importer and trained with Ciclo's own preprocessing and training loop (in-process, so no
 * worker start-up per run), for a small grid:
 *   - template mlp (hidden 64,32, dropout 0.1) and baseline (logistic / linear regression);
 *   - learning rate 0.001, 0.003, 0.01, 0.03 (mlp) and 0.01, 0.03, 0.1 (baseline), adam, batch 32;
 *   - early stopping on val_loss with restore-best, patience 10, at most 200 epochs;
 *   - the previous default as a reference: mlp, lr 0.01, 60 epochs, no early stopping, last weights;
 *   - seeds 1, 2, 3 (each seed is both the split seed and the initialisation seed).
 * Scored on each split's held-out TEST rows (never used for early stopping): log-loss and accuracy for
 * classification, RMSE / std(y) and R^2 for regression.
 *
 * The selection rule, fixed before the runs: per template, the learning rate with the lowest mean rank
 * (over data sets, of the test loss averaged over seeds) wins; no single data set decides. The epoch budget
 * is the smallest multiple of 50 that is at least the largest epoch at which early stopping ended a run at
 * that rate, so that early stopping, not the budget, ends the runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TF from '@tensorflow/tfjs';
import { confPreferences } from '../electron/core/preferences/store.js';
import { createServices } from '../electron/core/services.js';
import { loadBackend } from '../electron/core/training/backend.js';
import { templateDesign } from '../electron/core/training/design.js';
import { buildModel, setModelWeights } from '../electron/core/training/model.js';
import { prepareData } from '../electron/core/training/prepare.js';
import { encodeTable } from '../electron/core/training/preprocess.js';
import { train } from '../electron/core/training/trainer.js';
import { hyperparametersSchema, type TemplateId } from '../shared/schemas/training.js';
import type { TaskType } from '../shared/metrics.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outArg = args.indexOf('--out') >= 0 ? args[args.indexOf('--out') + 1] : null;
const log = (m: string) => process.stderr.write(`[bench defaults] ${m}\n`);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// the messy public sets ship with the tests (test/fixtures/data-prep, with their licences)
const shared = path.join(repo, 'test/fixtures/data-prep');

interface Source {
  name: string;
  file: string;
  target: string;
  task: TaskType;
}

const all: Source[] = [
  { name: 'iris', file: path.join(repo, 'resources/datasets/iris.csv'), target: 'species', task: 'multiclass' },
  { name: 'wine', file: path.join(repo, 'resources/datasets/wine.csv'), target: 'cultivar', task: 'multiclass' },
  { name: 'breast_cancer', file: path.join(repo, 'resources/datasets/breast_cancer.csv'), target: 'diagnosis', task: 'binary' },
  { name: 'diabetes', file: path.join(repo, 'resources/datasets/diabetes.csv'), target: 'disease_progression', task: 'regression' },
  { name: 'breast_cancer_recurrence', file: path.join(shared, 'breast_cancer_recurrence.csv'), target: 'Class', task: 'binary' },
  { name: 'labor_negotiations', file: path.join(shared, 'labor_negotiations.csv'), target: 'class', task: 'binary' },
  { name: 'cars', file: path.join(shared, 'cars.csv'), target: 'Miles_per_Gallon', task: 'regression' },
];
const sources = all.filter((s) => fs.existsSync(s.file));

interface Config {
  label: string;
  template: TemplateId;
  learningRate: number;
  earlyStopping: boolean;
  epochs: number;
  batchSize?: number;
}

// --speed: the mlp template's defaults at batch sizes 32, 64 and 128 (issue 18: defaults that cost speed)
const speedMode = args.includes('--speed');
const speedConfigs: Config[] = [32, 64, 128].map((b) => ({
  label: `mlp batch ${b}${b === 32 ? ' (default)' : ''}`,
  template: 'mlp',
  learningRate: 0.003,
  earlyStopping: true,
  epochs: 100,
  batchSize: b,
}));
const configs: Config[] = speedMode
  ? speedConfigs
  : [
      ...[0.001, 0.003, 0.01, 0.03].map((lr) => ({ label: `mlp lr ${lr} + ES`, template: 'mlp' as TemplateId, learningRate: lr, earlyStopping: true, epochs: 200 })),
      ...[0.01, 0.03, 0.1].map((lr) => ({ label: `baseline lr ${lr} + ES`, template: 'baseline' as TemplateId, learningRate: lr, earlyStopping: true, epochs: 200 })),
      { label: 'mlp lr 0.01, 60 epochs, no ES (old default)', template: 'mlp', learningRate: 0.01, earlyStopping: false, epochs: 60 },
    ];
const seeds = quick ? [1] : [1, 2, 3];

interface Result {
  dataset: string;
  config: string;
  seed: number;
  /** classification: test log-loss; regression: test RMSE / std(y). Lower is better. */
  loss: number;
  /** classification: test accuracy; regression: test R^2. Higher is better. */
  score: number;
  bestEpoch: number | null;
  epochsRun: number;
  seconds: number;
  /** Seconds inside the epochs' training steps (the rest: model set-up, validation and checkpoint every epoch). */
  trainSeconds: number;
}

function testScores(
  tf: typeof TF,
  model: TF.LayersModel,
  x: Float32Array,
  y: Float64Array,
  n: number,
  width: number,
  task: TaskType,
  mean: number,
  std: number,
): { loss: number; score: number } {
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (task === 'regression' ? Number.isFinite(y[i]) : y[i] >= 0) keep.push(i);
  const xs = new Float32Array(keep.length * width);
  keep.forEach((r, i) => xs.set(x.subarray(r * width, (r + 1) * width), i * width));
  const out = tf.tidy(() => (model.predict(tf.tensor2d(xs, [keep.length, width])) as TF.Tensor).dataSync() as Float32Array);
  if (task === 'regression') {
    const truth = keep.map((r) => y[r]);
    const pred = keep.map((_, i) => out[i] * std + mean);
    const m = truth.reduce((a, b) => a + b, 0) / truth.length;
    const sse = truth.reduce((a, t, i) => a + (t - pred[i]) ** 2, 0);
    const sst = truth.reduce((a, t) => a + (t - m) ** 2, 0);
    const sd = Math.sqrt(sst / truth.length) || 1;
    return { loss: Math.sqrt(sse / truth.length) / sd, score: 1 - sse / (sst || 1) };
  }
  const k = out.length / keep.length;
  let ll = 0;
  let correct = 0;
  keep.forEach((r, i) => {
    const label = y[r];
    ll -= Math.log(Math.max(out[i * k + label], 1e-7));
    let best = 0;
    for (let j = 1; j < k; j++) if (out[i * k + j] > out[i * k + best]) best = j;
    if (best === label) correct++;
  });
  return { loss: ll / keep.length, score: correct / keep.length };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ciclo-bench-defaults-'));
  const s = createServices({ dataDir: dir, preferences: confPreferences(path.join(dir, 'prefs')) });
  const { tf, backend } = await loadBackend('auto');
  log(`backend ${backend}; ${sources.length} data sets x ${configs.length} settings x ${seeds.length} seeds`);
  const results: Result[] = [];
  const started = Date.now();
  try {
    for (const src of sources) {
      await s.call('project.create', { name: src.name, taskType: src.task }, { door: 'test' });
      await s.datasets.importFile({ project: src.name, path: src.file, name: src.name, target: src.target } as never);
      const version = s.datasets.resolveVersion(src.name, s.projects.idOf(src.name));
      const table = await s.datasets.loadTable(version.id);
      for (const seed of seeds) {
        const split = s.datasets.ensureSplit(version.id, { seed, stratify: src.task !== 'regression' });
        const prepared = await prepareData(s.datasets, version, split, src.task, 'tabular');
        const pre = prepared.preprocessing;
        const test = encodeTable(pre, table, split.test);
        const width = pre.inputShape[0];
        for (const c of configs) {
          const params = hyperparametersSchema.parse({
            learningRate: c.learningRate,
            epochs: c.epochs,
            batchSize: c.batchSize ?? 32,
            seed,
            earlyStopping: { enabled: c.earlyStopping, monitor: 'val_loss', patience: 10, restoreBestWeights: true },
          });
          const design = templateDesign(c.template);
          const t0 = performance.now();
          let epochsRun = 0;
          let trainSeconds = 0;
          const r = await train(
            tf,
            { design, inputShape: pre.inputShape, outputUnits: prepared.outputUnits, regression: src.task === 'regression', targetStd: pre.target.std, params, classWeights: null },
            prepared.data,
            {
              onBatch: () => undefined,
              onEpoch: (e) => {
                epochsRun = e.epoch;
                trainSeconds += e.seconds;
              },
              shouldStop: () => false,
            },
          );
          const model = buildModel(tf, design, pre.inputShape, prepared.outputUnits, src.task === 'regression');
          setModelWeights(tf, model, r.weights);
          const scores = testScores(tf, model, test.x, test.y, test.rows, width, src.task, pre.target.mean, pre.target.std);
          model.dispose();
          const seconds = (performance.now() - t0) / 1000;
          results.push({ dataset: src.name, config: c.label, seed, ...scores, bestEpoch: c.earlyStopping ? r.bestEpoch : null, epochsRun, seconds, trainSeconds });
          log(`${src.name} seed ${seed} ${c.label}: loss ${scores.loss.toFixed(3)} score ${scores.score.toFixed(3)} best ${r.bestEpoch}/${epochsRun} (${seconds.toFixed(1)} s)`);
        }
      }
    }
  } finally {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const summary = summarise(results);
  const doc = { backend, seeds, datasets: sources.map((x) => x.name), minutes: (Date.now() - started) / 60000, summary, results };
  process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  if (outArg) fs.writeFileSync(outArg, markdown(doc));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);

function summarise(results: Result[]) {
  const datasets = [...new Set(results.map((r) => r.dataset))];
  const cell = (d: string, c: string) => results.filter((r) => r.dataset === d && r.config === c);
  const perConfig = configs.map((c) => {
    const group = configs.filter((o) => o.template === c.template);
    const ranks = datasets.map((d) => {
      const losses = group.map((o) => ({ label: o.label, loss: mean(cell(d, o.label).map((r) => r.loss)) })).sort((a, b) => a.loss - b.loss);
      return losses.findIndex((x) => x.label === c.label) + 1;
    });
    const mine = results.filter((r) => r.config === c.label);
    const stops = mine.map((r) => r.epochsRun);
    return {
      config: c.label,
      template: c.template,
      learningRate: c.learningRate,
      earlyStopping: c.earlyStopping,
      meanRank: mean(ranks),
      byDataset: Object.fromEntries(datasets.map((d) => [d, { loss: mean(cell(d, c.label).map((r) => r.loss)), score: mean(cell(d, c.label).map((r) => r.score)) }])),
      maxEpochsRun: Math.max(...stops),
      medianBestEpoch: c.earlyStopping ? [...mine.map((r) => r.bestEpoch ?? 0)].sort((a, b) => a - b)[Math.floor(mine.length / 2)] : null,
      meanSeconds: mean(mine.map((r) => r.seconds)),
      meanEpochsRun: mean(stops),
      /** Share of a run's time outside the training steps: set-up, and validation + checkpoint every epoch. */
      outsideStepsShare: 1 - mine.reduce((a, r) => a + r.trainSeconds, 0) / (mine.reduce((a, r) => a + r.seconds, 0) || 1),
    };
  });
  const choose = (template: TemplateId) => {
    const es = perConfig.filter((p) => p.template === template && p.earlyStopping).sort((a, b) => a.meanRank - b.meanRank)[0];
    return es ? { template, learningRate: es.learningRate, epochBudget: Math.max(50, Math.ceil(es.maxEpochsRun / 50) * 50), meanRank: es.meanRank } : null;
  };
  return { perConfig, chosen: { mlp: choose('mlp'), baseline: choose('baseline') } };
}

function markdown(doc: { backend: string; seeds: number[]; datasets: string[]; minutes: number; summary: ReturnType<typeof summarise> }): string {
  const { perConfig, chosen } = doc.summary;
  const f = (v: number) => v.toFixed(3);
  if (speedMode) return speedMarkdown(doc);
  const head = `| setting | mean rank | ${doc.datasets.join(' | ')} | epochs run (max) | median best epoch |`;
  const sep = `|---|---|${doc.datasets.map(() => '---').join('|')}|---|---|`;
  const rows = perConfig.map(
    (p) =>
      `| ${p.config} | ${p.earlyStopping ? p.meanRank.toFixed(2) : '—'} | ${doc.datasets.map((d) => `${f(p.byDataset[d].loss)} / ${f(p.byDataset[d].score)}`).join(' | ')} | ${p.maxEpochsRun} | ${p.medianBestEpoch ?? '—'} |`,
  );
  return [
    '# Training defaults: the experiment',
    '',
    'Produced by `npm run bench -- defaults --out docs/defaults-experiment.md` (bench/defaults.ts); see that file for the protocol.',
    `Backend ${doc.backend}, seeds ${doc.seeds.join(', ')}, ${doc.minutes.toFixed(1)} minutes.`,
    '',
    'Each cell: test loss / test score, averaged over seeds (classification: log-loss / accuracy; regression: RMSE ÷ std(y) / R²).',
    "Mean rank: the rank of the setting among its template's early-stopping settings by test loss, averaged over the data sets (1 is best).",
    '',
    head,
    sep,
    ...rows,
    '',
    '## Chosen',
    '',
    ...Object.values(chosen)
      .filter((c) => c !== null)
      .map(
        (c) =>
          `- **${c!.template}**: learning rate ${c!.learningRate}, at most ${c!.epochBudget} epochs, early stopping on val_loss (patience 10) with the best epoch's weights restored (mean rank ${c!.meanRank.toFixed(2)}).`,
      ),
    '',
  ].join('\n');
}

function speedMarkdown(doc: { backend: string; seeds: number[]; datasets: string[]; minutes: number; summary: ReturnType<typeof summarise> }): string {
  const f = (v: number) => v.toFixed(3);
  return [
    '| setting | mean rank | ' + doc.datasets.join(' | ') + ' | mean seconds per run | mean epochs run | time outside the training steps |',
    '|---|---|' + doc.datasets.map(() => '---').join('|') + '|---|---|---|',
    ...doc.summary.perConfig.map(
      (p) =>
        `| ${p.config} | ${p.meanRank.toFixed(2)} | ${doc.datasets.map((d) => `${f(p.byDataset[d].loss)} / ${f(p.byDataset[d].score)}`).join(' | ')} | ${p.meanSeconds.toFixed(2)} | ${p.meanEpochsRun.toFixed(1)} | ${(100 * p.outsideStepsShare).toFixed(0)} % |`,
    ),
    '',
    `Backend ${doc.backend}; seeds ${doc.seeds.join(', ')}; ${doc.minutes.toFixed(1)} minutes (\`npm run bench -- defaults --speed\`).`,
    '',
  ].join('\n');
}

await main();
