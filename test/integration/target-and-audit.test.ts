import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../electron/core/services.js';
import type { ImportResult } from '../../shared/schemas/dataset.js';
import { repoRoot, tempDir, testServices } from '../helpers/workspace.js';

// Issue 15 (flows): the target suggested at import, and an audit trail that names its subject and records
// the end of every training run.
const ctx = { door: 'test' };
const iris = path.join(repoRoot, 'resources/datasets/iris.csv');

async function importFile(s: Services, input: Record<string, unknown>): Promise<ImportResult> {
  const job = (await s.call('dataset.import', input, ctx)) as { id: string };
  const done = await s.jobs.wait(job.id);
  expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
  return done.result as ImportResult;
}

describe('target suggested at import, audit subjects', () => {
  let s: Services;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    s = testServices();
    await s.call('project.create', { name: 'flowers', taskType: 'multiclass' }, ctx);
    await s.call('project.create', { name: 'prices', taskType: 'regression' }, ctx);
  });
  afterAll(() => s.close());

  it('suggests the last column when it fits the task, and says so', async () => {
    const r = await importFile(s, { project: 'flowers', path: iris });
    expect(r.version.target).toBe('species');
    expect(r.warnings.map((w) => w.key)).toContain('import.target_last_column');
  });

  it('prefers a column named like a target (case-insensitive), wherever it is', async () => {
    const file = path.join(dir, 'cars.csv');
    fs.writeFileSync(file, 'Type,doors,weight\n' + Array.from({ length: 30 }, (_, i) => `${['suv', 'van', 'coupe'][i % 3]},${2 + (i % 3)},${1000 + i * 17}`).join('\n') + '\n');
    const r = await importFile(s, { project: 'flowers', path: file });
    expect(r.version.target).toBe('Type');
    expect(r.warnings.find((w) => w.key === 'import.target_by_name')?.column).toBe('Type');
  });

  it('suggests nothing when the last column does not fit the task, and never overrides an explicit choice', async () => {
    const file = path.join(dir, 'houses.csv');
    fs.writeFileSync(file, 'size,rooms,colour\n' + Array.from({ length: 30 }, (_, i) => `${50 + i},${1 + (i % 4)},${['red', 'blue'][i % 2]}`).join('\n') + '\n');
    const none = await importFile(s, { project: 'prices', path: file });
    expect(none.version.target).toBeNull();
    const chosen = await importFile(s, { project: 'prices', path: iris, target: 'petal_width_cm' });
    expect(chosen.version.target).toBe('petal_width_cm');
    expect(chosen.warnings.map((w) => w.key)).not.toContain('import.target_last_column');
  });

  it('names the imported data set in the audit trail and records how a training run ended', async () => {
    const { events } = (await s.call('audit.timeline', { project: 'flowers', actions: ['dataset.import'], limit: 10 }, ctx)) as { events: { names: { dataset?: string } }[] };
    expect(events.map((e) => e.names.dataset)).toContain('iris@1');
    const projectId = s.projects.idOf('flowers');
    s.events.emit('training.status', { runId: 'run_x', projectId, status: 'succeeded', backend: 'cpu', message: 'Finished 3 epochs.' });
    s.events.emit('training.status', { runId: 'run_y', projectId, status: 'running', backend: 'cpu', message: 'Epoch 1.' });
    const trail = s.audit.list({ projectId, action: 'train', limit: 10 });
    expect(trail.map((e) => e.action)).toEqual(['train.succeeded']);
    expect(trail[0]).toMatchObject({ subjectId: 'run_x', door: 'job' });
  });
});
