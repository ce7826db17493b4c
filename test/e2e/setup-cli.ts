import path from 'node:path';
import { expect } from 'vitest';
import { withInProcessTraining } from '../../electron/core/training/in-process.js';
import { repoRoot, runCliInProcess } from '../helpers/workspace.js';

/**
 * A set-up step of an end-to-end test: the command line run in the test process (`main(argv)`), its exit code
 * checked against `codes` and its JSON returned. Its trainings run in this process too (the same trainer,
 * store writes and events as a worker: `withInProcessTraining`), since what these files test is the app in the
 * browser, not the training worker (the worker has its own integration tests); a forked worker started Node,
 * the TypeScript sources and tfjs for each set-up run.
 */
export async function setupCli(dataDir: string, args: string[], codes = [0]) {
  const r = await withInProcessTraining(() => runCliInProcess(dataDir, args));
  expect(codes, `ciclo ${args.join(' ')}: ${r.stderr}`).toContain(r.code);
  return r.json;
}

/** The end-to-end files' common start: a multiclass project "Iris species" with these criteria and the iris sample imported as "iris" (target species); its id. */
export async function irisProject(dataDir: string, criteria: string[]): Promise<string> {
  const id = (await setupCli(dataDir, ['--json', 'project', 'create', 'Iris species', '--task', 'multiclass', ...criteria.flatMap((c) => ['--criterion', c])])).id as string;
  await setupCli(dataDir, ['--json', 'dataset', 'import', path.join(repoRoot, 'resources/datasets/iris.csv'), '--project', id, '--target', 'species', '--name', 'iris']);
  return id;
}
