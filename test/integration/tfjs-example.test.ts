/**
 * The TF.js export's plain Node example (resources/examples/tfjs-predict.mjs, no Ciclo code) scores raw rows
 * exactly as Ciclo's loadPredictor().predictRows does, for models trained on messy tables (preprocessing format
 * /2: own missing-value tokens, fill strategies, missing indicators, an own-category missing slot, dates as
 * calendar parts), on rows with missing cells, unseen categories, dates with times and zones, and unreadable cells.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../electron/core/services.js';
import { loadPredictor } from '../../electron/core/training/predictor.js';
import type { Run } from '../../shared/schemas/training.js';
import { repoRoot, tempDir, testServices } from '../helpers/workspace.js';
import { withInProcessTraining } from '../../electron/core/training/in-process.js';

let s: Services;
const out = tempDir('ciclo-tfjs-example-');
const call = <T = any>(method: string, input: unknown) => s.call(method, input, { door: 'test' }) as Promise<T>;
const fixture = (f: string) => path.join(repoRoot, 'test/fixtures/data-prep', f);

beforeAll(() => {
  s = testServices();
});
afterAll(async () => {
  await s?.close();
  fs.rmSync(out, { recursive: true, force: true });
});

// Runs trained here are fixtures, not the subject: they train in this process (the same trainer, messages, store
// writes and events as a forked worker; training.test.ts and training-cli.test.ts test the worker process).
/** Trains a small model, exports the TF.js folder, and returns the largest difference between the example and Ciclo. */
async function compare(c: { name: string; file: string; target: string; task: 'binary' | 'regression'; prep: Record<string, unknown>; extra: Record<string, unknown>[] }) {
  await call('project.create', { name: c.name, taskType: c.task });
  await s.datasets.importFile({ project: c.name, path: c.file, target: c.target, types: {}, roles: {}, prep: c.prep } as never);
  const run = await withInProcessTraining(() => call<Run>('train.start', { project: c.name, dataset: path.basename(c.file, '.csv'), params: { epochs: 3 } }));
  expect((await s.training.wait(run.id)).status).toBe('succeeded');
  await call('model.register', { run: run.id, name: c.name });
  const dir = path.join(out, c.name);
  await call('model.export', { model: `${c.name}@1`, format: 'tfjs', output: dir });
  const pre = JSON.parse(fs.readFileSync(path.join(dir, 'preprocessing.json'), 'utf8'));
  expect(pre.format).toBe('ciclo-preprocessing/2');

  const rows = [...(parse(fs.readFileSync(c.file, 'utf8'), { columns: true }) as Record<string, unknown>[]), ...c.extra];
  const example = await import(path.join(repoRoot, 'resources/examples/tfjs-predict.mjs'));
  const theirs = (await example.predictRows(dir, rows)) as { error?: string; value?: number; label?: string; probabilities?: Record<string, number> }[];
  const predictor = await loadPredictor(s, { runId: run.id });
  const ours = await predictor.predictRows(rows);
  predictor.dispose();
  const rejected = new Map(ours.rejected.map((r) => [r.index, r.reason]));
  let maxDiff = 0;
  theirs.forEach((p, i) => {
    expect(p.error, `row ${i}`).toBe(rejected.get(i));
    if (rejected.has(i)) return;
    if (ours.task === 'regression') maxDiff = Math.max(maxDiff, Math.abs(p.value! - ours.values[i]));
    else {
      expect(p.label, `row ${i}`).toBe(ours.labels[i]);
      ours.classes.forEach((k, j) => (maxDiff = Math.max(maxDiff, Math.abs(p.probabilities![k] - ours.probabilities[i * ours.classes.length + j]))));
    }
  });
  return { maxDiff, pre, rejected: rejected.size };
}

describe('the plain Node TF.js example scores like Ciclo', () => {
  it('messy table: own tokens (0 by value), indicators, a missing-category slot, dates with times', async () => {
    const r = await compare({
      name: 'messy',
      file: fixture('messy.csv'),
      target: 'label',
      task: 'binary',
      prep: {
        dose: { missingTokens: ['NA', 'abc', 'inf'], missingStrategy: 'mean', missingIndicator: true },
        pressure: { missingTokens: ['0'], missingIndicator: true },
        heating: { missingTokens: ['none'], missingStrategy: 'category', missingIndicator: true },
        income: { missingStrategy: 'constant', missingConstant: '-1', missingIndicator: true },
      },
      extra: [
        { pressure: ' 0.0 ', dose: 'inf', heating: 'solar', income: '', visited: '2024-02-29T23:59:30+05:30' },
        { pressure: 95, dose: 1.2, heating: 'none', income: 'NA', visited: '2023/07/04 12:00' },
        { heating: 'gas' },
        { pressure: 'high', dose: '1', heating: 'gas', income: '1', visited: '2023-01-01' },
        { pressure: '90', dose: '1', heating: 'gas', income: '1', visited: '2023-02-30' },
        { pressure: ' 88 ', dose: ' 2.5 ', heating: ' electric ', income: '1e3', visited: ' 2023-12-31 ' },
      ],
    });
    expect(r.pre.features.find((f: any) => f.name === 'heating')).toMatchObject({ missingSlot: true, indicator: true });
    expect(r.pre.features.find((f: any) => f.name === 'visited')).toMatchObject({ kind: 'date' });
    expect(r.rejected).toBe(2);
    expect(r.maxDiff).toBeLessThanOrEqual(1e-5);
  }, 60_000);

  it('cars: regression with a date column, a categorical column and missing horsepower', async () => {
    const r = await compare({
      name: 'cars',
      file: fixture('cars.csv'),
      target: 'Miles_per_Gallon',
      task: 'regression',
      prep: {},
      extra: [
        { Cylinders: '4', Displacement: '', Horsepower: 'NA', Weight_in_lbs: '2000', Acceleration: '15', Year: '1985-06-15', Origin: 'Mars' },
        { Cylinders: 6, Displacement: 200, Horsepower: null, Weight_in_lbs: 3000, Acceleration: 12.5, Year: '1972-01-01', Origin: '' },
      ],
    });
    expect(r.pre.features.map((f: any) => f.kind)).toContain('categorical');
    expect(r.pre.features.map((f: any) => f.kind)).toContain('date');
    expect(r.maxDiff).toBeLessThanOrEqual(1e-5);
  }, 60_000);

  it('dates written day first and sí/no booleans, as a Spanish spreadsheet writes them', async () => {
    const lines = ['fecha,vip,importe,compra'];
    for (let i = 0; i < 60; i++) {
      const [d, m, y] = [1 + ((i * 7) % 28), 1 + ((i * 5) % 12), 1990 + i];
      lines.push(`${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y},${i % 3 ? 'sí' : 'no'},${(i * 37) % 500},${(i * 37) % 500 > 250 ? 'sí' : 'no'}`);
    }
    const file = path.join(out, 'ventas.csv');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const r = await compare({
      name: 'ventas',
      file,
      target: 'compra',
      task: 'binary',
      prep: {},
      extra: [
        { fecha: '31/12/1970 14:05', vip: 'Sí', importe: 12 },
        { fecha: '1/2/2020', vip: 'verdadero', importe: 300 },
        { fecha: '2020-02-01', vip: 'no', importe: 3 },
        { fecha: '31/02/2020', vip: 'no', importe: 3 },
        { fecha: '2020-31-01', vip: 'no', importe: 3 },
      ],
    });
    expect(r.pre.features.find((f: any) => f.name === 'fecha')).toMatchObject({ kind: 'date', dateOrder: 'dmy' });
    expect(r.rejected).toBe(2);
    expect(r.maxDiff).toBeLessThanOrEqual(1e-5);
  }, 60_000);

  it('dates written with month names, in English and Spanish', async () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const lines = ['signed,amount,renewed'];
    for (let i = 0; i < 60; i++) {
      const [d, m, y] = [1 + ((i * 7) % 28), (i * 5) % 12, 2000 + (i % 20)];
      // three ways in one column: "07-Mar-2004", "Mar 7, 2004", "7 Mar 2004"
      const date = i % 3 === 0 ? `${String(d).padStart(2, '0')}-${months[m]}-${y}` : i % 3 === 1 ? `"${months[m]} ${d}, ${y}"` : `${d} ${months[m]} ${y}`;
      lines.push(`${date},${(i * 37) % 500},${(i * 37) % 500 > 250 ? 'yes' : 'no'}`);
    }
    const file = path.join(out, 'renewals.csv');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const r = await compare({
      name: 'renewals',
      file,
      target: 'renewed',
      task: 'binary',
      prep: {},
      extra: [
        { signed: '1 de mayo de 2024', amount: 12 },
        { signed: 'September 4th, 2024 13:45', amount: 300 },
        { signed: '12 dic. 2023', amount: 3 },
        { signed: '2020-02-01', amount: 3 },
        { signed: '31-Feb-2024', amount: 3 },
        { signed: '1 Foo 2024', amount: 3 },
      ],
    });
    expect(r.pre.features.find((f: any) => f.name === 'signed')).toMatchObject({ kind: 'date' });
    expect(r.rejected).toBe(2);
    expect(r.maxDiff).toBeLessThanOrEqual(1e-5);
  }, 60_000);
});
