import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createServices, type Services } from '../../electron/core/services.js';
import { confPreferences } from '../../electron/core/preferences/store.js';
import { withInProcessTraining } from '../../electron/core/training/in-process.js';
import { mulberry32 } from '../../electron/core/stats/random.js';

/**
 * What every fault scenario works with: a template workspace prepared once (a project with its data set,
 * two finished runs registered as two versions of one model, a large CSV to import), copied fresh for
 * each scenario; ciclo processes spawned against the copy; a read-only look at its database meanwhile.
 */

export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const cicloBin = path.join(repoRoot, 'bin/ciclo.mjs');

export interface Harness {
  /** The scenario's own workspace (a copy of the template). */
  dir: string;
  /** The large CSV the import scenarios use. */
  bigCsv: string;
  /** A small CSV for concurrent imports. */
  smallCsv: string;
  /** Ids of the template's finished runs, and its model's name. */
  runIds: string[];
  model: string;
  /** Heartbeat age after which an unverifiable owner counts as gone, in every spawned process. */
  staleMs: number;
  rng: () => number;
  log: (line: string) => void;
}

export interface Spawned {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Opens a workspace; `gc` false skips the collection at open (the checks run it themselves). */
export function openServices(dir: string, gc?: false): Services {
  return createServices({ dataDir: dir, preferences: confPreferences(path.join(dir, 'prefs')), gc });
}

export function spawnCiclo(h: Pick<Harness, 'dir' | 'staleMs'>, args: string[]): Spawned {
  const child = spawn(process.execPath, [cicloBin, '--data-dir', h.dir, ...args], {
    cwd: repoRoot,
    env: { ...process.env, CICLO_PREFS_DIR: path.join(h.dir, 'prefs'), CICLO_JOB_STALE_MS: String(h.staleMs), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls the workspace database (read-only, its own connection) until `probe` returns something. */
export async function waitFor<T>(dir: string, probe: (db: Database.Database) => T | undefined | null | false, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const db = new Database(path.join(dir, 'ciclo.db'), { readonly: true, fileMustExist: true });
      try {
        db.pragma('busy_timeout = 2000');
        const v = probe(db);
        if (v) return v;
      } finally {
        db.close();
      }
    } catch {
      // not there yet, or busy
    }
    await sleep(50);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function kill(pid: number | null | undefined, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (!pid) return;
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Copies the template workspace (closed, WAL checkpointed) into a new folder. */
export function cloneWorkspace(template: string, root: string, name: string): string {
  const dir = path.join(root, name);
  fs.cpSync(template, dir, { recursive: true });
  return dir;
}

/** A folder under the system temp dir for one campaign. */
export function campaignRoot(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ciclo-chaos-'));
}

/** Builds the template workspace in-process: sample project, data set, two short runs, one model with two versions. */
export async function prepareTemplate(root: string): Promise<{ template: string; bigCsv: string; smallCsv: string; runIds: string[]; model: string }> {
  const template = path.join(root, 'template');
  const s = openServices(template);
  try {
    await s.call('dataset.createSample', { sample: 'iris' }, { door: 'cli' });
    const runIds: string[] = [];
    for (const seed of [1, 2]) {
      // trained in this process (the same trainer as a worker's): the template's runs are inputs, not faults
      const run = (await withInProcessTraining(() => s.call('train.start', { project: 'iris', dataset: 'iris', params: { epochs: 2, batchSize: 16, seed } }, { door: 'cli' }))) as {
        id: string;
      };
      const done = await s.training.wait(run.id);
      if (done.status !== 'succeeded') throw new Error(`template run ${run.id} ended ${done.status}`);
      runIds.push(run.id);
    }
    for (const id of runIds) await s.call('model.register', { run: id, name: 'flowers' }, { door: 'cli' });
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    const bigCsv = path.join(root, 'big.csv');
    const lines = ['sepal_length,sepal_width,petal_length,petal_width,note,species'];
    for (let i = 0; i < 400_000; i++)
      lines.push(
        `${(4 + (i % 40) / 10).toFixed(1)},${(2 + (i % 23) / 10).toFixed(1)},${(1 + (i % 60) / 10).toFixed(1)},${((i % 25) / 10).toFixed(1)},n${i % 997},${['setosa', 'versicolor', 'virginica'][i % 3]}`,
      );
    fs.writeFileSync(bigCsv, lines.join('\n') + '\n');
    const smallCsv = path.join(root, 'small.csv');
    fs.writeFileSync(smallCsv, lines.slice(0, 200).join('\n') + '\n');
    return { template, bigCsv, smallCsv, runIds, model: 'flowers' };
  } finally {
    await s.close();
  }
}

/** A seeded random number generator (the product's own mulberry32), so a campaign can be replayed. */
export const seeded = mulberry32;
