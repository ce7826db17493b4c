/**
 * The Evaluate phase through the CLI, as a CI pipeline would use it: import a sample data set, train
 * briefly, evaluate (exit 0 when every gate passes, 3 when one fails), write the report, and check that
 * `ciclo predict` on a file gives exactly the metrics `ciclo evaluate` reports for the same file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classificationMetrics } from '../../electron/core/evaluation/metrics.js';
import { withInProcessTraining } from '../../electron/core/training/in-process.js';
import { repoRoot, runCli, tempDir, runCliInProcess } from '../helpers/workspace.js';

const dir = tempDir('ciclo-eval-cli-');
const irisCsv = path.join(repoRoot, 'resources/datasets/iris.csv');
let runId = '';

beforeAll(async () => {
  const sample = await runCliInProcess(dir, ['dataset', 'sample', 'iris', '--json']);
  expect(sample.code, sample.stderr).toBe(0);
  const project = sample.json.project.name as string;
  const easy = await runCliInProcess(dir, ['project', 'update', project, '--criterion', 'accuracy>=0.5', '--criterion', 'f1_macro>=0.5']);
  expect(easy.code, easy.stderr).toBe(0);
  // a fixture: trained in this process (training-cli.test.ts tests \`ciclo train\` with its worker)
  const train = await withInProcessTraining(() => runCliInProcess(dir, ['train', '--project', project, '--dataset', 'iris', '--epochs', '15', '--seed', '7', '--quiet', '--json']));
  expect(train.code, train.stderr).toBe(0);
  runId = train.json.id;
  const other = await runCliInProcess(dir, ['dataset', 'import', irisCsv, '--project', project, '--name', 'iris_check', '--target', 'species', '--json']);
  expect(other.code, other.stderr).toBe(0);
}, 480_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Each CLI call starts a fresh process (several seconds on a busy 2-core machine), hence the timeouts.
describe('ciclo evaluate', { timeout: 240_000 }, () => {
  it('exits 0 when every criterion passes and prints metrics, confusion matrix and gates as JSON', async () => {
    const report = path.join(dir, 'report.html');
    const r = await runCliInProcess(dir, ['evaluate', runId, '--json', '--quiet', '--report', report]);
    expect(r.code, r.stderr).toBe(0);
    const e = r.json;
    expect(e.gatePassed).toBe(true);
    expect(e.subset).toBe('test');
    expect(e.metrics.accuracy).toBeGreaterThan(0.5);
    expect(e.details.kind).toBe('classification');
    expect(e.details.confusion.counts).toHaveLength(3);
    expect(e.details.confusion.counts.flat().reduce((a: number, b: number) => a + b, 0)).toBe(e.rows);
    expect(e.gate.checks.map((c: { metric: string; passed: boolean }) => [c.metric, c.passed])).toEqual([
      ['accuracy', true],
      ['f1_macro', true],
    ]);
    expect(e.operational.latency.samples).toBeGreaterThanOrEqual(20);
    expect(e.operational.latency.p95Ms).toBeGreaterThanOrEqual(e.operational.latency.p50Ms);
    expect(e.operational.throughputRowsPerS).toBeGreaterThan(0);
    expect(e.operational.paramCount).toBeGreaterThan(0);
    expect(e.operational.modelSizeKb).toBeGreaterThan(0);
    const html = fs.readFileSync(report, 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|src=|href="http/i);
  });

  it('exits 3 when a criterion fails, and says which', async () => {
    const up = await runCliInProcess(dir, ['project', 'update', 'Iris', '--criterion', 'accuracy>=0.5', '--criterion', 'latency_p95_ms<=0']);
    expect(up.code, up.stderr).toBe(0);
    const r = await runCliInProcess(dir, ['evaluate', runId, '--quiet']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/Gates: FAIL \(1 of 2 criteria not met\)/);
    expect(r.stdout).toMatch(/latency_p95_ms <= 0 .* FAIL/);
    const shown = await runCliInProcess(dir, ['evaluations', 'list', '--project', 'Iris', '--json']);
    expect(shown.json.map((x: { gatePassed: boolean }) => x.gatePassed)).toEqual([false, true]);
  });

  it('refuses an unknown run and a data set without the model columns with exit code 1', async () => {
    expect((await runCliInProcess(dir, ['evaluate', 'run_nope', '--quiet'])).code).toBe(1);
    const r = await runCliInProcess(dir, ['evaluate', runId, '--dataset', 'nope@3', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nope/);
  });
});

describe('ciclo predict', { timeout: 240_000 }, () => {
  it('gives the same metrics on a file as ciclo evaluate on that data set', async () => {
    const ev = await runCliInProcess(dir, ['evaluate', runId, '--dataset', 'iris_check', '--json', '--quiet']);
    expect([0, 3]).toContain(ev.code);
    expect(ev.json.subset).toBe('all');
    expect(ev.json.rows).toBe(150);
    const out = path.join(dir, 'scored.csv');
    const p = await runCliInProcess(dir, ['predict', runId, '--input', irisCsv, '--output', out, '--json', '--quiet']);
    expect(p.code, p.stderr).toBe(0);
    expect(p.json).toMatchObject({ rows: 150, scored: 150, failed: 0 });
    const rows: Record<string, string>[] = parse(fs.readFileSync(out, 'utf8'), { columns: true });
    expect(rows).toHaveLength(150);
    const classes: string[] = ev.json.details.classes;
    expect(p.json.addedColumns).toEqual(['predicted_species', ...classes.map((c) => `proba_${c}`)]);
    const yTrue = Int32Array.from(rows.map((r) => classes.indexOf(r.species)));
    const proba = Float64Array.from(rows.flatMap((r) => classes.map((c) => Number(r[`proba_${c}`]))));
    const fromFile = classificationMetrics({ classes, yTrue, proba });
    for (const [name, value] of Object.entries(fromFile)) {
      expect(ev.json.metrics[name], name).not.toBeUndefined();
      if (value === null) expect(ev.json.metrics[name]).toBeNull();
      else expect(Math.abs(ev.json.metrics[name] - value), name).toBeLessThan(1e-12);
    }
    // the predicted label is the most probable class
    for (const r of rows.slice(0, 10)) {
      const best = classes.reduce((a, c) => (Number(r[`proba_${c}`]) > Number(r[`proba_${a}`]) ? c : a));
      expect(r.predicted_species).toBe(best);
    }
  });

  it('keeps unscorable rows with empty predictions and reports their line numbers', async () => {
    const input = path.join(dir, 'bad.csv');
    const lines = fs.readFileSync(irisCsv, 'utf8').trim().split(/\r?\n/).slice(0, 4);
    lines.push('abc,3.0,1.4,0.2,setosa', '5.0,3.1');
    fs.writeFileSync(input, lines.join('\n') + '\n');
    const out = path.join(dir, 'bad-out.csv');
    const r = await runCliInProcess(dir, ['predict', runId, '--input', input, '--output', out, '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ rows: 5, scored: 3, failed: 2 });
    expect(r.json.errors.map((e: { line: number }) => e.line)).toEqual([5, 6]);
    expect(r.json.errors[0].message).toMatch(/line 5: column "sepal_length_cm": "abc" is not a number/);
    expect(r.json.errors[1].message).toMatch(/line 6: no value for column "petal_length_cm", "petal_width_cm"/);
    const written = parse(fs.readFileSync(out, 'utf8'), { columns: true, relax_column_count: true }) as Record<string, string>[];
    expect(written).toHaveLength(5);
    expect(written[3].predicted_species).toBe('');
    expect(written[0].predicted_species).not.toBe('');
  });

  it('refuses a file that lacks a column the model reads, and writes nothing', async () => {
    const input = path.join(dir, 'nocol.csv');
    fs.writeFileSync(input, 'sepal_length_cm,sepal_width_cm\n5.1,3.5\n');
    const out = path.join(dir, 'nocol-out.csv');
    const r = await runCliInProcess(dir, ['predict', runId, '--input', input, '--output', out, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 1: the header has no column "petal_length_cm", "petal_width_cm"/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
