import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { InterruptedError } from '../../electron/core/jobs/runner.js';
import { ownerLiveness, processStart } from '../../electron/core/jobs/owner.js';
import type { Services } from '../../electron/core/services.js';
import { tempDir, testServices } from '../helpers/workspace.js';

// Issue 13, defect 1: a live job must never be declared dead (and run twice) because its heartbeat is
// old; a superseded owner must never write again; final writes expect the current status.

const opened: Services[] = [];
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) {
    c.kill('SIGCONT');
    c.kill('SIGKILL');
  }
  for (const s of opened) await s.close();
});

function open(dir = tempDir()): Services {
  const s = testServices(dir);
  opened.push(s);
  return s;
}

/** A live process on this host, stopped with SIGSTOP (as a suspended laptop or a long pause would be). */
async function stoppedProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  await new Promise((r) => child.once('spawn', r));
  child.kill('SIGSTOP');
  return child;
}

const longAgo = () => new Date(Date.now() - 10 * 60_000).toISOString();

function insertJob(s: Services, id: string, owner: { pid: number; start: string | null; host?: string }) {
  s.db
    .prepare(`INSERT INTO jobs (id, kind, status, pid, host, owner_start, heartbeat_at, created_at, started_at) VALUES (?, 'training', 'running', ?, ?, ?, ?, ?, ?)`)
    .run(id, owner.pid, owner.host ?? os.hostname(), owner.start, longAgo(), longAgo(), longAgo());
}

describe('job ownership', () => {
  it('tells a live owner from a dead one and from a later process reusing its pid', async () => {
    const child = await stoppedProcess();
    const start = processStart(child.pid!);
    expect(start).toBeTruthy();
    expect(ownerLiveness({ pid: child.pid!, host: os.hostname(), start })).toBe('alive');
    expect(ownerLiveness({ pid: child.pid!, host: os.hostname(), start: start + '0' })).toBe('dead');
    expect(ownerLiveness({ pid: 999_999, host: os.hostname(), start })).toBe('dead');
    expect(ownerLiveness({ pid: child.pid!, host: 'another-host', start })).toBe('unknown');
  });

  it('recovery leaves a job whose owner is alive but silent (SIGSTOP) running, and interrupts one whose pid was reused', async () => {
    const child = await stoppedProcess();
    const dir = tempDir();
    const s = open(dir);
    insertJob(s, 'job_stopped', { pid: child.pid!, start: processStart(child.pid!) });
    insertJob(s, 'job_reused', { pid: child.pid!, start: 'boot:1' });
    insertJob(s, 'job_remote_stale', { pid: 4242, start: null, host: 'elsewhere' });
    open(dir); // opening the workspace recovers
    expect(s.jobs.get('job_reused').status).toBe('interrupted');
    expect(s.jobs.get('job_remote_stale').status).toBe('interrupted');
    expect(s.jobs.get('job_stopped').status).toBe('running');
  });

  it('runs resume refuses a run whose owner is alive, saying so, and changes nothing', async () => {
    const child = await stoppedProcess();
    const s = open();
    await s.call('dataset.sample', { sample: 'iris' }, { door: 'test' }).catch(() => undefined);
    const project = (await s.call('project.create', { name: 'own', taskType: 'binary' }, { door: 'test' })) as { id: string };
    insertJob(s, 'job_alive', { pid: child.pid!, start: processStart(child.pid!) });
    s.db
      .prepare(
        `INSERT INTO runs (id, project_id, name, status, job_id, task_type, template, dataset_version_id, dataset_ref, split_id, backend_requested, params, design, input_shape, features, preprocessing_hash, param_count, epochs, generation, created_at, started_at, updated_at)
         VALUES ('run_x', ?, 'x', 'running', 'job_alive', 'binary', 'mlp', 'd', 'd@1', 's', 'auto', '{}', '{}', '[3]', '[]', 'h', 1, 2, 1, ?, ?, ?)`,
      )
      .run(project.id, longAgo(), longAgo(), longAgo());
    const err: any = await s.call('run.resume', { id: 'run_x' }, { door: 'test' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'conflict', details: { ownerPid: child.pid, ownerAlive: true } });
    expect(err.message).toContain(`still being trained by process ${child.pid} on this computer`);
    expect(err.message).toContain('cancel it first');
    expect(s.training.runs.row('run_x')).toMatchObject({ status: 'running', generation: 1, job_id: 'job_alive' });
  });

  it("a job marked interrupted by another process keeps that status: its owner's final write and heartbeat change nothing", async () => {
    const dir = tempDir();
    const owner = open(dir);
    let release!: () => void;
    const job = owner.jobs.start({
      kind: 'test',
      run: (ctx) =>
        new Promise((resolve) => {
          release = () => resolve('done');
          ctx.signal.addEventListener('abort', () => resolve('aborted'));
        }),
    });
    // another process decides the owner is gone (e.g. an older Ciclo judging by heartbeat age)
    open(dir).db.prepare("UPDATE jobs SET status = 'interrupted' WHERE id = ?").run(job.id);
    const done = await owner.jobs.wait(job.id); // the next heartbeat sees it and stops the job
    release();
    expect(done.status).toBe('interrupted');
    expect(done.result).toBeNull();
  });

  it('a job whose body reports its worker died ends interrupted, with the reason', async () => {
    const s = open();
    const job = s.jobs.start({
      kind: 'test',
      run: async () => {
        throw new InterruptedError('The training process was killed (SIGKILL) during epoch 3.');
      },
    });
    const done = await s.jobs.wait(job.id);
    expect(done.status).toBe('interrupted');
    expect(done.error).toMatchObject({ code: 'internal', message: expect.stringContaining('SIGKILL') });
  });
});
