/**
 * Missing values, dates and silent type changes in the Data phase (issue 12): what the import decides per
 * column, what validation says (with the offending cells), the one-step fixes, chronological splits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../electron/core/services.js';
import type { DataIssue, ImportResult, SplitInfo } from '../../shared/schemas/dataset.js';
import { splitName } from '../../shared/schemas/training.js';
import { runSplit } from '../../electron/core/training/run-split.js';
import { repoRoot, runCli, tempDir, testServices, runCliInProcess } from '../helpers/workspace.js';

const messy = path.join(repoRoot, 'test/fixtures/data-prep/messy.csv');
let s: Services;
const dir = tempDir('ciclo-prep-');
const call = <T = any>(method: string, input: unknown) => s.call(method, input, { door: 'test' }) as Promise<T>;
const byKey = (issues: DataIssue[], key: string) => issues.filter((i) => i.key === key);

beforeAll(async () => {
  s = testServices(dir);
  await call('project.create', { name: 'messy', taskType: 'binary' });
});
afterAll(async () => {
  await s?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('import and validation', () => {
  let r: ImportResult;
  beforeAll(async () => {
    r = await s.datasets.importFile({ project: 'messy', path: messy, target: 'label', types: {}, roles: {}, prep: {} } as never);
  });

  it("records each column's missing-value handling and date handling, with the defaults spelled out", () => {
    const col = (n: string) => r.version.columns.find((c) => c.name === n)!;
    expect(col('income')).toMatchObject({
      type: 'numeric',
      missing: 16,
      missingStrategy: 'median',
      missingIndicator: true,
      missingTokens: ['NA', 'N/A', 'n/a', 'na', 'null', 'NULL', 'Null', '?', 'NaN', 'nan'],
    });
    expect(col('heating')).toMatchObject({ type: 'categorical', missing: 0, missingStrategy: 'category', missingIndicator: false });
    expect(col('visited')).toMatchObject({ type: 'datetime', dateHandling: 'parts' });
  });

  it('names numbers spoilt by stray strings with their lines and values, zeros standing for missing, 5 % missing, and dates', () => {
    const [stray] = byKey(r.validation, 'validate.stray_values');
    expect(stray).toMatchObject({
      column: 'dose',
      severity: 'warning',
      params: {
        count: 2,
        values: ['abc', 'inf'],
        cells: [
          { row: 24, line: 25, value: 'abc' },
          { row: 62, line: 63, value: 'inf' },
        ],
      },
    });
    expect(stray.message).toContain('line 25 "abc", line 63 "inf"');
    const [zeros] = byKey(r.validation, 'validate.zero_placeholder');
    expect(zeros).toMatchObject({ column: 'pressure', params: { count: 6, smallest: 60 } });
    expect((zeros.params.cells as { line: number }[]).map((c) => c.line)).toEqual([7, 19, 42, 79, 101, 132]);
    expect(byKey(r.validation, 'validate.some_missing').map((i) => i.column)).toEqual(['income']);
    expect(byKey(r.validation, 'validate.date_split')[0].message).toContain('ciclo dataset split messy --chronological visited');
  });

  it('treats the stray values as missing in one step: a new version where the column is numeric', async () => {
    const dose = r.version.columns.find((c) => c.name === 'dose')!;
    const next = await call<ImportResult>('dataset.updateSchema', {
      dataset: r.version.id,
      types: { dose: 'numeric' },
      roles: { dose: 'feature' },
      prep: { dose: { missingTokens: [...dose.missingTokens!, 'abc', 'inf'] }, pressure: { missingTokens: [...dose.missingTokens!, '0'] } },
    });
    expect(next.created).toBe(true);
    expect(next.version.columns.find((c) => c.name === 'dose')).toMatchObject({ type: 'numeric', role: 'feature', missing: 2 });
    expect(next.version.columns.find((c) => c.name === 'pressure')).toMatchObject({ missing: 6 });
    expect(byKey(next.validation, 'validate.stray_values')).toEqual([]);
    expect(byKey(next.validation, 'validate.zero_placeholder')).toEqual([]);
    const table = await s.datasets.loadTable(next.version.id);
    expect((table.values.dose as Float64Array)[23]).toBeNaN(); // data row 24, line 25
    expect((table.values.pressure as Float64Array)[5]).toBeNaN();
  });

  it('refuses to bring back cells the import already read as missing, naming the token', async () => {
    await expect(call('dataset.updateSchema', { dataset: r.version.id, prep: { income: { missingTokens: ['?'] } } })).rejects.toThrow(
      /"NA" cells of column "income" were read as missing when messy.csv was imported/,
    );
  });

  it('refuses strategies and date handlings that do not fit the column', async () => {
    await expect(call('dataset.updateSchema', { dataset: r.version.id, prep: { heating: { missingStrategy: 'median' } } })).rejects.toThrow(
      /can be filled with category, mode, constant, not median/,
    );
    await expect(call('dataset.updateSchema', { dataset: r.version.id, prep: { income: { missingStrategy: 'constant', missingConstant: 'lots' } } })).rejects.toThrow(
      /must be a number, not "lots"/,
    );
    await expect(call('dataset.updateSchema', { dataset: r.version.id, prep: { income: { dateHandling: 'parts' } } })).rejects.toThrow(
      /only a datetime column has a date handling/,
    );
  });
});

describe('missing-value tokens chosen at import', () => {
  it("keeps 'none' a category by default and reads it as missing when the column says so", async () => {
    const r = await s.datasets.importFile({
      project: 'messy',
      path: messy,
      name: 'none_missing',
      target: 'label',
      types: {},
      roles: {},
      prep: { heating: { missingTokens: ['none'] } },
    } as never);
    expect(r.version.columns.find((c) => c.name === 'heating')).toMatchObject({ missing: 76, missingTokens: ['none'] });
    const table = await s.datasets.loadTable(r.version.id);
    expect((table.values.heating as (string | null)[]).filter((v) => v === 'none')).toEqual([]);
    // re-importing the same file keeps the column's tokens (and finds the same version)
    const again = await s.datasets.importFile({ project: 'messy', path: messy, name: 'none_missing', target: 'label', types: {}, roles: {}, prep: {} } as never);
    expect(again.created).toBe(false);
  });
});

describe('chronological split', () => {
  it('trains on the oldest rows and tests on the newest; refuses a column that is not a date', async () => {
    const split = await call<SplitInfo>('dataset.split', { dataset: 'messy@1', project: 'messy', chronological: 'visited' });
    expect(split).toMatchObject({ chronological: 'visited', stratified: false, counts: { train: 112, validation: 24, test: 24 } });
    const parts = s.datasets.getSplit(split.id);
    const table = await s.datasets.loadTable(split.datasetVersionId);
    const t = table.values.visited as Float64Array;
    const latest = Math.max(...Array.from(parts.train, (i) => t[i]));
    expect(Math.min(...Array.from(parts.test, (i) => t[i]))).toBeGreaterThanOrEqual(latest);
    // a run on it says how its rows were dealt (it read "seed 0 · 70/15/15" before)
    expect(splitName(runSplit(s.db, split.id)!)).toBe('chronological by visited · 70/15/15');
    const shuffled = await call<SplitInfo>('dataset.split', { dataset: 'messy@1', project: 'messy' });
    expect(shuffled.id).not.toBe(split.id);
    await expect(call('dataset.split', { dataset: 'messy@1', project: 'messy', chronological: 'heating' })).rejects.toThrow(/column "heating" is categorical, not a date/);
  });
});

it('ciclo dataset validate --json lists each problem with its column and offending lines; import takes --missing and --date', async () => {
  const cliDir = tempDir('ciclo-prep-cli-');
  try {
    expect((await runCliInProcess(cliDir, ['project', 'create', 'm', '--task', 'binary', '--json'])).code).toBe(0);
    const imp = await runCliInProcess(cliDir, [
      'dataset',
      'import',
      messy,
      '--project',
      'm',
      '--target',
      'label',
      '--missing',
      'income=mean',
      '--missing-indicator',
      'income=no',
      '--date',
      'visited=raw',
      '--json',
    ]);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.json.columns.find((c: { name: string }) => c.name === 'income')).toMatchObject({ missingStrategy: 'mean', missingIndicator: false });
    expect(imp.json.columns.find((c: { name: string }) => c.name === 'visited')).toMatchObject({ dateHandling: 'raw' });
    const v = await runCliInProcess(cliDir, ['dataset', 'validate', 'messy', '--project', 'm', '--json']);
    expect(v.code).toBe(0);
    const stray = v.json.issues.find((i: DataIssue) => i.key === 'validate.stray_values');
    expect(stray).toMatchObject({
      column: 'dose',
      params: {
        cells: [
          { line: 25, value: 'abc' },
          { line: 63, value: 'inf' },
        ],
      },
    });
    const bad = await runCliInProcess(cliDir, ['dataset', 'import', messy, '--project', 'm', '--missing', 'heating=median']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Column "heating" is categorical: its missing values can be filled with category, mode, constant, not median.');
  } finally {
    fs.rmSync(cliDir, { recursive: true, force: true });
  }
}, 120_000);
