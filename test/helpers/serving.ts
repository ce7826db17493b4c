import path from 'node:path';
import type { Services } from '../../electron/core/services.js';
import { repoRoot, testServices } from './workspace.js';

/**
 * A workspace with served-model material, trained in seconds: iris (multiclass, versions 1 and 2, alias
 * "staging" on v1) and cars (regression on Miles_per_Gallon, with the categorical Origin and a date).
 */
export async function servingWorkspace(dataDir?: string): Promise<Services> {
  const s = testServices(dataDir);
  const call = (m: string, i: unknown) => s.call(m, i, { door: 'test' }) as Promise<any>;
  await call('project.create', { name: 'iris', taskType: 'multiclass' });
  await s.datasets.importFile({ project: 'iris', path: path.join(repoRoot, 'resources/datasets/iris.csv'), target: 'species' } as never);
  const train = async (project: string, dataset: string, seed: number) => {
    const run = await call('train.start', { project, dataset, templateOptions: { hidden: [16], dropout: 0.1 }, params: { epochs: 4, seed }, split: { seed: 1 } });
    const done = await s.training.wait(run.id);
    if (done.status !== 'succeeded') throw new Error(`training failed: ${done.error?.message ?? done.status}`);
    return done;
  };
  const r1 = await train('iris', 'iris', 1);
  const r2 = await train('iris', 'iris', 2);
  await call('model.register', { run: r1.id, name: 'iris' });
  await call('model.register', { run: r2.id, name: 'iris' });
  await call('model.promote', { model: 'iris', version: 1, alias: 'staging' });
  await call('project.create', { name: 'cars', taskType: 'regression' });
  await s.datasets.importFile({ project: 'cars', path: path.join(repoRoot, 'test/fixtures/data-prep/cars.csv'), target: 'Miles_per_Gallon' } as never);
  const r3 = await train('cars', 'cars', 1);
  await call('model.register', { run: r3.id, name: 'cars' });
  return s;
}
