import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir, runCliInProcess } from '../helpers/workspace.js';

const wine = path.join(repoRoot, 'resources/datasets/wine.csv');

// Each CLI run starts a Node process with tsx (seconds on a busy CI machine), so runs are few and timeouts generous.
describe('ciclo dataset', { timeout: 120_000 }, () => {
  let ws: string;
  beforeAll(async () => {
    ws = tempDir();
    expect((await runCliInProcess(ws, ['project', 'create', 'vino', '--task', 'multiclass'])).code).toBe(0);
  });

  it('import --json prints id, version, hash, rows and the columns; progress goes to stderr', async () => {
    const r = await runCliInProcess(ws, [
      'dataset',
      'import',
      wine,
      '--project',
      'vino',
      '--target',
      'cultivar',
      '--type',
      'magnesium=categorical',
      '--role',
      'ash=ignore',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ name: 'wine', version: 1, rows: 178, target: 'cultivar', created: true });
    expect(r.json.id).toMatch(/^dsv_/);
    expect(r.json.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.json.columns).toHaveLength(14);
    expect(r.json.columns.find((c: { name: string }) => c.name === 'magnesium')).toEqual({
      name: 'magnesium',
      type: 'categorical',
      role: 'feature',
      missing: 0,
      missingTokens: ['NA', 'N/A', 'n/a', 'na', 'null', 'NULL', 'Null', '?', 'NaN', 'nan'],
      missingStrategy: 'category',
      missingIndicator: false,
    });
    expect(r.json.columns.find((c: { name: string }) => c.name === 'ash')).toMatchObject({
      name: 'ash',
      type: 'numeric',
      role: 'ignore',
      missing: 0,
      missingStrategy: 'median',
      missingIndicator: true,
    });
    expect(r.json.columns.find((c: { name: string }) => c.name === 'od280/od315_of_diluted_wines')).toMatchObject({ type: 'numeric' });
    expect(r.stderr).toMatch(/importing: +\d+%/);
  });

  it('the same file again is the same version; list, show, profile and split answer in JSON', async () => {
    const again = await runCliInProcess(ws, ['dataset', 'import', wine, '--project', 'vino', '--json']);
    expect(again.json).toMatchObject({ version: 1, created: false });
    const show = await runCliInProcess(ws, ['dataset', 'show', 'wine', '--project', 'vino', '--json']);
    expect(show.json).toMatchObject({ name: 'wine', version: 1, validation: expect.any(Array) });
    const profile = await runCliInProcess(ws, ['dataset', 'profile', 'wine@1', '--project', 'vino', '--json']);
    expect(profile.json.target.classes.map((c: { count: number }) => c.count)).toEqual([59, 71, 48]);
    const split = await runCliInProcess(ws, ['dataset', 'split', 'wine', '--project', 'vino', '--seed', '7', '--json']);
    expect(split.json).toMatchObject({ seed: 7, stratified: true });
    expect(split.json.counts.train + split.json.counts.validation + split.json.counts.test).toBe(178);
    const splits = await runCliInProcess(ws, ['dataset', 'splits', 'wine', '--project', 'vino', '--json']);
    expect(splits.code, splits.stderr).toBe(0);
    expect(splits.json).toEqual([expect.objectContaining({ id: split.json.id, seed: 7, stratified: true, counts: split.json.counts })]);
    const text = await runCliInProcess(ws, ['dataset', 'splits', 'wine', '--project', 'vino']);
    expect(text.stdout).toMatch(/SEED\s+STRATIFIED/);
    expect(text.stdout).toContain(split.json.id);
  });

  it('schema changes make a new version with its diff', async () => {
    const r = await runCliInProcess(ws, ['dataset', 'schema', 'wine', '--project', 'vino', '--type', 'magnesium=numeric', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ version: 2, diff: { columnsRetyped: [{ name: 'magnesium', from: 'categorical', to: 'numeric' }] } });
    const versions = await runCliInProcess(ws, ['dataset', 'versions', 'wine', '--project', 'vino']);
    expect(versions.stdout).toContain('magnesium categorical -> numeric');
  });

  it('bad input exits 1 with the message on stderr and stores nothing', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'broken.csv');
    fs.writeFileSync(file, 'a,b\n1,2\n3,4,5\n');
    const r = await runCliInProcess(ws, ['dataset', 'import', file, '--project', 'vino', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('broken.csv line 3: expected 2 fields');
    // the error found inside the import job keeps its translatable issue
    expect(r.json.error.details.issues[0]).toMatchObject({ key: 'import.ragged_row', params: { line: 3, expected: 2, found: 3 } });
    const list = await runCliInProcess(ws, ['dataset', 'list', '--project', 'vino', '--json']);
    expect(list.json).toEqual([expect.objectContaining({ name: 'wine', versionCount: 2 })]);
  });

  it('validate exits 3 when the data cannot train the project task', async () => {
    expect((await runCliInProcess(ws, ['project', 'create', 'reg', '--task', 'regression'])).code).toBe(0);
    const imp = await runCliInProcess(ws, ['dataset', 'import', wine, '--project', 'reg', '--target', 'cultivar', '--json']);
    expect(imp.code).toBe(0);
    const r = await runCliInProcess(ws, ['dataset', 'validate', 'wine', '--project', 'reg']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('regression task predicts a number');
  });

  it('sample creates a project with its data set in one step', async () => {
    const r = await runCliInProcess(ws, ['dataset', 'sample', 'diabetes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.project).toMatchObject({ name: 'Diabetes progression', taskType: 'regression', stage: 'data' });
    expect(r.json.version).toMatchObject({ rows: 442, target: 'disease_progression' });
  });
});
