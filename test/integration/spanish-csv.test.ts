/**
 * A CSV as a Spanish spreadsheet exports it (";" separator, decimal commas, dates as 31/12/1970, sí/no) from
 * import to serving: the date column is datetime read day first, the sí/no column boolean; a trained model
 * scores the same date texts the same way in `ciclo predict`, in serving (validateRows, the request path) and
 * monitoring reads a logged 31/12/1970 as the model did.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dotDecimal } from '../../electron/core/evaluation/predict-csv.js';
import { columnsOf } from '../../electron/core/monitoring/context.js';
import { validateRows } from '../../electron/core/serving/validate.js';
import type { Services } from '../../electron/core/services.js';
import { withInProcessTraining } from '../../electron/core/training/in-process.js';
import { loadPredictor } from '../../electron/core/training/predictor.js';
import { mulberry32 } from '../../electron/core/stats/random.js';
import type { Run } from '../../shared/schemas/training.js';
import { tempDir, testServices } from '../helpers/workspace.js';

let s: Services;
const dir = tempDir('ciclo-spanish-');
const file = path.join(dir, 'ventas.csv');

beforeAll(() => {
  const random = mulberry32(11);
  const lines = ['fecha;importe;cliente_vip;pais;compra'];
  for (let i = 0; i < 160; i++) {
    const d = 1 + Math.floor(random() * 28);
    const m = 1 + Math.floor(random() * 12);
    const y = 1990 + Math.floor(random() * 34);
    const importe = (1 + random() * 500).toFixed(2).replace('.', ',');
    const vip = random() < 0.5 ? 'sí' : 'no';
    const compra = parseFloat(importe.replace(',', '.')) > 200 !== (vip === 'no') ? 'sí' : 'no';
    lines.push(`${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y};${importe};${vip};${['España', 'México', 'Chile'][i % 3]};${compra}`);
  }
  lines.push('31/12/1970;12,5;no;España;no');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  s = testServices();
});
afterAll(async () => {
  await s?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('a Spanish CSV: dates day first and sí/no booleans from import to predict, serving and monitoring', async () => {
  await s.call('project.create', { name: 'ventas', taskType: 'binary' }, { door: 'test' });
  const imported = await s.datasets.importFile({ project: 'ventas', path: file, target: 'compra', types: {}, roles: {}, prep: {} } as never);
  const byName = new Map(imported.version.columns.map((c) => [c.name, c]));
  expect(byName.get('fecha')).toMatchObject({ type: 'datetime', dateOrder: 'dmy', role: 'feature' });
  expect(byName.get('cliente_vip')?.type).toBe('boolean');
  expect(byName.get('importe')?.type).toBe('numeric');
  const note = imported.warnings.find((w) => w.key === 'import.date_order_dmy');
  expect(note?.params).toMatchObject({ column: 'fecha', order: 'dmy' });

  // the stored dates are read day first: 31/12/1970 is the last day of 1970, not a missing value
  const table = await s.datasets.loadTable(imported.version.id);
  const fechas = table.values.fecha as Float64Array;
  expect(fechas[table.rowCount - 1]).toBe(Date.UTC(1970, 11, 31));
  expect(Array.from(fechas).every(Number.isFinite)).toBe(true);

  const run = (await withInProcessTraining(() => s.call('train.start', { project: 'ventas', dataset: 'ventas', params: { epochs: 3, seed: 4 } }, { door: 'test' }))) as Run;
  const trained = await s.training.wait(run.id);
  expect(trained.status, JSON.stringify(trained.error)).toBe('succeeded');

  // ciclo predict on a CSV with the same date texts
  const input = path.join(dir, 'nuevas.csv');
  fs.writeFileSync(input, 'fecha;importe;cliente_vip;pais\n31/12/1970;12,5;no;España\n01/02/2020;300,25;sí;Chile\n15/06/2001;99,9;Sí;México\n');
  const output = path.join(dir, 'nuevas-out.csv');
  const job = (await s.call('eval.predict', { run: run.id, input, output }, { door: 'test' })) as { id: string };
  const predicted = await s.jobs.wait(job.id);
  expect(predicted.status, JSON.stringify(predicted.error)).toBe('succeeded');
  const scored = parse(fs.readFileSync(output), { columns: true, delimiter: ';' }) as Record<string, string>[];
  expect(scored).toHaveLength(3);
  const classes = trained.classes!;
  const fromCsv = scored.flatMap((r) => classes.map((c) => Number(dotDecimal(r[`proba_${c}`]))));
  expect(fromCsv.every(Number.isFinite)).toBe(true);

  // serving: the request path validates and encodes the rows (numbers as JSON numbers, dates as the file writes them)
  const predictor = await loadPredictor(s, { runId: run.id }, { backend: 'cpu' });
  try {
    const rows = (parse(fs.readFileSync(input), { columns: true, delimiter: ';' }) as Record<string, string>[]).map((r) => ({ ...r, importe: Number(dotDecimal(r.importe)) }));
    const { x, warnings } = validateRows(predictor.preprocessing, rows);
    expect(warnings).toEqual([]);
    const served = await predictor.predictEncoded(x, rows.length, []);
    const fromServing = Array.from(served.task === 'regression' ? served.values : served.probabilities);
    expect(fromServing).toHaveLength(fromCsv.length);
    fromServing.forEach((v, i) => expect(v).toBeCloseTo(fromCsv[i], 6));
    // a program calling the server may send the same date in ISO: the same row, the same answer
    const fecha = (r: Record<string, unknown>) => String(r.fecha);
    const dayFirst = rows.findIndex((r) => /^\d{2}\/\d{2}\/\d{4}$/.test(fecha(r)));
    const [d, m, y] = fecha(rows[dayFirst]).split('/');
    const iso = validateRows(predictor.preprocessing, [{ ...rows[dayFirst], fecha: `${y}-${m}-${d}` }]);
    expect(Array.from(iso.x)).toEqual(Array.from(validateRows(predictor.preprocessing, [rows[dayFirst]]).x));
    // a date in no form the column reads: serving says so, naming the format it expects
    expect(() => validateRows(predictor.preprocessing, [{ ...rows[0], fecha: '31-12-70' }])).toThrow(/not a day-first date \(such as 31\/12\/2024/);
  } finally {
    predictor.dispose();
  }

  // monitoring reads a logged row's date (and sí) as the model did; an unreadable cell counts as missing
  const model = s.monitoring.model(run.id);
  const logged = columnsOf(
    [
      { fecha: '31/12/1970', importe: 12.5, cliente_vip: 'Sí', pais: 'España' },
      { fecha: '2024-13-45', importe: 'abc', cliente_vip: 'quizá', pais: 'Chile' },
    ],
    model.features,
  );
  expect(Array.from(logged.fecha as Float64Array)).toEqual([Date.UTC(1970, 11, 31), NaN]);
  expect(Array.from(logged.cliente_vip as Float64Array)).toEqual([1, NaN]);
  expect(Array.from(logged.importe as Float64Array)).toEqual([12.5, NaN]);
}, 120_000);
