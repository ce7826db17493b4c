import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Services } from '../../electron/core/services.js';
import { tempDir, testServices } from '../helpers/workspace.js';

// dataset.scanTokens: what the import's missing-value step shows before anything is stored
let s: Services;
const dir = tempDir('ciclo-token-scan-');

beforeAll(async () => {
  s = testServices();
  await s.call('project.create', { name: 'homes', taskType: 'binary' }, { door: 'test' });
});
afterAll(async () => {
  await s?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('counts the default tokens found per column and suggests placeholders, storing nothing', async () => {
  const file = path.join(dir, 'homes.csv');
  fs.writeFileSync(
    file,
    [
      'heating,size,rooms,town,label',
      'gas,120,3,Ávila,warm',
      'none,80,NA,León,cold',
      'NA,95,2,?,warm',
      'electric,unknown,4,León,cold',
      'gas,NA,,Ávila,warm',
      'none,70,1,León,cold',
    ].join('\n') + '\n',
  );
  const scan = (await s.call('dataset.scanTokens', { project: 'homes', path: file }, { door: 'test' })) as {
    defaults: string[];
    columns: { name: string; found: unknown[]; suggestions: unknown[] }[];
  };
  expect(scan.defaults).toContain('NA');
  expect(scan.columns).toEqual([
    { name: 'heating', found: [{ token: 'NA', count: 1 }], suggestions: [{ token: 'none', count: 2 }] },
    { name: 'size', found: [{ token: 'NA', count: 1 }], suggestions: [{ token: 'unknown', count: 1 }] },
    { name: 'rooms', found: [{ token: 'NA', count: 1 }], suggestions: [] },
    { name: 'town', found: [{ token: '?', count: 1 }], suggestions: [] },
  ]);
  expect(s.datasets.store.list(s.projects.resolve('homes').id)).toEqual([]);
  // the import then takes the choice as its per-column tokens
  await s.datasets.importFile({
    project: 'homes',
    path: file,
    target: 'label',
    types: {},
    roles: {},
    prep: { heating: { missingTokens: ['none'] }, size: { missingTokens: ['NA', 'unknown'] } },
  } as never);
  const v = s.datasets.resolveVersion('homes', s.projects.resolve('homes').id);
  const col = (n: string) => v.columns.find((c) => c.name === n)!;
  expect(col('heating')).toMatchObject({ type: 'categorical', missing: 2, missingTokens: ['none'] });
  expect(col('size')).toMatchObject({ type: 'numeric', missing: 2 });
});
