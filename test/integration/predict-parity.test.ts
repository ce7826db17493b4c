/**
 * One preprocessing path (issue 12): for random rows of every sample and fixture table, the model output
 * evaluation computes from the stored data set (predictTable), `ciclo predict` computes from the CSV file
 * (predictCsv) and loadPredictor().predictRows computes from the raw cells are the same numbers. The models
 * are untrained (random weights): any difference in how a cell becomes model input shows up in the output.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../electron/core/stats/random.js';
import { csvCell, dotDecimal, predictCsv } from '../../electron/core/evaluation/predict-csv.js';
import { wrapPredictor } from '../../electron/core/evaluation/source.js';
import type { Services } from '../../electron/core/services.js';
import { loadBackend } from '../../electron/core/training/backend.js';
import { templateDesign } from '../../electron/core/training/design.js';
import { buildModel, modelWeights } from '../../electron/core/training/model.js';
import { encodePackage } from '../../electron/core/training/package.js';
import { loadPredictor, type Prediction } from '../../electron/core/training/predictor.js';
import { fitTablePreprocessing } from '../../electron/core/training/preprocess.js';
import type { Run } from '../../shared/schemas/training.js';
import { repoRoot, tempDir, testServices } from '../helpers/workspace.js';
import { withInProcessTraining } from '../../electron/core/training/in-process.js';

type Task = 'binary' | 'multiclass' | 'regression';
const sample = (f: string) => path.join(repoRoot, 'resources/datasets', f);
const fixture = (f: string) => path.join(repoRoot, 'test/fixtures', f);

const cases: { file: string; target: string; task: Task; delimiter?: string; prep?: Record<string, unknown> }[] = [
  { file: sample('iris.csv'), target: 'species', task: 'multiclass' },
  { file: sample('wine.csv'), target: 'cultivar', task: 'multiclass' },
  { file: sample('breast_cancer.csv'), target: 'diagnosis', task: 'binary' },
  { file: sample('diabetes.csv'), target: 'disease_progression', task: 'regression' },
  { file: sample('digits_8x8.csv'), target: 'digit', task: 'multiclass' },
  { file: fixture('data-prep/messy.csv'), target: 'label', task: 'binary' },
  // the same file read another way: stray strings as missing, 0 as missing, 'none' as missing, dates as raw timestamps
  {
    file: fixture('data-prep/messy.csv'),
    target: 'label',
    task: 'binary',
    prep: {
      dose: { missingTokens: ['NA', 'abc', 'inf'], missingStrategy: 'mean' },
      pressure: { missingTokens: ['0'] },
      heating: { missingTokens: ['none'], missingStrategy: 'mode', missingIndicator: true },
      income: { missingStrategy: 'constant', missingConstant: '-1' },
      visited: { dateHandling: 'raw' },
    },
  },
  { file: fixture('data-prep/cars.csv'), target: 'Miles_per_Gallon', task: 'regression' },
  { file: fixture('data-prep/labor_negotiations.csv'), target: 'class', task: 'binary' },
  { file: fixture('data-prep/breast_cancer_recurrence.csv'), target: 'Class', task: 'binary' },
  { file: fixture('bad-inputs/decimal-comma.csv'), target: 'talla', task: 'multiclass', delimiter: ';' },
  { file: fixture('bad-inputs/non-ascii.csv'), target: 'ñandú', task: 'binary' },
];

let s: Services;
const dir = tempDir('ciclo-parity-');

beforeAll(() => {
  s = testServices();
});
afterAll(async () => {
  await s?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const outputOf = (p: Prediction) => (p.task === 'regression' ? Array.from(p.values) : Array.from(p.probabilities));

describe('evaluation, ciclo predict and predictRows score a row the same', () => {
  cases.forEach((c, n) => {
    it(`${path.basename(c.file)}${c.prep ? ' (own missing tokens, strategies and raw dates)' : ''}`, async () => {
      const project = `p${n}`;
      await s.call('project.create', { name: project, taskType: c.task }, { door: 'test' });
      await s.datasets.importFile({ project, path: c.file, target: c.target, types: {}, roles: {}, prep: c.prep ?? {} } as never);
      const version = s.datasets.resolveVersion(path.basename(c.file).replace(/\.csv$/, ''), s.projects.resolve(project).id);
      const table = await s.datasets.loadTable(version.id);
      const split = s.datasets.ensureSplit(version.id);
      const pre = fitTablePreprocessing(table, split.train, c.task, 'tabular');
      expect(pre.format).toBe('ciclo-preprocessing/2');
      const { tf } = await loadBackend('cpu');
      void tf.setBackend('cpu');
      const outputUnits = c.task === 'regression' ? 1 : pre.target.classes!.length;
      const design = templateDesign('mlp', { hidden: [8] });
      const model = buildModel(tf, design, pre.inputShape, outputUnits, c.task === 'regression');
      const hash = s.blobs.put(encodePackage({ runId: `run${n}`, design, preprocessing: pre, outputUnits }, modelWeights(model)));
      model.dispose();
      const trained = await loadPredictor(s, { packageHash: hash }, { backend: 'cpu' });

      // random rows, and every row with a missing cell in a feature
      const records = parse(fs.readFileSync(c.file), { columns: true, bom: true, delimiter: c.delimiter ?? ',', skip_empty_lines: true }) as Record<string, string>[];
      const random = mulberry32(1000 + n);
      const picked = new Set<number>();
      for (let i = 0; i < Math.min(30, records.length); i++) picked.add(Math.floor(random() * records.length));
      records.forEach((r, i) => pre.featureNames.some((f) => (r[f] ?? '').trim() === '') && picked.size < 60 && picked.add(i));
      const rows = Int32Array.from([...picked].sort((a, b) => a - b));

      const fromTable = outputOf(await trained.predictTable(table, rows));
      // a file whose delimiter is not a comma may write numbers with a decimal comma: a file-level choice,
      // made by the import and by `ciclo predict` for numeric columns, and so here for raw rows too
      const types = new Map(table.columns.map((col) => [col.name, col.type]));
      const rawRow = (r: Record<string, string>) => (c.delimiter ? Object.fromEntries(Object.entries(r).map(([k, v]) => [k, types.get(k) === 'numeric' ? dotDecimal(v) : v])) : r);
      const raw = await trained.predictRows([...rows].map((i) => rawRow(records[i])));
      expect(raw.rejected).toEqual([]);
      const fromRaw = outputOf(raw);

      const d = c.delimiter ?? ',';
      const header = Object.keys(records[0]);
      const input = path.join(dir, `in${n}.csv`);
      fs.writeFileSync(input, [header, ...[...rows].map((i) => header.map((h) => records[i][h]))].map((cells) => cells.map((x) => csvCell(x, d)).join(d)).join('\n') + '\n');
      const run = { id: `run${n}`, paramCount: 0, design: { inputKind: 'tabular' } } as unknown as Run;
      const predictor = wrapPredictor(trained, run, { target: c.target, features: trained.features.map((f) => ({ name: f, type: types.get(f)! })), sizeBytes: 0 });
      const output = path.join(dir, `out${n}.csv`);
      const result = await predictCsv(predictor, input, output);
      expect(result.errors).toEqual([]);
      const scored = parse(fs.readFileSync(output), { columns: true, bom: true, delimiter: d }) as Record<string, string>[];
      const added = result.addedColumns.slice(c.task === 'regression' ? 0 : 1);
      // a file with decimal commas gets its added numbers written with decimal commas too
      const fromCsv = scored.flatMap((r) => added.map((a) => Number(c.delimiter ? dotDecimal(r[a]) : r[a])));

      expect(fromRaw.length).toBe(fromTable.length);
      expect(fromCsv.length).toBe(fromTable.length);
      fromTable.forEach((v, i) => {
        expect(fromRaw[i]).toBeCloseTo(v, 6);
        expect(fromCsv[i]).toBeCloseTo(v, 6);
      });
      trained.dispose();
    }, 60_000);
  });
});

// Runs trained here are fixtures, not the subject: they train in this process (the same trainer, messages, store
// writes and events as a forked worker; training.test.ts and training-cli.test.ts test the worker process).
it("a trained run: the evaluation's stored predictions equal what the predict job (ciclo predict) writes for the same rows", async () => {
  const file = fixture('data-prep/messy.csv');
  await s.call('project.create', { name: 'trained', taskType: 'binary' }, { door: 'test' });
  await s.datasets.importFile({ project: 'trained', path: file, target: 'label', types: {}, roles: {}, prep: {} } as never);
  const run = (await withInProcessTraining(() => s.call('train.start', { project: 'trained', dataset: 'messy', params: { epochs: 2, seed: 3 } }, { door: 'test' }))) as Run;
  const trained = await s.training.wait(run.id);
  expect(trained.status, JSON.stringify(trained.error)).toBe('succeeded');
  const job = (await s.call('eval.start', { run: run.id }, { door: 'test' })) as { id: string };
  const evaluated = await s.jobs.wait(job.id);
  expect(evaluated.status, JSON.stringify(evaluated.error)).toBe('succeeded');
  const stored = s.evaluation.store.predictions((evaluated.result as { evaluationId: string }).evaluationId);
  // the evaluated rows, as the lines of the original file
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  const input = path.join(dir, 'trained-in.csv');
  fs.writeFileSync(input, [lines[0], ...stored.rows.map((r) => lines[r + 1])].join('\n') + '\n');
  const output = path.join(dir, 'trained-out.csv');
  const predictJob = (await s.call('eval.predict', { run: run.id, input, output }, { door: 'test' })) as { id: string };
  const predicted = await s.jobs.wait(predictJob.id);
  expect(predicted.status, JSON.stringify(predicted.error)).toBe('succeeded');
  const scored = parse(fs.readFileSync(output), { columns: true }) as Record<string, string>[];
  const k = stored.classes!.length;
  expect(scored).toHaveLength(stored.rows.length);
  scored.forEach((r, i) => stored.classes!.forEach((c, j) => expect(Number(r[`proba_${c}`])).toBeCloseTo(stored.output[i * k + j], 6)));
}, 120_000);

it("a model evaluated on another version imported with other missing-value tokens reads each cell with the model's tokens, as ciclo predict does", async () => {
  // 'NA' is missing for the model (the default tokens at training); version 2 reads 'none' (a heating value the
  // model knows) and a size of -1 as missing and 'NA' as a value: evaluation must not score with version 2's reading
  const random = mulberry32(77);
  const heat = ['gas', 'electric', 'none', 'NA', 'wood', ''];
  const lines = ['heating,size,rooms,label'];
  for (let i = 0; i < 80; i++) {
    const h = heat[Math.floor(random() * heat.length)];
    const size = random() < 0.15 ? 'NA' : random() < 0.15 ? '-1' : (40 + Math.floor(random() * 120)).toString();
    const rooms = 1 + Math.floor(random() * 5);
    lines.push(`${h},${size},${rooms},${(h === 'none' || h === 'NA') !== random() < 0.2 ? 'cold' : 'warm'}`);
  }
  const file = path.join(dir, 'homes.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  await s.call('project.create', { name: 'tokens', taskType: 'binary' }, { door: 'test' });
  await s.datasets.importFile({ project: 'tokens', path: file, target: 'label', types: {}, roles: {}, prep: {} } as never);
  await s.datasets.importFile({
    project: 'tokens',
    path: file,
    target: 'label',
    types: {},
    roles: {},
    prep: { heating: { missingTokens: ['none'] }, size: { missingTokens: ['-1'] } },
  } as never);
  const projectId = s.projects.resolve('tokens').id;
  const v2 = s.datasets.resolveVersion('homes@2', projectId);
  expect(v2.columns.find((c) => c.name === 'heating')?.missingTokens).toEqual(['none']);
  // version 2 keeps 'NA' as a size value, so it types size as text; the model reads its cells as numbers
  expect(v2.columns.find((c) => c.name === 'size')?.type).toBe('text');
  const run = (await withInProcessTraining(() => s.call('train.start', { project: 'tokens', dataset: 'homes@1', params: { epochs: 3, seed: 5 } }, { door: 'test' }))) as Run;
  expect((await s.training.wait(run.id)).status).toBe('succeeded');
  const job = (await s.call('eval.start', { run: run.id, dataset: 'homes@2' }, { door: 'test' })) as { id: string };
  const evaluated = await s.jobs.wait(job.id);
  expect(evaluated.status, JSON.stringify(evaluated.error)).toBe('succeeded');
  const stored = s.evaluation.store.predictions((evaluated.result as { evaluationId: string }).evaluationId);
  expect(stored.rows).toHaveLength(80);

  const output = path.join(dir, 'homes-out.csv');
  const predictJob = (await s.call('eval.predict', { run: run.id, input: file, output }, { door: 'test' })) as { id: string };
  expect((await s.jobs.wait(predictJob.id)).status).toBe('succeeded');
  const scored = parse(fs.readFileSync(output), { columns: true }) as Record<string, string>[];
  const k = stored.classes!.length;
  stored.rows.forEach((r, i) => stored.classes!.forEach((c, j) => expect(stored.output[i * k + j]).toBeCloseTo(Number(scored[r][`proba_${c}`]), 6)));

  // the same rows scored through version 2's own reading differ: the check above is not vacuous
  const trained = await loadPredictor(s, { runId: run.id }, { backend: 'cpu' });
  const table = await s.datasets.loadTable(v2.id);
  const own = outputOf(await trained.predictTable({ ...table, stored: undefined }));
  expect(own.some((v, i) => Math.abs(v - stored.output[i]) > 1e-6)).toBe(true);
  trained.dispose();
}, 120_000);
