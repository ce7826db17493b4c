import type { ChildProcess } from 'node:child_process';
/**
 * The serving benchmarks' workspace: digits_8x8 with an MLP 64-256-256-10 and (optionally) the digits CNN,
 * each trained one epoch and registered under its template name (mlp, cnn).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { confPreferences } from '../../electron/core/preferences/store.js';
import { createServices, type Services } from '../../electron/core/services.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function servingBenchWorkspace(
  models: ('mlp' | 'cnn')[],
  log: (m: string) => void,
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ciclo-bench-serve-')),
): Promise<{ dir: string; s: Services }> {
  const s = createServices({ dataDir: dir, preferences: confPreferences(path.join(dir, 'prefs')) });
  const call = (m: string, i: unknown) => s.call(m, i, { door: 'bench' }) as Promise<any>;
  await call('project.create', { name: 'digits', taskType: 'multiclass' });
  await s.datasets.importFile({ project: 'digits', path: path.join(root, 'resources/datasets/digits_8x8.csv'), target: 'digit' } as never);
  const options = { mlp: { hidden: [256, 256], dropout: 0 }, cnn: {} };
  for (const name of models) {
    log(`training ${name} (1 epoch)`);
    const run = await call('train.start', { project: 'digits', dataset: 'digits_8x8', template: name, templateOptions: options[name], params: { epochs: 1 } });
    const done = await s.training.wait(run.id);
    if (done.status !== 'succeeded') throw new Error(`training ${name} failed`);
    await call('model.register', { run: run.id, name });
  }
  return { dir, s };
}

/** The first row of digits_8x8 as a request row (every column but the target). */
export function digitsRow(): Record<string, number> {
  const lines = fs.readFileSync(path.join(root, 'resources/datasets/digits_8x8.csv'), 'utf8').split('\n');
  const header = lines[0].split(',');
  const cells = lines[1].split(',');
  return Object.fromEntries(header.filter((h) => h !== 'digit').map((h) => [h, Number(cells[header.indexOf(h)])]));
}

/**
 * The URL a `ciclo serve --json` child prints on its first JSON line; rejects with its stderr if it exits first.
 * `after` receives the stdout that follows that line (serve-ab's GC trace), if given.
 */
export function servedUrl(child: ChildProcess, after?: (chunk: string) => void): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    let found = false;
    child.stdout!.on('data', (d) => {
      if (found) return after?.(String(d));
      out += d;
      // the ready line is one JSON object on one line; an error is printed as indented JSON, read at exit
      const url = out
        .split('\n')
        .filter((l) => l.startsWith('{') && l.endsWith('}'))
        .map((l) => (JSON.parse(l) as { url?: string }).url)
        .find(Boolean);
      if (url) {
        found = true;
        resolve(url);
      }
    });
    child.stderr!.on('data', (d) => (err += d));
    child.on('exit', (code) => reject(new Error(`ciclo serve exited (${code}): ${err}${out}`)));
  });
}
