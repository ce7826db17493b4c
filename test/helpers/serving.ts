import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Services } from '../../electron/core/services.js';
import { cicloBin, repoRoot, testServices } from './workspace.js';
import { withInProcessTraining } from '../../electron/core/training/in-process.js';

/**
 * `ciclo serve ARGS --port 0 --json` as a real process on a workspace; resolves with the process and the
 * JSON line it prints once it serves (its url and models). Rejects, with its stderr, if it exits first.
 */
export async function spawnServe(s: Services, args: string[]): Promise<{ child: ChildProcess; info: { url: string; models: unknown[] } & Record<string, any> }> {
  const child = spawn(process.execPath, [cicloBin, 'serve', ...args, '--port', '0', '--json'], {
    cwd: repoRoot,
    env: { ...process.env, CICLO_HOME: s.dataDir, CICLO_PREFS_DIR: path.join(s.dataDir, 'prefs') },
  });
  const info = await new Promise<any>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    child.stderr!.on('data', (d) => (err += d));
    child.on('exit', () => reject(new Error(`ciclo serve exited: ${err}`)));
  });
  return { child, info };
}

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
    const run = await withInProcessTraining(() =>
      call('train.start', { project, dataset, templateOptions: { hidden: [16], dropout: 0.1 }, params: { epochs: 4, seed }, split: { seed: 1 } }),
    );
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
