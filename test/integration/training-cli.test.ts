import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cicloBin, repoRoot, runCli, runCliAsync, tempDir, testServices, runCliInProcess } from '../helpers/workspace.js';

// `ciclo train` and `ciclo runs` end to end, including the crash tests: the worker process (and then the
// whole CLI process) is killed for real with SIGKILL in the middle of a run.

const iris = path.join(repoRoot, 'resources/datasets/iris.csv');

async function setup(): Promise<string> {
  const dir = tempDir();
  expect((await runCliInProcess(dir, ['project', 'create', 'iris', '--task', 'multiclass'])).code).toBe(0);
  const imp = await runCliInProcess(dir, ['dataset', 'import', iris, '--project', 'iris', '--target', 'species', '--json']);
  expect(imp.code, imp.stderr).toBe(0);
  return dir;
}

function spawnCli(dir: string, args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stdout: string }> } {
  const child = spawn(process.execPath, [cicloBin, ...args], {
    cwd: repoRoot,
    env: { ...process.env, CICLO_HOME: dir, CICLO_PREFS_DIR: path.join(dir, 'prefs'), NO_COLOR: '1' },
  });
  let stdout = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.resume();
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout })));
  return { child, done };
}

/** Reads the workspace from this process (as another window would) until `ready` says so. */
async function waitFor<T>(dir: string, read: (db: ReturnType<typeof testServices>['db']) => T | undefined, what: string, timeoutMs = 90_000): Promise<T> {
  const s = testServices(dir);
  try {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const v = read(s.db);
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  } finally {
    await s.close();
  }
}

type RunRow = { id: string; status: string; epochs_done: number; worker_pid: number | null; checkpoint_epoch: number | null };
const runRow = (db: any): RunRow | undefined => db.prepare('SELECT id, status, epochs_done, worker_pid, checkpoint_epoch FROM runs ORDER BY created_at DESC LIMIT 1').get();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('ciclo train and ciclo runs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await setup();
  }, 60_000);

  it('killing the worker mid-run leaves the run interrupted with its points; resume completes it', async () => {
    const { done } = spawnCli(dir, ['train', '--project', 'iris', '--dataset', 'iris', '--epochs', '12', '--param', 'batchSize=8', '--name', 'crash', '--json']);
    const row = await waitFor(
      dir,
      (db) => {
        const r = runRow(db);
        return r && r.worker_pid && r.epochs_done >= 2 ? r : undefined;
      },
      'two epochs',
    );
    const s = testServices(dir);
    const pointsBefore = s.training.series.count(row.id);
    await s.close();
    process.kill(row.worker_pid!, 'SIGKILL');
    const out = await done;
    // a process died: an internal problem (exit 2), with the job and its run in the same state
    expect(out.code).toBe(2);
    const summary = JSON.parse(out.stdout);
    expect(summary).toMatchObject({ id: row.id, status: 'interrupted', backend: 'wasm' });
    expect(summary.error.message).toMatch(/was killed \(SIGKILL\)/);

    const s2 = testServices(dir);
    const after = s2.training.get(row.id);
    expect(after.status).toBe('interrupted');
    expect(s2.jobs.get(after.jobId!).status).toBe('interrupted');
    expect(s2.training.series.count(row.id)).toBeGreaterThanOrEqual(pointsBefore);
    expect(after.checkpointEpoch).toBeGreaterThanOrEqual(2);
    await s2.close();

    const resumed = await runCliInProcess(dir, ['runs', 'resume', row.id, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.json).toMatchObject({ id: row.id, status: 'succeeded', epochsDone: 12, resumeCount: 1 });
    expect(Object.keys(resumed.json.metrics).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(resumed.json.params).toMatchObject({ epochs: 12, batchSize: 8 });
    const series = (await runCliInProcess(dir, ['runs', 'series', row.id, '--key', 'loss', '--key', 'batch/loss', '--json'])).json;
    expect(series[0].x).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const steps: number[] = series[1].x;
    expect(steps).toEqual(Array.from({ length: steps.length }, (_, i) => i + 1)); // no step lost or doubled by the resume
  }, 180_000);

  it('killing the whole CLI process stops its worker; the next start marks the run interrupted', async () => {
    const { child, done } = spawnCli(dir, ['train', '--project', 'iris', '--dataset', 'iris', '--epochs', '300', '--param', 'batchSize=8', '--name', 'killed', '--json']);
    const row = await waitFor(
      dir,
      (db) => {
        const r = runRow(db);
        return r && r.worker_pid && r.epochs_done >= 1 ? r : undefined;
      },
      'one epoch',
    );
    child.kill('SIGKILL');
    await done;
    for (let i = 0; i < 300 && alive(row.worker_pid!); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive(row.worker_pid!)).toBe(false);
    const shown = await runCliInProcess(dir, ['runs', 'show', row.id, '--json']);
    expect(shown.json.status).toBe('interrupted');
    expect(shown.json.error.message).toMatch(/stopped before it finished/);
    const list = await runCliInProcess(dir, ['runs', 'list', '--status', 'interrupted', '--json']);
    expect(list.json.items.map((r: { id: string }) => r.id)).toEqual([row.id]);
  }, 180_000);

  it('prints one JSON run summary, compares runs, and reports bad input with exit 1', async () => {
    const a = await runCliAsync(dir, ['train', '--project', 'iris', '--dataset', 'iris@1', '--template', 'linear', '--epochs', '3', '--seed', '5', '--tag', 'quick', '--json']);
    expect(a.code, a.stderr).toBe(0);
    expect(a.json).toMatchObject({ status: 'succeeded', backend: 'wasm', template: 'baseline', params: { epochs: 3, seed: 5 }, tags: ['quick'] });
    for (const k of ['loss', 'val_loss', 'accuracy', 'val_accuracy']) expect(typeof a.json.metrics[k]).toBe('number');
    expect(a.stderr).toMatch(/epoch 3\/3/);
    const ids = (await runCliInProcess(dir, ['runs', 'list', '--json'])).json.items.map((r: { id: string }) => r.id);
    const cmp = await runCliInProcess(dir, ['runs', 'compare', ids[0], ids[1]]);
    expect(cmp.code, cmp.stderr).toBe(0);
    expect(cmp.stdout).toContain('Parameters that differ');
    expect(cmp.stdout).toContain('params.epochs');
    const bad = await runCliInProcess(dir, ['train', '--project', 'iris', '--dataset', 'iris', '--param', 'speed=9']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown parameter "speed"');
    const missing = await runCliInProcess(dir, ['runs', 'cancel', 'run_nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No run with id "run_nope"');
  }, 120_000);
});
