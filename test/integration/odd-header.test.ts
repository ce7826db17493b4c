/**
 * A header with a column without a name and repeated names (a spreadsheet export): the import names them
 * column_N and NAME_2 and says so, and `ciclo predict` (the Deploy phase's batch prediction) and serving's
 * text/csv read the same file under the same names, so they score every row as evaluation does. Before, the
 * import refused repeated names and predict could not find an unnamed column it had named.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell, predictCsv } from '../../electron/core/evaluation/predict-csv.js';
import { wrapPredictor } from '../../electron/core/evaluation/source.js';
import { csvRows } from '../../electron/core/serving/request-rows.js';
import type { Services } from '../../electron/core/services.js';
import { loadBackend } from '../../electron/core/training/backend.js';
import { templateDesign } from '../../electron/core/training/design.js';
import { buildModel, modelWeights } from '../../electron/core/training/model.js';
import { encodePackage } from '../../electron/core/training/package.js';
import { loadPredictor, type Prediction } from '../../electron/core/training/predictor.js';
import { fitTablePreprocessing } from '../../electron/core/training/preprocess.js';
import type { Run } from '../../shared/schemas/training.js';
import { tempDir, testServices } from '../helpers/workspace.js';

const probabilities = (p: Prediction) => (p.task === 'regression' ? [] : Array.from(p.probabilities));

let s: Services;
const dir = tempDir('ciclo-odd-header-');
const file = path.join(dir, 'export.csv');

beforeAll(() => {
  s = testServices();
  const lines = [' size ,,size,colour,Notes,Notes,label'];
  for (let i = 0; i < 60; i++) {
    const cells = [
      (i * 7) % 23,
      ((i * 13) % 17) / 4,
      i % 2 ? '' : (i * 3) % 11,
      ['red', 'green', 'blue'][i % 3],
      i % 4 ? 'call back' : 'vip',
      i % 5 ? 'x' : 'y',
      i % 3 ? 'keep' : 'leave',
    ];
    lines.push(cells.map((c) => csvCell(String(c), ',')).join(','));
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
});
afterAll(async () => {
  await s?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A model over a data set version as training leaves one (an MLP, weights as initialised: what matters is that
 * every door scores the same rows alike), loaded as the app loads a model and wrapped for `ciclo predict`.
 */
async function modelOver(versionId: string, runId: string, target: string, hidden: number[]) {
  const table = await s.datasets.loadTable(versionId);
  const pre = fitTablePreprocessing(table, s.datasets.ensureSplit(versionId).train, 'binary', 'tabular');
  const { tf } = await loadBackend('cpu');
  void tf.setBackend('cpu');
  const design = templateDesign('mlp', { hidden });
  const model = buildModel(tf, design, pre.inputShape, 2, false);
  const hash = s.blobs.put(encodePackage({ runId, design, preprocessing: pre, outputUnits: 2 }, modelWeights(model)));
  model.dispose();
  const trained = await loadPredictor(s, { packageHash: hash }, { backend: 'cpu' });
  const types = new Map(table.columns.map((col) => [col.name, col.type]));
  const run = { id: runId, paramCount: 0, design: { inputKind: 'tabular' } } as unknown as Run;
  const predictor = wrapPredictor(trained, run, { target, features: trained.features.map((f) => ({ name: f, type: types.get(f)! })), sizeBytes: 0 });
  return { table, pre, trained, predictor };
}

describe('a header with an unnamed column and repeated names', () => {
  it('is imported under made-up names with warnings, and predict and serving find every column', async () => {
    await s.call('project.create', { name: 'odd', taskType: 'binary' }, { door: 'test' });
    const imported = await s.datasets.importFile({ project: 'odd', path: file, target: 'label', types: {}, roles: {}, prep: {} } as never);
    const version = s.datasets.resolveVersion('export', s.projects.resolve('odd').id);
    expect(version.columns.map((c) => c.name)).toEqual(['size', 'column_2', 'size_2', 'colour', 'Notes', 'Notes_2', 'label']);
    const messages = imported.warnings.map((w) => w.message);
    expect(messages).toContain('export.csv: the header has no name for column 2; it was named column_2.');
    expect(messages).toContain('export.csv: the header repeats the column names "size", "Notes"; every column needs its own name, so the repeats were named "size_2", "Notes_2".');

    const { table, pre, trained, predictor } = await modelOver(version.id, 'run-odd', 'label', [8]);
    expect(pre.featureNames).toEqual(expect.arrayContaining(['column_2', 'size_2', 'Notes_2']));
    const all = Int32Array.from({ length: table.rowCount }, (_, i) => i);
    const fromTable = probabilities(await trained.predictTable(table, all));

    // ciclo predict on the very file that was imported
    const output = path.join(dir, 'scored.csv');
    const result = await predictCsv(predictor, file, output);
    expect(result.errors).toEqual([]);
    const scored = parse(fs.readFileSync(output), { bom: true }) as string[][];
    expect(scored[0].slice(0, 7)).toEqual(['size', 'column_2', 'size_2', 'colour', 'Notes', 'Notes_2', 'label']);
    const fromCsv = scored.slice(1).flatMap((r) => result.addedColumns.slice(1).map((a) => Number(r[scored[0].indexOf(a)])));

    // serving's MLflow text/csv body with the same header
    const fromServing = probabilities(await trained.predictRows(csvRows(fs.readFileSync(file, 'utf8'))));

    expect(fromCsv.length).toBe(fromTable.length);
    expect(fromServing.length).toBe(fromTable.length);
    fromTable.forEach((v, i) => {
      expect(fromCsv[i]).toBeCloseTo(v, 6);
      expect(fromServing[i]).toBeCloseTo(v, 6);
    });
    trained.dispose();
  }, 60_000);

  it('a file without a header: predict reads its first line as a row, as the import did', async () => {
    const bare = path.join(dir, 'bare.csv');
    fs.writeFileSync(bare, Array.from({ length: 40 }, (_, i) => `${i % 7},${(i * 3) % 5},${i % 2}`).join('\n') + '\n');
    await s.call('project.create', { name: 'bare', taskType: 'binary' }, { door: 'test' });
    await s.datasets.importFile({ project: 'bare', path: bare, target: 'column_3', types: {}, roles: {}, prep: {} } as never);
    const version = s.datasets.resolveVersion('bare', s.projects.resolve('bare').id);
    expect(version.columns.map((c) => c.name)).toEqual(['column_1', 'column_2', 'column_3']);
    const { trained, predictor } = await modelOver(version.id, 'run-bare', 'column_3', [4]);
    const result = await predictCsv(predictor, bare, path.join(dir, 'bare-scored.csv'));
    expect(result.errors).toEqual([]);
    expect(result.rows).toBe(40);
    const scored = parse(fs.readFileSync(path.join(dir, 'bare-scored.csv'))) as string[][];
    expect(scored[0].slice(0, 3)).toEqual(['column_1', 'column_2', 'column_3']);
    expect(scored[1].slice(0, 3)).toEqual(['0', '0', '0']);
    trained.dispose();
  }, 60_000);

  it('a file imported as having no header although its first line is text: predict reads that line as a row too', async () => {
    const plain = path.join(dir, 'plain.csv');
    fs.writeFileSync(plain, Array.from({ length: 40 }, (_, i) => `${['red', 'blue'][i % 2]},${(i * 3) % 5},${i % 3 ? 'yes' : 'no'}`).join('\n') + '\n');
    await s.call('project.create', { name: 'plain', taskType: 'binary' }, { door: 'test' });
    await s.datasets.importFile({ project: 'plain', path: plain, header: false, target: 'column_3', types: {}, roles: {}, prep: {} } as never);
    const version = s.datasets.resolveVersion('plain', s.projects.resolve('plain').id);
    expect(version.columns.map((c) => c.name)).toEqual(['column_1', 'column_2', 'column_3']);
    const { trained, predictor } = await modelOver(version.id, 'run-plain', 'column_3', [4]);
    const result = await predictCsv(predictor, plain, path.join(dir, 'plain-scored.csv'));
    expect(result.errors).toEqual([]);
    expect(result.rows).toBe(40);
    const scored = parse(fs.readFileSync(path.join(dir, 'plain-scored.csv'))) as string[][];
    expect(scored[1].slice(0, 3)).toEqual(['red', '0', 'no']);
    trained.dispose();
  }, 60_000);
});
