import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Run } from '../../shared/schemas/training.js';
import type { Services } from '../../electron/core/services.js';
import { withInProcessTraining } from '../../electron/core/training/in-process.js';
import { repoRoot, tempDir, testServices } from '../helpers/workspace.js';

// A bundle carries the charter as the exporter set it, positive class included, and the importing
// workspace's new project gets it: its metrics and gates then judge the same class.
const on =
  (s: Services) =>
  <T = any>(method: string, input: unknown) =>
    s.call(method, input, { door: 'test' }) as Promise<T>;
const open: Services[] = [];
const out = tempDir('ciclo-bundle-charter-');

afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  fs.rmSync(out, { recursive: true, force: true });
});

describe('the charter in a bundle', () => {
  it("keeps a binary project's positive class across workspaces", async () => {
    const a = testServices();
    const b = testServices();
    open.push(a, b);
    const data = path.join(repoRoot, 'resources/datasets/breast_cancer.csv');
    await on(a)('project.create', { name: 'screening', taskType: 'binary', criteria: [{ metric: 'recall', comparator: '>=', threshold: 0.5 }] });
    await a.datasets.importFile({ project: 'screening', path: data, target: 'diagnosis' } as never);
    await on(a)('project.update', { project: 'screening', positiveClass: 'malignant' });
    // the fixture run trains in this process (the same trainer as a worker's), as in the other bundle tests
    const run = await withInProcessTraining(() => on(a)<Run>('train.start', { project: 'screening', dataset: 'breast_cancer', template: 'baseline', params: { epochs: 2 } }));
    expect((await a.training.wait(run.id)).status).toBe('succeeded');
    await on(a)('model.register', { run: run.id, name: 'screening-clf' });
    const file = path.join(out, 'screening.ciclo');
    await on(a)('bundle.export', { model: 'screening-clf@1', output: file });

    const imported = await on(b)<any>('bundle.import', { path: file, trustSigner: true });
    expect(imported).toMatchObject({ created: true, model: 'screening-clf', version: 1 });
    const project = await on(b)<any>('project.get', { project: imported.projectId });
    expect(project).toMatchObject({ name: 'screening', taskType: 'binary', positiveClass: 'malignant' });
  }, 120_000);
});
